"""`accounts import|list|forget` and `overlap`: all or nothing, idempotent, CRM exports
read as they come, rows without a domain listed, exact JSON keys, one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from partner_tui.cli.account_text import OVERLAP_KEYS
from partner_tui.domain.partner import new_partner
from partner_tui.store.partner_store import PartnerStore

Cli = Callable[..., tuple[int, str, str]]

OURS_CSV = """name,website,status,owner,value
Acme,https://www.Acme.io/pricing,opportunity,Ana,"12,500"
Beta,beta.io,customer,,
Gamma,GAMMA.io:443,Lead,Bo,
Delta,delta.io,customer,,
Nodomain,,customer,,
"""
# A HubSpot companies export, as it comes.
HUBSPOT_CSV = """"Record ID","Company name","Company owner","Company Domain Name","Website URL","Lifecycle Stage"
"1","Acme Inc","Zed","acme.io","","Customer"
"2","Beta","Zed","","https://www.beta.io/","Lead"
"3","Gamma","","gamma.io","","Evangelist"
"4","Delta","","delta.io","","customer"
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def program(db_path: Path) -> Path:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("North", id="north0000001"))
        store.partners.add(new_partner("South", id="south0000001"))
    return db_path


def test_import_ours_and_a_partners_crm_export_then_overlap(
    cli: Cli, program: Path, tmp_path: Path
) -> None:
    code, out, err = cli("--db", program, "accounts", "import", write(tmp_path, "o.csv", OURS_CSV))
    assert code == 0
    assert "Imported 4 accounts as our list" in out
    assert "line 6: 'Nodomain' has no domain" in err  # listed, not guessed
    hub = write(tmp_path, "h.csv", HUBSPOT_CSV)
    code, out, _ = cli("--db", program, "accounts", "import", hub, "--partner", "north")
    assert code == 0
    assert "HubSpot companies export" in out
    code, out, _ = cli("--db", program, "overlap", "--json")
    assert code == 0
    [entry] = json.loads(out)
    assert tuple(sorted(entry)) == tuple(sorted(OVERLAP_KEYS))
    assert entry == {
        "partner_id": "north0000001",
        "partner": "North",
        "shared_customers": 1,  # delta.io
        "intros_for_us": 2,  # acme.io (our opportunity), gamma.io (our lead)
        "intros_for_them": 1,  # beta.io: their lead, our customer
        "their_accounts": 4,
        "as_of": entry["as_of"],
    }
    code, out, _ = cli("--db", program, "overlap", "North", "--json")
    [detail] = json.loads(out)
    assert tuple(sorted(detail)) == tuple(sorted(OVERLAP_KEYS))
    first = detail["intros_for_us"][0]
    assert (first["domain"], first["our_owner"], first["open_value"]) == (
        "acme.io", "Ana", "12500.00",
    )
    code, out, _ = cli("--db", program, "overlap", "North")
    assert "Intros for us (2, open value $12,500)" in out


def test_importing_the_same_file_again_changes_nothing(
    cli: Cli, program: Path, tmp_path: Path
) -> None:
    ours = write(tmp_path, "o.csv", OURS_CSV)
    cli("--db", program, "accounts", "import", ours)
    before = program.read_bytes()
    code, out, _ = cli("--db", program, "accounts", "import", ours)
    assert code == 0
    assert out.startswith("Unchanged")
    assert program.read_bytes() == before


def test_one_bad_row_imports_nothing_and_every_bad_row_is_told(
    cli: Cli, program: Path, tmp_path: Path
) -> None:
    bad = write(tmp_path, "bad.csv", "name,domain,status,value\nA,a.io,customer,\n"
                "B,b.io,friend,\nC,c.io,prospect,lots\n")
    before = program.read_bytes()
    code, _, err = cli("--db", program, "accounts", "import", bad)
    assert code == 1
    assert err.startswith("partner-tui: ")
    assert "line 3: status: unknown status 'friend'" in err
    assert "line 4: value:" in err
    assert program.read_bytes() == before


def test_a_file_without_a_domain_column_says_what_to_do(
    cli: Cli, program: Path, tmp_path: Path
) -> None:
    code, _, err = cli("--db", program, "accounts", "import",
                       write(tmp_path, "x.csv", "company,kind\nAcme,x\n"))
    assert code == 1
    assert "no 'domain' column" in err
    assert "--map 'COLUMN=domain'" in err
    mapped = write(tmp_path, "y.csv", "Firma,Netz\nAcme,acme.io\n")
    code, out, _ = cli("--db", program, "accounts", "import", mapped,
                       "--map", "Netz=domain", "--map", "Firma=name")
    assert code == 0, out


def test_map_names_an_account_field(cli: Cli, program: Path, tmp_path: Path) -> None:
    code, _, err = cli("--db", program, "accounts", "import",
                       write(tmp_path, "o.csv", OURS_CSV), "--map", "name=company")
    assert code == 2
    assert "no field 'company'" in err


def test_dry_run_writes_nothing(cli: Cli, program: Path, tmp_path: Path) -> None:
    before = program.read_bytes()
    code, out, _ = cli("--db", program, "accounts", "import",
                       write(tmp_path, "o.csv", OURS_CSV), "--dry-run")
    assert code == 0
    assert "Would keep 4 accounts as our list" in out
    assert "Left out, without a usable domain:" in out
    assert program.read_bytes() == before


def test_list_and_forget(cli: Cli, program: Path, tmp_path: Path) -> None:
    cli("--db", program, "accounts", "import", write(tmp_path, "o.csv", OURS_CSV))
    cli("--db", program, "accounts", "import", write(tmp_path, "h.csv", HUBSPOT_CSV),
        "--partner", "south0000001")
    code, out, _ = cli("--db", program, "accounts", "list")
    assert "ours: 4 accounts (2 customers, 1 prospect, 1 opportunity)" in out
    assert "South (south0000001): 4 accounts" in out
    code, out, _ = cli("--db", program, "accounts", "list", "--partner", "South")
    assert "acme.io" in out
    code, out, _ = cli("--db", program, "accounts", "forget", "--partner", "South")
    assert (code, "Forgot South's list (4 accounts)" in out) == (0, True)
    assert list(orjson.loads(program.read_bytes())["account_lists"]) == ["ours"]
    code, out, _ = cli("--db", program, "accounts", "forget")
    assert code == 0
    assert orjson.loads(program.read_bytes())["account_lists"] == {}


def test_overlap_without_our_list_is_one_line(cli: Cli, program: Path) -> None:
    code, _, err = cli("--db", program, "overlap")
    assert code == 1
    assert err.count("\n") == 1
    assert "no account list of ours" in err


def test_read_only_refuses_import_and_forget(cli: Cli, program: Path, tmp_path: Path) -> None:
    ours = write(tmp_path, "o.csv", OURS_CSV)
    code, _, err = cli("--db", program, "--read-only", "accounts", "import", ours)
    assert code == 1
    assert "--read-only" in err


def test_hostile_text_is_cleaned_and_printed_inert(
    cli: Cli, program: Path, tmp_path: Path
) -> None:
    hostile = write(tmp_path, "h.csv", "name,domain,status\n"
                    "\"Evil\x1b]52;c;ZWNobyBoaQ==\x07 Co\",evil.io,customer\n")
    assert cli("--db", program, "accounts", "import", hostile)[0] == 0
    stored = orjson.loads(program.read_bytes())["account_lists"]["ours"]["accounts"]
    assert "\x1b" not in stored[0] and "\x07" not in stored[0]
    _code, out, _ = cli("--db", program, "accounts", "list", "--partner", "ours")
    assert "\x1b" not in out
