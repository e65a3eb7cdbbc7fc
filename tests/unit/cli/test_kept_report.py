"""The Markdown report of an unchanged file written as kept by the day's first report
(speedups/kept_report.py) is the store's report: on any day, to the terminal (escaped)
and into a file (-o), each as that way wrote it; never after the file changed (a change
through the program or by hand), on another day or for another name; a kept report
damaged, another program's or another file's, planted as a link or a pipe reads as
nothing kept. It imports no pydantic."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain import clock
from partner_tui.profile.your_name import save_your_name
from partner_tui.speedups import file_board, kept_report
from partner_tui.speedups.kept_report import FILE, TERMINAL, kept_report_file, your_given_name
from partner_tui.speedups.kept_report_month import kept_month_file
from partner_tui.speedups.known_valid import vouched_digest
from partner_tui.store.file.lock import data_file
from tests.helpers.fresh_cli import FreshCli
from tests.helpers.kept_damage import damaged

Cli = Callable[..., tuple[int, str, str]]
WAYS = (TERMINAL, FILE)


def _kept(db: Path, way: str) -> bytes | None:
    """The report kept whole for `db` today for your name, written `way`; None when not
    kept (the month's kept cut, kept_report_of's other source, is not looked at:
    tests/unit/cli/test_first_report_of_a_day.py holds it)."""
    file = data_file(db)
    digest = vouched_digest(file)
    if digest is None:
        return None
    report = kept_report.kept_report(file, digest, clock.today(), your_given_name(), way)
    return None if report is None else b"".join(report[1])


def _forget_the_month(db: Path) -> None:
    """The month's report kept cut around its day's parts (speedups/kept_report_month.py,
    held by tests/unit/cli/test_first_report_of_a_day.py) forgotten."""
    for way in WAYS:
        kept_month_file(db, way).unlink(missing_ok=True)


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
            _forget_the_month(db_path)  # else the first report of a day is filled from it
            fresh, fresh_said = _report(cli, db_path, way, target)  # made, or kept earlier
            kept = _kept(db_path, way)
            assert kept is not None
            again, said = _report(cli, db_path, way, target)  # written as kept
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


def test_another_day_or_name_is_not_the_kept_report(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _made(cli, db_path, hostile_note=False)
    target = tmp_path / "report.md"
    save_your_name("Ada Lindqvist")
    _report(cli, db_path, FILE, target)
    assert _kept(db_path, FILE) is not None
    monkeypatch.setattr(clock, "today", lambda: date_after(1))
    assert _kept(db_path, FILE) is None  # another day
    monkeypatch.setattr(clock, "today", lambda: date_after(0))
    assert _kept(db_path, FILE) is not None  # the same day again
    save_your_name("Someone Else")
    assert _kept(db_path, FILE) is None  # another name
    written, _ = _report(cli, db_path, FILE, target)
    assert b"Someone Else" in written and b"Ada Lindqvist" not in written
    assert written == _stores_report(cli, db_path, FILE, target, monkeypatch)[0]


def date_after(days: int) -> object:
    from tests.conftest import FROZEN_TODAY

    return FROZEN_TODAY + timedelta(days=days)


def test_a_changed_files_report_is_not_the_one_kept_before(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """After `log`, the day's report kept is the old file's: not read. The new file's is
    the month's carried by the log's close (tests/unit/cli/test_report_carried.py)."""
    _made(cli, db_path)
    target = tmp_path / "report.md"
    _report(cli, db_path, FILE, target)
    assert _kept(db_path, FILE) is not None
    partner = json.loads(cli("--db", db_path, "export", "--format", "json")[1])["partners"][1]
    assert cli("--db", db_path, "log", partner["id"], "called them about the pilot")[0] == 0
    assert _kept(db_path, FILE) is None  # kept for the file before: not this one
    written, _ = _report(cli, db_path, FILE, target)
    assert b"called them about the pilot" in written
    assert written == _stores_report(cli, db_path, FILE, target, monkeypatch)[0]


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


DAMAGES = ["garbage", "another program", "another file", "another day", "cut short",
           "longer", "link", "pipe"]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_kept_report_is_nothing_kept(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, damage: str,
) -> None:
    _made(cli, db_path)
    target = tmp_path / "report.md"
    written, _ = _report(cli, db_path, FILE, target)
    kept = kept_report_file(db_path, FILE)
    if not damaged(kept, damage, tmp_path):  # "longer": text added, the index unchanged
        first, _, rest = kept.read_bytes().partition(b"\n")
        kept.write_bytes(first + b"\n# planted\n" + rest)
    assert _kept(db_path, FILE) is None
    _forget_the_month(db_path)  # (read next, else): only this one is kept
    again, _ = _report(cli, db_path, FILE, target)
    assert again == written == _stores_report(cli, db_path, FILE, target, monkeypatch)[0]
    if damage not in ("link", "pipe"):  # made again by the report that read the file
        assert _kept(db_path, FILE) == written


def test_the_kept_report_imports_no_pydantic(tmp_path: Path) -> None:
    """The demo's program reported once: the next report of the unchanged file (the same
    day, the same name) imports neither pydantic nor any model, and writes what the first
    wrote. A fresh interpreter per command."""
    run = FreshCli(tmp_path, ("pydantic", "partner_tui.domain.program"))
    run.config.mkdir()
    (run.config / "config.json").write_text('{"your_name": "Maya Okafor"}')

    run("demo")
    run("list")  # read through the store once: now known valid
    assert "pydantic" in run("export", "--format", "md", "-o", tmp_path / "first.md")
    assert run("export", "--format", "md", "-o", tmp_path / "kept.md") == ""
    first = (tmp_path / "first.md").read_bytes()
    assert (tmp_path / "kept.md").read_bytes() == first and b"Maya Okafor" in first
