"""What `due` and `due --json` print on any day up to a horizon, kept for a file known
valid: its plan.

The first `due` of a day (the printed text of yesterday is no use: speedups/
printed_cache.py) read the kept board into 10,000 cards and ran the due rules over every
partner (about three times the program's own start at 10,000 partners). Yet almost all
of what the rules find does not depend on the day: a next action's day, when each
cadence cycle of an active partner comes due and which items are unticked, when a
partner turns quiet (its last touch plus its stage's allowance and a day), and the order
of all of them (DueItem.sort_key holds no day). The day only decides which of them are
printed (due by `until`; quiet by today) and a few words of each: how many days away,
overdue or not, "No contact for N days".

So the rules run over the board as far as a horizon (the look-ahead asked, plus WINDOW
days: horizon_of), and every item they give by then is kept in the report's order with
the text it prints: its report title (partner_text.line), or its `due --json` entry as
json_text writes it on the day the plan is made (cli/json_output.due_entry), kept per
due day, so that the call that plans prints a start of it, and a later day changes a
due day's entries with a replace of its "days" and "overdue" (and a quiet partner's
"what", the quiet rule's own item on the day: domain/quiet.py). Any `due` of that very
file (its stamp vouching for it) on any day whose look-ahead ends by the horizon reads
this and fills in the day: not the data file, nor the kept board, nor the rules over
10,000 partners. A look-ahead past the horizon runs the rules again (and plans anew).

A partner turns quiet on a day, and is printed from that day on, whatever the look-ahead:
so a plan holds the quiet partners of the days it serves only (the day it is made and
WINDOW days after: last_day_of), not of its whole horizon (a file whose partners were
all touched on one day has them all turn quiet on one day).

The horizon keeps the call that plans (one that reads the kept board and finds no plan)
about as cheap as the rules it replaces: a plan as far as date.max held every future
cadence cycle (37,500 items at 10,000 partners, twice the CPU of the call).

A change made through the program carries the plan to the file it wrote as its store
closes (carry_plan): the items are in DueItem.sort_key order, a total order, so the
unchanged partners' items are kept with their texts and only the changed partners' are
made again, as of the plan's day, horizon and last day, and put in their places by
their sort keys (kept beside each form: its KEYS part). Only the due days they fall on
are taken apart. The first `due` after the change reads the plan, nothing else.

Only a file without deals is planned: an open deal registration's item is read from the
deal table as a model, on the day (FileBoard.open_registrations). Only a file known
valid (a FileBoard) is planned, under its digest and the program's stamp, so nothing is
printed that was not validated. A test holds every `due` variant printed from the plan
to what the rules print, for arbitrary boards, days and look-aheads. Deleting this
module, or its state file, loses only time.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from bisect import bisect_right
from collections import Counter
from itertools import accumulate
from pathlib import Path
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from partner_tui.speedups import state_cache

if TYPE_CHECKING:
    from partner_tui.speedups.board_cache import Carried
    from partner_tui.speedups.file_board import FileBoard

KIND = "due_plan"  # state/due_plan/
# Bump when what is kept, or how a day is filled in, changes within one release.
LAYOUT = 3
# Each form is its own part: `due --json` reads only the entries, `due` only the titles.
PARTS = ("json", "report")
# Beside each form, its items' sort keys but their due day (DueItem.sort_key[1:], in its
# order: _keys_text): what a change splices the changed partners' items in by (carry_plan).
KEYS = "-keys"
# How many days past the look-ahead asked a plan reaches: the same query is read from it
# on that many later days. Each day of it adds the items that fall due then to the call
# that plans (at 10,000 partners the cadence cycles of a month are 10,000 items).
WINDOW = 7

# The report form's separators: between items, and between an item's quiet key and its
# title. A title as printed never holds a raw control character (partner_text.line
# escapes them); plan_of_board checks.
ITEM_SEP, KEY_SEP = "\x1e", "\x1f"

# The `due --json` form: json_text's own layout of a due day's entries inside the
# document's "items" (the keys of json_output.due_entry sorted), as of the day the plan
# is made. A string's text holds no raw line break, so these lines are the layout's only.
ENTRY_START, ENTRY_END, ENTRY_SEP = "    {\n", "\n    }", "\n    },\n    {\n"
DAYS = '\n      "days": {},\n'
DAYS_KEY, OVERDUE_KEY = '\n      "days": ', '\n      "overdue": '
OVERDUE = {False: '\n      "overdue": false,\n', True: '\n      "overdue": true,\n'}
IS_QUIET = '\n      "kind": "quiet",\n'
# A quiet partner's entry (its kind is the rule's, not the data's), its label as of the day
# the plan is made (a partner not quiet yet: the days since its last touch all the same).
QUIET_WHAT = re.compile(
    r'("kind": "quiet",\n      "overdue": (?:false|true),\n      "partner_id": "[^\n]*",\n'
    r'      "what": )"No contact for (-?\d+) days"'
)
# What json_text writes around the entries of {"items": [...]}.
# A quiet partner's item's kind (domain/due_list.DueKind.QUIET: a StrEnum, equal to it;
# that module is not imported by a call that reads a plan).
QUIET = "quiet"
QUIET_ORDER = 3  # its place among the kinds in DueItem.sort_key (due_list._KIND_ORDER)
ITEMS_HEAD, ITEMS_TAIL = '{\n  "items": [\n', "\n  ]\n}\n"
GROUP_SEP = ",\n"  # between two due days' entries, as between two entries


class Found(NamedTuple):
    """The items the rules give by a horizon (DueItem, in order; a quiet partner's label
    as of the day the plan is made), each partner's card by its id, each quiet partner's
    last touch and allowance by its id (one quiet item a partner), and how many quiet
    partners' items each due day holds."""

    items: list[Any]
    cards: dict[str, Any]
    quiet_keys: dict[str, tuple[date, int]]
    quiet_counts: list[int] = []  # (plan_of_board gives each its own list)


