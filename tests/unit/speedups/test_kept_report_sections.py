"""The Markdown report through kept sections (speedups/kept_report_sections.py) is the
store's report: on any day of the month, after any change to one partner's inputs or to
the settings; only sections whose record or figures changed are made again; a kept file
that is damaged is read as nothing kept."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli.export_stream import Exported, export_chunks
from partner_tui.domain import clock
from partner_tui.speedups import kept_report_sections
from partner_tui.speedups.kept_report_sections import KIND, PART, KeptSections
from partner_tui.speedups.state_cache import kept_file
from tests.unit.exchange.test_one_truth import TODAY, programs
from tests.unit.speedups.test_kept_figures import (
    CHANGES,
    MONTH_DAYS,
    change,
    fresh,
    opened,
    trusted_store,
    write_program,
)


def report(store: Any, day: date, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(clock, "today", lambda: day)
        return "".join(export_chunks(store, "md", False, Exported()))


def stores_report(db: Path, day: date, monkeypatch: pytest.MonkeyPatch) -> str:
    """The report from the store (nothing kept read)."""
    with opened(db, read_only=True) as store:
        return report(store, day, monkeypatch)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(programs(), MONTH_DAYS, MONTH_DAYS, CHANGES, st.data())
def test_the_report_through_kept_sections_is_the_stores_any_day_and_after_any_change(
    monkeypatch: pytest.MonkeyPatch, program: tuple, first: date, later: date, what: str,
    data: st.DataObject,
) -> None:
    people, _, _ = program
    made: list[str] = []
    real = KeptSections.section

    def counting(self: KeptSections, partner: Any, *args: Any) -> Any:
        before = self._made
        found = real(self, partner, *args)
        if self._made != before:
            made.append(partner.id)
        return found

    monkeypatch.setattr(KeptSections, "section", counting)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "partners.json"
        with opened(db) as store:
            write_program(store, program)
        assert fresh(db, first)  # read once through the store: now known valid
        assert report(trusted_store(db), first, monkeypatch) == stores_report(
            db, first, monkeypatch)
        assert sorted(made) == sorted(p.id for p in people)  # every section made, kept
        assert kept_file(db, KIND, PART).exists()
        made.clear()
        # Another day: every section as kept, its due text filled in.
        assert report(trusted_store(db), later, monkeypatch) == stores_report(
            db, later, monkeypatch)
        assert made == []
        changed = data.draw(st.sampled_from([p.id for p in people]))
        with monkeypatch.context() as patch:
            patch.setattr(clock, "today", lambda: TODAY)
            with opened(db) as writer:
                change(writer, what, changed, data.draw)
        assert fresh(db, later)  # validated and remembered
        day = data.draw(MONTH_DAYS)
        made.clear()
        assert report(trusted_store(db), day, monkeypatch) == stores_report(
            db, day, monkeypatch)
        if what not in ("tiers", "quiet"):  # those may change everyone's figures
            assert set(made) <= {changed}


SOME = programs().filter(lambda program: bool(program[0]))


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=SOME)
@pytest.mark.parametrize("damage", ["cut", "garbage", "empty", "another symbol"])
def test_a_damaged_kept_file_is_nothing_kept(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
    damage: str, program: tuple,
) -> None:
    db = tmp_path_factory.mktemp("db") / "partners.json"
    with opened(db) as store:
        write_program(store, program)
    expected = stores_report(db, TODAY, monkeypatch)
    assert report(trusted_store(db), TODAY, monkeypatch) == expected
    kept = kept_file(db, KIND, PART)
    content = kept.read_bytes()
    if damage == "cut":
        kept.write_bytes(content[: len(content) // 2])
    elif damage == "garbage":
        kept.write_bytes(b"\x00" * len(content))
    elif damage == "empty":
        kept.write_bytes(b"")
    else:  # kept for another currency symbol: read as nothing kept
        monkeypatch.setattr(kept_report_sections, "key", lambda symbol: "another")
    assert report(trusted_store(db), TODAY, monkeypatch) == expected


def test_a_stand_in_in_the_data_is_never_taken_for_the_due_text() -> None:
    """A section whose data holds the stand-in is made with the real due text, not kept;
    one with no due text is kept whole."""
    from types import SimpleNamespace

    from partner_tui.speedups.kept_report_sections import DUE

    record = {"id": "p1", "notes": DUE}
    board = SimpleNamespace(
        file=Path(tempfile.mkdtemp()) / "partners.json", digest="d",
        index=SimpleNamespace(cards={"p1": SimpleNamespace(record=record)}),
    )
    kept = KeptSections(board, "$")  # type: ignore[arg-type]
    partner = SimpleNamespace(id="p1")
    figures = SimpleNamespace(typed=False, leads=0, deals_won=0, revenue=0, payout=0,
                              paid=0, satisfaction=None, roi=None)

    def make(due: str) -> str:
        return f"### Acme\\n- **Next action:** call ({due})\\n> {DUE}\\n"

    assert kept.section(partner, figures, "due 2026-12-09, in 2 days", make) == make(
        "due 2026-12-09, in 2 days")  # type: ignore[arg-type]
    assert kept._now == []
    assert kept.section(partner, figures, "", make) == make("")  # type: ignore[arg-type]
    assert kept._now == [["p1", kept._now[0][1], kept._now[0][2], make(""), None]]
