"""The command line on real files: every command, every error path, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from partner_tui import __version__
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.exchange.csv_format import COLUMNS, EXTRA_COLUMNS
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.hostile import unsafe_on_terminal

PYTHON = sys.executable


@pytest.fixture
def demo_db(tmp_path, cli) -> Path:
    path = tmp_path / "demo.json"
    code, _, _ = cli("--db", path, "demo")
    assert code == 0
    return path


def count(path: Path) -> int:
    with PartnerStore(path, read_only=True) as store:
        return store.partners.count()


# -- --version, --help, usage -------------------------------------------------------------------
def test_version(cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"partner-tui {__version__}"


def test_help_lists_every_command(cli) -> None:
    code, out, _ = cli("--help")
    assert code == 0
    for word in ("demo", "import", "export", "--db", "--read-only", "--version"):
        assert word in out


def test_export_help_names_the_formats(cli) -> None:
    code, out, _ = cli("export", "--help")
    assert code == 0 and "{csv,json,md,ics,payouts,payouts-md}" in out and "-o" in out
    assert "--period" in out


@pytest.mark.parametrize(
    "args",
    [["export"], ["export", "--format", "xml"], ["frobnicate"], ["import"], ["--nope"]],
)
def test_usage_errors_exit_2_with_a_message(cli, args: list[str]) -> None:
    """One line, as every other error: what is wrong and where the help is."""
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert err.startswith("partner-tui: ") and err.count("\n") == 1 and "--help)" in err


@pytest.mark.parametrize(
    "args",
    [
        ["\x1b]52;c;aGFjaw==\x07"],  # an unknown command that would set the clipboard
        ["list", "--nope\x1b]0;pwned\x07\nsecond line"],  # unrecognized, with a line break
        ["export", "--format", "\x9b2J"],  # an invalid choice
        ["due", "--days", "\u202e7"],  # an invalid number
    ],
)
def test_usage_errors_echo_no_control_sequence(cli, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert err.startswith("partner-tui: ") and err.count("\n") == 1, err
    assert unsafe_on_terminal(err.rstrip("\n")) == [], err
    assert "\t" not in err


# -- opening the app ---------------------------------------------------------------------------
def test_no_command_opens_the_app_on_the_given_file(cli, tmp_path, monkeypatch) -> None:
    from partner_tui.app import PartnerApp

    opened: list[tuple[Path, bool]] = []

    def fake_run(self: PartnerApp, *a: object, **k: object) -> None:
        opened.append((self.db_path, self.store.read_only))
        self.store.close()

    monkeypatch.setattr(PartnerApp, "run", fake_run)
    db = tmp_path / "x.json"
    assert cli("--db", db)[0] == 0
    assert cli("--db", db, "--read-only")[0] == 0
    assert opened == [(db, False), (db, True)]


def test_env_variable_is_the_default_database(cli, tmp_path, monkeypatch) -> None:
    env_db = tmp_path / "from-env.json"
    monkeypatch.setenv("PARTNER_TUI_DB", str(env_db))
    assert cli("demo")[0] == 0
    assert count(env_db) == 25
    # --db wins over the environment, before or after the command.
    other = tmp_path / "other.json"
    assert cli("demo", "--db", other)[0] == 0
    assert count(other) == 25


def test_a_command_writes_while_another_store_has_the_file_open(cli, db_path) -> None:
    """Once refused ("open for writing in another partner-tui"): now both write, and the
    file holds both changes."""
    with PartnerStore(db_path) as open_elsewhere:
        acme = open_elsewhere.partners.add(new_partner("Acme"))
        code, _out, err = cli("--db", db_path, "log", "Acme", "Called Jane", "--kind", "call")
        assert (code, err) == (0, "")
        open_elsewhere.merge_from_disk()
        open_elsewhere.partners.move(acme.id, Stage.ENGAGE)
    with PartnerStore(db_path, read_only=True) as store:
        partner = store.partners.get(acme.id)
    assert partner.stage is Stage.ENGAGE
    assert [a.text for a in partner.activities] == ["Called Jane"]


def test_db_that_is_a_folder(cli, tmp_path) -> None:
    code, _, err = cli("--db", tmp_path, "demo")
    assert code == 1 and "is a folder" in err


def test_db_in_an_unwritable_place(cli, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = cli("--db", blocker / "sub" / "p.json", "demo")
    assert code == 1 and err.startswith("partner-tui: ")


# -- damaged databases are left byte-identical -------------------------------------------------------
DAMAGED = {
    "not-json": b"this is not json {",
    "empty": b"",
    "newer": json.dumps({"meta": {"1": {"schema_version": 999}}, "partners": {}}).encode(),
    "bad-record": json.dumps({
        "meta": {"1": {"schema_version": 1}},
        "partners": {"1": {"id": "a", "company": "", "potential_value": "-3"}},
        "templates": {}, "settings": {},
    }).encode(),
    "wrong-shape": b"[1, 2, 3]",
}


@pytest.mark.parametrize("kind", sorted(DAMAGED))
@pytest.mark.parametrize(
    "command", [[], ["--read-only"], ["demo"], ["import", "ok.csv"], ["export", "--format", "csv"]]
)
def test_damaged_database_is_never_changed(cli, tmp_path, kind: str, command: list[str]) -> None:
    db = tmp_path / "partners.json"
    db.write_bytes(DAMAGED[kind])
    (tmp_path / "ok.csv").write_text("company\nAcme\n")
    code, out, err = cli("--db", db, *[str(tmp_path / c) if c.endswith(".csv") else c
                                       for c in command])
    assert code == 1
    assert err.startswith(f"partner-tui: cannot open {db}") and "not changed" in err
    if kind == "newer":
        assert "newer partner-tui" in err
    assert db.read_bytes() == DAMAGED[kind]
    assert not (tmp_path / "partners.bak.json").exists()


# -- demo ------------------------------------------------------------------------------------------
def test_demo_fills_a_new_database(cli, tmp_path) -> None:
    db = tmp_path / "new" / "dir" / "p.json"
    code, out, err = cli("--db", db, "demo")
    assert code == 0 and err == ""
    assert "25 partners" in out and str(db) in out
    with PartnerStore(db, read_only=True) as store:
        assert store.partners.count() == 25
        assert store.program.settings().profile.your_company == "Lumen Desk"
        assert len(store.program.templates()) == 3
        assert all(store.partners.list_by_stage(stage) for stage in Stage)


def test_demo_refuses_a_non_empty_database(cli, db_path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Real Work Inc"))
    before = db_path.read_bytes()
    code, out, err = cli("--db", db_path, "demo")
    assert code == 1 and out == ""
    assert "not empty (1 partners)" in err and "--db" in err
    assert db_path.read_bytes() == before


def test_demo_twice_refuses_the_second_time(cli, demo_db) -> None:
    before = demo_db.read_bytes()
    code, _, err = cli("--db", demo_db, "demo")
    assert code == 1 and "not empty" in err
    assert demo_db.read_bytes() == before


def test_demo_and_import_refuse_read_only(cli, db_path, tmp_path) -> None:
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("company\nAcme\n")
    for args in (["demo"], ["import", str(csv_file)]):
        code, _, err = cli("--db", db_path, "--read-only", *args)
        assert code == 1 and "cannot run with --read-only" in err
    assert not db_path.exists()


# -- import ------------------------------------------------------------------------------------------
def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_adds_partners_and_says_how_many(cli, db_path, tmp_path) -> None:
    f = write(tmp_path / "p.csv", "company,stage,type,potential_value,next_action\n"
                                  "Acme,engage,channel,\"$12,500\",Call Ann | 2026-12-01\n"
                                  "Beta,,,,\n")
    code, out, err = cli("--db", db_path, "import", f)
    assert code == 0 and err == ""
    assert out.strip() == f"Imported 2 partners from {f} into {db_path}."
    with PartnerStore(db_path, read_only=True) as store:
        acme = next(p for p in store.partners.all() if p.company == "Acme")
        assert acme.stage is Stage.ENGAGE and str(acme.potential_value) == "12500.00"
        assert acme.next_action == "Call Ann" and acme.next_action_date.isoformat() == "2026-12-01"


def test_import_is_all_or_nothing_and_reports_every_bad_row(cli, demo_db, tmp_path) -> None:
    hostile = (
        "\ufeffcompany,contact_email,stage,type,potential_value,notes,Fax\n"  # BOM + unknown col
        "Fine Co,fine@fine-co.com,prospect,technology,100,ok,1\n"  # 2
        '"Multi\nline, ""quoted""",,,,,"=SUM(A1)\n+note",\n'  # 3-5: fine (two cells span)
        "\n"  # 6
        ",nobody@x-co.com,,,,,\n"  # 7: no company
        "Bad Mail,not-an-email,,,,,\n"  # 8
        "Bad Stage,,done,,,,\n"  # 9
        "Bad Type,,,spaceship,,,\n"  # 10
        "Neg,,,,-100,,\n"  # 11
        "Garbled,,,,twelve,,\n"  # 12
    )
    f = write(tmp_path / "hostile.csv", hostile)
    before = demo_db.read_bytes()
    code, out, err = cli("--db", demo_db, "import", f)
    assert code == 1 and out == ""
    assert "6 bad rows; nothing was imported" in err
    for line, word in [(7, "company"), (8, "contact_email"), (9, "stage"), (10, "type"),
                       (11, "potential_value"), (12, "potential_value")]:
        assert f"  line {line}: {word}: " in err
    for line in (2, 3, 4, 5, 6):
        assert f"line {line}:" not in err.replace("warning", "")
    assert "warning" in err and "'Fax'" in err
    assert demo_db.read_bytes() == before


