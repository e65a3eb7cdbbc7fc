"""What `due` and `due --json` print on any day, kept for a file known valid: its plan.

The first `due` of a day (the printed text of yesterday is no use: speedups/
printed_cache.py) read the kept board into 10,000 cards and ran the due rules over every
partner (about three times the program's own start at 10,000 partners). Yet almost all
of what the rules find does not depend on the day: a next action's day, when each
cadence cycle of an active partner comes due and which items are unticked, when a
partner turns quiet (its last touch plus its stage's allowance and a day), and the order
of all of them (DueItem.sort_key holds no day). The day only decides which of them are
printed (due by `until`; quiet by today) and a few words of each: how many days away,
overdue or not, "No contact for N days".

So the rules run once per file over the board, as far ahead as they reach (`until` =
date.max), and every item they give is kept in the report's order with the text it
prints: its `due --json` entry (cli/json_output.due_entry, json_text's very layout) as a
%-format with a %s for the day's values, and its report title (partner_text.line). A
quiet partner is kept with its last touch and allowance: the quiet rule itself
(domain/quiet.py) gives its item on the day. The next call of any `due` on that very
file (its stamp vouching for it) and any day reads this and fills in the day: not the
data file, nor the kept board, nor the rules over 10,000 partners.

Only a file without deals is planned: an open deal registration's item is read from the
deal table as a model, on the day (FileBoard.open_registrations). Only a file known
valid (a FileBoard: the kept board or the whole file) is planned, under its digest and
the program's stamp, so nothing is printed that was not validated. A test holds every
`due` variant printed from the plan to what the rules print, for arbitrary boards and
days. Deleting this module, or its state file, loses only time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.speedups import state_cache

if TYPE_CHECKING:
    from partner_tui.speedups.file_board import FileBoard

KIND = "due_plan"  # state/due_plan/
# Bump when what is kept, or how a day is filled in, changes within one release.
LAYOUT = 1

# due_entry's keys, sorted as json_text writes them; an entry's text is ENTRY % its ten
# values as JSON text (the day's three filled in: "days", "overdue", a quiet item's "what").
KEYS = ("company", "contact_email", "contact_name", "days", "due", "item", "kind", "overdue",
        "partner_id", "what")
ENTRY = "\n".join(["    {", *(f'      "{key}": %s,' for key in KEYS[:-1]),
                    f'      "{KEYS[-1]}": %s', "    }"])
# Between an item's fields in the kept text: JSON text and a title as printed never hold
# a raw control character (json_text escapes them, partner_text.line too).
SEP = "\x1f"


def _key(digest: str) -> str:
    return f"{state_cache.program_stamp()}/{LAYOUT}/{digest}"


class DuePlan:
    """Every item the due rules give a file, in the report's order (by due day first),
    as kept: one line per item of its fields (SEP between them): its due day (ISO), its
    report title as printed, its `due --json` entry's values but the day's (KEYS, as JSON
    text), and of a quiet item its last touch and allowance. `cuts`: each due day's end
    in the text, so a day reads only the items due by its `until`."""

    def __init__(self, text: str) -> None:
        head, _, self._items = text.partition("\n")
        cuts = orjson.loads(head)
        self._days: list[str] = [day for day, _end in cuts]
        self._ends: list[int] = [end for _day, end in cuts]

    def report_text(self, today: date, days: int, as_json: bool) -> str:
        """What `due --days days` (`--json`) prints on `today`: cli/due_command.report_text
        of the board this plan was made from."""
        from datetime import timedelta

        until = today + timedelta(days=days)
        included = self._included(today, until.isoformat())
        if as_json:
            return self._json(included, today, until, days)
        return self._report(included, today, days)

    def _included(self, today: date, until: str) -> list[list[str]]:
        """The fields of each item printed by `until` (ISO), in order, a quiet item's
        label on `today` last (the quiet rule's own item). ISO days compare as text."""
        from bisect import bisect_right

        from partner_tui.domain.due_list import quiet_item
        from partner_tui.domain.quiet import quiet_of

        cut = bisect_right(self._days, until)  # the items due by `until`, and no more
        if cut == 0:
            return []
        day = today.isoformat()
        included: list[list[str]] = []
        for text in self._items[: self._ends[cut - 1]].split("\n"):
            fields = text.split(SEP)
            if len(fields) == _QUIET_FIELDS:
                if fields[0] > day:  # not quiet yet (by the rule, below)
                    continue
                touch, allowance = fields[-2:]
                quiet = quiet_of(date.fromisoformat(touch), int(allowance), today)
                item = quiet_item("", "", quiet)
                if item is None or item.due.isoformat() != fields[0]:
                    raise ValueError("a quiet item the rule does not give")
                fields.append(item.label)
            elif len(fields) != _FIELDS:
                raise ValueError("an item not kept here")
            included.append(fields)
        return included

    def _json(self, included: list[list[str]], today: date, until: date, days: int) -> str:
        from partner_tui.cli.json_output import json_text

        frame = json_text(
            {"days": days, "items": [], "today": today.isoformat(), "until": until.isoformat()}
        )
        if not included:
            return frame
        away: dict[str, tuple[str, str]] = {}  # each due day's "days" and "overdue", once
        values: list[str] = []
        for fields in included:
            due = fields[0]
            spelled = away.get(due)
            if spelled is None:
                left = (date.fromisoformat(due) - today).days
                spelled = away[due] = (str(left), "true" if left < 0 else "false")
            company, email, name, due_json, item, kind, partner_id, what = fields[2:10]
            if len(fields) > _FIELDS:  # quiet: its label on the day
                what = orjson.dumps(fields[-1]).decode()
            values += (company, email, name, spelled[0], due_json, item, kind, spelled[1],
                       partner_id, what)
        body = ",\n".join([ENTRY] * len(included)) % tuple(values)
        return frame.replace('"items": []', f'"items": [\n{body}\n  ]', 1)

    def _report(self, included: list[list[str]], today: date, days: int) -> str:
        from partner_tui.cli.partner_text import due_lines

        read: dict[str, date] = {}
        rows: list[tuple[date, str]] = []
        for fields in included:
            due = fields[0]
            day = read.get(due)
            if day is None:
                day = read[due] = date.fromisoformat(due)
            # A quiet item: its title's company part as printed, then its label.
            rows.append((day, fields[1] + fields[-1] if len(fields) > _FIELDS else fields[1]))
        return "\n".join(due_lines(rows, today, days))


_FIELDS = 2 + len(KEYS) - 2  # due, title, KEYS but "days" and "overdue"
_QUIET_FIELDS = _FIELDS + 2  # and the last touch and allowance


def plan_of_board(board: FileBoard) -> str | None:
    """The plan of `board` (kept by keep_plan, read by DuePlan), made by the rules
    cli/due_command.due_by_cards runs, as far ahead as they reach; None for a file with
    deals (its registrations are read on the day) or a value the plan cannot hold."""
    if board.data.get("deals"):
        return None
    from partner_tui.cli.json_output import due_entry, json_text
    from partner_tui.cli.partner_text import line
    from partner_tui.domain.due_list import next_action_item, quiet_item
    from partner_tui.domain.quiet import last_touch_from_record, quiet_of
    from partner_tui.domain.stages import Stage

    found: list[tuple[Any, Any, tuple[str, int] | None]] = []  # (item, card, quiet's)
    try:
        for card in board.cards():  # in due_by_cards' order: the sort keeps ties so
            if card.on_board:
                allowance = board.quiet_after(card.stage)
                touch = last_touch_from_record(card.record)
                try:  # when it turns quiet, whatever the day (None: never)
                    ever = quiet_of(touch, allowance, date.max)
                except OverflowError:  # that day is past date.max: never
                    ever = None
                item = quiet_item(card.id, card.company, ever) if ever is not None else None
                if item is not None and touch is not None:
                    found.append((item, card, (touch.isoformat(), allowance)))
            if card.stage is Stage.ACTIVE:
                items = board.active_due(card, date.max)
            else:
                first = next_action_item(card, date.max)
                items = [first] if first is not None else []
            found.extend((item, card, None) for item in items)
    except (ValueError, TypeError, OverflowError):  # the rules read it on the day
        return None
    found.sort(key=lambda each: each[0].sort_key)
    entries = [due_entry(item, item.due, card) for item, card, _quiet in found]
    lines = json_text({"items": entries}).split("\n")
    texts: list[str] = []
    cuts: list[list[Any]] = []
    end = -1  # (no line break before the first item)
    for n, (item, _card, quiet) in enumerate(found):
        values = _entry_values(lines[2 + n * 12 : 2 + (n + 1) * 12], entries[n])
        if values is None:
            return None
        due = item.due.isoformat()
        if quiet is None:
            fields = [due, line(item.title), *values]
        else:  # the title's company part: `line` escapes each character on its own
            fields = [due, line(f"{item.company}: "), *values[:-1], "", quiet[0], str(quiet[1])]
        text = SEP.join(fields)
        if "\n" in text or text.count(SEP) != len(fields) - 1:
            return None
        texts.append(text)
        end += len(text) + 1
        if cuts and cuts[-1][0] == due:
            cuts[-1][1] = end
        else:
            cuts.append([due, end])
    return orjson.dumps(cuts).decode() + "\n" + "\n".join(texts)


def _entry_values(entry_lines: list[str], entry: dict[str, Any]) -> list[str] | None:
    """The values (JSON text) of an entry of json_text's document, its twelve lines (the
    last maybe with the comma before the next), but the day's ("days", "overdue"); None
    when they are not laid out as ENTRY."""
    if len(entry_lines) != 12 or sorted(entry) != list(KEYS):
        return None
    last = entry_lines[-1].removesuffix(",")
    values: list[str] = []
    for key, text in zip(KEYS, entry_lines[1:-1], strict=True):
        prefix = f'      "{key}": '
        if not text.startswith(prefix):
            return None
        values.append(text[len(prefix) :].removesuffix(","))
    if ENTRY % tuple(values) != "\n".join([*entry_lines[:-1], last]):
        return None
    return [value for key, value in zip(KEYS, values, strict=True) if key not in ("days", "overdue")]


def keep_plan(file: Path, digest: str, plan: str) -> None:
    """Keep `plan` (plan_of_board's) for the file known valid with `digest`. Best effort."""
    state_cache.keep_text(file, KIND, "items", {"key": _key(digest)}, plan)


def kept_plan(file: Path, digest: str) -> DuePlan | None:
    """The plan kept for the file known valid with `digest`, or None."""
    kept = state_cache.kept_text(file, KIND, "items", {"key": _key(digest)})
    if kept is None:
        return None
    try:
        return DuePlan(kept)
    except (TypeError, ValueError, orjson.JSONDecodeError):
        return None


def planned_text(db: Path, today: date, days: int, as_json: bool) -> tuple[str, Path, str] | None:
    """What `due` prints for `db` on `today`, from the plan kept for it, when the file's
    stamp vouches that it is the very file known valid the plan was made of (nothing else
    is read: not the data file); with the file and its digest. None otherwise."""
    from partner_tui.speedups.known_valid import vouched_digest
    from partner_tui.store.file.lock import data_file

    file = data_file(db)
    digest = vouched_digest(file)
    plan = kept_plan(file, digest) if digest is not None else None
    if plan is None or digest is None:
        return None
    try:
        return plan.report_text(today, days, as_json), file, digest
    except (TypeError, ValueError, OverflowError):
        return None
