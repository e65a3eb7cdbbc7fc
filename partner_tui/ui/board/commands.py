"""Command palette (ctrl+p) on the board: jump to a partner, move it, open a screen.

The provider talks to the board through a small protocol (`BoardActions`) rather than
importing the screen, so the screen can list this provider without an import cycle.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.store.records.cards import PartnerCard
from partner_tui.ui.board.card_sort import SORTS
from partner_tui.ui.common.plain import plain, plain_highlight

# Fuzzy scoring is the slow part; only the best cheap matches are scored, so a
# keystroke in the palette costs the same with 10,000 partners as with 10.
MAX_SCORED = 60


@runtime_checkable
class BoardActions(Protocol):
    def focused_partner(self) -> PartnerCard | None: ...
    def all_partners(self) -> list[PartnerCard]: ...
    def jump_to(self, partner_id: str) -> None: ...
    def move_focused_to(self, stage: Stage) -> None: ...
    def move_partner_to(self, partner_id: str, stage: Stage) -> None: ...
    def run_board_action(self, action: str) -> Awaitable[None]: ...
    def sort_by(self, sort: str | None) -> None: ...


def candidates(partners: list[PartnerCard], query: str, limit: int = MAX_SCORED) -> list[PartnerCard]:
    """Partners whose company contains the query's letters in order; plain substrings first."""
    needle = query.lower().strip()
    # "jump to acme" searches for "acme": the command's own words are not in the name.
    for prefix in ("jump to ", "jump ", "go to ", "goto "):
        if needle.startswith(prefix):
            needle = needle.removeprefix(prefix).strip()
            break
    if not needle:
        return []
    pattern = re.compile(".*?".join(re.escape(ch) for ch in needle if not ch.isspace()))
    direct: list[PartnerCard] = []
    loose: list[PartnerCard] = []
    for partner in partners:
        name = partner.company.lower()
        if needle in name:
            direct.append(partner)
            if len(direct) >= limit:
                break
        elif len(loose) < limit and pattern.search(name):
            loose.append(partner)
    return (direct + loose)[:limit]


# A "Jump to <partner>" hit scores at least this; a "Move <partner> ..." hit at most.
JUMP_FLOOR = 0.5

# Partners offered "Move ... to ..." for one query (three stages each).
MAX_MOVED = 12
STAGE_WORDS = {stage.label.lower(): stage for stage in PIPELINE}


def move_request(query: str) -> tuple[str, set[Stage]] | None:
    """'move syncw', 'syncw engage', 'move syncw to active': the partner's name words and
    the stages named; None when the query asks for no move."""
    words = query.lower().split()
    stages = {STAGE_WORDS[w] for w in words if w in STAGE_WORDS}
    if not words or (words[0] != "move" and not stages):
        return None
    name = [w for w in words if w not in STAGE_WORDS and w not in ("move", "to")]
    return " ".join(name), stages


class BoardCommands(Provider):
    """Commands that need the board: they do nothing on any other screen."""

    def _board(self) -> BoardActions | None:
        screen = self.screen
        return screen if isinstance(screen, BoardActions) else None

    def _static_commands(self, board: BoardActions) -> list[tuple[str, Callable[[], object], str]]:
        # Run by the palette with call_later, which awaits what a command returns.
        run = board.run_board_action
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Open dashboard", partial(run, "dashboard"), "The program against its targets (d)"),
            ("Open templates", partial(run, "templates"), "The outreach template library (t)"),
            ("Open payouts", partial(run, "payouts"), "What each partner is owed (p)"),
            ("Show keys (help)", partial(run, "help"), "Every key of every screen (?)"),
            ("Show archived", partial(run, "toggle_archived"), "Declined, paused, churned (a)"),
            ("New partner", partial(run, "new"), "Quick add in the focused stage (n)"),
            ("Undo", partial(run, "undo"), "Undo the last change (ctrl+z)"),
            *(
                (f"Sort columns by {words}", partial(board.sort_by, name),
                 "Kept for you (s sorts the next way)")
                for name, (words, _key) in SORTS.items()
            ),
            ("Sort columns in your order", partial(board.sort_by, None),
             "As you placed them (shift+up/down)"),
        ]
        focused = board.focused_partner()
        if focused is not None and focused.on_board:
            for stage in PIPELINE:
                if stage is not focused.stage:
                    commands.append(
                        (
                            f"Move {focused.company} to {stage.label}",
                            partial(board.move_focused_to, stage),
                            "Recorded in its stage history",
                        )
                    )
        return commands

    async def discover(self) -> Hits:
        board = self._board()
        if board is None:
            return
        for name, callback, help_text in self._static_commands(board):
            yield DiscoveryHit(plain(name), callback, text=name, help=plain(help_text))

    async def search(self, query: str) -> Hits:
        board = self._board()
        if board is None:
            return
        matcher = self.matcher(query)
        for name, callback, help_text in self._static_commands(board):
            score = matcher.match(name)
            if score > 0:
                if name.startswith("Move "):  # below a jump to the partner (JUMP_FLOOR)
                    score *= JUMP_FLOOR
                yield Hit(score, plain_highlight(matcher, name), callback, text=name,
                          help=plain(help_text))
        # Stage words alone ("engage") also find the move commands above; partners next.
        found = candidates(board.all_partners(), query)
        await asyncio.sleep(0)  # let a keystroke in between be handled
        for partner in found:
            text = f"Jump to {partner.company}"
            score = matcher.match(text)
            if score <= 0:
                continue
            where = partner.stage.label
            yield Hit(
                # Jumping to the partner named ranks before moving it (the moves' scores
                # are halved below, so they stay below every jump to a partner).
                JUMP_FLOOR + score * (1 - JUMP_FLOOR),
                plain_highlight(matcher, text),
                partial(board.jump_to, partner.id),
                text=text,
                help=plain(where + (f" · {partner.contact_name}" if partner.contact_name else "")),
            )
        for hit in self._moves(board, query):
            yield hit

    def _moves(self, board: BoardActions, query: str) -> list[Hit]:
        """"Move <partner> to <stage>" for every partner the query names, not only the
        focused one ("move syncw" finds Syncwell wherever the cursor is)."""
        request = move_request(query)
        if request is None:
            return []
        name, stages = request
        partners = candidates(board.all_partners(), name, MAX_MOVED) if name else []
        matcher = self.matcher(query)
        hits: list[Hit] = []
        for partner in partners:
            if not partner.on_board:
                continue
            for stage in PIPELINE:
                if stage is partner.stage or (stages and stage not in stages):
                    continue
                text = f"Move {partner.company} to {stage.label}"
                hits.append(
                    Hit(
                        max(matcher.match(text), 0.01) * JUMP_FLOOR,
                        plain_highlight(matcher, text),
                        partial(board.move_partner_to, partner.id, stage),
                        text=text,
                        help=plain(f"From {partner.stage.label}; recorded in its stage history"),
                    )
                )
        return hits