def test_hostile_but_valid_csv_imports_exactly(cli, db_path, tmp_path) -> None:
    rows = [
        ["company", "contact_name", "notes", "website", "next_action"],
        ["Ünïcödé ✓ 株式会社", "Zoë O'Brien", "line1\r\nline2, with comma", "ünï.io", "2026-12-24"],
        ["=HYPERLINK(\"http://evil.io\",\"x\")", "@admin", "-5+3", "", "'=quoted | 2027-01-31"],
        ["Tab\tInside", '"quoted" name', "", "https://a.io/?q=1,2", ""],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    f = write(tmp_path / "h.csv", "\ufeff" + buffer.getvalue())
    code, out, err = cli("--db", db_path, "import", f)
    assert code == 0, err
    with PartnerStore(db_path, read_only=True) as store:
        got = {p.company: p for p in store.partners.all()}
    assert got["Ünïcödé ✓ 株式会社"].notes == "line1\nline2, with comma"  # CRLF stored as \n
    assert got["Ünïcödé ✓ 株式会社"].next_action_date.isoformat() == "2026-12-24"
    evil = got['=HYPERLINK("http://evil.io","x")']
    assert evil.contact_name == "@admin" and evil.notes == "-5+3"
    assert (evil.next_action, evil.next_action_date.isoformat()) == ("=quoted", "2027-01-31")
    assert got["Tab Inside"].contact_name == '"quoted" name'  # a one-line field: tab is a space


def test_import_into_a_missing_database_creates_nothing_when_the_csv_is_bad(
    cli, db_path, tmp_path
) -> None:
    f = write(tmp_path / "bad.csv", "company,contact_email\nA,broken@\n")
    code, _, err = cli("--db", db_path, "import", f)
    assert code == 1 and "line 2: contact_email" in err
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"name,email\nAcme,a@b.io\n", "no 'company' column"),
        (b"company\n", "no partners to import"),
        ("company\nM\xfcller\n".encode("latin-1"), "not UTF-8 text (byte 0xfc on line 2)"),
        (b"\xff\xfec\x00o\x00", "UTF-16"),
        (b'company\n"open quote\n', "not valid CSV"),
    ],
)
def test_import_file_level_errors(cli, demo_db, tmp_path, content: bytes, message: str) -> None:
    f = tmp_path / "f.csv"
    f.write_bytes(content)
    before = demo_db.read_bytes()
    code, out, err = cli("--db", demo_db, "import", f)
    assert code == 1 and out == "" and message in err
    assert demo_db.read_bytes() == before


