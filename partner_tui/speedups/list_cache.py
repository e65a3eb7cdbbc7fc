"""Every partner's entry in `list --json` (its summary and its figures), kept per partner
for the month, and the order of each query kept for the file.

A script or an agent calls `list --json` many times a day on a file that rarely changes;
computing 10,000 partners' figures (domain/partner_figures.py, through the store's
Payouts) and summaries costs several times the program's own start. A partner's summary
reads its record only, and its figures read the day only through its month but for the
day's quiet (speedups/kept_figures.py says why). So each partner's entry is kept in the
state folder as kept_figures keeps figures: under the digest of exactly its inputs
(kept_figures.inputs_key), for the month, the program's version and the settings that
matter, with the file it was last checked against and its stage's quiet days. Each
entry is kept as the very text `list --json` prints of it (json_output.json_text), cut
around the day's `as_of` and `quiet_days`, which are filled in on each call by the one
rule (domain/quiet.quiet_of). With the entries, each query's order is kept for the file
(`list --json`, `list --json --stage active`): the same query on the same file, any day
of the month, then prints only these (kept_listing), once the file's stamp vouches for it
(speedups/trusted_stamp.py), not reading the data file: each query's text is kept whole
as a part of its own (keep_listing: a raw text with a place for each day's value, read
without parsing the entries kept as JSON). A change to one partner
recomputes its entry alone (the store that wrote the change does it as it closes:
carry_listed); a new month, other settings or another version, all of them. Deleting
this module, or its state file, loses only time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.domain.periods import month_index
from partner_tui.domain.quiet import quiet_of
from partner_tui.speedups import kept_figures

if TYPE_CHECKING:
    from partner_tui.domain.partner_figures import PartnerFigures
    from partner_tui.speedups.file_board import FileStore
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.store.records.cards import PartnerCard

# Bump when a figure's rule changes within one release, so kept figures are dropped.
RULES_VERSION = 2  # 2: revenue net of refunds (docs/refunds.md)
KIND = "listed"

# A kept entry: [inputs_key, its printed text in three parts (around the day's as_of and
# quiet_days), digest of the file it was last checked against, its stage's quiet days,
# its last touch].
Entry = list[Any]

# What `list --json` prints around its entries (json_output.json_text of {"partners": [...]}).
HEAD = '{\n  "partners": [\n'
TAIL = "\n  ]\n}\n"
EMPTY = '{\n  "partners": []\n}\n'
# Stand-ins for the day's two values while an entry's text is made (json_text writes
# these private-use characters as \ue000 escapes): each must be found exactly once.
_AS_OF, _QUIET = "\ue000as_of\ue000", "\ue000quiet_days\ue000"
_AS_OF_TEXT, _QUIET_TEXT = '"\\ue000as_of\\ue000"', '"\\ue000quiet_days\\ue000"'


def _marked(entry: dict[str, Any]) -> dict[str, Any] | None:
    figures = entry.get("figures")
    if not isinstance(figures, dict):
        return None
    return {**entry, "figures": {**figures, "as_of": _AS_OF, "quiet_days": _QUIET}}


def entry_texts(entries: list[dict[str, Any]]) -> list[list[str] | None]:
    """The text `list --json` prints for each of `entries` (json_output.json_text of
    them, at their depth in the document; written a few hundred at a time), each in three
    parts around the day's as_of and quiet_days; None for one that cannot be cut there (a
    stand-in in the data), and for a few hundred around a value only the slower encoder
    writes: such an entry is printed from the document, as any other is without this."""
    found: list[list[str] | None] = []
    for start in range(0, len(entries), _AT_ONCE):
        found.extend(_texts(entries[start : start + _AT_ONCE]))
    return found


# Entries written at once (each text about 1.4 KB: the whole board's at once would hold
# three copies of 14 MB at 10,000 partners).
_AT_ONCE = 256


def _texts(entries: list[dict[str, Any]]) -> list[list[str] | None]:
    from partner_tui.cli.json_output import json_text

    marked = [_marked(entry) for entry in entries]
    written = [m for m in marked if m is not None]
    if not written:
        return [None] * len(entries)
    try:
        orjson.dumps(written)  # what orjson refuses, json_text writes another way
    except (orjson.JSONEncodeError, TypeError):
        return [None] * len(entries)
    text = json_text({"partners": written})
    if not (text.startswith(HEAD) and text.endswith(TAIL)):
        return [None] * len(entries)
    # Every raw line break is layout (a string's is escaped), and only an entry opens a
    # brace at four spaces: the entries are what lies between these.
    bodies = text[len(HEAD) : -len(TAIL)].split(_BETWEEN)
    if len(bodies) != len(written):
        return [None] * len(entries)
    cut = iter([_cut(bodies[0]), *(_cut(_OPEN + body) for body in bodies[1:])])
    return [None if m is None else next(cut) for m in marked]


_BETWEEN = ",\n    {\n"
_OPEN = "    {\n"


def _cut(body: str) -> list[str] | None:
    if body.count(_AS_OF_TEXT) != 1 or body.count(_QUIET_TEXT) != 1:
        return None
    before, rest = body.split(_AS_OF_TEXT)
    if _QUIET_TEXT not in rest:
        return None
    between, after = rest.split(_QUIET_TEXT)
    return [before, between, after]


Quiet = kept_figures.QuietKnown


def _quiet_days(entry: Entry, today: date, known: Quiet) -> str:
    """The kept entry's quiet_days as of `today`, as printed."""
    return kept_figures.quiet_days_text(entry[4], entry[3], today, known)


