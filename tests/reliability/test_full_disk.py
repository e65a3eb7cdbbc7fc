"""A really full disk (a tiny tmpfs), through the real command line and the real app.

tests/store/test_file_safety.py makes os.write raise ENOSPC inside the store; here the
disk is really full: a 64 KiB tmpfs (needs root and mount; skipped otherwise).
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from partner_tui.domain.stages import Stage
from partner_tui.store.file.backup import backup_path
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.torture import SHIFT_RIGHT, TALLY, make_db, run_cli, stage_of, temps


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True, text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the disk, leaving about `leave` bytes free."""
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as out:
        while True:
            out.write(b"\0" * 1024)
            out.flush()
    if leave:
        with filler.open("r+b") as out:
            out.truncate(max(0, filler.stat().st_size - leave))
    return filler


def test_import_onto_a_full_disk_says_so_and_keeps_the_old_file(tiny_disk: Path) -> None:
    db = tiny_disk / "p.json"
    make_db(db)
    csv = tiny_disk.parent / "many.csv"  # the CSV itself lives on the big disk
    csv.write_text("company,notes\n" + "".join(f"Co {i},{'n' * 400}\n" for i in range(200)))
    before = db.read_bytes()
    result = run_cli(tiny_disk.parent, "--db", db, "import", csv)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert f"could not save {db}: the disk is full. The previous file is intact." in line
    assert db.read_bytes() == before
    assert temps(db) == [] and temps(backup_path(db)) == []
    with PartnerStore(db, read_only=True) as store:
        assert store.partners.count() == 1
    TALLY["full disk writes refused"] += 1


def test_the_app_on_a_full_disk_tells_and_saves_once_there_is_room(
    tiny_disk: Path, pty_app
) -> None:
    db = tiny_disk / "p.json"
    card = make_db(db)
    app = pty_app("--db", db)
    app.wait_for("Tracked Co")
    before = db.read_bytes()
    filler = fill(tiny_disk)
    mark = app.mark()
    app.send(SHIFT_RIGHT)
    app.wait_for("disk is full", since=mark)
    assert db.read_bytes() == before and temps(db) == []
    # Room again: the next change saves everything, the one that failed included.
    filler.unlink()
    mark = app.mark()
    app.send(SHIFT_RIGHT)
    app.wait_for("Negotiate 1", since=mark)
    app.send(b"q")
    assert app.wait_exit() == 0
    assert stage_of(db, card) == Stage.NEGOTIATE
    TALLY["full disk writes refused"] += 1


def test_quitting_while_the_disk_is_full_asks_before_dropping_the_change(
    tiny_disk: Path, pty_app
) -> None:
    db = tiny_disk / "p.json"
    card = make_db(db)
    app = pty_app("--db", db)
    app.wait_for("Tracked Co")
    before = db.read_bytes()
    fill(tiny_disk)
    mark = app.mark()
    app.send(SHIFT_RIGHT)
    app.wait_for("disk is full", since=mark)
    mark = app.mark()
    app.send(b"q")
    app.wait_for("q again quits without it", since=mark)
    assert app.proc.poll() is None  # still open, the change still in hand
    mark = app.mark()
    app.send(b"q")  # asked twice: leave without it, and say so once more
    assert app.wait_exit() == 1
    app.wait_for(f"partner-tui: could not save {db}: the disk is full. The previous file is "
                 "intact. Changes since the last save were not saved.", since=mark)
    assert "Traceback" not in app.text
    assert db.read_bytes() == before
    assert stage_of(db, card) == Stage.PROSPECT
    TALLY["full disk writes refused"] += 1


def test_room_made_after_the_warning_then_q_saves(tiny_disk: Path, pty_app) -> None:
    db = tiny_disk / "p.json"
    card = make_db(db)
    app = pty_app("--db", db)
    app.wait_for("Tracked Co")
    filler = fill(tiny_disk)
    mark = app.mark()
    app.send(SHIFT_RIGHT)
    app.wait_for("disk is full", since=mark)
    mark = app.mark()
    app.send(b"q")
    app.wait_for("q again quits without it", since=mark)
    filler.unlink()
    app.send(b"q")  # the second q tries once more: there is room now
    assert app.wait_exit() == 0
    assert stage_of(db, card) == Stage.ENGAGE
    TALLY["full disk writes refused"] += 1


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_export_onto_a_full_disk_keeps_the_old_export(
    tmp_path: Path, tiny_disk: Path, fmt: str
) -> None:
    db = tmp_path / "p.json"  # the data file lives on the big disk
    make_db(db, archived=300)
    out = tiny_disk / "report.md"
    out.write_text("last week's report\n")
    fill(tiny_disk)
    # Written a piece at a time: the disk fills on a write, or on the close that flushes.
    result = run_cli(tmp_path, "--db", db, "export", "-f", fmt, "-o", out)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line == f"partner-tui: cannot write {out}: the disk is full"
    assert out.read_text() == "last week's report\n"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler", "report.md"]
    TALLY["full disk writes refused"] += 1
