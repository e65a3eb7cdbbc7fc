"""The draft rules: filling, gap positions, grouping, marks; and the per-partner memory."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given

from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import new_partner
from partner_tui.domain.program import Profile
from partner_tui.domain.templates import PLAYBOOK_BODY, PLAYBOOK_SUBJECT
from partner_tui.outreach import last_template as outreach_memory
from partner_tui.outreach.draft import activity_text, build_draft, describe_gaps, group_gaps
from partner_tui.ui.outreach.draft_view import UNFILLED_STYLE, UNKNOWN_STYLE, marked_gaps
from tests.helpers.hostile import hostile_text, unsafe_in_line, unsafe_in_text

PROFILE = Profile(your_name="Sam Rivera", your_company="Northwind")


def test_gap_positions_point_at_the_placeholders_in_the_copied_text() -> None:
    partner = new_partner("Acme", contact_name="")
    draft = build_draft(
        "Hi from [Your Company] to [Owner]", "Dear [Name], [Budget]", partner, PROFILE
    )
    assert draft.text == "Subject: Hi from Northwind to [Owner]\n\nDear [Name], [Budget]"
    assert [draft.text[g.start : g.end] for g in draft.gaps] == ["[Owner]", "[Name]", "[Budget]"]
    groups = group_gaps(draft.gaps)
    assert groups.partner == ("Owner", "Name") and groups.unknown == ("Budget",)
    assert groups.profile == ()


def test_any_partner_field_by_name_and_the_playbook_words() -> None:
    partner = new_partner("Acme", contact_name="Jane Q Doe", website="acme.io", owner="Lee")
    draft = build_draft(
        "", "[Name] / [Contact name] / [website] / [owner] / [Partner Company]", partner, PROFILE
    )
    assert draft.text == "Jane / Jane Q Doe / https://acme.io / Lee / Acme"  # no subject: body only
    assert draft.complete


def test_playbook_template_fully_filled() -> None:
    partner = new_partner("Acme", contact_name="Jane Doe")
    partner = partner.model_copy(
        update={"value_proposition": partner.value_proposition.model_copy(update={"specific": "V"})}
    )
    draft = build_draft(PLAYBOOK_SUBJECT, PLAYBOOK_BODY, partner, PROFILE)
    assert draft.complete and "[" not in draft.text
    assert draft.text.startswith("Subject: Partnership Opportunity: Northwind + Acme\n\nHi Jane,")
    assert draft.text.endswith("Best,\nSam Rivera")


def test_profile_gaps_and_description() -> None:
    draft = build_draft("", "[Your name] [Nope]", new_partner("Acme"), Profile())
    assert group_gaps(draft.gaps).profile == ("Your name",)
    line = describe_gaps(draft.gaps)
    assert "empty: [Your name] (your profile)" in line and "unknown: [Nope]" in line


def test_unknown_and_unfilled_are_marked_differently() -> None:
    draft = build_draft("", "[Name] and [Budget]", new_partner("Acme"), PROFILE)
    content = marked_gaps(draft.text, draft.gaps)
    styles = {draft.text[s.start : s.end]: s.style for s in content.spans}
    assert styles == {"[Name]": UNFILLED_STYLE, "[Budget]": UNKNOWN_STYLE}


def test_activity_text_names_template_and_approach() -> None:
    assert activity_text("Follow-up", OutreachApproach.LINKEDIN) == (
        "Outreach email copied (template: Follow-up; approach: LinkedIn outreach)"
    )
    assert "approach not set" in activity_text("Follow-up", None)


def test_memory_round_trip_and_survives_a_broken_file(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    assert outreach_memory.last_template_id(folder, "p1") is None
    outreach_memory.remember_template(folder, "p1", "follow")
    outreach_memory.remember_template(folder, "p2", "playbook")
    assert outreach_memory.last_template_id(folder, "p1") == "follow"
    (folder / outreach_memory.LAST_TEMPLATES_FILE).write_text("{not json", encoding="utf-8")
    assert outreach_memory.last_template_id(folder, "p1") is None
    outreach_memory.remember_template(folder, "p1", "checkin")
    assert outreach_memory.last_template_id(folder, "p1") == "checkin"


@given(subject=hostile_text, body=hostile_text, name=hostile_text, value=hostile_text)
def test_the_draft_carries_no_control_character(
    subject: str, body: str, name: str, value: str
) -> None:
    """The template as edited on screen (a paste, not saved yet) and every value."""
    name = name[:100]  # within a company's and a name's length limits
    partner = new_partner("Co" + name, contact_name=name, value_proposition={"specific": value})
    draft = build_draft(
        subject + "[Partner Company]", body + "[Specific value proposition] [Name]", partner,
        Profile(your_name=name, your_company=name),
    )
    assert unsafe_in_text(draft.text) == []
    assert unsafe_in_line(draft.subject.text) == []
    for gap in draft.gaps:  # gaps still point at their placeholders in the cleaned text
        assert draft.text[gap.start : gap.end] == f"[{gap.name}]"


def test_the_partners_figures_fill_the_metrics_placeholders() -> None:
    """[leads_generated] says what show, the dashboard and the report say: from deals."""
    from datetime import date

    from partner_tui.domain.deal_facts import TypedMetrics
    from partner_tui.domain.partner_figures import partner_figures
    from partner_tui.domain.payouts import DealFacts, PayoutTerms

    partner = new_partner("Acme", metrics={"leads_generated": 64, "deals_closed": 14})
    won = DealFacts("d1", True, 2026 * 12, None, None, 40_000, 0)
    figures = partner_figures([won], PayoutTerms(), TypedMetrics(64, 14), 0, 0, date(2026, 3, 1))
    draft = build_draft("", "[leads_generated] leads, [deals_closed] deals, "
                        "$[revenue_attributed]", partner, PROFILE, figures)
    assert draft.body.text == "1 leads, 1 deals, $400.00"
