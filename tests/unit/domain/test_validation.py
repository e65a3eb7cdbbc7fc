"""Validation of a partner's fields, and the messages a person reads when it fails."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from partner_tui.domain.errors import field_messages, one_line
from partner_tui.domain.partner import Activity, Partner, normalise_url
from partner_tui.domain.partner_types import PartnerType, parse_partner_type


def messages(**fields: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        Partner(**{"company": "Acme", **fields})
    return field_messages(info.value)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("acme.com", "https://acme.com"),
        ("  acme.com/partners  ", "https://acme.com/partners"),
        ("http://acme.co.uk", "http://acme.co.uk"),
        ("https://acme.com:8443/x?y=1#z", "https://acme.com:8443/x?y=1#z"),
        ("linkedin.com/in/ann-smith", "https://linkedin.com/in/ann-smith"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_urls_are_normalised(typed: str | None, stored: str | None) -> None:
    assert normalise_url(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "acme",
        "ftp://acme.com",
        "javascript:alert(1)",
        "https://.com",
        "https://acme.",
        "acme .com",
        "acme\n.com",
        "acme.com:port",
        "mailto:ann@acme.com",
    ],
)
def test_non_urls_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="is not a web address"):
        normalise_url(typed)
    assert messages(website=typed)["website"].endswith("(try https://example.com)")


def test_partner_normalises_its_urls() -> None:
    partner = Partner(company="Acme", website="acme.com", contact_linkedin="linkedin.com/in/a")
    assert partner.website == "https://acme.com"
    assert partner.contact_linkedin == "https://linkedin.com/in/a"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ann@acme.com", "ann@acme.com"), ("  ann@Acme.COM ", "ann@acme.com"), ("", None), ("  ", None)],
)
def test_email_is_checked_and_blank_is_none(typed: str, stored: str | None) -> None:
    assert Partner(company="Acme", contact_email=typed).contact_email == stored


@pytest.mark.parametrize("typed", ["ann", "ann@", "@acme.com", "ann@acme", "a b@acme.com"])
def test_bad_email_has_a_plain_message(typed: str) -> None:
    message = messages(contact_email=typed)["contact_email"]
    assert message.startswith("is not a valid email address")
    assert "Value error" not in message


def test_company_is_required_and_trimmed() -> None:
    assert Partner(company="  Acme  ").company == "Acme"
    assert messages(company="") == {"company": "is required"}
    assert messages(company="   ") == {"company": "is required"}
    with pytest.raises(ValidationError) as info:
        Partner()  # type: ignore[call-arg]
    assert field_messages(info.value) == {"company": "is required"}


@pytest.mark.parametrize("typed", ["16/03/2026", "2026-02-30", "tomorrow", "2026-13-01"])
def test_dates_must_be_real_iso_dates(typed: str) -> None:
    assert messages(next_action_date=typed) == {
        "next_action_date": "is not a date (use YYYY-MM-DD)"
    }


def test_iso_dates_are_read() -> None:
    assert Partner(company="A", next_action_date="2028-02-29").next_action_date == date(2028, 2, 29)
    activity = Activity(date="2026-03-16", text="called")
    assert activity.date == date(2026, 3, 16)


def test_humanised_messages_for_each_kind_of_mistake() -> None:
    found = messages(
        potential_value="-1",
        metrics={
            "customer_satisfaction": "120",
            "deals_closed": "3.5",
            "revenue_attributed": "1.234",
            "leads_generated": "many",
        },
        fit={"cultural_fit": 9},
        stage="nowhere",
        company="x" * 201,
        activities=[{"date": "2026-03-16", "text": ""}],
        colour="blue",
        tags=["t"] * 51,
    )
    assert found == {
        "potential_value": "must be 0 or more",
        "metrics.customer_satisfaction": "must be 100 or less",
        "metrics.deals_closed": "must be a whole number",
        "metrics.revenue_attributed": "at most 2 decimal places",
        "metrics.leads_generated": "must be a whole number",
        "fit.cultural_fit": "must be 5 or less",
        "stage": "must be one of: 'prospect', 'engage', 'negotiate', 'active' or 'archived'",
        "company": "is too long (at most 200 characters)",
        "activities.0.text": "is required",
        "colour": "is not a known field",
        "tags": "has too many items (at most 50)",
    }


def test_one_line_joins_every_field() -> None:
    with pytest.raises(ValidationError) as info:
        Partner(company="", potential_value="abc")
    assert one_line(info.value) == "company: is required; potential_value: must be a number"


def test_tags_are_trimmed_and_deduplicated() -> None:
    assert Partner(company="A", tags=[" saas", "saas", "", "eu "]).tags == ["saas", "eu"]


def test_validate_assignment_keeps_a_partner_valid() -> None:
    partner = Partner(company="A")
    with pytest.raises(ValidationError):
        partner.potential_value = -5  # type: ignore[assignment]
    assert partner.potential_value is None  # not estimated, and unchanged


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("technology", PartnerType.TECHNOLOGY),
        ("Strategic alliance", PartnerType.STRATEGIC_ALLIANCE),
        (" strategic-alliance ", PartnerType.STRATEGIC_ALLIANCE),
        ("CHANNEL", PartnerType.CHANNEL),
    ],
)
def test_parse_partner_type(typed: str, kind: PartnerType) -> None:
    assert parse_partner_type(typed) is kind


def test_parse_partner_type_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown partner type 'vendor' .one of: technology"):
        parse_partner_type("vendor")


def test_search_text_covers_what_the_filter_promises() -> None:
    partner = Partner(
        company="Acme", contact_name="Ann", partner_type="channel", notes="Met at SaaStr", tags=["eu"]
    )
    text = partner.search_text()
    for word in ("acme", "ann", "channel", "saastr", "eu"):
        assert word in text
