"""The first Markdown report of a day through the command line (speedups/
kept_report_month.py) on the demo's program (deals, payments, a note with controls): the
first report of another day of the month is taken from the month kept (asserted), is
the store's report of that day, either way out, and imports no pydantic, nor does the
same day's next report (after a change: tests/unit/cli/test_report_carried.py); another
month's or file's, damage, a link or a pipe read as nothing kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain import clock
from partner_tui.profile.your_name import save_your_name
from partner_tui.speedups.kept_report import FILE
from partner_tui.speedups.kept_report_month import kept_month_file
from tests.helpers.fresh_cli import FreshCli
from tests.helpers.kept_damage import damaged
from tests.unit.cli.test_kept_report import WAYS, _forget, _made, _Taken
from tests.unit.cli.test_kept_report import _report as kept_reports
from tests.unit.cli.test_kept_report import _stores_report as stores_report

Cli = Callable[..., tuple[int, str, str]]


def _report(cli: Cli, db: Path, way: str, target: Path) -> bytes:
    """What `export --format md` wrote `way` (its bytes)."""
    return kept_reports(cli, db, way, target)[0]


def _stores_report(cli: Cli, db: Path, way: str, target: Path,
                   monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The report through the store: nothing kept read, the file validated."""
    return stores_report(cli, db, way, target, monkeypatch)[0]


def test_the_first_report_of_a_day_is_the_stores(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _made(cli, db_path)
    start = clock.today()
    target = tmp_path / "report.md"
    taken = _Taken(monkeypatch)

    @settings(max_examples=10, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(made=st.integers(0, 27), later=st.integers(0, 27), months=st.integers(0, 14),
           way=st.sampled_from(WAYS), name=st.sampled_from(["", "Maya Okafor"]))
    def check(made: int, later: int, months: int, way: str, name: str) -> None:
        first = (start.replace(day=1) + timedelta(days=31 * months)).replace(day=1)
        save_your_name(name)
        with monkeypatch.context() as day:
            day.setattr(clock, "today", lambda: first + timedelta(days=made))
            _report(cli, db_path, way, target)  # made and kept, or filled in
            day.setattr(clock, "today", lambda: first + timedelta(days=later))
            before = taken.count
            filled = _report(cli, db_path, way, target)
            assert taken.count == before + 1  # taken from the month kept
            assert filled == _stores_report(cli, db_path, way, target, monkeypatch)

    check()


def _index(kept: Path, new: dict[str, Any] | None = None) -> dict[str, Any]:
    """The kept file's index (kept_text_file's layout: the key's line, the text, "\n",
    the index, where it starts); with `new`, the index replaced by it."""
    content = kept.read_bytes()
    first, _, rest = content.partition(b"\n")
    body, _, index_and_where = rest.rpartition(b"\n")
    if new is not None:
        at = len(first) + 1 + len(body) + 1
        kept.write_bytes(first + b"\n" + body + b"\n"
                         + json.dumps(new, ensure_ascii=False).encode("utf-8") + b"%020d" % at)
    return json.loads(index_and_where[:-20])  # type: ignore[no-any-return]


DAMAGES = ["garbage", "another program", "another file", "another month", "cut short",
           "longer", "hole past the end", "holes out of order", "a day missing", "no day",
           "a stretch past its file", "stretches not adding up", "link", "pipe"]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_month_is_nothing_kept(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, damage: str,
) -> None:
    _made(cli, db_path)
    target = tmp_path / "report.md"
    written = _report(cli, db_path, FILE, target)
    kept = kept_month_file(db_path, FILE)
    if damage == "longer":  # text added, the index unchanged
        first, _, rest = kept.read_bytes().partition(b"\n")
        kept.write_bytes(first + b"\n# planted\n" + rest)
    elif not damaged(kept, damage, tmp_path):  # the index's holes or heads
        index = _index(kept)
        if damage == "hole past the end":
            index["at"][-1] = index["length"]
        elif damage == "holes out of order":
            index["at"][0], index["at"][-1] = index["at"][-1], index["at"][0]
        elif damage == "a day missing":
            index["heads"].pop()
        elif damage == "a stretch past its file":
            index["runs"][-1][2] += 10**6
            index["length"] += 10**6
        elif damage == "stretches not adding up":
            index["length"] -= 1
        else:
            index["days"][0] = 0
        _index(kept, index)
    taken = _Taken(monkeypatch)
    again = _report(cli, db_path, FILE, target)
    assert taken.count == 0
    assert again == written == _stores_report(cli, db_path, FILE, target, monkeypatch)
    if damage not in ("link", "pipe"):  # made again by the report that read the file
        assert _report(cli, db_path, FILE, target) == written and taken.count == 1


def test_an_undamaged_index_rewritten_is_still_taken(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The damage test's rewriting of the index is sound: unchanged, it is taken."""
    _made(cli, db_path)
    target = tmp_path / "report.md"
    written = _report(cli, db_path, FILE, target)
    kept = kept_month_file(db_path, FILE)
    index = _index(kept)
    assert index["at"]  # the demo's partners have next actions
    _index(kept, index)
    taken = _Taken(monkeypatch)
    assert _report(cli, db_path, FILE, target) == written and taken.count == 1


def test_the_first_report_of_a_day_imports_no_pydantic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The demo's program reported once; the same day's next report and the first report
    of the next day (of the same month) import neither pydantic nor any model: the
    first is what the report made wrote, the second the report of that day made through
    the file. A fresh interpreter per command."""
    watched = ("pydantic", "partner_tui.domain.program")
    today = date.today()
    made, day = today.replace(day=1), today.replace(day=2)
    monkeypatch.setenv("PARTNER_TUI_TODAY", made.isoformat())
    run = FreshCli(tmp_path, watched)
    run.config.mkdir()
    (run.config / "config.json").write_text('{"your_name": "Maya Okafor"}')
    run("demo")
    run("list")  # read through the store once: now known valid
    assert "pydantic" in run("export", "--format", "md", "-o", tmp_path / "first.md")
    assert run("export", "--format", "md", "-o", tmp_path / "again.md") == ""
    first = (tmp_path / "first.md").read_bytes()
    assert (tmp_path / "again.md").read_bytes() == first and b"Maya Okafor" in first
    monkeypatch.setenv("PARTNER_TUI_TODAY", day.isoformat())
    run = FreshCli(tmp_path, watched)  # the same folders, on the next day
    assert run("export", "--format", "md", "-o", tmp_path / "kept.md") == ""
    _forget(run.db)  # that day's report through the file: nothing kept
    assert "pydantic" in run("export", "--format", "md", "-o", tmp_path / "made.md")
    kept = (tmp_path / "kept.md").read_bytes()
    assert kept == (tmp_path / "made.md").read_bytes()
    assert f"as of {day.isoformat()}".encode() in kept and b"Maya Okafor" in kept


def test_the_demo_reports_figures_from_deals(
    db_path: Path, cli: Cli, frozen_clock: object, tmp_path: Path,
) -> None:
    """The command line tests above report figures from deals and payments."""
    _made(cli, db_path)
    assert b"(from deals)" in _report(cli, db_path, FILE, tmp_path / "report.md")