def _text_on(entry: Entry, day: str, today: date, known: Quiet | None = None) -> str:
    """A kept entry's text as of `today` (`day`: its ISO spelling), its quiet_days by the
    one rule from the kept last touch. ValueError/TypeError for one not made here."""
    before, between, after = entry[1]
    quiet = _quiet_days(entry, today, {} if known is None else known)
    return f'{before}"{day}"{between}{quiet}{after}'


def _dict_on(entry: Entry, today: date) -> dict[str, Any]:
    """A kept entry as the document's dict as of `today`."""
    found = orjson.loads(_text_on(entry, today.isoformat(), today))
    if not isinstance(found, dict):
        raise TypeError("not a kept entry")
    return found


def _kept_entries(
    made: list[tuple[str, dict[str, Any], str, int]], digest: str
) -> dict[str, Entry]:
    """Kept entries of `made` (partner id, entry, inputs_key, its stage's quiet days)."""
    texts = entry_texts([entry for _pid, entry, _key, _quiet in made])
    return {
        pid: [key, parts, digest, quiet_after, entry["figures"].get("last_touch")]
        for (pid, entry, key, quiet_after), parts in zip(made, texts, strict=True)
        if parts is not None
    }


def entries_json(
    store: FileStore,
    today: date,
    cards: list[PartnerCard],
    entry: Callable[[PartnerCard, PartnerFigures], dict[str, Any]],
    listing: str | None = None,
) -> list[dict[str, Any]]:
    """The `list --json` entry (`entry(card, its figures)`) of each card of `store` (a
    file known valid) as of `today`: kept ones whose inputs are the same, the others
    computed (their figures through kept_figures) and kept. `listing` names the query
    `cards` answer, in their order (kept_listing gives it back)."""
    board = store.partners
    file, digest = board.file, board.digest
    rules = board.settings().rules
    month, settings = month_index(today), kept_figures.settings_key(rules)
    data = kept_figures.load(file, KIND, month, settings)
    kept: dict[str, Entry] = data.get("partners", {})
    listings = data.get("listings")
    listings = listings if isinstance(listings, dict) else {}
    inputs = kept_figures.PartnerInputs(board.data)
    found: dict[str, dict[str, Any]] = {}
    missing: list[PartnerCard] = []
    fresh = False
    for card in cards:
        pid = card.id
        kept_entry = kept.get(pid)
        if kept_entry is not None and kept_entry[2] != digest:
            if kept_entry[0] is None or kept_entry[0] != inputs.key(pid, card.record):
                kept_entry = None
            else:
                kept_entry[2] = digest
                fresh = True
        if kept_entry is not None and len(kept_entry) == 5:
            with contextlib.suppress(ValueError, TypeError, orjson.JSONDecodeError):
                found[pid] = _dict_on(kept_entry, today)
                continue
        missing.append(card)
    for card in missing:  # (never printed again as kept: made again, or not kept)
        kept.pop(card.id, None)
    if missing:
        figures = kept_figures.figures_as_of(
            store, today, [card.id for card in missing], inputs=inputs)
        made: list[tuple[str, dict[str, Any], str, int]] = []
        for card in missing:
            found[card.id] = entry(card, figures[card.id])
            key = inputs.key(card.id, card.record)
            if key is not None:
                made.append((card.id, found[card.id], key, rules.quiet_after(card.stage.value)))
        kept.update(_kept_entries(made, digest))
        fresh = fresh or bool(made)
    order = [card.id for card in cards]
    if listing is not None and listings.get(listing) != [digest, order]:
        listings[listing] = [digest, order]
        fresh = True
    if fresh:
        in_file = board.index.cards
        kept_figures.save(file, KIND, month, settings, {
            "partners": {pid: e for pid, e in kept.items() if pid in in_file},
            "listings": {
                name: value for name, value in listings.items()
                if isinstance(value, list) and value and value[0] == digest
            },
        })
    if listing is not None:  # (asked here: its kept text was not printed)
        keep_listing(file, digest, today, listing, order, kept)
    return [found[card.id] for card in cards]


