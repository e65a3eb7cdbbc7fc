"""Damaged, foreign and unreachable data files, through the app's entry and every command.

tests/store/test_file_safety.py checks the store's messages for many damaged files and
tests/cli/test_cli.py checks five kinds through five commands in-process. This adds the
kinds they lack (truncated, binary, other JSON shapes, a symlink loop, a FIFO, a file
we may not read for real, a folder), runs every command including each export format
and `-o`, and runs the REAL program (a subprocess, and the app on a terminal) for each
kind. Always: exit 1, one line on stderr naming the file, no traceback, the file
byte-identical (same modification time), nothing new next to it but the lock file; and
where a backup exists, the message says how to restore it, and doing so works.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.domain.partner import new_partner
from partner_tui.store.file.backup import backup_path
from partner_tui.store.file.serialize import dumps
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.torture import ANSI, TALLY, make_db, program, run_cli


def valid_file(**fields: object) -> dict[str, object]:
    record = new_partner("Acme").model_dump(mode="json")
    record.update(fields)
    return {"meta": {"1": {"schema_version": 1}}, "partners": {"1": record},
            "templates": {}, "settings": {}}


def as_bytes(data: object) -> bytes:
    return json.dumps(data).encode()


CONTENT: dict[str, bytes] = {
    "empty": b"",
    "truncated": dumps(valid_file())[: len(dumps(valid_file())) // 2],
    "not json": b"company,stage\nAcme,prospect\n",
    "binary": bytes(range(256)) * 8,
    "nul bytes": b"\x00" * 512,
    "utf-16 json": json.dumps(valid_file()).encode("utf-16"),
    "json null": b"null",
    "json number": b"42",
    "json string": b'"partners"',
    "json list": as_bytes([valid_file()]),
    "partners is a list": as_bytes({**valid_file(), "partners": [{"company": "Acme"}]}),
    "bad email": as_bytes(valid_file(contact_email="not an email")),
    "bad stage": as_bytes(valid_file(stage="won")),
    "negative money": as_bytes(valid_file(potential_value="-5")),
    "newer schema": as_bytes({**valid_file(), "meta": {"1": {"schema_version": 999}}}),
    "schema as text": as_bytes({**valid_file(), "meta": {"1": {"schema_version": "1"}}}),
}
SPECIAL = ("folder", "symlink loop", "fifo", "unreadable")
ALL_KINDS = [*CONTENT, *SPECIAL]
COMMANDS: dict[str, list[str]] = {
    "app": [],
    "app read-only": ["--read-only"],
    "demo": ["demo"],
    "import": ["import", "ok.csv"],
    "export csv": ["export", "-f", "csv"],
    "export json": ["export", "-f", "json"],
    "export md": ["export", "-f", "md"],
    "export to file": ["export", "-f", "csv", "-o", "out.csv"],
}
UNCHANGED_MTIME = 1_000_000_000


def place(db: Path, kind: str) -> None:
    if kind == "folder":
        db.mkdir()
    elif kind == "symlink loop":
        db.symlink_to(db.name)
    elif kind == "fifo":
        os.mkfifo(db)
    else:
        db.write_bytes(CONTENT["empty" if kind == "unreadable" else kind])
        os.utime(db, ns=(UNCHANGED_MTIME, UNCHANGED_MTIME))
        if kind == "unreadable":
            db.chmod(0)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of the folder but the lock file: its bytes (files) or its kind."""
    out: dict[str, bytes | str] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name in ("ok.csv",) or entry.name.endswith(".lock"):
            continue
        if entry.is_symlink():
            out[entry.name] = "link->" + os.readlink(entry)
        elif entry.is_dir():
            out[entry.name] = "dir"
        elif entry.is_file() and os.access(entry, os.R_OK) and entry.stat().st_mode & 0o400:
            out[entry.name] = entry.read_bytes() + str(entry.stat().st_mtime_ns).encode()
        else:
            out[entry.name] = f"mode {entry.stat().st_mode:o}"
    return out


def check_refusal(code: int, out: str, err: str, db: Path, kind: str, command: str) -> None:
    where = f"{kind} / {command}"
    assert code == 1, (where, code, err)
    assert "Traceback" not in out + err, where
    # The app checks records in the background (first paint does not wait for them), so
    # for a record that fails validation it may have drawn its screen and left again:
    # what the person reads after the terminal is restored is the one line.
    lines = ANSI.sub(b"", err.encode()).decode().strip().splitlines()
    assert len(lines) == 1, (where, err)
    assert lines[0].startswith("partner-tui: ") and str(db) in lines[0], (where, err)
    if kind == "newer schema":
        assert "newer partner-tui" in lines[0]
    if command in ("app", "app read-only", "export csv", "export json", "export md"):
        assert out == "", where
    TALLY["bad files tried"] += 1


@pytest.mark.parametrize("kind", [*CONTENT, *SPECIAL])
def test_every_command_refuses_a_bad_file_cleanly(tmp_path: Path, capsys, kind: str) -> None:
    """In-process main() (fast), every command but the app (it needs a terminal: the real
    program opens it below)."""
    if kind == "unreadable":
        pytest.skip("root reads any file in-process; the real program is tested below")
    db = tmp_path / "p.json"
    place(db, kind)
    (tmp_path / "ok.csv").write_text("company\nNewcomer\n")
    before = snapshot(tmp_path)
    for name, args in COMMANDS.items():
        if name.startswith("app"):
            continue
        args = [str(tmp_path / a) if a.endswith(".csv") else a for a in args]
        code = main(["--db", str(db), *args])
        out, err = capsys.readouterr()
        check_refusal(code, out, err, db, kind, name)
        assert snapshot(tmp_path) == before, (kind, name)


