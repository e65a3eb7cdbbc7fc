"""Every partner's figures as of a day, kept on disk per partner: what changes with the
month is computed once per month and per change of the partner, what changes with the
day is computed each call by the one rule.

A partner's figures (domain/partner_figures.py, through store/parts/payouts.Payouts
.figures) read its own record, its deals (refunds are in them) and payments, the program's
tier table and quiet days per stage, and the day only through its month (month_index:
what was earned, clawed back and paid through it, its tier, the commitment's months
left), except `as_of`, `quiet_days` and `quiet_since`, which the day gives from the last
touch and the stage's allowance (domain/quiet.quiet_of). So each partner's month part
(every figure but those three, with its last touch and its stage's allowance) is kept in
the state folder under the digest of exactly its inputs' bytes (inputs_key), for the
month, the program's version, the file's schema and list_cache.RULES_VERSION, and the
settings that matter (settings_key). Each entry also names the file it was last checked
against: a file known valid whose every entry names it needs no key computed at all. A
store that changed the file makes every entry the new file's as it closes
(carry_forward: checked against the records it holds, the changed partners' made).

A new day in the same month then recomputes nothing; a change to one partner (its
record, a deal, a payment) recomputes that partner; a change of the tier table or of a
stage's quiet days, a new month or another version recomputes all. Only a file known
valid as a whole is read this way (a FileStore: speedups/file_board.py): any other is
opened and validated by the store, which computes every figure as before. Deleting this
module's state file loses only time. tests/unit/speedups/test_kept_figures.py holds kept
figures equal to the figures computed fresh.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.domain.periods import month_index
from partner_tui.domain.quiet import quiet_of
from partner_tui.domain.stages import Stage
from partner_tui.speedups.known_valid import record_hash
from partner_tui.speedups.state_cache import keep, program_stamp, read_kept

if TYPE_CHECKING:  # (the models are imported when a figure is made: `list --json`
    # reading its kept entries imports none of them)
    from partner_tui.domain.deal_figures import Commitment
    from partner_tui.domain.partner_figures import DealMeasures, PartnerFigures
    from partner_tui.domain.program import ProgramRules
    from partner_tui.speedups.file_board import FileBoard, FileStore
    from partner_tui.speedups.known_valid import Remembered
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.store.parts.payouts import Payouts

# Bump when what is kept of a figure changes within one release.
LAYOUT = 1
KIND = "figures"

# A kept entry: [inputs_key, month part, digest of the file it was last checked against].
Entry = list[Any]


def stamp() -> str:
    """The program, schema and rules the kept figures were computed by."""
    from partner_tui.speedups.list_cache import RULES_VERSION

    return f"{program_stamp()}/{RULES_VERSION}/{LAYOUT}"


# -- what a partner's figures depend on ------------------------------------------------------------
def settings_key(rules: ProgramRules) -> str:
    """The digest of the settings a partner's figures read: the tier table and each
    stage's quiet days (Payouts.figures reads nothing else of the settings)."""
    quiet = tuple((stage.value, rules.quiet_after(stage.value)) for stage in Stage)
    return hashlib.blake2b(repr((rules.tier_table(), quiet)).encode(), digest_size=12).hexdigest()


def inputs_key(
    record: Mapping[str, Any],
    owned: Iterable[Mapping[str, Any]],
    hash_of: Callable[[Any], str] = record_hash,
) -> str | None:
    """The digest of exactly a partner's inputs' bytes: of the content hash of its
    record and of each of its deals and payments (`owned`: the records of those tables
    whose partner_id is its id, in the order of their hashes, so no table's order is part
    of it). known_valid.record_hash (`hash_of`: the same, remembered) is the digest of a
    record's exact content. None for a record orjson cannot write (never kept)."""
    try:
        content = hash_of(record) + "".join(sorted(hash_of(raw) for raw in owned))
    except (orjson.JSONEncodeError, TypeError):
        return None
    return hashlib.blake2b(content.encode(), digest_size=16).hexdigest()


