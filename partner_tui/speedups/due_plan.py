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
valid (a FileBoard) is planned, under its digest and the program's stamp, so nothing is
printed that was not validated; cli/due_command plans from the kept board only (the
file asked again), not on the first read after a change, since making the plan costs a
few `due` calls. A test holds every `due` variant printed from the plan to what the
rules print, for arbitrary boards and days. Deleting this module, or its state file,
loses only time.
"""

from __future__ import annotations

from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.speedups import state_cache

if TYPE_CHECKING:
    from partner_tui.speedups.file_board import FileBoard

KIND = "due_plan"  # state/due_plan/
# Bump when what is kept, or how a day is filled in, changes within one release.
LAYOUT = 2
# Each form is its own part: `due --json` reads only the entries, `due` only the titles.
PARTS = ("json", "report")

# The kept text's separators: between items, and between an item's quiet key and what
# it prints. JSON text and a title as printed never hold a raw control character
# (json_text escapes them, partner_text.line too); plan_of_board checks.
ITEM_SEP, KEY_SEP = "\x1e", "\x1f"
# A `due --json` entry as json_text lays it out inside the document's "items": the keys
# of cli/json_output.due_entry sorted, each value a %s (plan_of_board checks the layout).
KEYS = ("company", "contact_email", "contact_name", "days", "due", "item", "kind", "overdue",
        "partner_id", "what")
ENTRY = "\n".join(["    {", *(f'      "{key}": %s,' for key in KEYS[:-1]),
                    f'      "{KEYS[-1]}": %s', "    }"])
# ENTRY in the pieces a plan joins: a partner's part up to "days" (its %s kept for the
# day), an item's from "due" to "overdue" (its %s kept), the partner's id up to "what".
_PIECES = ENTRY.split("%s")
ENTRY_HEAD = "%s".join(_PIECES[0:4]) + "%%s"
ENTRY_MIDDLE = "%s".join(_PIECES[4:8]) + "%%s"
ENTRY_TAIL = "%s".join(_PIECES[8:10])
ENTRY_END = _PIECES[10]


# The items the rules give: (the item, its partner's card, for a quiet one its last touch
# and allowance).
Found = list[tuple[Any, Any, "tuple[str, int] | None"]]


def _key(digest: str) -> str:
    return f"{state_cache.program_stamp()}/{LAYOUT}/{digest}"


class PlanPart:
    """One form of a file's plan, as kept: a line of `cuts`, each due day with the end of
    its items (their count, and their end in bytes after that line), then every item the
    due rules give, in the report's order (by due day first): its quiet key ("last
    touch:its stage's allowance", "" for an item that is not a partner gone quiet) and
    what it prints (a `due --json` entry as a %-format, or a report title as printed).
    A day reads the items due by its `until` only (kept_part): a file's later cycles
    are most of them."""

    def __init__(self, cuts: list[list[Any]], items: str) -> None:
        self._cuts = cuts
        self._days: list[str] = [cut[0] for cut in cuts]
        self._items = items  # the items, from the first, at least to `until`'s

    @classmethod
    def of_text(cls, text: str) -> PlanPart:
        """A form of the plan from its whole text (plan_of_board's)."""
        head, _, items = text.partition("\n")
        return cls(orjson.loads(head), items)

    def items_end(self, until: date) -> int:
        """Where the items due by `until` end, in bytes after the cuts' line."""
        from bisect import bisect_right

        cut = bisect_right(self._days, until.isoformat())
        return int(self._cuts[cut - 1][2]) if cut else 0

    def due_by(self, today: date, until: date) -> list[tuple[str, str, str | None]]:
        """Each item printed on `today` looking to `until`, in order: its due day (ISO),
        what it prints and, for a quiet one, its label on `today` (the quiet rule's own
        item). ISO days compare as text."""
        from bisect import bisect_right

        cut = bisect_right(self._days, until.isoformat())  # due by `until`, and no more
        if cut == 0:
            return []
        day = today.isoformat()
        labels: dict[str, str] = {}  # each quiet key's label, once
        items = self._items.split(ITEM_SEP)
        if len(items) < self._cuts[cut - 1][1]:
            raise ValueError("fewer items than the plan's cuts say")
        found: list[tuple[str, str, str | None]] = []
        start = 0
        for due, end, _offset in self._cuts[:cut]:
            for text in items[start:end]:
                quiet, _, shown = text.partition(KEY_SEP)
                if not quiet:
                    found.append((due, shown, None))
                elif due <= day:  # quiet by now (by the rule, below)
                    label = labels.get(quiet)
                    if label is None:
                        label = labels[quiet] = _quiet_label(quiet, today, due)
                    found.append((due, shown, label))
            start = end
        return found


def _quiet_label(key: str, today: date, due: str) -> str:
    """A quiet item's label on `today` ("No contact for 34 days"): the quiet rule's own
    item for its key; ValueError when the rule does not give it, or another day."""
    from partner_tui.domain.due_list import quiet_item
    from partner_tui.domain.quiet import quiet_of

    touch, allowance = key.split(":")
    item = quiet_item("", "", quiet_of(date.fromisoformat(touch), int(allowance), today))
    if item is None or item.due.isoformat() != due:
        raise ValueError("a quiet item the rule does not give")
    return item.label


def report_text(part: PlanPart, today: date, days: int, as_json: bool) -> str:
    """What `due --days days` (`--json`) prints on `today` from its form of the plan:
    cli/due_command.report_text of the board the plan was made from."""
    from datetime import timedelta

    until = today + timedelta(days=days)
    found = part.due_by(today, until)
    if as_json:
        return _json(found, today, until, days)
    from partner_tui.cli.partner_text import due_lines

    read: dict[str, date] = {}
    rows: list[tuple[date, str]] = []
    for due, title, label in found:
        day = read.get(due)
        if day is None:
            day = read[due] = date.fromisoformat(due)
        # A quiet item: its title's company part as printed, then its label.
        rows.append((day, title if label is None else title + label))
    return "\n".join(due_lines(rows, today, days))


def _json(found: list[tuple[str, str, str | None]], today: date, until: date, days: int) -> str:
    from partner_tui.cli.json_output import json_text

    frame = json_text(
        {"days": days, "items": [], "today": today.isoformat(), "until": until.isoformat()}
    )
    if not found:
        return frame
    away: dict[str, tuple[str, str]] = {}  # each due day's "days" and "overdue", once
    values: list[str] = []
    for due, _entry, label in found:
        spelled = away.get(due)
        if spelled is None:
            left = (date.fromisoformat(due) - today).days
            spelled = away[due] = (str(left), "true" if left < 0 else "false")
        values += spelled
        if label is not None:
            values.append(orjson.dumps(label).decode())
    body = ",\n".join([entry for _due, entry, _label in found]) % tuple(values)
    return frame.replace('"items": []', f'"items": [\n{body}\n  ]', 1)


def plan_of_board(board: FileBoard, forms: tuple[str, ...] = PARTS) -> dict[str, str] | None:
    """The plan of `board`, the text of each of `forms` (PARTS; kept by keep_plan, read
    as a PlanPart), made by the rules cli/due_command.due_by_cards runs, as far ahead as
    they reach; None for a file with deals (its registrations are read on the day) or a
    value the plan cannot hold. A form is made when it is asked for (its text is most of
    the cost)."""
    if board.data.get("deals"):
        return None
    from partner_tui.domain.due_list import next_action_item, quiet_item
    from partner_tui.domain.quiet import last_touch_from_record, quiet_of
    from partner_tui.domain.stages import Stage

    found: Found = []
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
    dues = [item.due.isoformat() for item, _card, _quiet in found]
    # Where each due day's items end: its last item's place.
    last_of_day = [n for n, due in enumerate(dues) if n + 1 == len(dues) or dues[n + 1] != due]
    planned: dict[str, str] = {}
    for form in forms:
        texts = _json_form(found) if form == "json" else _report_form(found)
        if texts is None:
            return None
        joined = ITEM_SEP.join(texts)
        if joined.count(ITEM_SEP) != max(len(texts) - 1, 0) or joined.count(KEY_SEP) != len(texts):
            return None  # (an item holding a separator: none does, checked)
        if not joined.isascii():  # (else a character is a byte)
            texts = [text.encode("utf-8", "surrogatepass") for text in texts]  # type: ignore[misc]
        ends = list(accumulate(map(len, texts)))  # each item's end, but the separators
        cuts = [[dues[n], n + 1, ends[n] + n] for n in last_of_day]
        planned[form] = orjson.dumps(cuts).decode() + "\n" + joined
    return planned


def _json_form(found: Found) -> list[str] | None:
    """Each item's quiet key and `due --json` entry (ENTRY, a %s for the day's values),
    or None when json_text lays an entry out otherwise."""
    from partner_tui.cli.json_output import json_text

    values: dict[object, str] = {None: "null"}  # each value as JSON text, once

    def as_json(value: object) -> str:
        """`value` as json_text writes it in a document, any % doubled (for ENTRY's %)."""
        text = values.get(value)
        if text is None:
            written = json_text(value)  # type: ignore[arg-type]
            text = values[value] = written.removesuffix("\n").replace("%", "%%")
        return text

    parts: dict[str, tuple[str, str]] = {}  # each partner's, once
    middles: dict[tuple[date, object, object], str] = {}  # each day's and item's, once
    entries: list[str] = []
    for item, card, quiet in found:
        partner = parts.get(card.id)
        if partner is None:
            partner = parts[card.id] = (
                ENTRY_HEAD % (as_json(card.company), as_json(card.contact_email),
                              as_json(card.contact_name)),
                ENTRY_TAIL % as_json(item.partner_id),
            )
        shared = (item.due, item.item, item.kind)
        middle = middles.get(shared)
        if middle is None:
            middle = middles[shared] = ENTRY_MIDDLE % (
                as_json(item.due.isoformat()), as_json(item.item), as_json(item.kind.value))
        if quiet is None:
            entries.append(f"{KEY_SEP}{partner[0]}{middle}{partner[1]}"
                           f"{as_json(item.label)}{ENTRY_END}")
        else:  # its "what" on the day
            entries.append(f"{quiet[0]}:{quiet[1]}{KEY_SEP}{partner[0]}{middle}{partner[1]}"
                           f"%s{ENTRY_END}")
    if found and not _laid_out_as_json_text(found[0], entries[0]):
        return None
    return entries


def _report_form(found: Found) -> list[str]:
    """Each item's quiet key and report title as printed (a quiet one's company part:
    `line` escapes each character on its own, its label is added on the day)."""
    from partner_tui.cli.partner_text import line
    from partner_tui.domain.safe_text import plain_line

    titles = [
        f"{KEY_SEP}{item.title}" if quiet is None
        else f"{quiet[0]}:{quiet[1]}{KEY_SEP}{item.company}: "
        for item, _card, quiet in found
    ]
    if plain_line("".join(titles).replace(KEY_SEP, "")):  # `line` changes none
        return titles
    return [f"{key}{KEY_SEP}{line(title)}" for key, _, title in
            (text.partition(KEY_SEP) for text in titles)]


def _laid_out_as_json_text(found: tuple[Any, Any, Any], kept: str) -> bool:
    """Whether an item's kept entry, its day filled in, is what json_text writes of its
    due_entry inside `due --json`'s document (ENTRY is that layout: checked once a plan)."""
    from partner_tui.cli.json_output import due_entry, json_text

    item, card, quiet = found
    entry = due_entry(item, item.due, card)
    what = "%s" if quiet is None else json_text(entry["what"])[:-1]
    filled = ("0", "false", what)
    document = json_text({"items": [entry]})
    _key, _, template = kept.partition(KEY_SEP)
    return document == '{\n  "items": [\n' + template % filled[: 3 if quiet else 2] + "\n  ]\n}\n"


def keep_plan(file: Path, digest: str, plan: dict[str, str]) -> None:
    """Keep `plan` (plan_of_board's: each form's text) for the file known valid with
    `digest`. Best effort."""
    for form, text in plan.items():
        state_cache.keep_text(file, KIND, form, {"key": _key(digest), "form": form}, text)


# What the first read of a kept form takes: its cuts' line (a few hundred due days) and,
# most days, the items a call prints; a longer start is read again as far as needed.
FIRST_READ = 1 << 16


def kept_part(file: Path, digest: str, form: str, until: date) -> PlanPart | None:
    """The form `form` ("json", "report") of the plan kept for the file known valid with
    `digest`, read as far as the items due by `until`, or None."""
    header = {"key": _key(digest), "form": form}
    limit = FIRST_READ
    start = state_cache.kept_text_start(file, KIND, form, header, limit)
    while start is not None and b"\n" not in start and len(start) == limit:
        limit *= 4  # the cuts' line is longer: read on
        start = state_cache.kept_text_start(file, KIND, form, header, limit)
    if start is None:
        return None
    try:
        cuts_end = start.index(b"\n")
        part = PlanPart(orjson.loads(start[:cuts_end]), "")
        end = cuts_end + 1 + part.items_end(until)
        if end > len(start):
            start = state_cache.kept_text_start(file, KIND, form, header, end)
            if start is None or len(start) < end:
                return None
        part._items = start[cuts_end + 1 : end].decode("utf-8")
        return part
    except (TypeError, ValueError, IndexError, KeyError, orjson.JSONDecodeError):
        return None


def planned_text(db: Path, today: date, days: int, as_json: bool) -> tuple[str, Path, str] | None:
    """What `due` prints for `db` on `today`, from the plan kept for it, when the file's
    stamp vouches that it is the very file known valid the plan was made of (nothing else
    is read: not the data file); with the file and its digest. None otherwise."""
    from datetime import timedelta

    from partner_tui.speedups.known_valid import vouched_digest
    from partner_tui.store.file.lock import data_file

    file = data_file(db)
    digest = vouched_digest(file)
    if days < 0:  # (never asked: --days is 0 or more) a quiet item past `until` prints
        return None
    try:
        until = today + timedelta(days=days)
    except OverflowError:  # (what the rules raise too)
        return None
    part = kept_part(file, digest, "json" if as_json else "report", until) if digest else None
    if part is None or digest is None:
        return None
    try:
        return report_text(part, today, days, as_json), file, digest
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
