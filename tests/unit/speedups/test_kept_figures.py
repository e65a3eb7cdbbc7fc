"""Kept figures (speedups/kept_figures.py, speedups/list_cache.py) are the figures
computed fresh: on any day of the month, after a change to one partner's record, its
deals or payments, or to the settings; a change recomputes only what it touched; and a
file not known valid never reads them."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli.json_output import json_text
from partner_tui.cli.partner_commands import list_document, listed_cards
from partner_tui.domain import clock
from partner_tui.domain.activity_kinds import ActivityKind
from partner_tui.domain.partner import Activity
from partner_tui.domain.periods import month_index
from partner_tui.speedups.file_board import FileStore, known_valid_store
from partner_tui.speedups.kept_figures import (
    KIND,
    PartnerInputs,
    deal_measures_as_of,
    figures_as_of,
    figures_on,
    load,
    trusted,
)
from partner_tui.speedups.known_valid import file_digest, load_known_valid
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.parts.payouts import Payouts
from tests.unit.exchange.test_one_truth import TODAY, deals, programs

# Every day of TODAY's month (the programs' deals and payments are up to TODAY).
MONTH_DAYS = st.integers(1, TODAY.day).map(lambda d: TODAY.replace(day=d))
CHANGES = st.sampled_from(["log", "typed", "terms", "deal", "refund", "tiers", "quiet"])


@contextmanager
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The ids of the partners whose figures were computed (not read as kept) meanwhile."""
    seen: list[str] = []
    real = Payouts.figures

    def counting(self: Payouts, partner_id: str, *args: Any, **kw: Any) -> Any:
        seen.append(partner_id)
        return real(self, partner_id, *args, **kw)

    with monkeypatch.context() as patch:
        patch.setattr(Payouts, "figures", counting)
        yield seen


def opened(db: Path, read_only: bool = False) -> PartnerStore:
    """The store as the command line opens it: with the speedups (the file it validated
    or wrote is remembered known valid as it closes)."""
    return PartnerStore(db, read_only=read_only, hooks=store_speedups())


def write_program(store: PartnerStore, program: tuple) -> None:
    """A drawn program (test_one_truth.programs: partners, deals, payments) in `store`."""
    people, sold, paid = program
    store.partners.add_many(people)
    if sold:
        store.deals.add_many(sold, override=True)
    if paid:
        store.payouts.add_payments(paid)


def fresh(db: Path, day: date) -> dict[str, Any]:
    """Every partner's figures as of `day`, computed by the store (nothing kept)."""
    with opened(db, read_only=True) as store:
        return store.payouts.all_figures(day)


def measures(db: Path, day: date) -> Any:
    """The report's measures as of `day`, computed by the store (nothing kept)."""
    with opened(db, read_only=True) as store:
        return store.payouts.deal_measures(day)


def listing(db: Path, day: date) -> dict[str, Any]:
    """`list --json`'s document as of `day`, from the store (nothing kept)."""
    with PartnerStore(db, read_only=True) as plain:
        return list_document(plain, listed_cards(plain.partners), day)


def kept_text(db: Path, day: date) -> str | None:
    """What `list --json` prints as of `day` from what is kept alone (None: not kept)."""
    from partner_tui.speedups.file_board import kept_list_entries

    kept = kept_list_entries(db, "board", day)
    return None if kept is None else kept.decode("ascii")


def trusted_store(db: Path) -> FileStore:
    store = known_valid_store(db)
    assert store is not None and trusted(store)
    return store


