"""`partner-tui deal refund`, refunded rows in `import-deals`, and what a refund does to the
statements and to `pay` (docs/refunds.md): a negative line in the refund's month, named;
a balance below zero carried forward; nothing paid until it is earned back."""

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
from partner_tui.store.partner_store import PartnerStore

CLI = Callable[..., tuple[int, str, str]]  # the `cli` fixture (tests/unit/cli/conftest.py)

PARTNERS = (
    "company,stage,revenue_share_percent,revenue_share_years,payment_terms\n"
    "Northwind,active,15,1,monthly\n"
)
# 15% of $1,000 + $100 a month from January 2026: January $165, then $15 a month.
DEALS = (
    "partner,customer,customer_domain,status,registered_on,closed_on,amount,monthly_revenue\n"
    "Northwind,Acme,acme.io,won,2025-12-01,2026-01-15,1000,100\n"
    "Northwind,Beta,beta.io,lost,2025-12-01,2026-01-20,0,0\n"
)


@pytest.fixture
def program(cli: CLI, tmp_path: Path, frozen_clock: object) -> Path:
    db = tmp_path / "program.json"
    (tmp_path / "partners.csv").write_text(PARTNERS, encoding="utf-8")
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    assert cli("--db", db, "import", tmp_path / "partners.csv")[0] == 0
    assert cli("--db", db, "import-deals", tmp_path / "deals.csv")[0] == 0
    return db


def row(cli: CLI, db: Path, period: str) -> dict[str, str]:
    code, out, _ = cli("--db", db, "export", "--format", "payouts", "--period", period)
    assert code == 0
    return next(r for r in csv.DictReader(io.StringIO(out)) if r["partner"] == "Northwind")


def acme(db: Path) -> object:
    with PartnerStore(db, read_only=True) as store:
        return next(d for d in store.deals.all() if d.customer == "Acme")


def test_a_whole_refund_is_a_negative_line_named_and_carried_until_earned_back(
    cli: CLI, program: Path
) -> None:
    assert cli("--db", program, "pay", "Northwind", "--period", "2026-01",
               "--on", "2026-03-05")[0] == 0  # $165 paid for January
    code, out, err = cli("--db", program, "deal", "refund", "acme.io", "--on", "2026-03-10")
    assert (code, err) == (0, "")
    assert out == ("Refunded Acme (Northwind) on 2026-03-10: $1,300.00 of $1,300.00; $195.00 "
                   "clawed back in 2026-03; Northwind's balance after 2026-03: -$165.00.\n")
    deal = acme(program)
    assert (deal.status, deal.refunded_on, deal.refunded_amount) == (  # type: ignore[attr-defined]
        DealStatus.REFUNDED, date(2026, 3, 10), None)
    march = row(cli, program, "2026-03")
    assert (march["total"], march["clawback"], march["carried"], march["balance"]) == (
        "-180.00", "195.00", "15.00", "-165.00")
    assert march["state"] == "clawback"
    # The first tier is no mark (the cards' rule): the note names the refund only.
    assert march["note"] == (f"refund of Acme (deal {deal.id}) on 2026-03-10: "  # type: ignore[attr-defined]
                             "1300.00 of 1300.00 refunded, claws back 195.00")
    # April: nothing earned (the refund ended the deal), the balance carried forward.
    april = row(cli, program, "2026-04")
    assert (april["total"], april["carried"], april["balance"]) == ("0.00", "-165.00", "-165.00")
    assert april["state"] == "in the red"
    # February ($15) is payable from 2026-03-31, but the balance is below zero: nothing paid.
    code, out, err = cli("--db", program, "pay", "Northwind", "--period", "2026-02",
                         "--on", "2026-03-31")
    assert (code, out) == (1, "")
    assert err == ("partner-tui: Northwind: nothing is paid while the balance is -165.00: "
                   "refunds took back more than was left to pay (the refund of Acme on 2026-03-10 "
                   "clawed back 195.00); the balance is carried forward until it is earned "
                   "back\n")
    code, _, err = cli("--db", program, "pay", "Northwind", "--period", "2026-02",
                       "--on", "2026-03-31", "--amount", "5")
    assert code == 1 and "nothing is paid while the balance is -165.00" in err
    code, out, _ = cli("--db", program, "export", "--format", "payouts-md", "--period", "2026-03")
    assert "| Acme | acme.io | 2026-03-10 | $1,300.00 | $1,300.00 | $195.00 | $0.00 " \
           "| **-$195.00** |" in out
    assert "Balance: $15.00 carried in; -$165.00 after this period (below zero" in out


