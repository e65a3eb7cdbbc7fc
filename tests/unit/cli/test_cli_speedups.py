"""The command line opens its stores with the speedups: what it leaves behind makes the
app's next start fast (the board's preview, the records known valid)."""

from __future__ import annotations

from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.domain import clock
from partner_tui.exchange.demo import demo_program
from partner_tui.paths import state_file
from partner_tui.speedups import file_board
from partner_tui.speedups.board_preview import read_preview
from partner_tui.speedups.known_valid import load_known_valid


def test_an_empty_file_is_known_valid_too_and_read_as_one(db_path: Path) -> None:
    """A new program's file, no partner yet: its first read remembers it known valid as a
    whole, so the next `list`, `due` and `show` take the shortcuts a full file takes
    (it went through the whole store every time: slower than 10,000 partners' `list`)."""
    from partner_tui.store.partner_store import PartnerStore

    with PartnerStore(db_path):
        pass  # the file, written with its tables and nothing in them
    assert load_known_valid(db_path).file is None
    assert main(["--db", str(db_path), "list"]) == 0  # read through the store, checked
    assert load_known_valid(db_path).file is not None
    board = file_board.known_valid_board(db_path)
    assert board is not None and board.whole and board.cards() == []


def test_demo_and_export_leave_the_preview_and_the_known_valid_records(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    shown = read_preview(db_path)
    assert shown is not None and len(shown.columns) == 5
    known = load_known_valid(db_path)
    program = demo_program(clock.today())
    records = len(program.partners) + len(program.deals) + len(program.payments)
    assert len(known.records) == records and known.file is not None
    state_file(db_path, "preview").unlink()
    # Through the store, read-only (a file known valid is exported without it).
    monkeypatch.setattr(file_board, "known_valid_board", lambda db: None)
    assert main(["--db", str(db_path), "export", "--format", "json", "-o", "-"]) == 0
    assert read_preview(db_path) is not None  # a read-only open keeps it too


def test_the_app_command_pauses_the_collector_only_there(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partner_tui.cli import app_commands

    paused: list[bool] = []
    monkeypatch.setattr(app_commands, "pause_for_start", lambda: paused.append(True))

    class NoApp:
        def __init__(self, **kwargs: object) -> None:
            self.open_error = None
            self.store_open = False
            self.return_code = 0

        def run(self) -> None:
            pass

        def close_store(self) -> None:
            pass

    from partner_tui.ui import app as ui_app

    monkeypatch.setattr(ui_app, "PartnerApp", NoApp)
    assert main(["--db", str(db_path)]) == 0
    assert paused == [True]
    assert main(["--db", str(db_path), "export", "--format", "csv", "-o", "-"]) == 1  # no file
    assert paused == [True]  # other commands leave the collector alone