def owned_by_partner(records: Iterable[Any]) -> dict[str, list[Any]]:
    """Deal and payment records by their partner_id, as the deal table groups them for
    the figures (store/records/deal_table.py)."""
    owned: dict[str, list[Any]] = {}
    for raw in records:
        if isinstance(raw, dict):
            owned.setdefault(str(raw.get("partner_id")), []).append(raw)
    return owned


# -- a partner's month part, and its figures on a day ----------------------------------------------
def month_part(figures: PartnerFigures, quiet_after: int) -> list[Any]:
    """What of `figures` holds for its whole month, with the last touch and the stage's
    allowance the day's quiet is worked out from (money as exact decimal text)."""
    c = figures.commitment
    return [
        figures.source, figures.leads, figures.deals_won, str(figures.revenue),
        str(figures.revenue_share), str(figures.referral_fees), str(figures.paid),
        str(figures.internal_cost),
        None if figures.satisfaction is None else str(figures.satisfaction),
        None if c is None else [c.won, c.minimum, c.term_end, c.this_month],
        None if figures.last_touch is None else figures.last_touch.isoformat(),
        str(figures.clawback), figures.tier, quiet_after,
    ]


# (last touch as kept, the stage's allowance) -> quiet_days as written, within one call:
# 10,000 partners share a few hundred last touches.
QuietKnown = dict[tuple[Any, Any], str]


def quiet_days_text(touch: Any, quiet_after: Any, today: date, known: QuietKnown) -> str:
    """A kept last touch's quiet_days as of `today`, as JSON writes it ("null" or the
    number), by the one rule (quiet_of) from the touch and its stage's allowance: what
    list --json's entries and the JSON export's figure texts fill in on the day. TypeError
    for values not kept here."""
    asked = (touch, quiet_after)
    found = known.get(asked)
    if found is None:
        if not (touch is None or isinstance(touch, str)) or type(quiet_after) is not int:
            raise TypeError("not a kept last touch and allowance")
        last_touch = None if touch is None else date.fromisoformat(touch)
        quiet = quiet_of(last_touch, quiet_after, today).quiet_days
        found = known[asked] = "null" if quiet is None else str(quiet)
    return found


def figures_on(part: list[Any], today: date) -> PartnerFigures:
    """The figures a month part gives on `today` (a day of its month): the day's quiet
    from the kept last touch by the one rule. ValueError for a part not made here."""
    made, commitment_of = _models()
    try:
        (source, leads, won, revenue, share, fees, paid, internal, satisfaction, kept,
         touch, clawback, tier, quiet_after) = part
        if source not in _SOURCES or type(leads) is not int or type(won) is not int:
            raise ValueError("not a kept figure")
        last_touch = None if touch is None else date.fromisoformat(touch)
        quiet = quiet_of(last_touch, quiet_after, today)
        return made(
            as_of=today, source=source, leads=leads, deals_won=won,
            revenue=Decimal(revenue), revenue_share=Decimal(share),
            referral_fees=Decimal(fees), paid=Decimal(paid), internal_cost=Decimal(internal),
            satisfaction=None if satisfaction is None else Decimal(satisfaction),
            commitment=None if kept is None else commitment_of(*kept),
            last_touch=last_touch, quiet_days=quiet.quiet_days, quiet_since=quiet.quiet_since,
            clawback=Decimal(clawback), tier=tier if tier is None else str(tier),
        )
    except (TypeError, InvalidOperation) as error:
        raise ValueError("not a kept figure") from error


_SOURCES = frozenset(("deals", "typed"))


@functools.cache
def _models() -> tuple[type[PartnerFigures], type[Commitment]]:
    """The figures' classes, imported on the first figure made (not by `list --json`'s
    kept path, which makes none)."""
    from partner_tui.domain.deal_figures import Commitment
    from partner_tui.domain.partner_figures import PartnerFigures

    return PartnerFigures, Commitment