def test_import_missing_file_and_folder(cli, db_path, tmp_path) -> None:
    code, _, err = cli("--db", db_path, "import", tmp_path / "nope.csv")
    assert code == 1 and "cannot read" in err and "No such file" in err
    code, _, err = cli("--db", db_path, "import", tmp_path)
    assert code == 1 and "cannot read" in err
    assert not db_path.exists()


def test_import_refuses_the_database_itself(cli, demo_db) -> None:
    before = demo_db.read_bytes()
    code, _, err = cli("--db", demo_db, "import", demo_db)
    assert code == 1 and "is the database itself" in err
    assert demo_db.read_bytes() == before


def test_import_while_another_store_has_the_file_open(cli, demo_db, tmp_path) -> None:
    """Once refused: now the import is merged with what the open store writes."""
    f = write(tmp_path / "a.csv", "company\nAcme\n")
    with PartnerStore(demo_db) as open_elsewhere:
        code, _, err = cli("--db", demo_db, "import", f)
        assert code == 0 and "open for writing" not in err
        open_elsewhere.partners.add(new_partner("Beacon"))
    with PartnerStore(demo_db, read_only=True) as store:
        names = {p.company for p in store.partners.all()}
    assert {"Acme", "Beacon"} <= names and len(names) == 27


def test_import_matches_a_company_already_in_the_file_instead_of_adding_it(
    cli, demo_db, tmp_path
) -> None:
    f = write(tmp_path / "d.csv", "company\nNorthwind CRM\nNew One\n")
    code, out, err = cli("--db", demo_db, "import", f)
    assert code == 0 and "Imported 1 partner from" in out
    assert "1 partner already in the file and unchanged." in out
    assert count(demo_db) == 26


