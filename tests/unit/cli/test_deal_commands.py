"""The command line for deals and payouts: import-deals (all or nothing, bad rows by line,
hostile files), the payout statements in both formats, and export json with deals."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from partner_tui.domain.deals import DealStatus
from partner_tui.domain.periods import Period
from partner_tui.store.partner_store import PartnerStore

CLI = Callable[..., tuple[int, str, str]]  # the `cli` fixture (tests/unit/cli/conftest.py)

PARTNERS = (
    "company,stage,revenue_share_percent,revenue_share_years,payment_terms,referral_fee,"
    "referral_payment\n"
    "Northwind,active,15,1,monthly,,\n"
    "Brightpath,active,,,,500,on_payment\n"
    "Harbor,active,12.5,2,quarterly,250,on_close\n"
)
DEALS = (
    "partner,customer,customer_domain,status,registered_on,closed_on,paid_on,amount,"
    "monthly_revenue,ended_on,notes\n"
    "Northwind,Acme,acme.io,won,2025-12-01,2026-01-15,2026-02-03,1000,333.33,,\n"
    "Northwind,Beta,beta.io,won,2025-01-10,2025-02-01,,0,100,,\"a note\nover two lines\"\n"
    "Northwind,Gamma,gamma.io,lost,2026-01-01,2026-01-20,,,,,\n"
    "Brightpath,Delta,delta.io,won,2026-01-02,2026-01-30,2026-02-10,2000,0,,\n"
    "Brightpath,Epsilon,epsilon.io,won,2026-02-01,2026-02-20,,500,0,,\n"
    "Harbor,Zeta,zeta.io,won,2026-01-05,2026-02-01,,0,80,2026-02-28,\n"
    "Harbor,Eta,eta.io,registered,2026-02-25,,,,,,\n"
)


@pytest.fixture
def program(cli: CLI, tmp_path: Path, frozen_clock: object) -> Path:
    """Three partners with terms (imported with the terms columns) and a year of deals."""
    db = tmp_path / "program.json"
    (tmp_path / "partners.csv").write_text(PARTNERS, encoding="utf-8")
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    assert cli("--db", db, "import", tmp_path / "partners.csv")[0] == 0
    code, out, err = cli("--db", db, "import-deals", tmp_path / "deals.csv")
    assert (code, err) == (0, "")
    assert "Imported 7 deals (5 won, 1 lost, 1 registered) for 3 partners" in out
    return db


def statement(cli: CLI, db: Path, period: str) -> list[dict[str, str]]:
    code, out, err = cli("--db", db, "export", "--format", "payouts", "--period", period)
    assert (code, err) == (0, "")
    return list(csv.DictReader(io.StringIO(out)))


def test_the_statement_matches_the_rules_to_the_cent(cli: CLI, program: Path) -> None:
    rows = {row["partner"]: row for row in statement(cli, program, "2026-02")}
    # Northwind, 15% for 1 year, monthly: Acme earns 333.33 (49.9995 -> 50.00); Beta closed
    # 2025-02: February 2026 is its 13th month, outside the year (revenue, no share).
    north = rows["Northwind"]
    assert [north[k] for k in ("revenue", "revenue_share", "referral_fees", "total", "paid")] == [
        "433.33", "50.00", "0.00", "50.00", "0.00"
    ]
    # Brightpath, $500 on payment: Delta paid in February; Epsilon not paid yet.
    bright = rows["Brightpath"]
    assert [bright[k] for k in ("revenue", "revenue_share", "referral_fees", "total")] == [
        "500.00", "0.00", "500.00", "500.00"
    ]
    # Quarterly: not owed for a month; named, on a row without amounts (as the Markdown does).
    harbor = rows["Harbor"]
    assert (harbor["total"], harbor["owed"], harbor["payment_terms"], harbor["note"]) == (
        "", "", "quarterly", "paid per quarter: see 2026-Q1")
    assert list(rows["Northwind"])[:7] == [
        "partner", "period", "revenue", "revenue_share", "referral_fees", "total", "paid"
    ]


def test_money_cells_are_numbers_even_negative(cli: CLI, program: Path) -> None:
    """An overpaid partner owes -0.01: a number in the CSV, never the text '-0.01."""
    from partner_tui.domain.payments import Payment

    with PartnerStore(program) as store:
        north = next(c.id for c in store.partners.cards() if c.company == "Northwind")
        store.payouts.add_payments([Payment(partner_id=north, period="2026-02", amount=Decimal("50.01"),
                                    paid_on=date(2026, 3, 2))])
    rows = {row["partner"]: row for row in statement(cli, program, "2026-02")}
    assert rows["Northwind"]["owed"] == "-0.01"
    total = sum(Decimal(row["total"] or 0) for row in rows.values())
    assert total == Decimal("550.00")  # the rows add up (the quarterly one has no amounts)


