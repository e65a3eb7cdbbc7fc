"""Filling the outreach template: what was filled, what is unknown, what is left empty."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.partner import Partner, placeholder_values
from partner_tui.domain.templates import (
    PLAYBOOK_BODY,
    PLAYBOOK_SUBJECT,
    PLAYBOOK_TEMPLATE_ID,
    Gap,
    fill,
    placeholder_key,
    playbook_template,
)
from partner_tui.domain.value_proposition import ValueProposition


def test_placeholder_keys_ignore_case_spaces_and_underscores() -> None:
    assert placeholder_key("Partner Company") == "partner company"
    assert placeholder_key(" partner_company ") == "partner company"
    assert placeholder_key("PARTNER-company") == "partner company"


def test_fill_replaces_known_placeholders() -> None:
    filled = fill("Hi [Name], from [your company].", {"Name": "Ann", "Your Company": "Beta"})
    assert filled.text == "Hi Ann, from Beta."
    assert filled.complete
    assert filled.gaps == ()


def test_fill_reports_unknown_and_unfilled_placeholders_at_their_result_positions() -> None:
    text = "Dear [Name], [Mystery] meets [Your Company]. [Name]!"
    filled = fill(text, {"Name": "Ann Longname", "Your Company": ""})
    assert filled.text == "Dear Ann Longname, [Mystery] meets [Your Company]. Ann Longname!"
    assert not filled.complete
    mystery, company = filled.gaps
    assert mystery == Gap("Mystery", True, 19, 28)
    assert company == Gap("Your Company", False, 35, 49)
    for gap in filled.gaps:
        assert filled.text[gap.start : gap.end] == f"[{gap.name}]"


def test_fill_keeps_text_that_only_looks_like_placeholders() -> None:
    values = {"Name": "Ann"}
    assert fill("[] and [[Name]] and [Na\nme]", values).text == "[] and [Ann] and [Na\nme]"
    # A value holding a placeholder is not filled again.
    assert fill("[Name]", {"Name": "[Name]"}).text == "[Name]"
    # Whitespace only counts as unfilled.
    assert fill("[Name]", {"Name": "  "}).gaps == (Gap("Name", False, 0, 6),)


def test_playbook_template_is_builtin_and_has_the_playbook_words() -> None:
    template = playbook_template()
    assert template.id == PLAYBOOK_TEMPLATE_ID
    assert template.builtin
    assert template.subject == PLAYBOOK_SUBJECT
    assert "[Specific value proposition]" in template.body


def _partner(**fields: object) -> Partner:
    base: dict[str, object] = {
        "company": "Acme Analytics",
        "contact_name": "Ann Smith",
        "partner_type": "technology",
        "value_proposition": ValueProposition(specific="Your users want our reports."),
    }
    base.update(fields)
    return Partner(**base)


def test_placeholder_values_fill_the_playbook_template_completely() -> None:
    values = placeholder_values(_partner(), "Bo", "Beta Corp")
    subject = fill(PLAYBOOK_SUBJECT, values)
    body = fill(PLAYBOOK_BODY, values)
    assert subject.text == "Partnership Opportunity: Beta Corp + Acme Analytics"
    assert body.complete
    assert body.text.startswith("Hi Ann,\n")
    assert "Your users want our reports." in body.text
    assert body.text.endswith("Best,\nBo")


def test_placeholder_values_name_fields_and_playbook_words() -> None:
    partner = _partner(potential_value=Decimal("12500"), tags=["saas", "eu"], website="acme.io")
    values = placeholder_values(partner, "Bo", "Beta")
    assert values["Partner type"] == "Technology"
    assert values["Contact name"] == "Ann Smith"
    assert values["Potential value"] == "12500.00"
    assert values["tags"] == "saas, eu"
    assert values["website"] == "https://acme.io"
    filled = fill("[contact_name] at [company] ([partner_type])", values)
    # Field names work too; the playbook's words win where both exist.
    assert filled.text == "Ann Smith at Acme Analytics (Technology)"


def test_empty_fields_are_unfilled_not_unknown() -> None:
    partner = _partner(contact_name="", value_proposition=ValueProposition())
    values = placeholder_values(partner, "", "")
    filled = fill(PLAYBOOK_BODY + " [website] [Wormhole]", values)
    gaps = {gap.name: gap.unknown for gap in filled.gaps}
    assert gaps == {
        "Name": False,
        "Your Company": False,
        "Specific value proposition": False,
        "Your name": False,
        "website": False,  # a known field that is empty
        "Wormhole": True,  # no such field
    }


@given(st.text(max_size=200), st.dictionaries(st.text(max_size=15), st.text(max_size=15)))
def test_fill_never_crashes_and_gaps_point_at_placeholders(
    text: str, values: dict[str, str]
) -> None:
    filled = fill(text, values)
    assert filled.complete is (not filled.gaps)
    previous_end = 0
    for gap in filled.gaps:
        assert previous_end <= gap.start < gap.end <= len(filled.text)
        assert filled.text[gap.start : gap.end] == f"[{gap.name}]"
        previous_end = gap.end


@given(st.text(alphabet="[]ab \n_", max_size=60))
def test_fill_with_no_values_changes_nothing(text: str) -> None:
    assert fill(text, {}).text == text