def change(store: PartnerStore, what: str, partner_id: str, draw: Callable[..., Any]) -> None:
    """One change, through the store, to one partner's inputs (or to the settings)."""
    partner = store.partners.get(partner_id)
    if what == "log":  # its last touch
        day = TODAY - timedelta(days=draw(st.integers(0, 60)))
        activity = Activity(date=day, kind=ActivityKind.CALL, text="called")
        store.partners.update(partner.model_copy(update={"activities": [activity]}))
    elif what == "typed":
        metrics = partner.metrics.model_copy(update={"revenue_attributed": Decimal("123.45")})
        store.partners.update(partner.model_copy(update={"metrics": metrics}))
    elif what == "terms":
        share = partner.models.revenue_share.model_copy(
            update={"enabled": True, "percent": Decimal("12.5"), "minimum_customers": 2})
        models = partner.models.model_copy(update={"revenue_share": share})
        store.partners.update(partner.model_copy(update={"models": models}))
    elif what == "deal":
        store.deals.add(draw(deals(partner_id, 99)), override=True)
    elif what == "refund":
        won = [d for d in store.deals.of_partner(partner_id) if d.status.value == "won"]
        if not won:
            store.deals.add(draw(deals(partner_id, 98)), override=True)
            return
        deal = won[0]
        assert deal.closed_on is not None
        store.deals.refund(deal.id, max(deal.closed_on, TODAY - timedelta(days=3)))
    else:
        current = store.program.settings()
        update = (
            {"tiers": "Registered 0; Silver 100; Gold 2,000 at 30%"} if what == "tiers"
            else {"quiet_active_days": 3, "quiet_prospect_days": 2}
        )
        rules = current.rules.model_copy(update=update)
        store.program.save_settings(current.model_copy(update={"rules": rules}))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(programs(), MONTH_DAYS, MONTH_DAYS, CHANGES, st.data())
def test_kept_figures_are_the_figures_computed_fresh_on_any_day_and_after_any_change(
    monkeypatch: pytest.MonkeyPatch, program: tuple, first: date, later: date, what: str,
    data: st.DataObject,
) -> None:
    people, sold, paid = program
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "partners.json"
        with opened(db) as store:
            write_program(store, program)
        assert fresh(db, first)  # read once through the store: now known valid
        ids = [p.id for p in people]
        with computed(monkeypatch) as seen:
            assert figures_as_of(trusted_store(db), first) == fresh(db, first)
        assert sorted(seen) == sorted(ids * 2)  # kept now (and computed fresh to compare)
        # Another day of the month: every figure as kept, the day's quiet by the rule.
        with computed(monkeypatch) as seen:
            kept = figures_as_of(trusted_store(db), later)
        assert seen == []
        assert kept == fresh(db, later)
        assert {k: f.as_json() for k, f in kept.items()} == {
            k: f.as_json() for k, f in fresh(db, later).items()}
        # The report's measures alike (its revenue by month kept for the file and month).
        for _ in range(2):
            assert deal_measures_as_of(trusted_store(db), later) == measures(db, later)
        # list --json's entries alike, kept for the month; and as printed on another day
        # of it, from what was kept alone.
        store = trusted_store(db)
        listed = list_document(store, listed_cards(store.partners), later, "board")
        assert listed == listing(db, later)
        other = data.draw(MONTH_DAYS)
        assert kept_text(db, other) == json_text(listing(db, other))
        # A change to one partner (or to the settings): only what it touched recomputed.
        changed = data.draw(st.sampled_from(ids))
        with monkeypatch.context() as patch:
            patch.setattr(clock, "today", lambda: TODAY)  # a writer in the same month
            with opened(db) as writer:
                change(writer, what, changed, data.draw)
        # The writer carried the kept entries to the file it wrote (but for a change of
        # the settings: the next reader computes them all again).
        day = data.draw(MONTH_DAYS)
        carried = kept_text(db, day)
        assert carried == json_text(listing(db, day)) or what in ("tiers", "quiet")
        # And the kept figures' month parts: each partner's names the new file (if it is
        # known valid: a change of the settings alone leaves it to be validated), the
        # unchanged partners' as they were, the changed partner's made by the close.
        file = db.resolve()
        digest = load_known_valid(file).file
        carried_parts = {
            pid: entry[1] for pid, entry in
            load(file, KIND, month_index(day), None).get("partners", {}).items()
            if entry[2] == digest
        } if digest == file_digest(file.read_bytes()) else {}
        if what not in ("tiers", "quiet"):
            assert set(carried_parts) == set(ids)
        truth = fresh(db, day)
        assert {pid: figures_on(part, day) for pid, part in carried_parts.items()} == {
            pid: truth[pid] for pid in carried_parts}
        assert fresh(db, later)  # validated and remembered, as any reader after a write does
        asked: list[str] = []
        real_key = PartnerInputs.key
        with computed(monkeypatch) as seen, monkeypatch.context() as patch:
            patch.setattr(PartnerInputs, "key", lambda self, pid, record: (
                asked.append(pid), real_key(self, pid, record))[1])
            kept = figures_as_of(trusted_store(db), day)
        assert kept == fresh(db, day)
        if what not in ("tiers", "quiet"):
            assert asked == [] and seen == []  # no partner's inputs checked, none computed
        assert set(seen) <= (set(ids) if what in ("tiers", "quiet") else {changed})
        assert deal_measures_as_of(trusted_store(db), day) == measures(db, day)
        store = trusted_store(db)
        with computed(monkeypatch) as seen:
            listed = list_document(store, listed_cards(store.partners), day, "board")
        assert set(seen) <= (set(ids) if what in ("tiers", "quiet") else {changed})
        assert listed == listing(db, day)
        assert kept_text(db, day) == json_text(listed)


