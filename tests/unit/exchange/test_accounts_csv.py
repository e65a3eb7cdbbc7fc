"""Account lists from CRM exports as they come (exchange/accounts_csv.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from partner_tui.domain.accounts import AccountStatus
from partner_tui.exchange.accounts_csv import parse_accounts_csv

FIXTURES = Path(__file__).parent / "fixtures"
C, P, O = AccountStatus.CUSTOMER, AccountStatus.PROSPECT, AccountStatus.OPPORTUNITY


def _read(name: str) -> dict[str, tuple[AccountStatus, Decimal | None]]:
    parsed = parse_accounts_csv((FIXTURES / name).read_text(encoding="utf-8"))
    assert parsed.ok, parsed.problems
    return {a.domain: (a.status, a.value) for a in parsed.accounts}


def test_a_salesforce_opportunities_report_is_one_account_per_domain() -> None:
    parsed = parse_accounts_csv((FIXTURES / "salesforce_opportunities.csv").read_text())
    read = {a.domain: (a.status, a.value) for a in parsed.accounts}
    assert read["ledgerly.com"] == (O, Decimal("48000.00"))
    assert read["kestrel-digital.co"][0] is C  # Closed Won
    # A custom stage never stops an import of a CRM export: it is read, and said.
    assert any("'Discovery Call' was read as opportunity" in n for n in parsed.notes)
    # The row with no website is listed, never matched by its name.
    assert [line for line, _why in parsed.no_domain] == [4]


def test_a_hubspot_companies_export_reads_lifecycle_stages() -> None:
    read = _read("hubspot_companies.csv")
    assert read["northwind-crm.io"] == (C, None)
    # "Company Domain Name" empty: the Website URL, normalised.
    assert read["harborvale.co.uk"] == (O, None)


def test_a_salesforce_accounts_report_reads_its_account_type() -> None:
    read = _read("salesforce_accounts.csv")
    assert read["atlasbilling.com"][0] is C  # Customer - Direct
    assert read["meridian-si.com"][0] is P  # Installation Partner: no status said


def test_rows_of_one_domain_are_one_account_with_the_open_values_added() -> None:
    parsed = parse_accounts_csv(
        "domain,status,value\nacme.io,opportunity,100\nwww.acme.io,opportunity,50\n"
        "acme.io/x,prospect,\n"
    )
    [account] = parsed.accounts
    assert (account.status, account.value) == (O, Decimal("150.00"))
    assert any("2 rows name a domain of an earlier row" in n for n in parsed.notes)


def test_own_columns_are_strict_about_status() -> None:
    parsed = parse_accounts_csv("domain,status\nacme.io,Discovery Call\n")
    assert next(str(p) for p in parsed.problems).startswith("line 2: status: unknown status")
