"""`import` of CRM exports with --map and --dry-run, and `export --format ics`, from the
command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar

from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore

FIXTURES = Path(__file__).parents[1] / "exchange" / "fixtures"


def companies(db: Path) -> dict[str, Stage]:
    with PartnerStore(db, read_only=True) as store:
        return {card.company: card.stage for card in store.partners.cards()}


def test_a_hubspot_export_imports_as_it_is(cli, db_path) -> None:
    code, out, err = cli("--db", db_path, "import", FIXTURES / "hubspot_companies.csv")
    assert code == 0
    assert "Read " in out and "as a HubSpot companies export." in out
    assert "Imported 5 partners" in out
    assert "'Record ID'" not in err  # read: the CRM's record id is kept
    assert companies(db_path)["Harbor & Vale Resellers"] is Stage.NEGOTIATE


def test_a_salesforce_report_imports_as_it_is(cli, db_path) -> None:
    code, out, _ = cli("--db", db_path, "import", FIXTURES / "salesforce_opportunities.csv")
    assert code == 0 and "Imported 4 partners" in out
    assert companies(db_path) == {
        "Ledgerly": Stage.NEGOTIATE, "Kestrel Digital Agency": Stage.ACTIVE,
        "Summit Service Group": Stage.ARCHIVED, "Quillmetrics": Stage.ENGAGE,
    }


def test_dry_run_prints_everything_and_leaves_the_file_byte_identical(
    cli, db_path, tmp_path
) -> None:
    cli("--db", db_path, "demo")
    before = db_path.read_bytes()
    mtime = db_path.stat().st_mtime_ns
    code, out, err = cli(
        "--db", db_path, "import", FIXTURES / "hubspot_contacts.csv", "--dry-run",
        "--map", "Job Title=notes",
    )
    assert code == 0 and err == ""
    assert "read as a HubSpot contacts export." in out
    assert "'Associated Company' -> company" in out
    assert "'Company Name'       -> company (where 'Associated Company' is empty)" in out
    assert "Columns ignored: 'Record ID'" in out
    assert "1 row without a company skipped (line 6)" in out
    assert "Would add 0 partners" in out  # the demo has all four companies
    assert "Would update 4 partners" in out
    assert "  line 2     Northwind CRM (matched by company name) — notes: " in out
    assert out.rstrip().endswith("Nothing was changed (--dry-run).")
    assert db_path.read_bytes() == before and db_path.stat().st_mtime_ns == mtime
    # A database that does not exist is not created by a dry run.
    missing = tmp_path / "new" / "partners.json"
    assert cli("--db", missing, "import", FIXTURES / "salesforce_accounts.csv", "--dry-run")[0] == 0
    assert not missing.exists() and not missing.parent.exists()


def test_dry_run_of_a_bad_file_fails_like_the_import(cli, db_path, tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Record ID,Company name,Email\n1,Acme,jane@\n", encoding="utf-8")
    code, out, err = cli("--db", db_path, "import", bad, "--dry-run")
    assert code == 1 and out == ""
    assert "line 2: Email: is not a valid email address" in err
    assert "--map 'COLUMN='" in err
    code, out, _ = cli("--db", db_path, "import", bad, "--map", "Email=")
    assert code == 0 and "Imported 1 partner " in out


def test_bad_map_options_are_usage_errors(cli, db_path, tmp_path) -> None:
    source = tmp_path / "x.csv"
    shutil.copy(FIXTURES / "salesforce_accounts.csv", source)
    code, _, err = cli("--db", db_path, "import", source, "--map", "Account Name=firm")
    assert code == 2 and "no field 'firm'" in err
    code, _, err = cli("--db", db_path, "import", source, "--map", "Nope=company")
    assert code == 1 and "--map: no column 'nope'" in err
    assert not db_path.exists()


def test_dry_run_is_allowed_read_only_and_while_the_app_has_the_file(cli, db_path) -> None:
    cli("--db", db_path, "demo")
    with PartnerStore(db_path):
        code, out, _ = cli("--db", db_path, "--read-only", "import",
                           FIXTURES / "hubspot_companies.csv", "--dry-run")
    assert code == 0 and "Northwind CRM (matched by website domain)" in out


def test_export_ics_to_a_file_and_to_standard_output(cli, db_path, tmp_path, frozen_clock) -> None:
    cli("--db", db_path, "demo")
    target = tmp_path / "partners.ics"
    code, _, err = cli("--db", db_path, "export", "--format", "ics", "-o", target)
    assert code == 0 and "as ics to" in err
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    todos = list(calendar.walk("VTODO"))
    assert todos and all(str(t["summary"]).count(": ") >= 1 for t in todos)
    uids = [str(t["uid"]) for t in todos]
    assert len(set(uids)) == len(uids)
    code, out, _ = cli("--db", db_path, "export", "--format", "ics", "--events")
    assert code == 0
    events = list(icalendar.Calendar.from_ical(out.encode()).walk("VEVENT"))
    assert sorted(str(e["uid"]) for e in events) == sorted(uids)


def test_events_goes_with_ics_only(cli, db_path) -> None:
    cli("--db", db_path, "demo")
    code, _, err = cli("--db", db_path, "export", "--format", "csv", "--events")
    assert code == 2 and "--events goes with --format ics" in err


def test_a_salesforce_report_in_its_default_western_encoding(cli, db_path, tmp_path) -> None:
    report = tmp_path / "accounts.csv"
    report.write_bytes(
        '"Account Owner","Account Name","Website"\n"Maya","Zürich Daten AG","datenwerk.ch"\n'
        .encode("latin-1")
    )
    code, out, _ = cli("--db", db_path, "import", report, "--dry-run")
    assert code == 0 and "read as Western European text (Windows-1252)" in out
    code, _, err = cli("--db", db_path, "import", report)
    assert code == 0 and "Windows-1252" in err
    assert list(companies(db_path)) == ["Zürich Daten AG"]
    # Any other file that is not UTF-8 is still refused, as before.
    plain = tmp_path / "plain.csv"
    plain.write_bytes("company\nZürich\n".encode("latin-1"))
    code, _, err = cli("--db", db_path, "import", plain)
    assert code == 1 and "not UTF-8 text (byte 0xfc on line 2)" in err
