"""`show` of a file known valid reads only the partner's records, by the spans kept for
the file (speedups/record_spans.py), and prints exactly what the store prints."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from partner_tui.paths import state_file
from partner_tui.speedups import file_board
from partner_tui.speedups.file_board import known_valid_board, one_partner_store

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def demo_db(db_path: Path, cli: Cli, frozen_clock: object) -> Path:
    assert cli("--db", db_path, "demo")[0] == 0
    assert cli("--db", db_path, "list")[0] == 0  # read once through the store: now known
    assert known_valid_board(db_path) is not None  # read whole: the spans kept
    assert state_file(db_path, "spans").exists()
    return db_path


def _every_show(demo_db: Path, cli: Cli) -> list[tuple[str, ...]]:
    """show of every partner by id, by name (any case, spaces doubled), with and
    without --json, and names that match none or part of one."""
    listed = json.loads(cli("--db", demo_db, "list", "--json")[1])["partners"]
    shows: list[tuple[str, ...]] = []
    for p in listed:
        shows += [("show", p["id"]), ("show", p["id"], "--json")]
    first = listed[0]["company"]
    shows += [("show", "  " + first.upper().replace(" ", "  ")), ("show", first, "--json"),
              ("show", first[:3]), ("show", "no such partner"), ("show", " ")]
    return shows


def test_show_by_spans_prints_what_the_store_prints_for_every_partner(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    assert data.get("deals") and data.get("payments")  # figures from deals and payments
    shows = _every_show(demo_db, cli)

    def unread(db: Path) -> None:
        raise AssertionError("the whole data file was read")

    with monkeypatch.context() as patch:
        patch.setattr(file_board, "_known_valid_read", unread)
        by_spans = {args: cli("--db", demo_db, *args) for args in shows[:-3]}
    by_spans.update({args: cli("--db", demo_db, *args) for args in shows[-3:]})
    monkeypatch.setattr(file_board, "one_partner_store", lambda db, partner: None)
    whole = {args: cli("--db", demo_db, *args) for args in shows}
    monkeypatch.setattr(file_board, "known_valid_board", lambda db: None)
    monkeypatch.setattr(file_board, "kept_board", lambda db, with_deals: None)
    store = {args: cli("--db", demo_db, *args) for args in shows}
    assert by_spans == whole == store
    assert all(by_spans[args][0] == 0 for args in shows[:-3])


def test_a_file_changed_since_is_never_read_by_its_spans(demo_db: Path, cli: Cli) -> None:
    partner = next(iter(json.loads(demo_db.read_text(encoding="utf-8"))["partners"]))
    assert one_partner_store(demo_db, partner) is not None
    content = demo_db.read_bytes()
    # The same bytes written again (a new inode and times): the stamp no longer vouches.
    demo_db.write_bytes(content)
    assert one_partner_store(demo_db, partner) is None
    # A change of one byte in place, size and modification time kept.
    stat = demo_db.stat()
    at = content.index(b'"company": "') + len(b'"company": "')
    changed = content[:at] + bytes([content[at] ^ 0x20]) + content[at + 1:]
    demo_db.write_bytes(changed)
    os.utime(demo_db, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert one_partner_store(demo_db, partner) is None
    code, _out, _err = cli("--db", demo_db, "show", partner)
    assert code == 0  # read through the store, which validates it


def test_a_file_not_in_the_stores_layout_keeps_no_spans(
    db_path: Path, cli: Cli, frozen_clock: object
) -> None:
    assert cli("--db", db_path, "demo")[0] == 0
    data = json.loads(db_path.read_text(encoding="utf-8"))
    db_path.write_text(json.dumps(data), encoding="utf-8")  # valid, one line
    assert cli("--db", db_path, "list")[0] == 0  # validated by the store: known valid
    assert known_valid_board(db_path) is not None
    kept = json.loads(state_file(db_path, "spans").read_bytes())
    assert kept["partners"] is None  # kept as none: not worked out again on each read
    partner = next(iter(data["partners"]))
    assert one_partner_store(db_path, partner) is None
    assert cli("--db", db_path, "show", partner)[0] == 0


@pytest.fixture
def tricky_db(db_path: Path, cli: Cli, frozen_clock: object) -> dict[str, str]:
    """Partners whose names and notes look like markup or escapes, non-ASCII text, an
    active partner with ticked and unticked cadence items, typed figures and figures
    from deals; the file then read once through the store (known valid, spans kept)."""
    from decimal import Decimal

    from partner_tui.domain.metrics import Metrics
    from partner_tui.domain.partner import Activity, new_partner
    from partner_tui.domain.partnership_models import PartnershipModels, RevenueShare
    from partner_tui.domain.stages import ArchiveReason, Stage
    from tests.helpers.seeding import seed_deals, seed_partners, won_deal

    share = RevenueShare(enabled=True, percent=Decimal(20), steps="20% x 12, 10% x 12",
                         cap_per_customer=Decimal(5000))
    ids = seed_partners(db_path, [
        new_partner("[/]", Stage.ENGAGE, contact_name="[@click=app.quit]Jane[/]",
                    next_action="[b]Call[/b]", next_action_date=frozen_clock.date(),  # type: ignore[attr-defined]
                    notes="[red]not markup[/red]\n\x1b]52;c;eA==\x07 second line"),
        new_partner("[@click=app.bell]Acme[/] Café 株式会社", Stage.ACTIVE,
                    contact_email="jane@acme.io", website="acme.io", tags=["[b]", "ü"],
                    metrics=Metrics(leads_generated=7, deals_closed=2,
                                    revenue_attributed=Decimal("1234.50"),
                                    internal_cost=Decimal(300)),
                    cadence={"monthly": {"review_metrics": True},
                             "monthly_last_completed": "2025-12-01"},
                    activities=[Activity(date=frozen_clock.date(), text="[i]met[/i] Zoë")]),  # type: ignore[attr-defined]
        new_partner("Deals Ltd", Stage.ACTIVE, models=PartnershipModels(revenue_share=share)),
        new_partner("Gone \u202eevil", Stage.ARCHIVED, archive_reason=ArchiveReason.PAUSED),
    ])
    seed_deals(db_path, won_deal(ids["Deals Ltd"], "Beta", "beta.io"))
    from partner_tui.store.partner_store import PartnerStore

    with PartnerStore(db_path) as store:  # a currency other than the default
        store.program.save_settings(
            store.program.settings().model_copy(update={"currency_symbol": "€"}))
    assert cli("--db", db_path, "list")[0] == 0  # read through the store: now known valid
    assert known_valid_board(db_path) is not None  # read whole: the spans kept
    assert state_file(db_path, "spans").exists()
    return ids


def test_show_of_tricky_partners_reads_their_records_and_prints_what_the_store_prints(
    tricky_db: dict[str, str], db_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partner_tui.cli.shown_partner import ShownPartner

    def no_model(partner: object) -> ShownPartner:
        raise AssertionError("a model was built for show")

    shows = [("show", partner_id) for partner_id in tricky_db.values()]
    with monkeypatch.context() as patch:  # read from the records: no model built
        patch.setattr(ShownPartner, "of_partner", no_model)
        by_records = {args: cli("--db", db_path, *args) for args in shows}
    monkeypatch.setattr(file_board, "one_partner_store", lambda db, partner: None)
    monkeypatch.setattr(file_board, "known_valid_board", lambda db: None)
    monkeypatch.setattr(file_board, "kept_board", lambda db, with_deals: None)
    by_store = {args: cli("--db", db_path, *args) for args in shows}  # the models
    assert by_records == by_store
    text = "".join(out for _code, out, _err in by_records.values())
    assert "[@click=app.bell]Acme[/] Café 株式会社" in text and "\x1b" not in text
    assert "(typed)" in text and "(from deals)" in text and "Share terms" in text
    assert "€1,234.50" in text
    from partner_tui.cli.shown_partner import currency_of_settings

    settings = json.loads(db_path.read_text(encoding="utf-8"))["settings"]
    assert currency_of_settings(settings) == "€"  # read from the record, as shown
    assert "(monthly cadence)" in text and "Due:" in text and "(paused)" in text