# -- export ------------------------------------------------------------------------------------------
def test_export_csv_to_stdout_has_the_design_columns_first(cli, demo_db) -> None:
    code, out, err = cli("--db", demo_db, "export", "--format", "csv")
    assert code == 0 and err == ""
    header = out.splitlines()[0].split(",")
    assert tuple(header[: len(COLUMNS)]) == COLUMNS
    assert tuple(header[len(COLUMNS):]) == EXTRA_COLUMNS
    assert len(list(csv.reader(io.StringIO(out, newline="")))) == 26


def test_export_to_file_then_import_round_trips_exactly(cli, demo_db, tmp_path) -> None:
    first = tmp_path / "first.csv"
    code, out, err = cli("--db", demo_db, "export", "-f", "csv", "-o", first)
    assert code == 0 and out == "" and f"Exported 25 partners as csv to {first}" in err
    assert first.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    fresh = tmp_path / "fresh.json"
    assert cli("--db", fresh, "import", first)[0] == 0
    second = tmp_path / "second.csv"
    assert cli("--db", fresh, "export", "-f", "csv", "-o", second)[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_export_neutralises_formulas(cli, db_path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("=2+3", notes="@SUM(A1)", contact_name="+44 20", next_action="-x"))
    code, out, _ = cli("--db", db_path, "export", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(out, newline="")))
    assert row["company"] == "'=2+3" and row["notes"] == "'@SUM(A1)"
    assert row["contact_name"] == "'+44 20" and row["next_action"] == "'-x"
    assert all(not v.startswith(("=", "+", "-", "@")) for v in row.values())


