"""The Markdown report after a change, carried by the store's close (speedups/
report_carry.py), through the command line on the demo's program (deals, payments, a
note with controls): after any changes by `log`, `move` and `pay` one after the other,
each followed by a report either way out on some day of the month, the report is the
store's, and it is taken from the month kept (the file not read) whenever the close
carried it (always, when MORE is never worn); a change of the settings, your name, a new
month, too many partners changed at once or a worn MORE are not carried, and their report is still the store's. The
report after `log` imports no pydantic."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain import clock
from partner_tui.profile.your_name import save_your_name
from partner_tui.speedups import report_carry
from partner_tui.speedups.kept_report import FILE, TERMINAL
from partner_tui.speedups.kept_report_month import kept_month_file
from tests.helpers.fresh_cli import FreshCli
from tests.unit.cli.test_first_report_of_a_day import _index
from tests.unit.cli.test_first_report_of_a_day import _report as report_of
from tests.unit.cli.test_first_report_of_a_day import _stores_report as stores_report
from tests.unit.cli.test_kept_report import WAYS, _made, _Taken

Cli = Callable[..., tuple[int, str, str]]

# A change through the command line: `log` a note on the nth partner, `move` it, or
# `pay` it for last month; then a report written one way on a day of the month.
CHANGES = st.lists(
    st.tuples(st.sampled_from(["log", "move", "pay"]), st.integers(0, 24),
              st.sampled_from(["prospect", "engage", "negotiate", "active", "archived"]),
              st.sampled_from(WAYS), st.integers(0, 27)),
    min_size=1, max_size=5,
)


def _ids(cli: Cli, db: Path) -> list[str]:
    return [p["id"] for p in json.loads(cli("--db", db, "list", "--json")[1])["partners"]]


def _both_ways(cli: Cli, db: Path, target: Path) -> None:
    """A report each way out, made from the file: the month kept both ways."""
    for way in WAYS:
        report_of(cli, db, way, target)


def _change(cli: Cli, db: Path, how: str, pid: str, stage: str) -> None:
    if how == "log":
        assert cli("--db", db, "log", pid, "called about the pilot [/] *x*")[0] == 0
    elif how == "move":
        reason = ["--reason", "paused"] if stage == "archived" else []
        assert cli("--db", db, "move", pid, stage, *reason)[0] in (0, 1)  # (already there)
    else:
        last = clock.today().replace(day=1) - timedelta(days=1)
        assert cli("--db", db, "pay", pid, "--period", last.strftime("%Y-%m"),
                   "--amount", "12.50")[0] in (0, 1)  # (a partner with no terms)


def test_each_report_after_changes_is_the_stores(
    cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    @settings(max_examples=6, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(changes=CHANGES, share=st.sampled_from([0, report_carry.MORE_SHARE]))
    def check(changes: list[tuple[str, int, str, str, int]], share: int) -> None:
        # MORE never worn (0), or at the program's share: worn after a few changes of
        # the demo's 25 partners (then made from the file again, and carried after).
        monkeypatch.setattr(report_carry, "MORE_SHARE", share)
        folder = tmp_path_factory.mktemp("db")
        db, target = folder / "partners.json", folder / "report.md"
        _made(cli, db)
        start = clock.today().replace(day=1)
        _both_ways(cli, db, target)
        ids = _ids(cli, db)
        taken = _Taken(monkeypatch)
        for how, n, stage, way, day in changes:
            before = db.read_bytes()
            _change(cli, db, how, ids[n], stage)
            with monkeypatch.context() as on:
                on.setattr(clock, "today", lambda day=day: start + timedelta(days=day))
                count = taken.count
                written = report_of(cli, db, way, target)
                # Carried by the close (the file changed) or the unchanged file's: taken
                # from the month kept, never the file read (MORE never worn).
                assert taken.count == count + 1 or db.read_bytes() == before or share
                assert written == stores_report(cli, db, way, target, monkeypatch)

    check()


def test_a_log_is_carried_both_ways_and_the_note_is_there(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _made(cli, db_path)
    target = tmp_path / "report.md"
    _both_ways(cli, db_path, target)
    pid = _ids(cli, db_path)[3]
    assert cli("--db", db_path, "log", pid, "called them about the pilot")[0] == 0
    for way in WAYS:
        taken = _Taken(monkeypatch)
        written = report_of(cli, db_path, way, target)
        assert taken.count == 1 and b"called them about the pilot" in written
        assert written == stores_report(cli, db_path, way, target, monkeypatch)


def _not_carried(
    cli: Cli, db: Path, target: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[], None]
) -> None:
    """After `change`, the report is made from the file (not taken), and is the store's."""
    _both_ways(cli, db, target)
    change()
    for way in WAYS:
        taken = _Taken(monkeypatch)
        written = report_of(cli, db, way, target)
        assert taken.count == 0
        assert written == stores_report(cli, db, way, target, monkeypatch)


