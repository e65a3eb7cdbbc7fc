"""Command palette (ctrl+p) on the board: jump to a partner, move it, open a screen.

The provider talks to the board through a small protocol (`BoardActions`) rather than
importing the screen, so the screen can list this provider without an import cycle.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.store.cards import PartnerCard

# Fuzzy scoring is the slow part; only the best cheap matches are scored, so a
# keystroke in the palette costs the same with 10,000 partners as with 10.
MAX_SCORED = 60


@runtime_checkable
class BoardActions(Protocol):
    def focused_partner(self) -> PartnerCard | None: ...
    def all_partners(self) -> list[PartnerCard]: ...
    def jump_to(self, partner_id: str) -> None: ...
    def move_focused_to(self, stage: Stage) -> None: ...
    def run_board_action(self, action: str) -> None: ...


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


class BoardCommands(Provider):
    """Commands that need the board: they do nothing on any other screen."""

    def _board(self) -> BoardActions | None:
        screen = self.screen
        return screen if isinstance(screen, BoardActions) else None

    def _static_commands(self, board: BoardActions) -> list[tuple[str, Callable[[], None], str]]:
        run = board.run_board_action
        commands: list[tuple[str, Callable[[], None], str]] = [
            ("Open dashboard", partial(run, "dashboard"), "The program against its targets (d)"),
            ("Open templates", partial(run, "templates"), "The outreach template library (t)"),
            ("Open payouts", partial(run, "payouts"), "What each partner is owed (p)"),
            ("Show keys (help)", partial(run, "help"), "Every key of every screen (?)"),
            ("Show archived", partial(run, "toggle_archived"), "Declined, paused, churned (a)"),
            ("New partner", partial(run, "new"), "Quick add in the focused stage (n)"),
            ("Undo", partial(run, "undo"), "Undo the last change (ctrl+z)"),
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
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        board = self._board()
        if board is None:
            return
        matcher = self.matcher(query)
        for name, callback, help_text in self._static_commands(board):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
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
                score,
                matcher.highlight(text),
                partial(board.jump_to, partner.id),
                text=text,
                help=f"{where}" + (f" · {partner.contact_name}" if partner.contact_name else ""),
            )
