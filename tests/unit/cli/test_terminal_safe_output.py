"""No control sequence from the data reaches the terminal through the command line: not
from `import`, not from `export` to standard output in any format, not from a message
that quotes a value. Files get the data as stored, which is clean."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli import main
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.hostile import (
    OSC_52,
    OSC_52_STORED,
    assert_clean,
    hostile_text,
    unsafe_on_terminal,
)

EXPORTS = ("csv", "md", "json")


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """The real program, its output as the bytes a terminal would receive."""
    return subprocess.run(
        [sys.executable, "-m", "partner_tui", *map(str, args)],
        capture_output=True, timeout=60, check=False,
    )


def test_osc_52_company_cell_never_reaches_the_terminal(tmp_path: Path) -> None:
    """The issue's case: a CSV whose company cell would replace the user's clipboard."""
    db = tmp_path / "partners.json"
    source = tmp_path / "partners.csv"
    source.write_text(csv_text([["company", "notes"], [OSC_52, OSC_52]]), encoding="utf-8")
    imported = run("--db", db, "import", source)
    assert imported.returncode == 0, imported.stderr
    with PartnerStore(db, read_only=True) as store:
        (partner,) = store.partners.all()
    assert partner.company == partner.notes == OSC_52_STORED
    stored = db.read_bytes()
    for trace in (b"\x1b", b"\x07", b"\\u001b", b"\\u0007"):
        assert trace not in stored
    outputs = [imported.stdout, imported.stderr]
    for fmt in EXPORTS:
        shown = run("--db", db, "export", "--format", fmt)
        assert shown.returncode == 0, shown.stderr
        assert OSC_52_STORED.encode() in shown.stdout.replace(b"\\", b"")  # it is there
        written = tmp_path / f"out.{fmt}"
        assert run("--db", db, "export", "--format", fmt, "-o", written).returncode == 0
        outputs += [shown.stdout, shown.stderr, written.read_bytes()]
    for output in outputs:
        assert b"\x1b" not in output and b"\x07" not in output


def test_a_file_holding_the_sequence_exports_nothing_raw(tmp_path: Path) -> None:
    """Whatever is in the file: here written by a hand edit, not cleaned by an import."""
    db = tmp_path / "partners.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Placeholder"))
    data = json.loads(db.read_text(encoding="utf-8"))
    record = next(iter(data["partners"].values()))
    record.update(company=OSC_52 + "\u202e\x9b2J", notes="\u2067x\u2069\x1b]0;pwned\x07")
    db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for fmt in EXPORTS:
        shown = run("--db", db, "export", "--format", fmt)
        assert shown.returncode == 0, shown.stderr
        text = shown.stdout.decode("utf-8")
        assert unsafe_on_terminal(text, crlf=fmt == "csv") == [], fmt
    # The JSON on standard output means exactly what the JSON file says.
    written = tmp_path / "out.json"
    assert run("--db", db, "export", "--format", "json", "-o", written).returncode == 0
    shown_json = json.loads(run("--db", db, "export", "--format", "json").stdout)
    assert shown_json["partners"] == json.loads(written.read_bytes())["partners"]
    assert shown_json["partners"][0]["notes"] == "\u2067x\u2069]0;pwned"


cell = hostile_text


# capsys is read out (and so emptied) after every command of every example.
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    company=cell,
    others=st.lists(cell, min_size=6, max_size=6),
    stage=st.sampled_from(["engage", "Prospect", ""]),
    noise=st.sampled_from(["", "\x1b", "\x07", "\u202e", "\x9b", "\r"]),
)
def test_any_csv_imports_clean_and_every_export_prints_nothing_raw(
    capsys: pytest.CaptureFixture[str], company: str, others: list[str], stage: str, noise: str
) -> None:
    header = ["company", "contact_name", "notes", "next_action", "subtype", "owner",
              "contact_linkedin", "stage", "potential_value", "Ph\x1bone"]
    # The subtype (fifth column) holds at most 100 characters: a longer one is a bad row.
    cells = [*others[:3], others[3][:100], others[4]]
    row = ["Co" + company, *cells, "", stage + noise, "12" + noise + "00", others[5]]
    with tempfile.TemporaryDirectory() as folder:
        db, source = Path(folder) / "p.json", Path(folder) / "p.csv"
        source.write_text(csv_text([header, row, row]), encoding="utf-8")
        code = main(["--db", str(db), "import", str(source)])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert unsafe_on_terminal(out + err) == []
        data = json.loads(db.read_text(encoding="utf-8"))
        assert len(data["partners"]) == 2
        for record in data["partners"].values():
            assert_clean(Partner, record)
        for fmt in EXPORTS:
            assert main(["--db", str(db), "export", "--format", fmt]) == 0
            out, err = capsys.readouterr()
            assert unsafe_on_terminal(out, crlf=fmt == "csv") == [] and err == ""


def test_import_errors_quote_hostile_cells_harmlessly(cli, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(
        csv_text([
            ["company", "contact_email", "website", "Ph\x1b]0;pwned\x07one"],
            [OSC_52, "ann\x1b]0;pwned\x07@", "not a site\x1b[2J", "x"],
            ["", "ok@acme.io", "", ""],
        ]),
        encoding="utf-8",
    )
    code, out, err = cli("--db", tmp_path / "p.json", "import", source)
    assert code == 1 and "line 2: contact_email" in err and "line 3: company" in err
    assert unsafe_on_terminal(out + err) == []


def test_an_invalid_record_is_named_harmlessly(cli, db_path: Path, tmp_path: Path) -> None:
    """The open's one-line error quotes the record's company name."""
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Placeholder"))
    data = json.loads(db_path.read_text(encoding="utf-8"))
    record = next(iter(data["partners"].values()))
    record.update(company=OSC_52, stage="nowhere\x1b[2J")
    db_path.write_text(json.dumps(data), encoding="utf-8")
    source = tmp_path / "ok.csv"
    source.write_text("company\nAcme\n", encoding="utf-8")
    for command in (["export", "--format", "csv"], ["import", str(source)]):
        code, out, err = cli("--db", db_path, *command)
        assert code == 1 and f"({OSC_52_STORED}) is invalid: stage:" in err
        assert unsafe_on_terminal(out + err) == []


def test_a_database_path_with_controls_is_named_harmlessly(cli, tmp_path: Path) -> None:
    code, _, err = cli("--db", tmp_path / "evil\x1b]0;pwned\x07.json", "export", "--format", "md")
    assert code == 1 and "no such database" in err
    assert unsafe_on_terminal(err) == []