def _key(digest: str) -> str:
    return f"{state_cache.program_stamp()}/{LAYOUT}/{digest}"


def horizon_of(today: date, days: int) -> date:
    """How far a plan made for `due --days days` on `today` reaches: WINDOW days past
    its look-ahead (the calendar's end at the most)."""
    try:
        return today + timedelta(days=days + WINDOW)
    except OverflowError:  # (a look-ahead past the calendar: the rules say what it is)
        return date.max


def last_day_of(today: date) -> date:
    """The last day a plan made on `today` serves (its quiet partners by then): WINDOW
    days on."""
    try:
        return today + timedelta(days=WINDOW)
    except OverflowError:
        return date.max


class PlanPart:
    """One form of a file's plan, as kept: a line of its horizon and its `cuts` (each due
    day with the end of its items in bytes after that line, their count so far, and how
    many of the day's are quiet partners), then the items the due rules give by the
    horizon in the report's order (by due day first). A day reads the items due by its
    `until` only (kept_part)."""

    def __init__(
        self, horizon: str, last_day: str, made: str, cuts: list[list[Any]], items: str
    ) -> None:
        self.horizon = horizon  # (ISO) the last day the plan holds every item of
        self.last_day = last_day  # (ISO) the last day it holds every quiet partner of
        self.made = date.fromisoformat(made)  # the day its JSON entries are written as of
        self._cuts = cuts
        self._days: list[str] = [cut[0] for cut in cuts]
        self._items = items  # the items, from the first, at least to `until`'s

    @classmethod
    def of_head(cls, head: bytes | str, items: str = "") -> PlanPart:
        read = orjson.loads(head)
        if not isinstance(read, dict) or not isinstance(read.get("horizon"), str):
            raise ValueError("not a plan's head")
        return cls(read["horizon"], read["last_day"], read["made"], read["cuts"], items)

    @classmethod
    def of_text(cls, text: str) -> PlanPart:
        """A form of the plan from its whole text (plan_of_board's)."""
        head, _, items = text.partition("\n")
        return cls.of_head(head, items)

    def covers(self, today: date, until: date) -> bool:
        """Whether every item printed on `today` looking to `until` is in the plan."""
        # (ISO days compare as text)
        return today.isoformat() <= self.last_day and until.isoformat() <= self.horizon

    def _cut(self, until: date) -> int:
        return bisect_right(self._days, until.isoformat())  # due by `until`, and no more

    def items_end(self, until: date) -> int:
        """Where the items due by `until` end, in bytes after the head's line."""
        cut = self._cut(until)
        return int(self._cuts[cut - 1][1]) if cut else 0

    def due_by(self, today: date, until: date) -> list[tuple[str, str, str | None]]:
        """(The report form.) Each item printed on `today` looking to `until`, in order:
        its due day (ISO), its title and, for a quiet one, its label on `today` (the
        quiet rule's own item)."""
        cut = self._cut(until)
        if cut == 0:
            return []
        day = today.isoformat()
        labels: dict[str, str] = {}  # each quiet key's label, once
        items = self._items.split(ITEM_SEP)
        if len(items) < self._cuts[cut - 1][2]:
            raise ValueError("fewer items than the plan's cuts say")
        found: list[tuple[str, str, str | None]] = []
        start = 0
        for due, _offset, end, _quiet in self._cuts[:cut]:
            for text in items[start:end]:
                quiet, _, shown = text.partition(KEY_SEP)
                if not quiet:
                    found.append((due, shown, None))
                elif due <= day:  # quiet by now (by the rule, below)
                    label = labels.get(quiet)
                    if label is None:
                        touch, allowance = quiet.split(":")
                        label = labels[quiet] = _quiet_label(touch, int(allowance), today, due)
                    found.append((due, shown, label))
            start = end
        return found

    def json_items(self, today: date, until: date) -> str:
        """(The `due --json` form.) The entries of the document's "items" printed on
        `today` looking to `until`: each due day's as kept (the day the plan was made),
        its "days", "overdue" and quiet partners' "what" replaced on another day, a quiet
        partner not quiet yet left out. Due days that change nothing are one slice."""
        cut = self._cut(until)
        later = today != self.made
        pieces: list[str] = []
        run = start = 0  # the unchanged due days since `run`; this one's start
        for due, end, _count, quiet in self._cuts[:cut]:
            day = date.fromisoformat(due)
            left, kept_left = (day - today).days, (day - self.made).days
            if left != kept_left or (quiet and (left > 0 or later)):
                if run < start:
                    pieces.append(self._items[run : start - len(GROUP_SEP)])
                text = self._day_entries(self._items[start:end], day, left, kept_left,
                                         quiet, today)
                if text:
                    pieces.append(text)
                run = end + len(GROUP_SEP)
            start = end + len(GROUP_SEP)
        if run < start:
            pieces.append(self._items[run : start - len(GROUP_SEP)])
        return GROUP_SEP.join(pieces)

    def _day_entries(
        self, text: str, day: date, left: int, kept_left: int, quiet: int, today: date
    ) -> str:
        """One due day's entries as kept, made those printed on `today` ("" for none)."""
        if not text.startswith(ENTRY_START) or not text.endswith(ENTRY_END):
            raise ValueError("not a due day's entries")
        if quiet and left > 0:  # its quiet partners are not quiet yet
            kept = [entry for entry in text[len(ENTRY_START) : -len(ENTRY_END)].split(ENTRY_SEP)
                    if IS_QUIET not in f"\n{entry}\n"]
            if not kept:
                return ""
            text = ENTRY_START + ENTRY_SEP.join(kept) + ENTRY_END
        if left != kept_left:
            text = text.replace(DAYS.format(kept_left), DAYS.format(left))
        if (left < 0) != (kept_left < 0):
            text = text.replace(OVERDUE[kept_left < 0], OVERDUE[left < 0])
        if quiet and left <= 0 and today != self.made:
            text = _quiet_labels(text, day, self.made, today)
        return text