@pytest.mark.parametrize(
    "how", ["currency", "your name", "new month", "too many", "worn", "damaged sums"])
def test_what_is_not_carried_is_made_from_the_file(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, how: str,
) -> None:
    from partner_tui.speedups.store_speedups import store_speedups
    from partner_tui.store.partner_store import PartnerStore

    _made(cli, db_path)
    pid = _ids(cli, db_path)[5]

    def change() -> None:
        if how == "currency":
            with PartnerStore(db_path, hooks=store_speedups()) as store:
                program = store.program
                program.save_settings(
                    program.settings().model_copy(update={"currency_symbol": "kr"}))
            return
        if how == "your name":
            save_your_name("Someone Else")
        elif how == "new month":
            later = clock.today().replace(day=1) + timedelta(days=40)
            monkeypatch.setattr(clock, "today", lambda: later)
        elif how == "too many":
            monkeypatch.setattr(report_carry, "MADE_AT_CLOSE", 0)
        elif how == "damaged sums":  # (the index rewritten as the damage tests do)
            for way in WAYS:
                kept = kept_month_file(db_path, way)
                index = _index(kept)
                index["sums"]["leads"] = "many"
                _index(kept, index)
        else:
            monkeypatch.setattr(report_carry, "MORE_SHARE", 10**9)  # any MORE is worn
        assert cli("--db", db_path, "log", pid, "a note")[0] == 0

    if how == "worn":  # a MORE file first (a carried log): then worn at any size
        _both_ways(cli, db_path, tmp_path / "report.md")
        assert cli("--db", db_path, "log", pid, "first")[0] == 0
    _not_carried(cli, db_path, tmp_path / "report.md", monkeypatch, change)


def test_a_file_changed_by_hand_is_not_carried(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _made(cli, db_path)

    def change() -> None:
        data = json.loads(db_path.read_text(encoding="utf-8"))
        record = next(iter(data["partners"].values()))
        record["notes"] = "edited by hand"
        db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        assert cli("--db", db_path, "list")[0] == 0  # read through the store: known valid

    _not_carried(cli, db_path, tmp_path / "report.md", monkeypatch, change)


def test_the_report_after_a_log_imports_no_pydantic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The demo's program reported once; `log` changes one partner (its close carries
    the report); the next report imports neither pydantic nor any model, and is the
    report made through the file. A fresh interpreter per command."""
    watched = ("pydantic", "partner_tui.domain.program")
    today = date.today()
    monkeypatch.setenv("PARTNER_TUI_TODAY", today.replace(day=1).isoformat())
    run = FreshCli(tmp_path, watched)
    run.config.mkdir()
    (run.config / "config.json").write_text('{"your_name": "Maya Okafor"}')
    run("demo")
    run("list")  # read through the store once: now known valid
    assert "pydantic" in run("export", "--format", "md", "-o", tmp_path / "first.md")
    data = json.loads(run.db.read_text(encoding="utf-8"))
    pid = next(iter(data["partners"]))
    run("log", pid, "called them about the pilot")
    monkeypatch.setenv("PARTNER_TUI_TODAY", today.replace(day=2).isoformat())
    run = FreshCli(tmp_path, watched)
    assert run("export", "--format", "md", "-o", tmp_path / "kept.md") == ""
    for way in (FILE, TERMINAL):  # that day's report through the file: nothing kept
        kept_month_file(run.db, way).unlink(missing_ok=True)
    assert "pydantic" in run("export", "--format", "md", "-o", tmp_path / "made.md")
    kept = (tmp_path / "kept.md").read_bytes()
    assert kept == (tmp_path / "made.md").read_bytes()
    assert b"called them about the pilot" in kept
