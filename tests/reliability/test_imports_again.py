"""Imports can be run again: the same file twice changes nothing the second time (the real
program, as separate processes)."""

from __future__ import annotations

import json
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
    rows.write_text(
        "partner,customer,customer_domain,status,registered_on\n"
        "Northwind,Kappa,kappa.io,registered,2026-03-09\n"  # row order: first
        "Brightpath,Kappa Inc,kappa.io,registered,2026-03-02\n"  # registered first
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