def kept_listing(file: Path, digest: str, today: date, listing: str) -> bytes | None:
    """The text `list --json` prints for the query `listing` as of `today` (its entries
    in its order), as kept for this file (`digest`, known valid) in today's month, or
    None: the next call of the same `list --json` reads no more than this (not the data
    file, nor the entries kept as JSON: the query's own text part, keep_listing's), and
    prints what json_output.json_text would of the same entries. (The settings are the
    file's: its digest vouches for them.) As bytes, filled in as bytes: the text is ASCII
    and megabytes long, so it is never decoded nor encoded again on its way out
    (json_output.print_ascii)."""
    from partner_tui.speedups.state_cache import kept_text_lines

    kept = kept_text_lines(file, KIND, listing_part(listing), _header(today, digest, listing), 1)
    if kept is None:
        return None
    (touches,), template = kept
    day = f'"{today.isoformat()}"'.encode()
    known: dict[bytes, bytes] = {}
    values: list[bytes] = []
    try:
        for key in touches.split(b" ") if touches else ():
            quiet = known.get(key)
            if quiet is None:
                quiet = known[key] = _quiet_text(key.decode("ascii"), today).encode()
            values += (day, quiet)
        # (one pass: the template holds a %s for each value, and any other % doubled)
        text = template % tuple(values)
    except (ValueError, TypeError):  # (a value too many or too few: not made here)
        return None
    # Printed as it is: what json_text writes is ASCII without a raw control character
    # (a string's are escaped). A kept text that is not (the state file written by
    # anything else) is never printed: the entries are made from the data file again.
    if not text.isascii() or any(c in text for c in _RAW_CONTROLS):
        return None
    return text


def listing_part(listing: str) -> str:
    """The part of the state file a query's kept text is kept as ("board", "stage-active")."""
    return listing.replace(" ", "-")


def _header(today: date, digest: str, listing: str) -> dict[str, Any]:
    return {
        "stamp": kept_figures.stamp(), "month": month_index(today), "file": digest,
        "listing": listing,
    }


def _quiet_text(key: str, today: date) -> str:
    """The quiet_days printed as of `today` for a quiet key (keep_listing's), by the one
    rule. ValueError for a key not made here."""
    touch, quiet_after = key.split(":")
    last_touch = date.fromisoformat(touch) if touch else None
    quiet = quiet_of(last_touch, int(quiet_after), today).quiet_days
    return "null" if quiet is None else str(quiet)


