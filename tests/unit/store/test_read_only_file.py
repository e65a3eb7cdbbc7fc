"""A data file the person made read-only (0444) is never replaced, although its folder
would let a rename do it: opening it to write is refused in one line that says
`--read-only` is the way to open it; reading it works; a file made read-only while open
fails its next save and stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.domain.partner import new_partner
from partner_tui.store.errors import DatabaseUnreadable, WriteFailed
from partner_tui.store.partner_store import PartnerStore

pytestmark = [
    pytest.mark.skipif(os.name == "nt", reason="mode bits are POSIX"),
]


def made(db: Path) -> bytes:
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Acme"))
    db.chmod(0o444)
    return db.read_bytes()


def test_opening_a_read_only_file_to_write_is_refused(db_path: Path) -> None:
    before = made(db_path)
    with pytest.raises(DatabaseUnreadable) as info:
        PartnerStore(db_path)
    message = str(info.value)
    assert "is read-only (mode 0444)" in message and "--read-only" in message
    assert "\n" not in message
    assert db_path.read_bytes() == before
    assert db_path.stat().st_mode & 0o777 == 0o444
    with PartnerStore(db_path, read_only=True) as reader:  # the way to open it
        assert [p.company for p in reader.partners.all()] == ["Acme"]


def test_a_file_made_read_only_while_open_is_not_replaced(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme"))
        db_path.chmod(0o444)
        before = db_path.read_bytes()
        with pytest.raises(WriteFailed, match=r"made read-only \(mode 0444\)"):
            store.partners.add(new_partner("Beta"))
        assert db_path.read_bytes() == before
        db_path.chmod(0o600)  # made writable again: the change waiting is saved
        store.flush()
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["Acme", "Beta"]


def test_the_command_line_says_it_in_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = made(db_path)
    for command in (["move", "Acme", "engage"], ["log", "Acme", "called"]):
        assert main(["--db", str(db_path), *command]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "is read-only (mode 0444)" in err and "open it with --read-only" in err
    assert db_path.read_bytes() == before
    assert main(["--db", str(db_path), "list"]) == 0
    assert "Acme" in capsys.readouterr().out
