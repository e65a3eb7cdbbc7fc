"""The Markdown report of an unchanged file written as kept (speedups/kept_report.py:
the month's report kept cut around its day's parts, speedups/kept_report_month.py) is
the store's report: on any day, to the terminal (escaped) and into a file (-o), each as
that way wrote it; the same day again and another day of the month are taken from it;
never after the file changed (a change through the program or by hand), in another
month or for another name. (The first report of a day through the command line, damage,
a link or a pipe, and no pydantic imported: tests/unit/cli/test_first_report_of_a_day.py.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain import clock
from partner_tui.profile.your_name import save_your_name
from partner_tui.speedups import file_board, kept_report, kept_report_month, report_carry
from partner_tui.speedups.kept_report import FILE, TERMINAL
from partner_tui.speedups.kept_report_month import kept_month_file

Cli = Callable[..., tuple[int, str, str]]
WAYS = (TERMINAL, FILE)


def _kept(db: Path, way: str) -> bytes | None:
    """The report of `db` written `way` for your name today, as kept (what `export`
    would write without reading the file); None when nothing kept serves."""
    report = kept_report.kept_report_of(db, way, clock.today())
    return None if report is None else b"".join(report[1])


def _forget(db: Path) -> None:
    """The month's report kept for `db`, both ways out, forgotten: the next report is
    made from the file (and kept)."""
    for way in WAYS:
        kept_month_file(db, way).unlink(missing_ok=True)


class _Taken:
    """Counts the reports written from the month kept (the file not read)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = kept_report_month.kept_month_report

        def counted(*args: Any) -> Any:
            got = real(*args)
            self.count += got is not None
            return got

        monkeypatch.setattr(kept_report_month, "kept_month_report", counted)


def _report(cli: Cli, db: Path, way: str, target: Path) -> tuple[bytes, str]:
    """What `export --format md` wrote `way` (its bytes) and said."""
    if way == TERMINAL:
        code, out, said = cli("--db", db, "export", "--format", "md")
        assert code == 0
        return out.encode("utf-8"), said
    code, _, said = cli("--db", db, "export", "--format", "md", "-o", target)
    assert code == 0
    return target.read_bytes(), said


