"""`partner-tui pay`: finance marks payouts paid from the shell, by the Payouts screen's rules;
what is owed by default, and a part payment, an overpayment and a payment when nothing is
owed each recorded with a clear line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from partner_tui.domain.periods import Period
from partner_tui.profile.your_name import save_your_name
from partner_tui.store.partner_store import PartnerStore

CLI = Callable[..., tuple[int, str, str]]  # the `cli` fixture (tests/unit/cli/conftest.py)

PARTNERS = (
    "company,stage,revenue_share_percent,revenue_share_years,payment_terms\n"
    "Northwind,active,15,1,monthly\n"
    "Harbor,active,12.5,2,quarterly\n"
)
# Northwind: 15% of $1,000 + $100 a month from January 2026 -> January $165, then $15 a month.
DEALS = (
    "partner,customer,customer_domain,status,registered_on,closed_on,amount,monthly_revenue\n"
    "Northwind,Acme,acme.io,won,2025-12-01,2026-01-15,1000,100\n"
    "Harbor,Zeta,zeta.io,won,2026-01-05,2026-02-01,0,80\n"
)


@pytest.fixture
def program(cli: CLI, tmp_path: Path, frozen_clock: object) -> Path:
    db = tmp_path / "program.json"
    (tmp_path / "partners.csv").write_text(PARTNERS, encoding="utf-8")
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    assert cli("--db", db, "import", tmp_path / "partners.csv")[0] == 0
    assert cli("--db", db, "import-deals", tmp_path / "deals.csv")[0] == 0
    return db


def owed(cli: CLI, db: Path, period: str, company: str) -> str:
    code, out, _ = cli("--db", db, "export", "--format", "payouts", "--period", period)
    assert code == 0
    return next(r for r in csv.DictReader(io.StringIO(out)) if r["partner"] == company)["owed"]


def test_pay_pays_what_is_owed_signed_with_your_name(cli: CLI, program: Path) -> None:
    save_your_name("Fin Ance")
    code, out, err = cli("--db", program, "pay", "Northwind", "--period", "2026-01",
                         "--on", "2026-03-05")
    assert (code, err) == (0, "")
    assert out == ("Paid Northwind $165.00 for 2026-01 on 2026-03-05: settled: nothing more "
                   "is owed for 2026-01.\n")
    assert owed(cli, program, "2026-01", "Northwind") == "0.00"
    with PartnerStore(program, read_only=True) as store:
        (payment,) = store.payouts.all_payments()
        assert (payment.author, payment.paid_on, payment.amount) == (
            "Fin Ance", date(2026, 3, 5), Decimal("165.00"))
    # Again: nothing is owed, and nothing is recorded.
    code, _, err = cli("--db", program, "pay", "Northwind", "--period", "2026-01")
    assert code == 1
    assert "nothing owed for 2026-01; --amount A records a payment anyway" in err


def test_part_payment_then_overpayment_then_nothing_owed(cli: CLI, program: Path) -> None:
    pay = lambda amount, period="2026-01": cli(
        "--db", program, "pay", "Northwind", "--period", period, "--amount", amount)
    code, out, _ = pay("100")
    assert code == 0 and "part payment: $100.00 of $165.00; $65.00 still owed" in out
    assert owed(cli, program, "2026-01", "Northwind") == "65.00"
    code, out, _ = pay("$70")
    assert code == 0 and "overpaid: $70.00 against $65.00 owed; $5.00 paid ahead" in out
    assert owed(cli, program, "2026-01", "Northwind") == "-5.00"  # a number, not text
    code, out, _ = pay("10", "2025-06")
    assert code == 0
    assert "nothing was owed for 2025-06; recorded as paid ahead (overpaid by $10.00)" in out


def test_the_screens_rules_per_month_and_per_quarter(cli: CLI, program: Path) -> None:
    code, _, err = cli("--db", program, "pay", "Harbor", "--period", "2026-02")
    assert code == 1 and "Harbor is paid per quarter: pay --period 2026-Q1" in err
    code, out, _ = cli("--db", program, "pay", "Harbor", "--period", "2026-Q1", "--json",
                       "--on", "2026-05-01")
    document = json.loads(out)
    assert code == 0 and document["paid"] == "20.00"  # 12.5% of $80 in February and March
    assert document["owed_after"] == "0.00"
    # A monthly partner's quarter is paid month by month, each month what it owes.
    code, out, _ = cli("--db", program, "pay", "Northwind", "--period", "2026-Q1", "--json",
                       "--on", "2026-05-01")
    document = json.loads(out)
    assert [(p["period"], p["amount"]) for p in document["payments"]] == [
        ("2026-01", "165.00"), ("2026-02", "15.00"), ("2026-03", "15.00")]
    code, _, err = cli("--db", program, "pay", "Northwind", "--period", "2026-Q2",
                       "--amount", "15")
    assert code == 1 and "paid month by month" in err


def test_only_what_is_payable_is_paid(cli: CLI, program: Path) -> None:
    """A line is pending for its period and 30 days after (the holding period): pay says
    so and records nothing; a monthly partner's quarter pays its months that are payable."""
    code, _, err = cli("--db", program, "pay", "Northwind", "--period", "2026-02")  # Mar 16
    assert code == 1 and ("nothing is payable yet: 2026-02 is pending until 2026-03-30 "
                          "(held 30 days after the period for refunds); payable from "
                          "2026-03-31") in err
    code, _, err = cli("--db", program, "pay", "Northwind", "--period", "2026-02",
                       "--amount", "15")
    assert code == 1 and "nothing is payable yet" in err
    code, out, _ = cli("--db", program, "pay", "Northwind", "--period", "2026-Q1", "--json")
    assert [p["period"] for p in json.loads(out)["payments"]] == ["2026-01"]  # Feb, Mar held
    code, out, _ = cli("--db", program, "export", "-f", "payouts", "--period", "2026-02")
    rows = {row["partner"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["Northwind"]["state"] == "pending"
    assert rows["Harbor"]["state"] == ""  # paid per quarter: no line of this month's


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-13"], "--period: "),
        (["--period", "2026-01", "--amount", "1.500"], "'1.500' is ambiguous"),
        (["--period", "2026-01", "--amount", "0"], "a payment is more than 0"),
        (["--period", "2026-01", "--on", "yesterday"], "is not a date"),
    ],
)
def test_usage_mistakes_exit_2(cli: CLI, program: Path, args: list[str], message: str) -> None:
    code, _, err = cli("--db", program, "pay", "Northwind", *args)
    assert code == 2 and err.startswith("partner-tui: ") and message in err


def test_read_only_refuses(cli: CLI, program: Path) -> None:
    before = program.read_bytes()
    code, _, err = cli("--db", program, "--read-only", "pay", "Northwind", "--period", "2026-01")
    assert code == 1 and "cannot run with --read-only" in err
    assert program.read_bytes() == before


def test_a_payment_is_one_undoable_change_as_on_the_payouts_screen(program: Path) -> None:
    jan = Period.parse("2026-01")
    with PartnerStore(program) as store:
        north = next(c.id for c in store.partners.cards() if c.company == "Northwind")
        store.payouts.mark_paid(north, jan, date(2026, 3, 5), "Fin", Decimal(40))
        assert store.undo_label == "mark Northwind paid for 2026-01"
        assert store.payouts.of_partner(north, jan).paid == Decimal("40.00")
        store.undo()
        assert store.payouts.of_partner(north, jan).paid == 0