def drop_file_permission_override() -> list[str]:
    """Root ignores file permissions; without these capabilities it does not."""
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


@pytest.mark.parametrize("kind", [*CONTENT, *SPECIAL])
def test_the_real_program_refuses_a_bad_file_cleanly(tmp_path: Path, kind: str) -> None:
    """The installed partner-tui, as a separate process: the app entry and one command."""
    db = tmp_path / "p.json"
    place(db, kind)
    (tmp_path / "ok.csv").write_text("company\nNewcomer\n")
    before = snapshot(tmp_path)
    prefix: list[str] = []
    if kind == "unreadable" and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is missing: root reads any file")
        prefix = drop_file_permission_override()
        probe = subprocess.run([*prefix, "cat", str(db)], capture_output=True)
        if probe.returncode == 0 or b"Operation not permitted" in probe.stderr:
            pytest.skip("cannot drop root's file-permission override here")
    # The app entry always; then one more command per kind, in turn (the in-process test
    # above runs every command on every kind; this one proves the real process agrees).
    others = ("app read-only", "import", "export json")
    for name in ("app", others[ALL_KINDS.index(kind) % len(others)]):
        args = [str(tmp_path / a) if a.endswith(".csv") else a for a in COMMANDS[name]]
        result = subprocess.run(
            [*prefix, *program(), "--db", str(db), *args], capture_output=True, text=True,
            cwd=tmp_path, timeout=30, stdin=subprocess.DEVNULL,
            env={**os.environ, "PARTNER_TUI_STATE_DIR": str(tmp_path / "state")},
        )
        check_refusal(result.returncode, result.stdout, result.stderr, db, kind, name)
        if kind == "unreadable":
            assert "permission denied" in result.stderr
        assert snapshot(tmp_path) == before, (kind, name)


@pytest.mark.parametrize("kind", ["truncated", "newer schema", "bad email"])
def test_the_app_on_a_terminal_never_starts_on_a_bad_file(tmp_path: Path, pty_app, kind) -> None:
    db = tmp_path / "p.json"
    place(db, kind)
    app = pty_app("--db", db)
    assert app.wait_exit() == 1
    app.wait_for(f"partner-tui: cannot open {db}")
    assert "Traceback" not in app.text
    if kind != "bad email":  # records are checked in the background, after first paint
        assert b"\x1b[?1049h" not in bytes(app._raw)  # never switched to the app's screen
    assert db.read_bytes() == CONTENT[kind]


def test_a_damaged_file_names_its_backup_and_restoring_it_works(tmp_path: Path) -> None:
    """A real session leaves a backup; the file is then damaged (a bad sync, a full disk
    in another program); the message says where the backup is and how to restore it."""
    db = tmp_path / "p.json"
    make_db(db)
    (tmp_path / "more.csv").write_text("company\nSecond Co\n")
    assert run_cli(tmp_path, "--db", db, "import", "more.csv").returncode == 0
    backup = backup_path(db)
    assert backup.is_file()  # the file as it was before the import
    db.write_bytes(db.read_bytes()[:100])  # damaged
    damaged = db.read_bytes()
    for args in ([], ["export", "-f", "csv"], ["import", "more.csv"]):
        result = run_cli(tmp_path, "--db", db, *args)
        assert result.returncode == 1
        line = result.stderr.strip()
        assert "\n" not in line and "Traceback" not in line
        assert f"A backup exists: {backup} (copy it over the file to restore it)" in line
        assert db.read_bytes() == damaged
        TALLY["bad files tried"] += 1
    # Do what the message says.
    shutil.copyfile(backup, db)
    result = run_cli(tmp_path, "--db", db, "export", "-f", "csv")
    assert result.returncode == 0 and "Tracked Co" in result.stdout
    with PartnerStore(db, read_only=True) as store:
        assert [p.company for p in store.partners.all()] == ["Tracked Co"]


def test_a_missing_file_with_a_backup_is_not_replaced_by_an_empty_one(tmp_path: Path) -> None:
    """The file was deleted (a sync tool, a slip) but its backup is there: starting a new
    empty file would let the next session's backup overwrite the last copy of the data."""
    db = tmp_path / "p.json"
    make_db(db)
    (tmp_path / "more.csv").write_text("company\nSecond Co\n")
    assert run_cli(tmp_path, "--db", db, "import", "more.csv").returncode == 0
    backup = backup_path(db)
    kept = backup.read_bytes()
    db.unlink()
    for args in ([], ["demo"], ["import", "more.csv"]):
        result = run_cli(tmp_path, "--db", db, *args)
        assert result.returncode == 1, args
        line = result.stderr.strip()
        assert "\n" not in line and "Traceback" not in line
        assert f"{db} does not exist, but its backup {backup} does" in line
        assert f"cp {backup} {db}" in line
        assert not db.exists() and backup.read_bytes() == kept
        TALLY["bad files tried"] += 1
    shutil.copyfile(backup, db)  # what the message says
    assert run_cli(tmp_path, "--db", db, "export", "-f", "csv").returncode == 0
    with PartnerStore(db, read_only=True) as store:
        assert [p.company for p in store.partners.all()] == ["Tracked Co"]