def _quiet_labels(text: str, day: date, made: date, today: date) -> str:
    """A due day's entries with each quiet partner's "what" (its label on the day the plan
    was made) made its label on `today`: the quiet rule's own item."""
    labels: dict[str, str] = {}
    due = day.isoformat()

    def label(found: re.Match[str]) -> str:
        then = found[2]  # the days since its last touch, the day the plan was made
        text = labels.get(then)
        if text is None:
            touch = made - timedelta(days=int(then))
            allowance = (day - touch).days - 1  # (its stage's: it turns quiet on `day`)
            spelled = _quiet_label(touch.isoformat(), allowance, today, due)
            text = labels[then] = orjson.dumps(spelled).decode()
        return found[1] + text

    return QUIET_WHAT.sub(label, text)


def _quiet_label(touch: str, allowance: int, today: date, due: str) -> str:
    """A quiet item's label on `today` ("No contact for 34 days"): the quiet rule's own
    item for its last touch and allowance; ValueError when the rule does not give it, or
    another day."""
    from partner_tui.domain.due_list import quiet_item
    from partner_tui.domain.quiet import quiet_of

    item = quiet_item("", "", quiet_of(date.fromisoformat(touch), allowance, today))
    if item is None or item.due.isoformat() != due:
        raise ValueError("a quiet item the rule does not give")
    return item.label


