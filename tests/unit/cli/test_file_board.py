"""`list` and `due` read a file known valid as a whole straight as cards
(speedups/file_board.py): they must print exactly what the store would, and must never
serve a file that changed since it was validated."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from partner_tui.paths import state_file
from partner_tui.speedups import file_board
from partner_tui.speedups.file_board import known_valid_board

Cli = Callable[..., tuple[int, str, str]]

READS = [
    ("list",),
    ("list", "--json"),
    ("list", "--stage", "active"),
    ("due",),
    ("due", "--json"),
    ("due", "--days", "400"),
    ("due", "--days", "400", "--json"),
]


@pytest.fixture
def demo_db(db_path: Path, cli: Cli, frozen_clock: object) -> Path:
    assert cli("--db", db_path, "demo")[0] == 0
    assert cli("--db", db_path, "list")[0] == 0  # read once through the store: now known
    return db_path


def test_a_file_known_valid_is_read_as_cards_and_prints_what_the_store_prints(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert known_valid_board(demo_db) is not None
    fast = {args: cli("--db", demo_db, *args) for args in READS}
    monkeypatch.setattr(file_board, "known_valid_board", lambda db: None)
    slow = {args: cli("--db", demo_db, *args) for args in READS}
    assert fast == slow
    due = json.loads(fast[("due", "--days", "400", "--json")][1])["items"]
    # The demo's active partners have cadence items due: the path without models read them.
    assert {item["kind"] for item in due} >= {"monthly", "quarterly", "next_action"}


def test_a_file_changed_since_it_was_validated_is_never_read_as_cards(
    demo_db: Path, cli: Cli
) -> None:
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    record = next(iter(data["partners"].values()))
    record["contact_email"] = "not-an-email"  # a hand edit that validation refuses
    demo_db.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert known_valid_board(demo_db) is None
    code, out, err = cli("--db", demo_db, "list")
    assert code == 1 and out == ""
    assert err.startswith("partner-tui:") and "contact_email" in err


def test_an_older_schema_or_no_digest_is_read_through_the_store(
    db_path: Path, cli: Cli, frozen_clock: object
) -> None:
    assert cli("--db", db_path, "demo")[0] == 0
    state_file(db_path, "validated").unlink()  # nothing known: the store checks first
    assert known_valid_board(db_path) is None
    assert cli("--db", db_path, "list")[0] == 0
    assert known_valid_board(db_path) is not None  # ... and remembers it for next time
    data = json.loads(db_path.read_text(encoding="utf-8"))
    meta = next(iter(data["meta"].values()))
    meta["schema_version"] = 1
    db_path.write_text(json.dumps(data), encoding="utf-8")
    assert known_valid_board(db_path) is None