# -- the inputs of the partners of a file known valid ----------------------------------------------
class PartnerInputs:
    """Each partner's inputs_key in a file's tables, worked out only when asked, once."""

    def __init__(
        self, data: Mapping[str, Any], hash_of: Callable[[Any], str] = record_hash
    ) -> None:
        self._data = data
        self._hash_of = hash_of  # known_valid.record_hash, or the same remembered
        self._owned: dict[str, list[Any]] | None = None
        self._keys: dict[str, str | None] = {}

    def key(self, partner_id: str, record: Mapping[str, Any]) -> str | None:
        if partner_id in self._keys:
            return self._keys[partner_id]
        if self._owned is None:
            tables = (self._data.get(name) for name in ("deals", "payments"))
            self._owned = owned_by_partner(
                raw for table in tables if isinstance(table, dict) for raw in table.values()
            )
        key = self._keys[partner_id] = inputs_key(
            record, self._owned.get(partner_id, ()), self._hash_of
        )
        return key


# -- the state file --------------------------------------------------------------------------------
def load(file: Path, kind: str, month: int, settings: str | None) -> dict[str, Any]:
    """The kept entries of `kind` for `file` ("partners": by id; and what else the kind
    keeps), when kept by this program for `month` and `settings` (None: any settings, for
    a caller whose file digest vouches for them); {} otherwise."""
    data = read_kept(file, kind)
    if not isinstance(data, dict) or data.get("stamp") != stamp() or data.get("month") != month:
        return {}
    if settings is not None and data.get("settings") != settings:
        return {}
    partners = data.get("partners")
    if not isinstance(partners, dict):
        return {}
    data["partners"] = {
        k: v for k, v in partners.items()
        if isinstance(v, list) and len(v) >= 3 and isinstance(v[0], str | None)
    }
    return data


def save(file: Path, kind: str, month: int, settings: str, content: dict[str, Any]) -> None:
    """Best effort: what cannot be kept is computed again next time."""
    keep(file, kind, {"stamp": stamp(), "month": month, "settings": settings, **content})


# -- every partner's figures -----------------------------------------------------------------------
def figures_as_of(
    store: PartnerStore | FileStore,
    today: date,
    ids: Iterable[str] | None = None,
    payouts: Payouts | None = None,
    inputs: PartnerInputs | None = None,
) -> dict[str, PartnerFigures]:
    """Every partner's figures as of `today` (of `ids`, else of every partner in the
    file), by id: what `list --json`, the exports and the report read. From a file known
    valid (a FileStore), each partner's month part is read as kept when its inputs are
    the same (and kept when computed); from any other store, all computed
    (store.payouts.all_figures). `payouts`: the store's Payouts part, `inputs`: the
    partners' PartnerInputs over the store's tables, when the caller has them already."""
    payouts = payouts if payouts is not None else store.payouts
    if not trusted(store):
        if ids is None:
            return payouts.all_figures(today)
        rules = store.program.settings().rules
        return {pid: payouts.figures(pid, today, rules) for pid in ids}
    board: FileBoard = store.partners  # type: ignore[assignment]
    wanted = list(board.index.cards) if ids is None else list(ids)
    inputs = inputs if inputs is not None else PartnerInputs(board.data)
    return _kept(store, payouts, today, wanted, board.settings().rules, inputs)  # type: ignore[arg-type]


def deal_measures_as_of(store: PartnerStore | FileStore, today: date) -> DealMeasures:
    """The report's measures as of `today` (Payouts.deal_measures): every partner's
    figures as figures_as_of gives them, and revenue earned month by month over the last
    24 months, which reads every deal: kept for a file known valid and the month (any
    change of the file computes it again), computed for any other store."""
    from partner_tui.domain.partner_figures import DealMeasures

    figures = figures_as_of(store, today)
    if not trusted(store):
        return store.payouts.deal_measures(today, figures=figures)
    board: FileBoard = store.partners  # type: ignore[assignment]
    month = month_index(today)
    kept = load(board.file, REVENUE, month, None)
    series = kept.get("months") if kept.get("file") == board.digest else None
    try:
        months = [(int(m), Decimal(amount)) for m, amount in series]  # type: ignore[union-attr]
    except (TypeError, ValueError, InvalidOperation):
        months = store.payouts.deal_measures(today, figures={}).months
        save(board.file, REVENUE, month, "", {
            "partners": {}, "file": board.digest,
            "months": [[m, str(amount)] for m, amount in months],
        })
    return DealMeasures(figures, months)