def report_text(part: PlanPart, today: date, days: int, as_json: bool) -> str:
    """What `due --days days` (`--json`) prints on `today` from its form of the plan:
    cli/due_command.report_text of the board the plan was made from. ValueError when the
    look-ahead ends past the plan's horizon."""
    until = today + timedelta(days=days)
    if not part.covers(today, until):
        raise ValueError("past the plan's horizon")
    if as_json:
        return _json(part.json_items(today, until), today, until, days)
    from partner_tui.cli.partner_text import due_lines

    read: dict[str, date] = {}
    rows: list[tuple[date, str]] = []
    for due, title, label in part.due_by(today, until):
        day = read.get(due)
        if day is None:
            day = read[due] = date.fromisoformat(due)
        # A quiet item: its title's company part as printed, then its label.
        rows.append((day, title if label is None else title + label))
    return "\n".join(due_lines(rows, today, days))


def _json(items: str, today: date, until: date, days: int) -> str:
    from partner_tui.cli.json_output import json_text

    frame = json_text(
        {"days": days, "items": [], "today": today.isoformat(), "until": until.isoformat()}
    )
    if not items:
        return frame
    head, empty, tail = frame.partition('"items": []')  # (one copy of the entries, not two)
    if not empty:
        raise ValueError("json_text lays the document out otherwise")
    return f'{head}"items": [\n{items}\n  ]{tail}'


def plan_of_board(
    board: FileBoard, today: date, horizon: date, forms: tuple[str, ...] = PARTS,
    last_day: date | None = None,
) -> dict[str, str] | None:
    """The plan of `board` made on `today` as far as `horizon`, the text of each of
    `forms` (PARTS; kept by keep_plan, read as a PlanPart) and of its items' sort keys
    (its KEYS part: what carry_plan splices by), made by the rules
    cli/due_command.due_by_cards runs; None for a file with deals (its registrations are
    read on the day) or a value the plan cannot hold. A form is made when it is asked
    for. It serves the days up to `last_day` (the partners quiet by then; by default
    the horizon)."""
    quiet_by = min(horizon, last_day or horizon)
    made = _found(board, today, horizon, quiet_by)
    if made is None:
        return None
    found, quiet_days = made
    items = found.items
    keys = list(map(attrgetter("sort_key"), items))
    order = sorted(range(len(items)), key=keys.__getitem__)
    items[:] = [items[n] for n in order]
    # Each due day's items end where the next day's start; how many are quiet partners'.
    dues = list(map(attrgetter("due"), items))
    days_due = sorted(set(dues))
    ends = [bisect_right(dues, day) for day in days_due]
    quiet_counts = Counter(quiet_days)
    found.quiet_counts.extend(quiet_counts.get(day, 0) for day in days_due)
    sort_keys = _keys_text([keys[n][1:] for n in order], ends)
    planned: dict[str, str] = {}
    for form in forms:
        done = _json_form(found, ends, today) if form == "json" else _report_form(found, ends)
        if done is None:
            return None
        cuts, text = done
        planned[form] = _head(horizon, quiet_by, today, cuts) + "\n" + text
        planned[form + KEYS] = sort_keys
    return planned


