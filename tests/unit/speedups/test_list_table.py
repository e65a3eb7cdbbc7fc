"""`list` on the first call of a day prints the table laid out for the file
(speedups/list_table.py), its next actions' days spelled as of the day. Held here to the
table the cards print (cli/partner_text.partner_table), for arbitrary partners and days,
kept and read back as the command does."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli import partner_text
from partner_tui.speedups import list_table
from partner_tui.store.records.cards import PartnerCard

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
TEXT = st.one_of(
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40),
    st.text(max_size=40),
    st.sampled_from(["", "   ", "Café 株式会社", "a\x1fb", "line\nbreak", "100%s"]),
)
RECORD = st.fixed_dictionaries(
    {"id": st.uuids().map(lambda u: u.hex[:12]) | TEXT,
     "stage": st.sampled_from(["prospect", "engage", "active", "archived"])},
    optional={
        "company": TEXT,
        "contact_name": TEXT,
        "contact_email": TEXT,
        "next_action": TEXT,
        "next_action_date": DAYS.map(date.isoformat) | st.sampled_from(["", "not a day"]),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RECORD, max_size=10), DAYS, DAYS)
def test_the_table_laid_out_prints_the_cards_table_on_any_day(
    records: list[dict[str, str]], laid_on: date, today: date
) -> None:
    cards = [PartnerCard(raw) for raw in records]
    head, rows = partner_text.table_layout(cards) if cards else ("", [])
    assert (partner_text.table_lines(head, rows, laid_on) if rows else []) == (
        partner_text.partner_table(cards, laid_on))
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "partners.json"
        list_table.keep_table(file, "digest", "list", head, rows)
        kept = list_table.kept_table(file, "digest", "list")
        assert list_table.kept_table(file, "another digest", "list") is None
        assert list_table.kept_table(file, "digest", "list --stage active") is None
    if kept is None:  # an id with a line break or the separator: not kept, read again
        assert any("\n" in r["id"] or list_table.SEP in r["id"] for r in records)
        return
    kept_head, kept_rows = kept
    printed = partner_text.table_lines(kept_head, kept_rows, today) if kept_rows else []
    assert printed == partner_text.partner_table(cards, today)


def test_a_table_kept_by_another_layout_or_damaged_is_not_read(db_path: Path) -> None:
    from partner_tui.speedups import state_cache

    cards = [PartnerCard({"id": "a", "stage": "engage", "next_action_date": "2026-12-01"})]
    head, rows = partner_text.table_layout(cards)
    list_table.keep_table(db_path, "d1", "list", head, rows)
    assert list_table.kept_table(db_path, "d1", "list") == (head, rows)
    kept = state_cache.kept_file(db_path, list_table.KIND, list_table._part("list"))
    kept.write_bytes(kept.read_bytes() + b"\nno separator here")
    assert list_table.kept_table(db_path, "d1", "list") is None