# The report's revenue by month, kept for the file and the month.
REVENUE = "revenue"


def trusted(store: PartnerStore | FileStore) -> bool:
    """Whether `store` reads a whole file known valid (speedups/file_board.py
    known_valid_board), the only one whose kept figures are read or kept: never a store
    that validates its file, a kept board's projections or one partner's spans."""
    board = store.partners
    return getattr(board, "whole", False) is True and isinstance(getattr(board, "digest", None), str)


def partner_figures_as_of(
    store: PartnerStore | FileStore, partner_id: str, today: date
) -> PartnerFigures:
    """One partner's figures as of `today` (`show`, `show --json`): computed by the one
    rule, from any store. Reading the kept figures of 10,000 partners for one of them
    would cost more than computing its own, so nothing kept is read for one; what the
    kept figures give is held equal to this (tests/unit/speedups/test_kept_figures.py)."""
    return store.payouts.figures(partner_id, today)


def month_parts_as_of(
    store: FileStore,
    today: date,
    payouts: Payouts | None = None,
    hash_of: Callable[[Any], str] = record_hash,
) -> dict[str, list[Any]]:
    """Every partner's month part (month_part) for `today`'s month, by id, of a whole
    file known valid (`trusted(store)`): as kept when its inputs are the same, else
    computed (and kept: `payouts`, else the store's, made only then), as figures_as_of
    reads them, without making the figures
    (figures_on does, and says ValueError for a kept part it cannot read). For the JSON
    export, which keeps each partner's figures as text (speedups/kept_figure_texts.py);
    `hash_of`: record_hash, or the same remembered by the caller."""
    board: FileBoard = store.partners
    return _kept(  # type: ignore[return-value]
        store, payouts, today, list(board.index.cards), board.settings().rules,
        PartnerInputs(board.data, hash_of), parts=True,
    )


def kept_month_parts(
    file: Path, digest: str, today: date, keys: Iterable[str]
) -> dict[str, Any] | None:
    """Every partner's month part for `today`'s month, by its key (`keys`: all of the
    file's), as kept for the file known valid with `digest` itself (each entry made or
    checked from that file: the settings it read are that file's); None when one is not
    (the caller reads the file). Nothing is read but the state folder."""
    kept: dict[str, Entry] = load(file, KIND, month_index(today), None).get("partners", {})
    found: dict[str, Any] = {}
    for pid in keys:
        entry = kept.get(pid)
        if entry is None or entry[2] != digest:
            return None
        found[pid] = entry[1]
    return found


def checked_keys(file: Path, digest: str, today: date) -> dict[str, str]:
    """Each partner's inputs_key as the kept figures for `today`'s month hold it, of the
    partners whose entry was checked against (or made from) the file known valid with
    `digest` itself: what the figures just read from them were made from."""
    kept: dict[str, Entry] = load(file, KIND, month_index(today), None).get("partners", {})
    return {pid: entry[0] for pid, entry in kept.items()
            if entry[2] == digest and isinstance(entry[0], str)}