def test_export_json_is_the_full_records(cli, demo_db) -> None:
    code, out, _ = cli("--db", demo_db, "export", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert len(doc["partners"]) == 25
    with PartnerStore(demo_db, read_only=True) as store:
        stored = {p.id: p.model_dump(mode="json") for p in store.partners.all()}
    assert {p["id"]: p for p in doc["partners"]} == stored
    # The file holds the company; your name is per person (your config), not the file's.
    assert doc["settings"]["profile"] == {"your_name": "", "your_company": "Lumen Desk"}


def test_export_md_report(cli, demo_db, tmp_path) -> None:
    out_file = tmp_path / "report.md"
    code, _, _ = cli("--db", demo_db, "export", "--format", "md", "-o", out_file)
    assert code == 0
    report = out_file.read_text(encoding="utf-8")
    assert report.startswith("# Partnership program report")
    assert "## Active: 4 (target 3)" in report and "### Northwind CRM" in report


def test_export_dash_means_standard_output(cli, demo_db, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("--db", demo_db, "export", "-f", "csv", "-o", "-")
    assert code == 0 and out.startswith("company,type,stage")
    assert not (tmp_path / "-").exists()


def test_export_works_while_the_app_holds_the_file(cli, demo_db) -> None:
    with PartnerStore(demo_db):
        code, out, _ = cli("--db", demo_db, "export", "-f", "json")
    assert code == 0 and json.loads(out)["partners"]


def test_export_of_a_missing_database_is_an_error(cli, tmp_path) -> None:
    code, out, err = cli("--db", tmp_path / "typo.json", "export", "-f", "csv")
    assert code == 1 and out == "" and "no such database" in err
    assert not (tmp_path / "typo.json").exists()


def test_export_refuses_to_overwrite_the_database(cli, demo_db) -> None:
    before = demo_db.read_bytes()
    for target in (demo_db, demo_db.with_name("demo.bak.json")):
        code, _, err = cli("--db", demo_db, "export", "-f", "json", "-o", target)
        assert code == 1 and "refusing to write the export over the database" in err
    assert demo_db.read_bytes() == before


def test_export_into_a_missing_folder_or_onto_a_folder(cli, demo_db, tmp_path) -> None:
    code, _, err = cli("--db", demo_db, "export", "-f", "csv", "-o", tmp_path / "no" / "x.csv")
    assert code == 1 and "does not exist" in err
    code, _, err = cli("--db", demo_db, "export", "-f", "csv", "-o", tmp_path)
    assert code == 1 and "is a folder" in err


def test_export_file_gets_ordinary_permissions(cli, demo_db, tmp_path) -> None:
    old = os.umask(0o022)
    try:
        assert cli("--db", demo_db, "export", "-f", "md", "-o", tmp_path / "r.md")[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "r.md").stat().st_mode & 0o777 == 0o644


def test_export_overwrites_an_existing_output_file_whole(cli, demo_db, tmp_path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old" * 100_000)
    assert cli("--db", demo_db, "export", "-f", "json", "-o", target)[0] == 0
    assert json.loads(target.read_text())["partners"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_export_into_a_read_only_folder(cli, demo_db, tmp_path) -> None:
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = cli("--db", demo_db, "export", "-f", "csv", "-o", locked / "x.csv")
    finally:
        locked.chmod(0o700)
    assert code == 1 and "cannot write" in err


# -- end to end, as a separate process ----------------------------------------------------------------
def proc(*args: str | Path, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [PYTHON, "-m", "partner_tui", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=60, input=stdin,
    )


def test_end_to_end_demo_export_import(tmp_path) -> None:
    demo = proc("--db", "d.json", "demo", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    export = proc("--db", "d.json", "export", "--format", "csv", "-o", "d.csv", cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    again = proc("--db", "d.json", "demo", cwd=tmp_path)
    assert again.returncode == 1 and again.stderr.startswith("partner-tui: ")
    imported = proc("--db", "e.json", "import", "d.csv", cwd=tmp_path)
    assert imported.returncode == 0 and "Imported 25 partners" in imported.stdout
    for p in (demo, export, again, imported):
        assert "Traceback" not in p.stdout + p.stderr


def test_end_to_end_errors_never_show_a_traceback(tmp_path) -> None:
    (tmp_path / "bad.json").write_bytes(b"\x00\x01 garbage")
    (tmp_path / "rows.csv").write_text("company,contact_email\n,\nX,@@\n")
    cases = [
        (["--db", "bad.json"], 1, "not valid JSON"),
        (["--db", "bad.json", "export", "-f", "md"], 1, "cannot open"),
        (["--db", "new.json", "import", "rows.csv"], 1, "line 3: contact_email"),
        (["--db", "new.json", "import", "missing.csv"], 1, "cannot read"),
        (["export", "--format"], 2, "expected one argument"),
    ]
    for args, code, message in cases:
        result = proc(*args, cwd=tmp_path)
        assert result.returncode == code, (args, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
    assert (tmp_path / "bad.json").read_bytes() == b"\x00\x01 garbage"
    assert not (tmp_path / "new.json").exists()


def test_end_to_end_export_into_a_closed_pipe(tmp_path) -> None:
    assert proc("--db", "d.json", "demo", cwd=tmp_path).returncode == 0
    shell = f"{PYTHON} -m partner_tui --db d.json export -f json | head -c 10 >/dev/null"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr


def test_export_into_a_pipe_is_refused_at_once(demo_db, tmp_path) -> None:
    """A named pipe with no reader would make the export wait forever: refused before any
    work, in a separate process with a timeout (a hang fails the test, never stalls it)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = proc("--db", demo_db, "export", "--format", "json", "-o", fifo, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"partner-tui: refusing to write the export: {fifo} is a named pipe (FIFO); -o takes "
        "a regular file (or - for standard output)\n"
    )
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_export_onto_a_device_is_refused(cli, demo_db) -> None:
    code, _, err = cli("--db", demo_db, "export", "--format", "csv", "-o", "/dev/null")
    assert code == 1 and "/dev/null is a device; -o takes a regular file" in err


def test_export_to_a_dash_is_standard_output(cli, demo_db) -> None:
    code, out, _ = cli("--db", demo_db, "export", "--format", "csv", "-o", "-")
    assert code == 0 and out.startswith("company,")
