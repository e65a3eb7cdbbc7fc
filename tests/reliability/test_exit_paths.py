"""Every way out of the REAL app, while a save is still pending: the last change is on disk.

The child program runs on a disk made slow on purpose (slow_disk/sitecustomize.py makes
each save of the data file take SLOW seconds), so the quit, the signal or the hang-up
really lands after the card moved on screen and before its save finished.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from partner_tui.domain.stages import Stage
from partner_tui.store.file.lock import lock_path
from tests.helpers.torture import CTRL_C, CTRL_Q, SHIFT_RIGHT, TALLY, make_db, stage_of

SLOW = 0.4
SLOW_DISK = Path(__file__).with_name("slow_disk")


@pytest.fixture
def slow_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(SLOW_DISK))
    monkeypatch.setenv("PARTNER_TUI_TEST_SLOW_WRITE", str(SLOW))


def move_and_see(app, db: Path, card: str) -> None:  # type: ignore[no-untyped-def]
    app.wait_for("Tracked Co")
    mark = app.mark()
    app.send(SHIFT_RIGHT)
    app.wait_for("Engage 1", since=mark)  # the person saw the card move: acknowledged
    # ... and the save is (almost always) still on its way to the slow disk; a machine
    # too loaded to look in time does not fail the test, it only proves less.
    if stage_of(db, card) == Stage.PROSPECT:
        TALLY["exits with the save still pending"] += 1


def unlocked(db: Path) -> bool:
    import fcntl
    import os

    fd = os.open(lock_path(db), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


@pytest.mark.parametrize(
    "how", ["q", "ctrl+q", "SIGTERM", "SIGINT", "SIGHUP", "terminal closed"],
)
def test_the_last_visible_change_survives_every_exit(
    tmp_path: Path, pty_app, slow_disk: None, how: str
) -> None:
    db = tmp_path / "p.json"
    card = make_db(db)
    app = pty_app("--db", db)
    move_and_see(app, db, card)
    started = time.monotonic()
    if how == "q":
        app.send(b"q")
    elif how == "ctrl+q":
        app.send(CTRL_Q)
    elif how == "SIGTERM":
        app.kill(signal.SIGTERM)
    elif how == "SIGINT":  # `kill -INT`: ctrl+c on the terminal is a key, not this signal
        app.kill(signal.SIGINT)
    elif how == "SIGHUP":
        app.kill(signal.SIGHUP)
    else:
        app.close_terminal()
    code = app.wait_exit(timeout=15)
    assert time.monotonic() - started < 10, "leaving must never hang"
    assert stage_of(db, card) == Stage.ENGAGE
    assert code in (0, 128 + signal.SIGHUP, -signal.SIGHUP)
    if how in ("q", "ctrl+q", "SIGTERM", "SIGINT"):
        assert code == 0
    assert unlocked(db), "the writer lock is released"
    assert "Traceback" not in app.text
    TALLY["exit paths"] += 1


def test_ctrl_c_says_how_to_quit_then_q_saves(tmp_path: Path, pty_app, slow_disk: None) -> None:
    """Textual reads ctrl+c as a key (copy in text fields); on the board it tells how to quit."""
    db = tmp_path / "p.json"
    card = make_db(db)
    app = pty_app("--db", db)
    move_and_see(app, db, card)
    mark = app.mark()
    app.send(CTRL_C)
    app.wait_for("to quit", since=mark)
    assert app.proc.poll() is None
    app.send(b"q")
    assert app.wait_exit(timeout=15) == 0
    assert stage_of(db, card) == Stage.ENGAGE
    TALLY["exit paths"] += 1


async def test_quitting_with_unsaved_form_edits_asks_first(tmp_path: Path) -> None:
    """Typed but not saved (not acknowledged): ctrl+q asks before throwing it away."""
    from textual.widgets import Input

    from partner_tui.app import PartnerApp
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.dialogs.confirm import ConfirmDialog

    db = tmp_path / "p.json"
    card = make_db(db)
    app = PartnerApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(card)
        await pilot.pause()
        app.screen.query_one("#f-company").query_one(Input).value = "Renamed Co"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # stay: the edit is still there, and can be saved
        await pilot.pause()
        assert app.is_running and app.return_code is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")  # nothing unsaved now: quits at once
        await pilot.pause()
    assert app.return_code == 0
    with PartnerStore(db, read_only=True) as store:
        assert store.partners.get(card).company == "Renamed Co"
    TALLY["exit paths"] += 1


async def test_quitting_anyway_leaves_the_unsaved_edit_out(tmp_path: Path) -> None:
    from textual.widgets import Input

    from partner_tui.app import PartnerApp
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.dialogs.confirm import ConfirmDialog

    db = tmp_path / "p.json"
    card = make_db(db)
    app = PartnerApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(card)
        await pilot.pause()
        app.screen.query_one("#f-company").query_one(Input).value = "Never Saved"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    with PartnerStore(db, read_only=True) as store:
        assert store.partners.get(card).company == "Tracked Co"
    TALLY["exit paths"] += 1