def _kept(
    store: FileStore,
    payouts: Payouts | None,
    today: date,
    wanted: list[str],
    rules: ProgramRules,
    inputs: PartnerInputs,
    parts: bool = False,
) -> dict[str, Any]:
    """Each wanted partner's figures (its month part, when `parts`), kept or computed."""
    board = store.partners
    file, digest = board.file, board.digest
    month, settings = month_index(today), settings_key(rules)
    kept: dict[str, Entry] = load(file, KIND, month, settings).get("partners", {})
    found: dict[str, Any] = {}
    fresh = False
    for pid in wanted:
        entry = kept.get(pid)
        card = board.index.cards[pid]
        if entry is not None and entry[2] != digest:
            key = inputs.key(pid, card.record)
            if key is None or entry[0] != key:
                entry = None
            else:
                entry[2] = digest
                fresh = True
        if entry is not None:
            if parts:
                found[pid] = entry[1]
                continue
            with contextlib.suppress(ValueError):
                found[pid] = figures_on(entry[1], today)
                continue
        if payouts is None:  # the store's parts imported for the first partner computed
            payouts = store.payouts
        figures = payouts.figures(pid, today, rules)
        part = month_part(figures, rules.quiet_after(card.stage.value))
        found[pid] = part if parts else figures
        key = inputs.key(pid, card.record)
        if key is not None:
            kept[pid] = [key, part, digest]
            fresh = True
    if fresh:
        cards = board.index.cards
        save(file, KIND, month, settings, {
            "partners": {pid: entry for pid, entry in kept.items() if pid in cards}
        })
    return found


# -- after a write ---------------------------------------------------------------------------------
def inputs_keys(store: PartnerStore, written: Remembered) -> dict[str, str | None]:
    """Every partner's inputs_key in the file a store wrote (`written`: remember_valid's,
    each record's hash remembered), by id."""
    owned = owned_by_partner(store.deals.stored_records())
    return {
        card.id: inputs_key(card.record, owned.get(card.id, ()), written.hash_of)
        for card in store.partners.cards()
    }


def carry_forward(
    store: PartnerStore, written: Remembered, today: date,
    keys: Callable[[], dict[str, str | None]] | None = None,
) -> None:
    """As a store that changed its file closes, the file on disk now known valid
    (`written`: known_valid.remember_valid's, with its digest and records' hashes):
    `list --json`'s entries and the kept figures' month parts kept for the file it read
    are made the new file's, each partner's as kept when its inputs are the same (the
    month part is a function of them, the month and the settings, all in its key) and
    made again when not (`list --json`'s, here; a month part, by the next export, which
    reads the whole file anyway). So the next `list --json` reads the entries, not the
    whole file, and the next export checks no partner's inputs (carry_parts). Nothing is
    done when nothing was kept for this month and settings. Best effort: anything not
    carried is computed by the next reader. `keys()`: inputs_keys(store, written), when
    the caller has them."""
    from partner_tui.speedups import list_cache

    month = month_index(today)
    rules = store.program.settings().rules
    settings = settings_key(rules)
    listed = load(store.file, list_cache.KIND, month, settings)
    parts = load(store.file, KIND, month, settings)
    if not listed.get("partners") and not parts.get("partners"):
        return
    keyed = keys() if keys is not None else inputs_keys(store, written)
    if parts.get("partners"):
        carry_parts(store.file, written.digest, month, settings, parts["partners"], keyed,
                    functools.partial(_made_part, store, today, rules))
    if listed.get("partners"):
        list_cache.carry_listed(store, written.digest, today, listed, keyed)


def carry_parts(
    file: Path,
    digest: str,
    month: int,
    settings: str,
    kept: dict[str, Entry],
    keys: dict[str, str | None],
    made: Callable[[str], list[Any]],
) -> None:
    """carry_forward's part for the kept figures (`kept`: the entries kept for the file
    the store read, this month and `settings`; `keys`: each partner of the file written,
    with `digest`, by its inputs_key now): each entry whose inputs are the same names the
    new file as checked, each other partner's month part is `made` (the store's figures:
    the partners it changed), so the next export computes none and keeps nothing again.
    The same entries _kept would leave."""
    carried: dict[str, Entry] = {}
    for pid, key in keys.items():
        if key is None:
            continue  # (never kept: _kept computes it each time)
        entry = kept.get(pid)
        part = entry[1] if entry is not None and entry[0] == key else made(pid)
        carried[pid] = [key, part, digest]
    save(file, KIND, month, settings, {"partners": carried})


def _made_part(store: PartnerStore, today: date, rules: ProgramRules, pid: str) -> list[Any]:
    """A partner's month part as _kept makes it, from the store's figures."""
    card = store.partners.card(pid)
    return month_part(store.payouts.figures(pid, today, rules), rules.quiet_after(card.stage.value))