def _keys_text(keys: list[Any], ends: list[int]) -> str:
    """The KEYS part of a form: the items' partners (a JSON list), then a line per due day
    of its items' sort keys but the day and the partner (DueItem.sort_key[1:4]), so that a
    change reads only the days it touches (carry_plan)."""
    lines = [orjson.dumps([key[3] for key in keys]).decode()]
    lines += [orjson.dumps([key[:3] for key in keys[start:end]]).decode()
              for start, end in zip([0, *ends], ends, strict=False)]
    return "\n".join(lines)


def _head(horizon: date, last_day: date, made: date, cuts: list[list[Any]]) -> str:
    return orjson.dumps({"horizon": horizon.isoformat(), "last_day": last_day.isoformat(),
                         "made": made.isoformat(), "cuts": cuts}).decode()


def _found(
    board: FileBoard, today: date, horizon: date, quiet_by: date
) -> tuple[Found, list[date]] | None:
    """The items the rules give `board` made on `today` as far as `horizon`, the partners
    quiet by `quiet_by` (in the board's order, not sorted), and the day each quiet
    partner turns quiet; None for a file with deals or a value the rules refuse."""
    if board.data.get("deals"):
        return None
    from partner_tui.domain.due_list import next_action_item, quiet_item
    from partner_tui.domain.quiet import Quiet, last_touch_from_record, quiet_of
    from partner_tui.domain.stages import Stage

    found = Found([], board.index.cards, {}, [])
    items, _cards, quiet_keys, _quiet = found
    quiet_days: list[date] = []
    add, active, quiet_after = items.append, Stage.ACTIVE, board.quiet_after
    try:
        for card in board.cards():  # in due_by_cards' order: the sort keeps ties so
            if card.on_board:
                allowance = quiet_after(card.stage)
                touch = last_touch_from_record(card.record)
                # Quiet by the last day served: the day it turns quiet is its item's (its
                # name, read and cleaned, only then: as due_by_cards), its label's days as
                # of `today` (quiet yet or not: a later day reads the last touch from them).
                quiet = quiet_of(touch, allowance, quiet_by)
                if quiet.quiet_since is not None and touch is not None:
                    days = Quiet((today - touch).days, quiet.quiet_since)
                    add(quiet_item(card.id, card.company, days))
                    quiet_keys[card.id] = (touch, allowance)
                    quiet_days.append(quiet.quiet_since)
            if card.stage is active:
                items += board.active_due(card, horizon)
            else:
                first = next_action_item(card, horizon)
                if first is not None:
                    add(first)
    except (ValueError, TypeError, OverflowError):  # the rules read it on the day
        return None
    return found, quiet_days


def _json_form(found: Found, ends: list[int], today: date) -> tuple[list[list[Any]], str] | None:
    """The cuts and text of the `due --json` form: each due day's entries as json_text
    writes them in the document on `today` (a quiet partner's "what" as of `today` too,
    quiet or not yet); None when json_text lays them out otherwise."""
    from partner_tui.cli.json_output import due_entry, json_text

    items, cards, _quiet_keys, quiet = found
    entries = [due_entry(item, today, cards[item.partner_id]) for item in items]
    groups: list[str] = []
    for start, end in zip([0, *ends], ends, strict=False):
        written = json_text({"items": entries[start:end]})
        if not written.startswith(ITEMS_HEAD) or not written.endswith(ITEMS_TAIL):
            return None
        groups.append(written[len(ITEMS_HEAD) : -len(ITEMS_TAIL)])
    text = GROUP_SEP.join(groups)  # ASCII (json_text escapes the rest): a character a byte
    # Each entry's "days" and "overdue" where a later day replaces them (DAYS, OVERDUE:
    # json_text's layout; due_entry wrote their values), a quiet partner's "what" too.
    if (text.count(DAYS_KEY) != len(items) or text.count(OVERDUE_KEY) != len(items)
            or (sum(quiet) and len(QUIET_WHAT.findall(text)) != sum(quiet))
            or not text.isascii()):
        return None
    offsets = list(accumulate(len(group) + len(GROUP_SEP) for group in groups))
    cuts = [[items[end - 1].due.isoformat(), offset - len(GROUP_SEP), end, count]
            for end, offset, count in zip(ends, offsets, quiet, strict=True)]
    return cuts, text


