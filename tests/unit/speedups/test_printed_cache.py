"""What a reading command printed, kept for the file, the day and the query
(speedups/printed_cache.py): given back as it was, and never for another file, day,
query or version."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partner_tui.speedups import printed_cache, state_cache
from partner_tui.speedups.printed_cache import keep_text, kept_file, kept_text

DAY = date(2026, 12, 7)
TEXT = 'Overdue:\n  Mon 2026-12-07  [@click=app.quit]Café 株式会社: Call\n{"json": "\\u00e9"}\n'


def test_a_kept_text_is_given_back_as_it_was_for_its_file_day_and_query_only(
    db_path: Path,
) -> None:
    keep_text(db_path, "d1", DAY, "due --days 7", TEXT)
    keep_text(db_path, "d1", DAY, "list", "other")
    assert kept_text(db_path, "d1", DAY, "due --days 7") == TEXT
    assert kept_text(db_path, "d1", DAY, "list") == "other"  # each query its own
    assert kept_text(db_path, "d2", DAY, "due --days 7") is None  # another file's bytes
    assert kept_text(db_path, "d1", date(2026, 12, 8), "due --days 7") is None  # next day
    assert kept_text(db_path, "d1", DAY, "due --days 8") is None  # another query
    assert kept_text(db_path.with_name("other.json"), "d1", DAY, "due --days 7") is None


def test_another_version_of_the_program_reads_none(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_text(db_path, "d1", DAY, "due --days 7", TEXT)
    monkeypatch.setattr(state_cache, "__version__", "9.9.9")
    assert kept_text(db_path, "d1", DAY, "due --days 7") is None
    monkeypatch.undo()
    monkeypatch.setattr(printed_cache, "RULES_VERSION", printed_cache.RULES_VERSION + 1)
    assert kept_text(db_path, "d1", DAY, "due --days 7") is None


def test_a_change_to_the_code_between_releases_reads_none(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    code = tmp_path / "code"
    code.mkdir()
    monkeypatch.setattr(state_cache, "CODE_FOLDERS", [code])
    keep_text(db_path, "d1", DAY, "due --days 7", TEXT)
    assert kept_text(db_path, "d1", DAY, "due --days 7") == TEXT
    (code / "due_list.py").write_text("# changed by a merge\n", encoding="utf-8")
    os.utime(code, ns=(1, code.stat().st_mtime_ns + 1))  # however coarse the clock
    assert kept_text(db_path, "d1", DAY, "due --days 7") is None


def test_a_text_that_cannot_be_written_is_not_kept_and_a_damaged_one_not_read(
    db_path: Path,
) -> None:
    keep_text(db_path, "d1", DAY, "list", "lone \ud800 surrogate")
    assert not kept_file(db_path, "list").exists()
    keep_text(db_path, "d1", DAY, "list", TEXT)
    kept_file(db_path, "list").write_bytes(b"not a header\n" + TEXT.encode())
    assert kept_text(db_path, "d1", DAY, "list") is None