def _stores_report(
    cli: Cli, db: Path, way: str, target: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[bytes, str]:
    """The report through the store: nothing kept read, the file validated."""
    with monkeypatch.context() as slow:
        slow.setattr(kept_report, "kept_report_of", lambda db, way, today: None)
        slow.setattr(file_board, "known_valid_store", lambda db: None)
        return _report(cli, db, way, target)


def _made(cli: Cli, db: Path, hostile_note: bool = True) -> None:
    """The demo's program, a note with bidi controls (escaped on a terminal, not in a
    file) written by hand, then read through the store: known valid."""
    assert cli("--db", db, "demo")[0] == 0
    if hostile_note:
        data = json.loads(db.read_text(encoding="utf-8"))
        record = next(iter(data["partners"].values()))
        record["notes"] = "first line\n\u2067x\u2069 second\x1b]0;t\x07"
        db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli("--db", db, "list")[0] == 0


def test_the_kept_report_is_the_stores_on_any_day_either_way(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _made(cli, db_path)
    start = clock.today()
    target = tmp_path / "report.md"
    taken = _Taken(monkeypatch)

    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(days=st.integers(0, 400), seconds=st.integers(0, 86399),
           way=st.sampled_from(WAYS), name=st.sampled_from(["", "Maya Okafor", "Zoë"]))
    def check(days: int, seconds: int, way: str, name: str) -> None:
        today = start + timedelta(days=days)
        now = datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(
            seconds=seconds)
        save_your_name(name)
        with monkeypatch.context() as day:
            day.setattr(clock, "today", lambda: today)
            day.setattr(clock, "now", lambda: now)
            _forget(db_path)  # else a month kept by an earlier example may serve
            fresh, fresh_said = _report(cli, db_path, way, target)  # made, and kept
            kept = _kept(db_path, way)
            assert kept is not None
            before = taken.count
            again, said = _report(cli, db_path, way, target)  # written as kept
            assert taken.count == before + 1
            slow, slow_said = _stores_report(cli, db_path, way, target, monkeypatch)
            assert kept == fresh == again == slow
            assert said == fresh_said == slow_said  # -o: the same count said
            assert (b"\\u2067" in kept) == (way == TERMINAL)  # each way's own escaping

    check()


def test_the_terminals_report_and_the_files_are_kept_apart(
    db_path: Path, cli: Cli, frozen_clock: object, tmp_path: Path,
) -> None:
    _made(cli, db_path)
    shown, _ = _report(cli, db_path, TERMINAL, tmp_path / "unused.md")
    assert _kept(db_path, TERMINAL) == shown and _kept(db_path, FILE) is None
    written, _ = _report(cli, db_path, FILE, tmp_path / "report.md")
    assert _kept(db_path, FILE) == written != shown
    assert "\u2067".encode() in written and "\u2067".encode() not in shown


def test_another_month_or_name_is_not_the_kept_report(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _made(cli, db_path, hostile_note=False)
    target = tmp_path / "report.md"
    save_your_name("Ada Lindqvist")
    written, _ = _report(cli, db_path, FILE, target)
    assert _kept(db_path, FILE) == written  # the same day again
    monkeypatch.setattr(clock, "today", lambda: date_after(1))
    next_day = _kept(db_path, FILE)  # another day of the month: filled in for it
    assert next_day is not None and next_day != written
    assert next_day == _stores_report(cli, db_path, FILE, target, monkeypatch)[0]
    monkeypatch.setattr(clock, "today", lambda: date_after(31))
    assert clock.today().month != date_after(0).month
    assert _kept(db_path, FILE) is None  # another month
    monkeypatch.setattr(clock, "today", lambda: date_after(0))
    assert _kept(db_path, FILE) == written  # the same day again
    save_your_name("Someone Else")
    assert _kept(db_path, FILE) is None  # another name
    written, _ = _report(cli, db_path, FILE, target)
    assert b"Someone Else" in written and b"Ada Lindqvist" not in written
    assert written == _stores_report(cli, db_path, FILE, target, monkeypatch)[0]


def date_after(days: int) -> date:
    from tests.conftest import FROZEN_TODAY

    return FROZEN_TODAY + timedelta(days=days)


def test_a_changed_files_report_is_not_the_one_kept_before(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """After `log`, the report kept is the old file's: not read. (The log's close carrying
    it to the new file is switched off here: tests/unit/cli/test_report_carried.py.)"""
    _made(cli, db_path)
    target = tmp_path / "report.md"
    before, _ = _report(cli, db_path, FILE, target)
    assert _kept(db_path, FILE) == before
    monkeypatch.setattr(report_carry, "carry_report", lambda *args: None)
    partner = json.loads(cli("--db", db_path, "export", "--format", "json")[1])["partners"][1]
    assert cli("--db", db_path, "log", partner["id"], "called them about the pilot")[0] == 0
    assert _kept(db_path, FILE) is None  # kept for the file before: not this one
    written, _ = _report(cli, db_path, FILE, target)
    assert b"called them about the pilot" in written
    assert written == _stores_report(cli, db_path, FILE, target, monkeypatch)[0]
    assert _kept(db_path, FILE) == written  # made from the file, and kept again


def test_a_file_changed_behind_its_stamp_is_read(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Bytes rewritten by hand (another stamp): the kept report is not vouched for."""
    _made(cli, db_path)
    _report(cli, db_path, TERMINAL, tmp_path / "unused.md")
    assert _kept(db_path, TERMINAL) is not None
    data = json.loads(db_path.read_text(encoding="utf-8"))
    next(iter(data["partners"].values()))["company"] = "Renamed By Hand"
    db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _kept(db_path, TERMINAL) is None
    shown, _ = _report(cli, db_path, TERMINAL, tmp_path / "unused.md")
    assert b"Renamed By Hand" in shown
    assert shown == _stores_report(cli, db_path, TERMINAL, tmp_path / "u.md", monkeypatch)[0]


def test_a_days_report_an_older_program_kept_is_never_read(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A state folder from before round 9 may hold the day's whole report (kind
    "md-report"): written here as that program wrote it, for this file, day and name and
    under this program's stamp even, it is never read: the month's report is, and with
    none kept the report is made from the file."""
    from partner_tui.speedups.kept_text_file import TextFileWriter
    from partner_tui.speedups.known_valid import vouched_digest
    from partner_tui.speedups.state_cache import program_stamp
    from partner_tui.store.file.lock import data_file

    _made(cli, db_path)
    target = tmp_path / "report.md"
    written, _ = _report(cli, db_path, FILE, target)
    file = data_file(db_path)
    digest = vouched_digest(file)
    assert digest is not None
    for way in WAYS:  # the old ReportKeeper's file, to the byte of its layout
        old = TextFileWriter(file, "md-report", way, f"{program_stamp()}/1")
        old.write(b"# planted\n")
        old.finish({"file": digest, "day": clock.today().isoformat(),
                    "name": kept_report.name_key(kept_report.your_given_name()),
                    "count": 0, "length": 10})
    assert _report(cli, db_path, FILE, target)[0] == written  # the month's
    _forget(db_path)
    assert _report(cli, db_path, FILE, target)[0] == written  # made from the file
    shown, _ = _report(cli, db_path, TERMINAL, target)
    assert b"# planted" not in shown
    assert shown == _stores_report(cli, db_path, TERMINAL, target, monkeypatch)[0]