def _titles(found: Found) -> list[str]:
    """Each item's quiet key and title as the report form keeps it."""
    from partner_tui.cli.partner_text import line
    from partner_tui.domain.safe_text import plain_line

    titles = [
        f"{KEY_SEP}{item.title}" if item.kind != QUIET
        else "{0}:{1}{2}{3}: ".format(*found.quiet_keys[item.partner_id], KEY_SEP, item.company)
        for item in found.items
    ]
    if not plain_line("".join(titles).replace(KEY_SEP, "")):  # `line` changes some
        titles = [f"{key}{KEY_SEP}{line(title)}" for key, _, title in
                  (text.partition(KEY_SEP) for text in titles)]
    return titles


def _report_form(found: Found, ends: list[int]) -> tuple[list[list[Any]], str] | None:
    """The cuts and text of the report's form: each item's quiet key and title as
    printed (a quiet one's company part: `line` escapes each character on its own, its
    label is added on the day)."""
    items, _cards, _quiet_keys, quiet = found
    titles = _titles(found)
    joined = ITEM_SEP.join(titles)
    if joined.count(ITEM_SEP) != max(len(titles) - 1, 0) or joined.count(KEY_SEP) != len(titles):
        return None  # (an item holding a separator: none does, checked)
    sizes = map(len, titles) if joined.isascii() else (
        len(title.encode("utf-8", "surrogatepass")) for title in titles)
    item_ends = list(accumulate(sizes))  # each item's end, but the separators
    cuts = [[items[end - 1].due.isoformat(), item_ends[end - 1] + end - 1, end, count]
            for end, count in zip(ends, quiet, strict=True)]
    return cuts, joined


def keep_plan(file: Path, digest: str, plan: dict[str, str]) -> None:
    """Keep `plan` (plan_of_board's: each form's text) for the file known valid with
    `digest`. Best effort."""
    for form, text in plan.items():
        state_cache.keep_text(file, KIND, form, {"key": _key(digest), "form": form}, text)


# What the first read of a kept form takes: its head's line (a few hundred due days) and,
# most days, the items a call prints; a longer start is read again as far as needed.
FIRST_READ = 1 << 16


def kept_part(file: Path, digest: str, form: str, today: date, until: date) -> PlanPart | None:
    """The form `form` ("json", "report") of the plan kept for the file known valid with
    `digest`, read as far as the items due by `until`, or None (none, or its horizon
    ends before `until`)."""
    header = {"key": _key(digest), "form": form}
    limit = FIRST_READ
    start = state_cache.kept_text_start(file, KIND, form, header, limit)
    while start is not None and b"\n" not in start and len(start) == limit:
        limit *= 4  # the head's line is longer: read on
        start = state_cache.kept_text_start(file, KIND, form, header, limit)
    if start is None:
        return None
    try:
        head_end = start.index(b"\n")
        part = PlanPart.of_head(start[:head_end])
        if not part.covers(today, until):
            return None
        end = head_end + 1 + part.items_end(until)
        if end > len(start):
            start = state_cache.kept_text_start(file, KIND, form, header, end)
            if start is None or len(start) < end:
                return None
        part._items = start[head_end + 1 : end].decode("utf-8")
        return part
    except (TypeError, ValueError, IndexError, KeyError, orjson.JSONDecodeError):
        return None


