"""CRM exports imported as they come: HubSpot company and contact exports, Salesforce
account and opportunity reports (fixtures/ holds files shaped like real ones), `--map`
for any other header, and the CRM's words read as the playbook's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from partner_tui.domain.partner import new_partner
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.web_domain import web_domain
from partner_tui.exchange.crm_merge import merge_same_company
from partner_tui.exchange.crm_values import crm_amount, crm_date, crm_stage, crm_type
from partner_tui.exchange.csv_columns import parse_map
from partner_tui.exchange.csv_import import CSVFileError, ParsedCSV, parse_csv, read_text

FIXTURES = Path(__file__).parent / "fixtures"


def parsed(name: str, mapping: dict[str, str] | None = None) -> ParsedCSV:
    result = parse_csv(read_text(FIXTURES / name), (), mapping)
    assert result.ok, result.problems
    return result


def by_company(result: ParsedCSV) -> dict[str, object]:
    return {p.company: p for p in result.partners}


# -- HubSpot ---------------------------------------------------------------------------------
def test_hubspot_companies_export_imports_without_options() -> None:
    result = parsed("hubspot_companies.csv")
    assert result.columns.source is not None
    assert result.columns.source.name == "HubSpot companies export"
    partners = by_company(result)
    assert list(partners) == [
        "Northwind CRM", "Harbor & Vale Resellers", "Zürich Datenwerk AG", "Quillmetrics",
        "Parley Chat",
    ]
    northwind = partners["Northwind CRM"]
    assert (northwind.stage, northwind.owner, northwind.website) == (
        Stage.ACTIVE, "Maya Okafor", "https://northwind-crm.io")
    assert northwind.next_action_date == date(2026, 3, 20)  # "2026-03-20 10:00"
    assert "1,200 apps" in northwind.notes
    harbor = partners["Harbor & Vale Resellers"]
    # No domain: its Website URL is read instead, as a domain.
    assert harbor.website == "https://harborvale.co.uk"
    assert (harbor.stage, harbor.partner_type, harbor.subtype) == (
        Stage.NEGOTIATE, PartnerType.CHANNEL, "Reseller")
    assert partners["Zürich Datenwerk AG"].stage is Stage.ENGAGE  # Sales Qualified Lead
    zurich = partners["Zürich Datenwerk AG"]
    assert zurich.notes == 'Analytics platform; "privacy first" positioning'
    assert partners["Quillmetrics"].stage is Stage.PROSPECT  # Lead
    parley = partners["Parley Chat"]
    assert parley.website == "https://parley.chat"  # WWW.Parley.chat
    assert parley.partner_type is PartnerType.TECHNOLOGY
    assert parley.stage is Stage.ACTIVE  # the custom "Partner Onboarding", read by its words
    ignored = [name for name, _ in result.columns.ignored]
    assert {"Phone Number", "Annual Revenue", "City"} <= set(ignored)
    assert "Record ID" not in ignored
    assert parley.crm_id == "hubspot:18447520843"
    notes = " | ".join(result.notes)
    assert "'Partner Onboarding' (line 6) is not a standard stage: read as active" in notes
    assert "Type 'Vendor' (line 4) is not a kind of partner" in notes


def test_hubspot_contacts_export_gives_one_partner_per_company() -> None:
    result = parsed("hubspot_contacts.csv")
    assert result.columns.source is not None
    assert result.columns.source.name == "HubSpot contacts export"
    partners = by_company(result)
    assert list(partners) == [
        "Northwind CRM", "Harbor & Vale Resellers", "Relay Hooks", "Cobalt Ventures"]
    assert result.lines == [2, 4, 5, 7]
    northwind = partners["Northwind CRM"]
    assert (northwind.contact_name, northwind.contact_email) == (
        "Hannah Lindqvist", "hannah.lindqvist@northwind-crm.io")
    assert "Other contact: Leo Park <leo.park@northwind-crm.io> (line 3)" in northwind.notes
    # No associated company: the company the contact typed is read instead.
    assert partners["Relay Hooks"].contact_name == "Noah Fischer"
    assert partners["Cobalt Ventures"].stage is Stage.PROSPECT  # Marketing Qualified Lead
    assert partners["Harbor & Vale Resellers"].stage is Stage.NEGOTIATE  # Opportunity
    notes = " | ".join(result.notes)
    assert "1 row without a company skipped (line 6)" in notes
    assert "2 rows are about 'Northwind CRM'" in notes


# -- Salesforce ------------------------------------------------------------------------------
def test_salesforce_account_report_with_its_footer() -> None:
    result = parsed("salesforce_accounts.csv")
    assert result.columns.source is not None
    assert result.columns.source.name == "Salesforce accounts report"
    partners = by_company(result)
    assert list(partners) == [
        "Meridian Systems Integration", "Brightpath Consulting", "Forgeline DevTools",
        "Atlas Billing",
    ]  # the "Copyright (c) ... salesforce.com" footer and the org name are not partners
    meridian = partners["Meridian Systems Integration"]
    assert (meridian.partner_type, meridian.subtype, meridian.website, meridian.owner) == (
        PartnerType.CHANNEL, "System integrator", "https://meridian-si.com", "Maya Okafor")
    assert partners["Brightpath Consulting"].website == "https://brightpath-consulting.com"
    assert partners["Forgeline DevTools"].partner_type is PartnerType.TECHNOLOGY
    assert partners["Atlas Billing"].partner_type is None  # Customer - Direct
    assert any("footer from line 7" in note for note in result.notes)


def test_salesforce_opportunity_report() -> None:
    result = parsed("salesforce_opportunities.csv")
    assert result.columns.source is not None
    assert result.columns.source.name == "Salesforce opportunities report"
    partners = by_company(result)
    assert list(partners) == [
        "Ledgerly", "Kestrel Digital Agency", "Summit Service Group", "Quillmetrics"]
    ledgerly = partners["Ledgerly"]
    assert (ledgerly.stage, ledgerly.potential_value, ledgerly.next_action) == (
        Stage.NEGOTIATE, Decimal("48000.00"), "Reply to their legal on the termination clause")
    kestrel = partners["Kestrel Digital Agency"]
    # Two opportunities, one partner: the furthest stage (Closed Won), the first amount, and
    # the next step only the second one has.
    assert (kestrel.stage, kestrel.potential_value, kestrel.next_action) == (
        Stage.ACTIVE, Decimal("18500.00"), "Plan joint webinar")
    summit = partners["Summit Service Group"]
    assert (summit.stage, summit.archive_reason) == (Stage.ARCHIVED, ArchiveReason.DECLINED)
    assert partners["Quillmetrics"].stage is Stage.ENGAGE  # "Discovery Call"
    assert all(p.partner_type is None for p in result.partners)  # an opportunity's Type
    assert ("Type", "the opportunity's type, not the partner's") in result.columns.ignored


def test_a_crm_export_saved_by_a_spreadsheet_with_semicolons() -> None:
    text = "Account Name;Account Owner;Website\nAcme GmbH;Maya;www.acme.de\n"
    (partner,) = parsed_text(text).partners
    assert (partner.company, partner.owner, partner.website) == (
        "Acme GmbH", "Maya", "https://acme.de")


def parsed_text(text: str, mapping: dict[str, str] | None = None) -> ParsedCSV:
    result = parse_csv(text, (), mapping)
    assert result.ok, result.problems
    return result


def test_a_bad_value_in_a_crm_export_names_its_column_as_the_file_does() -> None:
    text = (
        "Record ID,Company name,Email,Company Domain Name\n"
        "1,Acme,jane@,acme.io\n2,Beta,,not a site\n"
    )
    result = parse_csv(text)
    assert not result.ok
    first, second = (str(p) for p in result.problems)
    assert first.startswith("line 2: Email: is not a valid email address")
    assert second == (
        "line 3: Company Domain Name: 'not a site' is not a web address or domain (try acme.io)"
    )


# -- --map -----------------------------------------------------------------------------------
def test_map_reads_any_header_as_a_field() -> None:
    text = (
        "Firma,Vorname,Nachname,E-Mail-Adresse,Phase,Umsatzpotenzial,Telefon\n"
        "Datenwerk AG,Jonas,Weber,jonas@datenwerk.ch,engage,12500,+41 44 000\n"
    )
    mapping = parse_map([
        "Firma=company", "Vorname=first_name", "Nachname=last_name",
        "E-Mail-Adresse=contact_email", "phase=stage", "Umsatzpotenzial=potential_value",
        "Telefon=",
    ])
    result = parsed_text(text, mapping)
    (partner,) = result.partners
    assert (partner.company, partner.contact_name, partner.contact_email) == (
        "Datenwerk AG", "Jonas Weber", "jonas@datenwerk.ch")
    assert (partner.stage, partner.potential_value) == (Stage.ENGAGE, Decimal("12500.00"))
    assert result.columns.ignored == [("Telefon", "left out by --map")]


def test_map_wins_over_a_crm_column() -> None:
    text = "Record ID,Company name,Description,Notes for partners\n1,Acme,About Acme,Our note\n"
    result = parsed_text(text, parse_map(["Notes for partners=notes"]))
    assert result.partners[0].notes == "Our note"
    assert ("Description", "notes is read from 'Notes for partners'") in result.columns.ignored


def test_map_can_leave_a_bad_column_out() -> None:
    text = "Record ID,Company name,Email\n1,Acme,not-an-email\n"
    assert not parse_csv(text).ok
    (partner,) = parsed_text(text, parse_map(["Email="])).partners
    assert partner.contact_email is None


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        (["Firma"], "write it as 'CSV column=field'"),
        (["=company"], "write it as 'CSV column=field'"),
        (["Firma=firm"], "no field 'firm'"),
        (["Firma=company", "firma=notes"], "names the column 'firma' twice"),
    ],
)
def test_bad_map_options_say_what_to_write(specs: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_map(specs)


def test_map_of_a_column_the_file_lacks_or_two_columns_to_one_field() -> None:
    with pytest.raises(CSVFileError, match="--map: no column 'firma'"):
        parse_csv("company\nAcme\n", mapping=parse_map(["Firma=company"]))
    with pytest.raises(CSVFileError, match="the same field 'company'"):
        parse_csv("a,b\nx,y\n", mapping=parse_map(["a=company", "b=company"]))


def test_a_file_without_a_company_says_how_to_map_one() -> None:
    with pytest.raises(CSVFileError, match="--map 'COLUMN=company'"):
        parse_csv("Firma,Phase\nAcme,engage\n")


# -- the CRM's words -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "stage", "reason", "standard"),
    [
        ("Subscriber", Stage.PROSPECT, None, True),
        ("lead", Stage.PROSPECT, None, True),
        ("Marketing Qualified Lead", Stage.PROSPECT, None, True),
        ("salesqualifiedlead", Stage.ENGAGE, None, True),
        ("Opportunity", Stage.NEGOTIATE, None, True),
        ("Customer", Stage.ACTIVE, None, True),
        ("Evangelist", Stage.ACTIVE, None, True),
        ("Prospecting", Stage.PROSPECT, None, True),
        ("Id. Decision Makers", Stage.ENGAGE, None, True),
        ("Proposal/Price Quote", Stage.NEGOTIATE, None, True),
        ("Negotiation/Review", Stage.NEGOTIATE, None, True),
        ("Closed Won", Stage.ACTIVE, None, True),
        ("Closed Lost", Stage.ARCHIVED, ArchiveReason.DECLINED, True),
        ("engage", Stage.ENGAGE, None, True),
        ("Contract Sent", Stage.NEGOTIATE, None, False),
        ("Demo Booked", Stage.ENGAGE, None, False),
        ("Zzz", Stage.PROSPECT, None, False),
    ],
)
def test_crm_stages(value: str, stage: Stage, reason: ArchiveReason | None, standard: bool) -> None:
    assert crm_stage(value) == (stage, reason, standard)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Channel Partner / Reseller", (PartnerType.CHANNEL, "Reseller")),
        ("Installation Partner", (PartnerType.CHANNEL, "System integrator")),
        ("Technology Partner", (PartnerType.TECHNOLOGY, "")),
        ("Strategic alliance", (PartnerType.STRATEGIC_ALLIANCE, "")),
        ("Prospect", None),
        ("Customer - Direct", None),
        ("Vendor", None),
    ],
)
def test_crm_types(value: str, expected: tuple[PartnerType, str] | None) -> None:
    assert crm_type(value) == expected


def test_crm_amounts_and_dates() -> None:
    assert crm_amount("USD 12,500.00") == Decimal("12500.00")
    assert crm_amount("12,500.00 EUR") == Decimal("12500.00")
    assert crm_amount("$900") == Decimal("900.00")
    assert crm_date("2026-03-20") == date(2026, 3, 20)
    assert crm_date("2026-03-20 14:00") == date(2026, 3, 20)
    assert crm_date("2026-03-20T14:00:00.000Z") == date(2026, 3, 20)
    with pytest.raises(ValueError, match="use YYYY-MM-DD"):
        crm_date("3/4/2026")  # March or April: never guessed
    with pytest.raises(ValueError, match="not a real date"):
        crm_date("2026-02-30")


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("acme.io", "acme.io"),
        ("WWW.Acme.IO", "acme.io"),
        ("http://www.acme.io/", "acme.io"),
        ("https://acme.io:8443/partners?utm=x#top", "acme.io"),
        ("shop.acme.co.uk.", "shop.acme.co.uk"),
    ],
)
def test_web_domain(text: str, domain: str) -> None:
    assert web_domain(text) == domain


@pytest.mark.parametrize("text", ["", "acme", "not a site", "mailto:jane@acme.io", "ftp://acme.io"])
def test_web_domain_refuses_what_is_not_one(text: str) -> None:
    with pytest.raises(ValueError):
        web_domain(text)


def test_merge_takes_the_furthest_stage_and_archives_only_when_all_rows_are() -> None:
    lost = new_partner("Acme", Stage.ARCHIVED, archive_reason=ArchiveReason.DECLINED)
    engaged = new_partner("acme ", Stage.ENGAGE, contact_name="Ann")
    active = new_partner("ACME", Stage.ACTIVE, contact_name="Bo", contact_email="bo@acme.io")
    (merged,), said = merge_same_company([(2, lost), (3, engaged), (4, active)])
    assert merged[0] == 2
    partner = merged[1]
    assert (partner.stage, partner.archive_reason, partner.contact_name) == (
        Stage.ACTIVE, None, "Ann")
    assert partner.stage_history[-1].stage is Stage.ACTIVE
    assert "Other contact: Bo <bo@acme.io> (line 4)" in partner.notes
    assert said is not None and "3 rows are about 'Acme'" in said
    (only,), _ = merge_same_company([(2, lost), (5, lost.model_copy(update={"id": "x"}))])
    assert only[1].stage is Stage.ARCHIVED
    assert merge_same_company([(2, engaged)]) == ([(2, engaged)], None)


def test_own_columns_still_refuse_a_repeated_column() -> None:
    with pytest.raises(CSVFileError, match="'company' and 'Company Name' both mean"):
        parse_csv("company,Company Name\na,b\n")


def test_a_plain_spreadsheet_with_first_and_last_names() -> None:
    text = "Company,First Name,Last Name,Email,Website URL\nAcme,Jane,Doe,jane@acme.io,\n"
    (partner,) = parsed_text(text).partners
    assert (partner.contact_name, partner.contact_email) == ("Jane Doe", "jane@acme.io")
    assert parsed_text(text).columns.source is None
