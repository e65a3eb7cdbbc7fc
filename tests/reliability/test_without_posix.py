"""partner-tui where the POSIX-only parts of Python are missing, as on Windows.

The real program runs in a fresh interpreter whose sitecustomize (no_posix/) makes
`import fcntl` fail and removes signal.SIGHUP; the second run also takes partner-tui's own
Windows branches (os_compat.WINDOWS). Through it: `demo`, `export`, the app on its own
terminal with a second writer (an import) merged in while it runs, a move on the board, a
clean quit, and the file checked afterwards.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.torture import READY, SHIFT_RIGHT, TALLY, run_cli

NO_POSIX = Path(__file__).with_name("no_posix")


@pytest.fixture(params=["no fcntl, no SIGHUP", "and the Windows branches"])
def windows_like(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setenv("PYTHONPATH", str(NO_POSIX))
    branches = request.param == "and the Windows branches"
    if branches:
        monkeypatch.setenv("PARTNER_TUI_TEST_WINDOWS_BRANCHES", "1")
    return branches


def report(tmp: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp / f"{name}.report.json"
    monkeypatch.setenv("PARTNER_TUI_TEST_REPORT", str(path))
    return path


def check_simulated(path: Path, windows_branches: bool, locked: bool) -> None:
    seen = json.loads(path.read_text())
    assert seen["fcntl_loaded"] is False
    assert seen["sighup"] is False
    assert seen["windows_branches"] is windows_branches
    if locked:  # flock needs fcntl: the lock was a POSIX record lock
        assert seen["record_locks"] > 0


def stage_counts(db: Path) -> dict[Stage, int]:
    with PartnerStore(db, read_only=True) as store:
        return {stage: len(cards) for stage, cards in store.partners.board_cards().items()}


def test_every_command_and_the_app_work_without_posix(
    tmp_path: Path, pty_app, windows_like: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "data" / "partners.json"
    db.parent.mkdir()

    done = report(tmp_path, "demo", monkeypatch)
    demo = run_cli(tmp_path, "--db", db, "demo")
    assert demo.returncode == 0, demo.stderr
    check_simulated(done, windows_like, locked=True)

    done = report(tmp_path, "export", monkeypatch)
    export = run_cli(tmp_path, "--db", db, "export", "--format", "csv", "-o", "out.csv")
    assert export.returncode == 0, export.stderr
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\r\n" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 25
    check_simulated(done, windows_like, locked=False)
    as_json = run_cli(tmp_path, "--db", db, "export", "--format", "json")
    assert len(json.loads(as_json.stdout)["partners"]) == 25

    before = stage_counts(db)
    done = report(tmp_path, "app", monkeypatch)
    app = pty_app("--db", db)
    app.wait_for(READY)
    # While the app has the file open, a second writer writes too (the lock for one
    # write), and the app shows its change.
    (tmp_path / "rows.csv").write_text("company\nLate Co\n")
    mark = app.mark()
    imported = run_cli(tmp_path, "--db", db, "import", "rows.csv")
    assert imported.returncode == 0, imported.stderr
    app.wait_for(f"Prospect {before[Stage.PROSPECT] + 1}/", since=mark)  # Late Co came in
    app.send(SHIFT_RIGHT)
    app.wait_for(f"Engage {before[Stage.ENGAGE] + 1}/", since=mark)
    app.send(b"q")
    assert app.wait_exit(timeout=20) == 0
    assert "Traceback" not in app.text
    check_simulated(done, windows_like, locked=True)

    after = stage_counts(db)
    assert after[Stage.PROSPECT] == before[Stage.PROSPECT]  # one moved on, Late Co came
    assert after[Stage.ENGAGE] == before[Stage.ENGAGE] + 1
    TALLY["runs without fcntl and SIGHUP"] += 1