def test_a_part_refund_claws_back_the_share_on_what_was_refunded_and_pay_is_capped(
    cli: CLI, program: Path
) -> None:
    code, out, _ = cli("--db", program, "deal", "refund", "Acme", "--on", "2026-03-10",
                       "--amount", "650", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["clawback"] == {"period": "2026-03", "revenue_share": "97.50",
                                    "referral_fee": "0.00", "total": "97.50"}
    assert (document["refunded"], document["brought"], document["balance"]) == (
        "650.00", "1300.00", "97.50")
    assert row(cli, program, "2026-03")["total"] == "-82.50"  # 15.00 - 97.50
    # January owes $165, but the balance is $97.50: no more is paid.
    code, out, _ = cli("--db", program, "pay", "Northwind", "--period", "2026-01",
                       "--on", "2026-03-31")
    assert code == 0
    assert out.startswith("Paid Northwind $97.50 for 2026-01 on 2026-03-31: part payment")
    assert "a refund's clawback is made up first" in out
    with PartnerStore(program, read_only=True) as store:
        figures = store.payouts.figures(acme(program).partner_id, date(2026, 3, 31))  # type: ignore[attr-defined]
        assert (figures.clawback, figures.payout, figures.owed) == (
            Decimal("97.50"), Decimal("97.50"), Decimal("0.00"))


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["Beta", "--on", "2026-03-10"], 1, "only a won deal can be refunded; Beta is lost"),
        (["Acme", "--on", "2026-01-02"], 1, "refunded_on: is before the close (2026-01-15)"),
        (["Acme", "--on", "2026-01-20", "--amount", "1100.01"], 1,
         "refunded_amount: is more than the deal brought through the refund (1100.00)"),
        (["Acme", "--on", "March"], 2, "--on 'March' is not a date"),
        (["Acme", "--on", "2026-03-10", "--amount", "-5"], 2, "--amount"),
        (["Gamma", "--on", "2026-03-10"], 1, "no deal 'Gamma'"),
    ],
)
def test_what_cannot_be_refunded_is_refused_in_one_line(
    cli: CLI, program: Path, args: list[str], code: int, said: str
) -> None:
    got, out, err = cli("--db", program, "deal", "refund", *args)
    assert (got, out) == (code, "")
    assert said in err and err.count("\n") == 1
    assert acme(program).status is DealStatus.WON  # type: ignore[attr-defined]


def test_a_partner_paid_ahead_is_told_so_not_about_refunds(cli: CLI, program: Path) -> None:
    assert cli("--db", program, "pay", "Northwind", "--period", "2026-01", "--on",
               "2026-03-05", "--amount", "500")[0] == 0  # January to March earned $195
    code, _, err = cli("--db", program, "pay", "Northwind", "--period", "2026-02", "--on",
                       "2026-03-31")
    assert code == 1
    assert "nothing is paid while the balance is -305.00: more was paid than was earned" in err


def test_a_refund_needs_a_writable_file(cli: CLI, program: Path) -> None:
    code, _, err = cli("--db", program, "--read-only", "deal", "refund", "Acme", "--on",
                       "2026-03-10")
    assert code == 1 and "cannot run with --read-only" in err


def test_import_deals_refunds_a_stored_deal_or_adds_a_refunded_one_once(
    cli: CLI, program: Path, tmp_path: Path
) -> None:
    rows = (
        "partner,customer,customer_domain,status,closed_on,amount,monthly_revenue,refunded_on,"
        "refunded_amount\n"
        "Northwind,Acme,acme.io,refunded,2026-01-15,1000,100,2026-03-10,650\n"
        "Northwind,Delta,delta.io,refunded,2026-02-01,400,0,2026-02-20,\n"
    )
    file = tmp_path / "refunds.csv"
    file.write_text(rows, encoding="utf-8")
    code, out, err = cli("--db", program, "import-deals", file)
    assert (code, err) == (0, "")
    assert "Refunded 1 deal already in" in out and "Imported 1 deal (1 refunded)" in out
    with PartnerStore(program, read_only=True) as store:
        deals = {d.customer: d for d in store.deals.all()}
    assert len(deals) == 3  # Acme refunded in place, Delta added
    assert (deals["Acme"].refunded_on, deals["Acme"].refunded_amount) == (
        date(2026, 3, 10), Decimal("650.00"))
    assert deals["Delta"].status is DealStatus.REFUNDED and deals["Delta"].refunded_amount is None
    code, out, _ = cli("--db", program, "import-deals", file)  # the same file again
    assert code == 0 and "Nothing new to import" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "partner,customer,status,closed_on,amount,refunded_on,refunded_amount\n"
        "Northwind,Zed,refunded,2026-02-01,100,2026-02-03,200\n"
        "Northwind,Yod,refunded,2026-02-01,100,,\n", encoding="utf-8")
    code, _, err = cli("--db", program, "import-deals", bad)
    assert code == 1
    assert "line 2: refunded_amount: is more than the deal brought through the refund" in err
    assert "line 3: refunded_on: a refunded deal needs the date of the refund" in err