def planned_text(db: Path, today: date, days: int, as_json: bool) -> tuple[str, Path, str] | None:
    """What `due` prints for `db` on `today`, from the plan kept for it, when the file's
    stamp vouches that it is the very file known valid the plan was made of (nothing else
    is read: not the data file) and the plan reaches the look-ahead; with the file and
    its digest. None otherwise."""
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
    form = "json" if as_json else "report"
    part = kept_part(file, digest, form, today, until) if digest else None
    if part is None or digest is None:
        return None
    try:
        return report_text(part, today, days, as_json), file, digest
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def carry_plan(file: Path, carried: Carried, digest: str, tables: dict[str, Any]) -> None:
    """As a store that changed `file` closes (the file now known valid with `digest`,
    `tables` the records written): each form of the plan kept for the file it read
    (`carried.before`) made the new file's and kept under `digest`. The plan is the
    rules' items of every partner sorted by DueItem.sort_key, a total order: so the
    items of the partners whose projections are the same (all but `carried.changed`)
    are kept as they are, with their texts, and the changed partners' items, made by
    the same rules as of the same day, horizon and last day (plan_of_board's), are put
    in their places by their sort keys (the form's KEYS part); a partner gone has its
    items dropped. Only the due days those items fall on are taken apart: the others'
    text is kept as it is, its cuts moved. The same text plan_of_board makes of the new
    file (a test holds it). Best effort: a form not carried is planned by the next
    `due`."""
    if tables.get("deals"):
        return
    from partner_tui.speedups.board_cache import projection
    from partner_tui.speedups.file_board import FileBoard
    from partner_tui.store.records.cards import PartnerCard
    from partner_tui.store.records.partner_index import PartnerIndex

    partners = tables.get("partners") or {}
    settings = tables.get("settings") or {}
    projected = {pid: projection(partners[pid]) for pid in carried.changed if pid in partners}
    board = FileBoard(PartnerIndex({pid: PartnerCard(raw, pid) for pid, raw in projected.items()}),
                      settings, {"partners": projected, "settings": settings}, file, digest)
    for form in PARTS:
        header = {"key": _key(carried.before), "form": form}
        text = state_cache.kept_text(file, KIND, form, header)
        keys = state_cache.kept_text(file, KIND, form + KEYS, {**header, "form": form + KEYS})
        if text is None or keys is None:
            continue
        try:
            head, _, items = text.partition("\n")
            part = PlanPart.of_head(head)
            plan = _spliced(part, items.encode("utf-8"), keys, form, board, partners)
        except (TypeError, ValueError, IndexError, KeyError, OverflowError,
                orjson.JSONDecodeError):
            plan = None
        if plan is not None:
            keep_plan(file, digest, plan)


# An item of a form being spliced: its sort key but the day (DueItem.sort_key[1:]) and
# its text as kept (bytes: a report form's cuts count bytes).
Keyed = tuple[list[Any], bytes]