def test_a_changed_tier_table_recomputes_every_partner(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers.seeding import seed_demo

    seed_demo(db_path)
    assert fresh(db_path, TODAY)
    figures_as_of(trusted_store(db_path), TODAY)  # kept
    with computed(monkeypatch) as seen:
        figures_as_of(trusted_store(db_path), TODAY)
    assert seen == []
    with opened(db_path) as store:
        current = store.program.settings()
        rules = current.rules.model_copy(update={"tiers": "Bronze 0; Platinum 1,000 at 40%"})
        store.program.save_settings(current.model_copy(update={"rules": rules}))
    assert fresh(db_path, TODAY)
    with computed(monkeypatch) as seen:
        kept = figures_as_of(trusted_store(db_path), TODAY)
    with PartnerStore(db_path, read_only=True) as store:
        every = store.partners.count()
    assert len(seen) == every  # none read as kept
    assert kept == fresh(db_path, TODAY)
    assert {f.tier for f in kept.values()} <= {"Bronze", "Platinum"}
    # A new month: all computed again too.
    with computed(monkeypatch) as seen:
        figures_as_of(trusted_store(db_path), TODAY + timedelta(days=1))
    assert month_index(TODAY + timedelta(days=1)) != month_index(TODAY)
    assert len(seen) == every


# Text that looks like the layout entries are cut at, or like the day's stand-ins.
LAYOUT_TEXT = st.text(
    alphabet=st.sampled_from(["a", " ", "\n", "{", "}", ",", '"', "\\", "é", "\ue000", "\x7f"]),
    max_size=10,
) | st.sampled_from([",\n    {\n", "\n    }", "\ue000as_of\ue000", "\ue000quiet_days\ue000"])
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**31), 2**31) | LAYOUT_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(LAYOUT_TEXT, inner, max_size=3),
    max_leaves=6,
)
ENTRIES = st.lists(
    st.builds(
        lambda company, extra, touch: {
            "company": company, "extra": extra,
            "figures": {"as_of": "x", "quiet_days": None, "last_touch": touch, "tier": company},
        },
        LAYOUT_TEXT, JSON_VALUE, st.none() | st.just("2026-03-01"),
    ),
    max_size=7,
)


@given(ENTRIES, MONTH_DAYS, st.none() | st.integers(0, 400), st.integers(1, 4))
def test_each_entrys_kept_text_is_what_the_document_prints_of_it(
    entries: list[dict[str, Any]], day: date, quiet: int | None, at_once: int
) -> None:
    from unittest import mock

    from partner_tui.speedups import list_cache
    from partner_tui.speedups.list_cache import HEAD, TAIL, entry_texts

    with mock.patch.object(list_cache, "_AT_ONCE", at_once):  # written a few at a time
        texts = entry_texts(entries)
    assert len(texts) == len(entries)
    for entry, parts in zip(entries, texts, strict=True):
        shown = {**entry, "figures": {**entry["figures"], "as_of": day.isoformat(),
                                      "quiet_days": quiet}}
        if parts is None:  # printed from the document instead: a stand-in in the data
            assert "\ue000" in json.dumps(entry, ensure_ascii=False)
            continue
        before, between, after = parts
        text = f'{before}"{day.isoformat()}"{between}{"null" if quiet is None else quiet}{after}'
        assert HEAD + text + TAIL == json_text({"partners": [shown]})
