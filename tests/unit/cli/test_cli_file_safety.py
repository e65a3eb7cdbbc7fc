"""The command line and the names beside the data file: a planted lock file is refused in
one line, an export replaces a link instead of writing through it, standard output gets
the exact bytes on every system, and a folder others can write to is warned about."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.store.file.lock import lock_path
from tests.helpers.planted import PRECIOUS


@pytest.fixture
def demo_db(tmp_path: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "data" / "partners.json"
    path.parent.mkdir()
    assert cli("--db", path, "demo")[0] == 0
    return path


def test_import_with_a_symlinked_lock_file_is_one_line_and_touches_nothing(
    cli, demo_db: Path, precious: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    before = demo_db.read_bytes()
    lock_path(demo_db).unlink()
    lock_path(demo_db).symlink_to(precious)
    rows = tmp_path / "rows.csv"
    rows.write_text("company\nNew Co\n")
    code, out, err = cli("--db", demo_db, "import", rows)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("partner-tui: cannot open ")
    assert f"its lock file {lock_path(demo_db)} is a symbolic link" in err
    assert precious.read_bytes() == PRECIOUS
    assert demo_db.read_bytes() == before


@pytest.mark.parametrize("points_to", ["precious", "dangling", "pipe", "/dev/stdout"])
def test_export_onto_a_link_is_refused_at_once(
    cli, demo_db: Path, precious: Path, tmp_path: Path, points_to: str  # type: ignore[no-untyped-def]
) -> None:
    """A link to anything (a file of the user's, nothing yet, a named pipe that would hang
    with no reader, a device) is refused: -o takes a regular file, or - for stdout."""
    target = {
        "precious": precious,
        "dangling": tmp_path / "home" / ".profile",
        "pipe": tmp_path / "fifo",
        "/dev/stdout": Path("/dev/stdout"),
    }[points_to]
    if points_to == "pipe":
        os.mkfifo(target)
    out = tmp_path / "data" / "report.md"
    out.symlink_to(target)
    code, stdout, err = cli("--db", demo_db, "export", "-f", "md", "-o", out)
    assert code == 1 and stdout == ""
    assert err == (
        f"partner-tui: refusing to write the export: {out} is a symbolic link; -o takes a "
        "regular file (or - for standard output)\n"
    )
    assert precious.read_bytes() == PRECIOUS
    assert out.is_symlink()
    assert not (tmp_path / "home" / ".profile").exists()


def test_export_keeps_an_existing_files_permissions(
    cli, demo_db: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "report.md"
    out.write_text("old")
    out.chmod(0o600)
    assert cli("--db", demo_db, "export", "-f", "md", "-o", out)[0] == 0
    assert out.stat().st_mode & 0o777 == 0o600


def test_export_to_standard_output_is_the_exact_bytes(demo_db: Path, tmp_path: Path) -> None:
    """Written as bytes, as -o writes them: CSV rows end in one "\\r\\n" and JSON lines in
    "\\n" on every system (a text stream on Windows would double the CSV's "\\r")."""
    def exported(fmt: str) -> bytes:
        result = subprocess.run(
            [sys.executable, "-m", "partner_tui", "--db", str(demo_db), "export", "-f", fmt],
            capture_output=True, timeout=60, cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    csv_out = exported("csv")
    assert main(["--db", str(demo_db), "export", "-f", "csv", "-o", str(tmp_path / "o.csv")]) == 0
    assert csv_out == (tmp_path / "o.csv").read_bytes().removeprefix(b"\xef\xbb\xbf")
    assert b"\r\r\n" not in csv_out
    assert csv_out.count(b"\r\n") == csv_out.count(b"\n") > 25
    json_out = exported("json")
    assert b"\r" not in json_out and json_out.count(b"\n") > 25


@pytest.mark.parametrize(
    ("mode", "warned"), [(0o777, True), (0o1777, False), (0o755, False)]
)
def test_a_data_folder_others_can_write_to_is_warned_about(
    cli, tmp_path: Path, mode: int, warned: bool  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    db = folder / "partners.json"
    rows = tmp_path / "rows.csv"
    rows.write_text("company\nAcme\n")
    code, _, err = cli("--db", db, "import", rows)
    assert code == 0
    lines = [line for line in err.splitlines() if "warning" in line]
    if warned:
        assert lines == [
            f"partner-tui: warning: other users can write in {folder} (group- or "
            "world-writable, no sticky bit): any of them can replace or remove partners.json "
            f"there. Keep the data in a folder only you can write to (chmod go-w {folder})."
        ]
        code, _, err = cli("--db", db, "export", "-f", "json", "-o", tmp_path / "x.json")
        assert code == 0 and "other users can write in" in err
    else:
        assert lines == []


def test_the_restore_hint_is_a_command_for_this_systems_shell(
    cli, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "my data" / "partners.json"
    db.parent.mkdir()
    (db.parent / "partners.bak.json").write_text("{}")
    code, _, err = cli("--db", db, "demo")
    assert code == 1
    assert f"cp '{db.parent / 'partners.bak.json'}' '{db}'" in err