def test_a_quarter_statement_sums_the_months_and_shows_payments(
    cli: CLI, program: Path
) -> None:
    with PartnerStore(program) as store:
        north = next(c.id for c in store.partners.cards() if c.company == "Northwind")
        store.payouts.mark_paid(north, Period.parse("2026-01"), date(2026, 3, 5))
    rows = {row["partner"]: row for row in statement(cli, program, "2026-Q1")}
    # Harbor, 12.5% quarterly, $250 on close: Zeta 80 in Feb (10.00) + fee; it left in Feb.
    assert (rows["Harbor"]["revenue_share"], rows["Harbor"]["referral_fees"]) == ("10.00", "250.00")
    # Northwind January: Acme 1,333.33 -> 200.00 (199.9995), and Beta 100 -> 15.00: January
    # 2026 is the 12th and last month of Beta's year (closed 2025-02).
    north = rows["Northwind"]
    assert north["revenue_share"] == "315.00"  # 215.00 + February 50.00 + March 50.00
    assert (north["paid"], north["owed"], north["paid_on"]) == ("215.00", "100.00", "2026-03-05")


def test_the_finance_statement_names_each_deal_and_the_rules(cli: CLI, program: Path) -> None:
    code, out, _ = cli("--db", program, "export", "--format", "payouts-md", "--period", "2026-02")
    assert code == 0
    assert out.startswith("# Partner payouts: February 2026 (2026-02)")
    assert "| Northwind | $433.33 | $50.00 | $0.00 | **$50.00** | $0.00 | $50.00 | - |" in out
    assert "| Acme | acme.io | 2026-01-15 | - | $333.33 | $50.00 | $0.00 | $50.00 |" in out
    assert "| **Total** |" in out and "## How these figures are computed" in out
    assert "Paid per quarter, so not in this month's statement (see 2026-Q1): Harbor." in out


def test_a_statement_to_a_file_and_usage_mistakes(cli: CLI, program: Path, tmp_path: Path) -> None:
    target = tmp_path / "feb.csv"
    code, _, err = cli("--db", program, "export", "-f", "payouts", "--period", "2026-02",
                       "-o", target)
    assert code == 0 and "2026-02 payout statement (2 partners)" in err
    assert target.read_bytes().startswith(b"\xef\xbb\xbfpartner,period,")
    for args, message in [
        (["--format", "payouts"], "needs --period"),
        (["--format", "payouts", "--period", "2026-13"], "months are 01 to 12"),
        (["--format", "payouts", "--period", "March"], "YYYY-Qn"),
        (["--format", "csv", "--period", "2026-02"], "--period goes with"),
    ]:
        code, _, err = cli("--db", program, "export", *args)
        assert code == 2 and err.startswith("partner-tui: ") and message in err


def test_json_export_includes_deals_and_payments(cli: CLI, program: Path) -> None:
    with PartnerStore(program) as store:
        north = next(c.id for c in store.partners.cards() if c.company == "Northwind")
        store.payouts.mark_paid(north, Period.parse("2026-02"), date(2026, 4, 2))
    code, out, _ = cli("--db", program, "export", "--format", "json")
    document = json.loads(out)
    assert len(document["deals"]) == 7
    assert {d["customer"] for d in document["deals"]} >= {"Acme", "Zeta"}
    beta = next(d for d in document["deals"] if d["customer"] == "Beta")
    assert beta["notes"] == "a note\nover two lines" and beta["monthly_revenue"] == "100.00"
    assert [(p["period"], p["amount"]) for p in document["payments"]] == [("2026-02", "50.00")]


def test_import_deals_is_all_or_nothing_and_names_every_bad_row(
    cli: CLI, program: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "partner,customer,customer_domain,status,registered_on,closed_on,amount\n"
        "Northwind,Ok Co,ok.io,registered,2026-03-01,,\n"
        "Nobody Inc,Lost Co,lost.io,won,2026-01-01,2026-01-02,\n"
        "Northwind,Late Co,late.io,won,2026-03-01,2026-02-01,\n"
        "Northwind,Money Co,money.io,won,2026-01-01,2026-01-05,\"12,5\"\n"
        "Northwind,Again,https://www.acme.io/x,registered,2026-03-01,,\n"
        "Brightpath,,none.io,weird,2026-13-01,,\n",
        encoding="utf-8",
    )
    before = program.read_bytes()
    code, out, err = cli("--db", program, "import-deals", bad)
    assert code == 1 and out == ""
    assert "5 bad rows; nothing was imported" in err
    assert "line 3: partner: no partner named 'Nobody Inc' (nor with that id)" in err
    assert "line 4: closed_on: is before the registration (2026-03-01)" in err
    assert "line 5: amount: '12,5' is ambiguous" in err
    assert ("line 6: customer_domain: acme.io is already registered: Acme (acme.io), "
            "registered by Northwind on 2025-12-01, won") in err
    assert "line 7: status: unknown status 'weird'" in err
    assert "line 7: registered_on: '2026-13-01' is not a real date" in err
    assert program.read_bytes() == before