def keep_listing(
    file: Path, digest: str, today: date, listing: str, order: list[str],
    kept: dict[str, Entry],
) -> None:
    """Keep the query `listing`'s text (its entries `order`, as `kept`) for kept_listing
    to print on any day of the month without parsing anything but a header line: the
    entries' quiet keys ("last touch:its stage's quiet days", in their order, separated
    by a space), a line break, then the text `list --json` prints as a %-format (each
    entry's as_of and quiet_days a %s, any % of the text itself doubled). Nothing is kept
    (the JSON entries are read then) when an entry is not kept whole for this file."""
    from partner_tui.speedups.state_cache import keep_text

    keys: list[str] = []
    texts: list[str] = []
    for pid in order:
        entry = kept.get(pid)
        if entry is None or len(entry) != 5 or entry[2] != digest:
            return
        parts, quiet_after, touch = entry[1], entry[3], entry[4]
        if type(quiet_after) is not int or not (touch is None or (isinstance(touch, str) and touch)):
            return
        key = f"{touch or ''}:{quiet_after}"
        if not isinstance(parts, list) or len(parts) != 3 or " " in key or "\n" in key:
            return
        if not all(isinstance(part, str) for part in parts):
            return
        before, between, after = (part.replace("%", "%%") for part in parts)
        keys.append(key)
        texts.append(f"{before}%s{between}%s{after}")
    template = HEAD + ",\n".join(texts) + TAIL if texts else EMPTY
    keep_text(file, KIND, listing_part(listing), _header(today, digest, listing),
              " ".join(keys) + "\n" + template)


# The raw characters that act on a terminal (json_text never writes one: it escapes them).
_RAW_CONTROLS = (b"\x1b", b"\r", b"\x08", b"\x07", b"\x7f", b"\x00")


def listing_name(stage: str | None) -> str:
    """The name a `list --json` query's order is kept under: "board", "stage active"."""
    return f"stage {stage}" if stage is not None else "board"


def carry_listed(
    store: PartnerStore,
    digest: str,
    today: date,
    listed: dict[str, Any],
    keys: dict[str, str | None],
) -> None:
    """kept_figures.carry_forward's part for `list --json` (`listed`: what was kept for
    the file the store read, for this month and settings; `keys`: each partner's
    inputs_key now): each kept entry whose inputs are the same made the new file's, the
    others computed again, and each kept query's order worked out again."""
    from partner_tui.cli.partner_commands import list_entry, listed_cards
    from partner_tui.domain.stages import Stage

    rules = store.program.settings().rules
    cards = {card.id: card for card in store.partners.cards()}
    kept: dict[str, Entry] = listed.get("partners", {})
    carried: dict[str, Entry] = {}

    made: list[tuple[str, dict[str, Any], str, int]] = []
    computed: set[str] = set()

    def carry(pid: str) -> None:
        entry, key, card = kept.get(pid), keys.get(pid), cards[pid]
        if key is None or pid in carried or pid in computed:
            return
        if entry is not None and entry[0] == key and len(entry) == 5:
            carried[pid] = [key, entry[1], digest, entry[3], entry[4]]
            return
        computed.add(pid)
        figures = store.payouts.figures(pid, today, rules)
        made.append((pid, list_entry(card, figures), key, rules.quiet_after(card.stage.value)))

    for pid in kept:
        if pid in cards:
            carry(pid)
    orders: dict[str, list[str]] = {}
    named = listed.get("listings")
    for name in named if isinstance(named, dict) else ():
        stage = None if name == "board" else name.removeprefix("stage ")
        if stage is not None and stage not in {s.value for s in Stage}:
            continue
        order = [card.id for card in listed_cards(store.partners, Stage(stage) if stage else None)]
        for pid in order:
            carry(pid)
        orders[name] = order
    carried.update(_kept_entries(made, digest))
    listings = {
        name: [digest, order] for name, order in orders.items()
        if all(pid in carried for pid in order)
    }
    kept_figures.save(store.file, KIND, month_index(today), kept_figures.settings_key(rules), {
        "partners": carried, "listings": listings,
    })
    for name, (_digest, order) in listings.items():
        keep_listing(store.file, digest, today, name, order, carried)