def _spliced(
    part: PlanPart, items: bytes, keys: str, form: str, board: FileBoard,
    partners: dict[str, Any],
) -> dict[str, str] | None:
    """carry_plan's work for one form: `part` (its head) and its `items` as kept, with
    their `keys` (its KEYS part); the partners of `board` (the changed ones) made again,
    a partner not in `partners` dropped."""
    made = _found(board, part.made, date.fromisoformat(part.horizon),
                  date.fromisoformat(part.last_day))
    if made is None:
        return None
    found = made[0]
    new = _item_texts(found, part.made, form)
    if new is None:
        return None
    # The new items by due day; the due days whose kept items change.
    added: dict[str, list[Keyed]] = {}
    for item, text in zip(found.items, new, strict=True):
        added.setdefault(item.due.isoformat(), []).append((list(item.sort_key[1:]), text))
    cuts = part._cuts
    ids, *day_keys = keys.split("\n")
    pids: list[str] = orjson.loads(ids)
    if len(pids) != (cuts[-1][2] if cuts else 0) or len(day_keys) != len(cuts):
        return None
    counts = [cut[2] for cut in cuts]
    changed = board.index.cards
    touched = {bisect_right(counts, n) for n, pid in enumerate(pids)
               if pid in changed or pid not in partners}
    sep = (GROUP_SEP if form == "json" else ITEM_SEP).encode()
    at = {cut[0]: n for n, cut in enumerate(cuts)}
    pieces: list[bytes] = []
    kept_pids: list[str] = []
    kept_keys: list[str] = []
    new_cuts: list[list[Any]] = []
    offset = count = 0
    for day in sorted(at.keys() | added.keys()):
        n = at.get(day)
        start, first = (cuts[n - 1][1] + len(sep), cuts[n - 1][2]) if n else (0, 0)
        if n is not None and n not in touched and day not in added:
            text, line, quiet = items[start : cuts[n][1]], day_keys[n], cuts[n][3]
            whose = pids[first : cuts[n][2]]
        else:
            kept: list[Keyed] = []
            if n is not None:
                texts = _split(items[start : cuts[n][1]], form)
                sorts = orjson.loads(day_keys[n])
                if not len(texts) == len(sorts) == cuts[n][2] - first:
                    return None
                kept = [([*key, pid], text)
                        for key, pid, text in zip(sorts, pids[first : cuts[n][2]], texts)
                        if pid not in changed and pid in partners]
            kept += added.get(day, [])
            if not kept:
                continue
            kept.sort(key=lambda pair: pair[0])
            text = sep.join(text for _key, text in kept)
            line = orjson.dumps([key[:3] for key, _text in kept]).decode()
            whose = [key[3] for key, _text in kept]
            quiet = sum(key[1] == QUIET_ORDER for key, _text in kept)
        if pieces:
            offset += len(sep)
        pieces.append(text)
        kept_keys.append(line)
        kept_pids += whose
        offset += len(text)
        count += len(whose)
        new_cuts.append([day, offset, count, quiet])
    head = _head(date.fromisoformat(part.horizon), date.fromisoformat(part.last_day),
                 part.made, new_cuts)
    return {form: head + "\n" + sep.join(pieces).decode("utf-8"),
            form + KEYS: "\n".join([orjson.dumps(kept_pids).decode(), *kept_keys])}


def _item_texts(found: Found, made: date, form: str) -> list[bytes] | None:
    """Each of `found`'s items' text as `form` keeps it in a plan made on `made`, or None
    when one cannot be kept (as _json_form and _report_form check)."""
    if form != "json":
        titles = _titles(found)
        if any(title.count(KEY_SEP) != 1 or ITEM_SEP in title for title in titles):
            return None
        try:
            return [title.encode("utf-8") for title in titles]
        except UnicodeEncodeError:
            return None
    from partner_tui.cli.json_output import due_entry, json_text

    texts: list[bytes] = []
    for item in found.items:
        written = json_text({"items": [due_entry(item, made, found.cards[item.partner_id])]})
        text = written[len(ITEMS_HEAD) : -len(ITEMS_TAIL)]
        if (not written.startswith(ITEMS_HEAD) or not written.endswith(ITEMS_TAIL)
                or text.count(DAYS_KEY) != 1 or text.count(OVERDUE_KEY) != 1
                or len(QUIET_WHAT.findall(text)) != (item.kind == QUIET) or not text.isascii()):
            return None
        texts.append(text.encode())
    return texts


def _split(text: bytes, form: str) -> list[bytes]:
    """A due day's items as kept in `form`, each its own text."""
    if form != "json":
        return text.split(ITEM_SEP.encode())
    start, end, between = ENTRY_START.encode(), ENTRY_END.encode(), ENTRY_SEP.encode()
    if not text.startswith(start) or not text.endswith(end):
        raise ValueError("not a due day's entries")
    return [start + entry + end for entry in text[len(start) : -len(end)].split(between)]