def test_override_registers_a_clash_and_logs_it(cli: CLI, program: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.csv"
    again.write_text("partner,customer,customer_domain\nBrightpath,Acme again,acme.io\n",
                     encoding="utf-8")
    assert cli("--db", program, "import-deals", again)[0] == 1
    code, out, _ = cli("--db", program, "import-deals", again, "--override")
    assert code == 0 and "Imported 1 deal (1 registered) for 1 partner" in out
    with PartnerStore(program, read_only=True) as store:
        bright = next(c.id for c in store.partners.cards() if c.company == "Brightpath")
        [deal] = [d for d in store.deals.of_partner(bright) if d.customer == "Acme again"]
        assert deal.status is DealStatus.REGISTERED and "registered by Northwind" in deal.override
        assert "Deal registration override" in store.partners.get(bright).activities[-1].text


def test_a_clash_within_the_file_names_its_line_and_the_rows_after_it_are_still_read(
    cli: CLI, program: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "partner,customer,customer_domain,status,registered_on\n"
        "Northwind,Kappa,kappa.io,registered,2026-03-01\n"
        "Brightpath,Kappa too,kappa.io,registered,2026-03-02\n"
        "Harbor,Lambda,lambda.io,registered,2026-03-03\n"
        "Harbor,Lambda again,lambda.io,registered,2026-03-04\n",
        encoding="utf-8",
    )
    before = program.read_bytes()
    code, _, err = cli("--db", program, "import-deals", rows)
    assert code == 1 and "2 bad rows; nothing was imported" in err
    assert "line 3: customer_domain: kappa.io is already registered: Kappa (kappa.io), " in err
    assert "(line 2 of this file)" in err and "(line 4 of this file)" in err
    assert program.read_bytes() == before
    code, out, _ = cli("--db", program, "import-deals", rows, "--override")
    assert code == 0 and "Imported 4 deals (4 registered) for 3 partners" in out


def test_import_deals_reads_hostile_files_like_import(
    cli: CLI, program: Path, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.csv"
    # Excel's CSV UTF-8 with a byte-order mark, semicolons, header words in other spellings,
    # a partner by id, a formula-looking note export guarded with an apostrophe.
    with PartnerStore(program, read_only=True) as store:
        harbor = next(c.id for c in store.partners.cards() if c.company == "Harbor")
    hostile.write_bytes(
        "\ufeffPartner ID;Customer Name;Domain;Status;Closed On;Amount;Notes\n"
        f"{harbor};Théo & Fils;theo.fr;Closed Won;2026-02-02;1.500,00;'=SUM(A1)\n".encode()
    )
    code, _, err = cli("--db", program, "import-deals", hostile)
    assert code == 1 and "line 2: amount: '1.500,00' is ambiguous" in err
    hostile.write_bytes(hostile.read_bytes().replace("1.500,00".encode(), b"1500"))
    code, _, err = cli("--db", program, "import-deals", hostile)
    assert (code, err) == (0, "")
    with PartnerStore(program, read_only=True) as store:
        [deal] = [d for d in store.deals.of_partner(harbor) if d.customer == "Théo & Fils"]
        assert (deal.status, deal.amount, deal.notes) == (
            DealStatus.WON, Decimal("1500.00"), "=SUM(A1)"
        )
        assert deal.registered_on == deal.closed_on == date(2026, 2, 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"customer,amount\nAcme,1\n", "no 'partner' column"),
        (b"partner,customer\n", "no deals to import"),
        (b"\xff\xfep\x00", "UTF-16"),
        (b"partner,customer\nNorthwind,Caf\xe9\n", "not UTF-8"),
    ],
)
def test_import_deals_file_level_errors(
    cli: CLI, program: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(content)
    code, _, err = cli("--db", program, "import-deals", path)
    assert code == 1 and message in err and err.count("\n") == 1


def test_import_deals_needs_a_database_with_partners(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(DEALS, encoding="utf-8")
    code, _, err = cli("--db", tmp_path / "none.json", "import-deals", path)
    assert code == 1 and "deals belong to partners" in err
    assert not (tmp_path / "none.json").exists()
