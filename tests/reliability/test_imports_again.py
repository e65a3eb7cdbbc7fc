"""Imports can be run again: the same file twice changes nothing the second time (the real
program, as separate processes)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from tests.helpers.torture import run_cli

PARTNERS = "company,stage\nNorthwind,active\nBrightpath,active\nHarbor,engage\n"
DEALS = (
    "partner,customer,customer_domain,status,registered_on,closed_on,amount,monthly_revenue\n"
    "Northwind,Acme,acme.io,won,2025-12-01,2026-01-15,1000,333.33\n"
    "Northwind,No Domain Co,,won,2026-01-10,2026-02-01,0,100\n"
    "Brightpath,Walk-in,,registered,,,,\n"
    "Brightpath,Walk-in,,registered,,,,\n"
    "Harbor,Zeta,zeta.io,registered,2026-02-25,,,\n"
)


def cli(tmp: Path, *args: str | Path) -> str:
    done = run_cli(tmp, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def deals_of(db: Path) -> list[tuple[str, str]]:
    stored = json.loads(db.read_text())
    return sorted((d["partner_id"], d["customer"]) for d in stored.get("deals", {}).values())


def test_the_same_deals_file_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    (tmp_path / "partners.csv").write_text(PARTNERS)
    (tmp_path / "deals.csv").write_text(DEALS)
    cli(tmp_path, "--db", db, "import", tmp_path / "partners.csv")
    out = cli(tmp_path, "--db", db, "import-deals", tmp_path / "deals.csv")
    assert "Imported 5 deals" in out  # two equal rows are two deals, the first time
    first = db.read_bytes()
    assert len(deals_of(db)) == 5

    out = cli(tmp_path, "--db", db, "import-deals", tmp_path / "deals.csv")
    assert "Already there: 5 deals equal to one in" in out and "lines 2, 3, 4, 5, 6" in out
    assert "Nothing new to import" in out
    assert db.read_bytes() == first  # not even rewritten
    out = cli(tmp_path, "--db", db, "import-deals", tmp_path / "deals.csv", "--override")
    assert "Already there: 5 deals" in out
    assert len(deals_of(db)) == 5  # --override overrides clashes, never duplicates

    # A file with one more row adds that row only.
    (tmp_path / "more.csv").write_text(DEALS + "Harbor,Eta,eta.io,registered,2026-03-01,,,\n")
    out = cli(tmp_path, "--db", db, "import-deals", tmp_path / "more.csv")
    assert "Already there: 5 deals" in out and "Imported 1 deal (1 registered)" in out
    assert len(deals_of(db)) == 6


def test_a_clash_inside_one_file_is_decided_by_registered_on(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    (tmp_path / "partners.csv").write_text(PARTNERS)
    cli(tmp_path, "--db", db, "import", tmp_path / "partners.csv")
    rows = tmp_path / "rows.csv"
    # Recent days: a registration older than the protection window (90 days) has expired
    # and would block nothing (docs/registrations.md).
    later, earlier = (date.today() - timedelta(days=d) for d in (7, 14))
    rows.write_text(
        "partner,customer,customer_domain,status,registered_on\n"
        f"Northwind,Kappa,kappa.io,registered,{later.isoformat()}\n"  # row order: first
        f"Brightpath,Kappa Inc,kappa.io,registered,{earlier.isoformat()}\n"  # registered first
    )
    done = run_cli(tmp_path, "--db", db, "import-deals", rows)
    assert done.returncode == 1
    assert "line 2: customer_domain: kappa.io is already registered: Kappa Inc" in done.stderr
    assert "(line 3 of this file)" in done.stderr
    assert "line 3:" not in done.stderr
    cli(tmp_path, "--db", db, "import-deals", rows, "--override")
    stored = json.loads(db.read_text())["deals"].values()
    overridden = {d["customer"]: d.get("override", "") for d in stored}
    assert overridden["Kappa Inc"] == "" and "Kappa Inc" in overridden["Kappa"]


FIXTURES = Path(__file__).parent.parent / "unit" / "exchange" / "fixtures"
SALESFORCE = (
    '"Account ID","Account Owner","Account Name","Type","Website","Description"\n'
    '"001A","Maya Okafor","Meridian Systems","Installation Partner","www.meridian-si.com",""\n'
    '"001B","Maya Okafor","Atlas Billing","Customer - Channel","atlasbilling.com",""\n'
    '"001C","Jonas Weber","Granite Cloud","Strategic","granite.cloud",""\n'
)


def partners_of(db: Path) -> dict[str, dict]:
    stored = json.loads(db.read_text())
    return {p["company"]: p for p in stored["partners"].values()}


def test_a_crm_export_imported_again_updates_what_it_matches_and_adds_only_new(
    tmp_path: Path,
) -> None:
    db = tmp_path / "p.json"
    out = cli(tmp_path, "--db", db, "import", FIXTURES / "hubspot_companies.csv")
    assert "Imported 5 partners" in out
    assert partners_of(db)["Northwind CRM"]["crm_id"] == "hubspot:18447520839"
    first = db.read_bytes()
    out = cli(tmp_path, "--db", db, "import", FIXTURES / "hubspot_companies.csv")
    assert "Imported 0 partners" in out and "5 partners already in the file and unchanged" in out
    assert db.read_bytes() == first

    # The CRM changed: a renamed company (matched by its record id), a new website for
    # another, one new company. The dry run says it all and changes nothing.
    text = (FIXTURES / "hubspot_companies.csv").read_text(encoding="utf-8")
    text = text.replace('"Northwind CRM"', '"Northwind CRM Inc"')
    text += ('"18447529999","Granite Cloud","Maya Okafor","","","","","","","granite.cloud",'
             '"","Lead","alliance","","","","",""\n')
    changed = tmp_path / "hubspot_again.csv"
    changed.write_text(text, encoding="utf-8")
    out = cli(tmp_path, "--db", db, "import", changed, "--dry-run")
    assert "Would add 1 partner" in out and "Granite Cloud" in out
    assert "Would update 1 partner in" in out
    assert ("Northwind CRM Inc (matched by CRM record id) — company: Northwind CRM -> "
            "Northwind CRM Inc") in out
    assert "Unchanged: 4 partners already in the file (lines 3, 4, 5, 6)." in out
    assert db.read_bytes() == first
    out = cli(tmp_path, "--db", db, "import", changed)
    assert "Imported 1 partner" in out and "Updated 1 partner already in the file" in out
    partners = partners_of(db)
    assert len(partners) == 6 and "Northwind CRM" not in partners
    assert partners["Granite Cloud"]["partner_type"] == "strategic_alliance"
    log = [a["text"] for a in partners["Northwind CRM Inc"]["activities"]]
    assert "import of hubspot_again.csv: company was Northwind CRM" in log


def test_salesforce_account_ids_and_a_customer_through_a_channel(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(SALESFORCE, encoding="utf-8")
    done = run_cli(tmp_path, "--db", db, "import", accounts)
    assert done.returncode == 0, done.stderr
    assert "Type 'Customer - Channel' (line 3) is not a kind of partner" in done.stderr
    partners = partners_of(db)
    assert partners["Atlas Billing"].get("partner_type") is None
    assert partners["Meridian Systems"]["crm_id"] == "salesforce:001A"
    assert partners["Granite Cloud"]["partner_type"] == "strategic_alliance"
    # Renamed and moved to another website in Salesforce: still its Account ID.
    accounts.write_text(SALESFORCE.replace('"Meridian Systems","Installation Partner",'
                                           '"www.meridian-si.com"',
                                           '"Meridian SI","Installation Partner","meridian.io"'))
    out = cli(tmp_path, "--db", db, "import", accounts)
    assert "Imported 0 partners" in out and "Updated 1 partner" in out
    assert set(partners_of(db)) == {"Meridian SI", "Atlas Billing", "Granite Cloud"}


def test_our_own_export_imported_again_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    cli(tmp_path, "--db", db, "demo")
    export = tmp_path / "partners.csv"
    cli(tmp_path, "--db", db, "export", "--format", "csv", "-o", export)
    before = db.read_bytes()
    out = cli(tmp_path, "--db", db, "import", export)
    assert "Imported 0 partners" in out and "25 partners already in the file and unchanged" in out
    assert db.read_bytes() == before
    # Matched by id even when renamed; into another file, the partners keep their ids.
    edited = export.read_text(encoding="utf-8-sig").replace("Northwind CRM,", "Northwind,", 1)
    export.write_text(edited, encoding="utf-8")
    out = cli(tmp_path, "--db", db, "import", export, "--dry-run")
    assert "Northwind (matched by id) — company: Northwind CRM -> Northwind" in out
    other = tmp_path / "other.json"
    cli(tmp_path, "--db", other, "import", export)
    assert set(json.loads(other.read_text())["partners"]) == set(
        json.loads(db.read_text())["partners"]
    )


def test_import_warns_about_a_company_that_looks_like_one_in_the_file(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    (tmp_path / "a.csv").write_text("company\n\"Beaconly, Inc.\"\nHarbor & Vale\n")
    cli(tmp_path, "--db", db, "import", tmp_path / "a.csv")
    (tmp_path / "b.csv").write_text("company\nBEACONLY GmbH\nHarbour & Vale\nZephyr\n")
    out = cli(tmp_path, "--db", db, "import", tmp_path / "b.csv", "--dry-run")
    assert ("line 2: 'BEACONLY GmbH' looks like 'Beaconly, Inc.', already in the file; "
            "added as a new partner (see it: partner-tui show 'Beaconly, Inc.')") in out
    assert "line 3: 'Harbour & Vale' looks like 'Harbor & Vale'" in out
    assert "Zephyr' looks like" not in out
    done = run_cli(tmp_path, "--db", db, "import", tmp_path / "b.csv")
    assert done.returncode == 0 and "'BEACONLY GmbH' looks like 'Beaconly, Inc.'" in done.stderr
