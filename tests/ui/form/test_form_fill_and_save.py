"""Fill every section of the partner form from the keyboard, save, and find it all on disk."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, Static, TabbedContent

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import ActivityKind, Partner
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.form.fields import TextField
from partner_tui.ui.form.rating import Rating
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.pilot import fill, type_text
from tests.helpers.toasts import Toasts
from tests.ui.form.conftest import PARTNER_ID


def put(screen: Screen[None], selector: str, text: str) -> None:
    """Set a field's text directly (bulk filling; the typed fields prove the keys work)."""
    screen.query_one(selector, TextField).input.value = text


async def choose(pilot: Pilot[None], select_id: str, search: str) -> None:
    """Open a Select with enter, type to find the choice, enter to take it."""
    pilot.app.screen.query_one(select_id).focus()
    await pilot.pause()
    await pilot.press("enter")
    await type_text(pilot, search)
    await pilot.press("enter")
    await pilot.pause()


async def test_fill_every_section_by_keys_then_reopen(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        screen = app.screen
        tabs = screen.query_one("#sections", TabbedContent)

        # 1 Overview: the cursor starts in Company; tab moves on to Owner.
        assert screen.focused is screen.query_one("#f-company", TextField).input
        await pilot.press("ctrl+u")
        await type_text(pilot, "Acme Co")
        await pilot.press("tab")
        await type_text(pilot, "Dana")
        assert screen.query_one("#f-owner", TextField).input.value == "Dana"
        await choose(pilot, "#f-partner_type", "chan")
        await choose(pilot, "#f-subtype", "sys")
        # Typed: an email, a money amount and a date; the rest set in bulk (the Pilot
        # spends ~50 ms a key on a busy machine).
        await fill(pilot, "#f-contact_email", "j@acme.io")
        await fill(pilot, "#f-potential_value", "25,000")
        await fill(pilot, "#f-next_action_date", "2026-03-20")
        put(screen, "#f-contact_name", "Jane Doe")
        put(screen, "#f-contact_linkedin", "linkedin.com/in/janedoe")
        put(screen, "#f-website", "acme.example")
        put(screen, "#f-tags", "saas, emea, saas")
        put(screen, "#f-next_action", "Send proposal")

        # 2 Fit & outreach: F3 jumps there, the first rating has the cursor.
        await pilot.press("f3")
        await pilot.pause()
        assert tabs.active == "fit"
        await pilot.press("4", "tab", "right", "right", "right", "tab", "5", "tab")
        await pilot.press("l", "l", "tab", "5", "left")
        await pilot.pause()
        assert "72" in str(screen.query_one("#fit-score", Label).content)  # (4+3+5+2+4)/25
        await choose(pilot, "#f-outreach_approach", "warm")
        await pilot.press("tab", "tab")  # the log's date (today), then its text
        await type_text(pilot, "Intro")
        await pilot.press("enter")
        await pilot.pause()
        assert "Intro" in str(screen.query_one("#outreach-log .activity-list", Static).content)

        # 3 Value proposition: space ticks the focused checkbox, tab moves on.
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("space", "tab", "tab", "space", "tab", "tab", "space", "tab", "tab")
        await pilot.press("space", "tab", "tab")  # the last box, then the specific text
        await type_text(pilot, "Saves")

        # 4 Agreement: tick, then write the note beside it; four of six agreed.
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert tabs.active == "agreement"
        await pilot.press("space", "tab")
        await type_text(pilot, "Resell")
        await pilot.press("tab", "space", "tab")
        await type_text(pilot, "We help")
        await pilot.press("tab", "space", "tab", "tab", "tab", "tab", "space", "tab")
        await type_text(pilot, "T2")
        await pilot.pause()
        assert "4/6" in str(screen.query_one("#agreement-progress", Label).content)

        # 5 Model & terms
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("space", "tab", "space", "tab", "space", "tab", "tab")
        await type_text(pilot, "20")
        await pilot.press("tab")
        await type_text(pilot, "2")
        await pilot.press("tab")
        await type_text(pilot, "10")
        await choose(pilot, "#f-models-revenue_share-payment_terms", "q")
        await fill(pilot, "#f-models-referral_fee-amount", "500")
        await choose(pilot, "#f-models-referral_fee-payment", "on p")
        screen.query_one("#f-models-co_marketing-joint_webinars").focus()
        # webinars, events, then API access
        await pilot.press("space", "tab", "tab", "space", "tab", "tab", "space")
        await pilot.press("tab", "tab", "tab", "space")  # testing

        # 6 Execution, and the cadence of an active partner (quarterly fully ticked).
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("space", "tab", "space", "tab", "tab", "tab", "tab")  # 2/5 ticked
        await pilot.press("space", "tab", "space", "tab", "tab", "tab")  # monthly 2/4
        await pilot.press("space", "tab", "space", "tab", "space", "tab", "space")  # quarterly 4/4

        # 7 Metrics: payouts and ROI follow the typing.
        await pilot.press("f8")
        await pilot.pause()
        await type_text(pilot, "40")
        await pilot.press("tab")
        await type_text(pilot, "5")
        await pilot.press("tab")
        await type_text(pilot, "100,000")
        await pilot.press("tab")
        await type_text(pilot, "92")
        put(screen, "#f-metrics-internal_cost", "10,000")
        await pilot.pause()
        derived = str(screen.query_one("#metrics-derived", Static).content)
        # 20% of $100,000 + 5 deals x $500; ROI = (100,000 - 32,500) / 32,500
        assert "Payouts to partner: $22,500" in derived
        assert "Partnership ROI: 207.7%" in derived

        # 8 Challenges & notes
        await pilot.press("f9")
        await pilot.pause()
        solution = screen.query_one("#solution-low_engagement", Label)
        assert not solution.display
        await pilot.press("tab", "space")
        await pilot.pause()
        assert solution.display and "Provide value" in str(solution.content)
        await pilot.press("tab", "tab")
        await type_text(pilot, "Met")
        await pilot.press("tab", "tab")  # the log's date, then its kind
        await pilot.press("enter")
        await type_text(pilot, "ca")
        await pilot.press("enter", "tab")
        await type_text(pilot, "Kickoff")
        await pilot.press("enter")

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [n.message for n in toasts] == ["Saved"]
        assert screen.sub_title == "saved"
        app.store.flush()

        with PartnerStore(seeded_db, read_only=True) as fresh:
            p = fresh.partners.get(PARTNER_ID)
    # Overview
    assert p.company == "Acme Co"
    assert p.owner == "Dana"
    assert (p.partner_type and p.partner_type.value) == "channel"
    assert p.subtype == "System integrator"
    assert p.contact_name == "Jane Doe"
    assert p.contact_email == "j@acme.io"
    assert p.contact_linkedin == "https://linkedin.com/in/janedoe"
    assert p.website == "https://acme.example"
    assert p.tags == ["saas", "emea"]
    assert p.potential_value == Decimal("25000")
    assert p.next_action == "Send proposal"
    assert p.next_action_date == date(2026, 3, 20)
    # Fit & outreach
    assert [p.fit.complementary, p.fit.target_market, p.fit.brand_reputation,
            p.fit.growth_trajectory, p.fit.cultural_fit] == [4, 3, 5, 2, 4]
    assert p.outreach_approach is not None and p.outreach_approach.value == "warm_introduction"
    # Value proposition
    vp = p.value_proposition
    assert (vp.for_partner.revenue_opportunity, vp.for_partner.customer_value,
            vp.for_partner.market_expansion, vp.for_partner.brand_association) == (
        True, False, True, False)
    assert (vp.for_you.customer_acquisition, vp.for_you.product_enhancement,
            vp.for_you.market_credibility, vp.for_you.growth_acceleration) == (
        True, False, True, False)
    assert vp.specific == "Saves"
    # Agreement
    ag = p.agreement
    assert ag.progress() == "4/6"
    assert ag.partnership_type.agreed and ag.partnership_type.note == "Resell"
    assert ag.responsibilities.agreed and ag.responsibilities.note == "We help"
    assert ag.revenue_sharing.agreed and not ag.marketing_commitments.agreed
    assert ag.support_expectations.agreed and ag.support_expectations.note == "T2"
    assert not ag.term_and_termination.agreed
    # Model & terms
    m = p.models
    assert m.enabled_names() == ["Revenue share", "Referral fee", "Co-marketing"]
    assert m.revenue_share.percent == Decimal("20")
    assert (m.revenue_share.duration_years, m.revenue_share.minimum_customers) == (2, 10)
    assert m.revenue_share.payment_terms.value == "quarterly"
    assert m.referral_fee.amount == Decimal("500")
    assert m.referral_fee.payment.value == "on_payment"
    assert (m.co_marketing.joint_webinars, m.co_marketing.co_branded_content,
            m.co_marketing.event_sponsorships, m.co_marketing.case_studies) == (
        True, False, True, False)
    assert (m.integration.api_access, m.integration.documentation, m.integration.support,
            m.integration.testing) == (True, False, False, True)
    # Execution and cadence: the fully ticked quarter closed on save (clock is frozen).
    assert p.execution.progress() == "2/5"
    assert p.execution.technical_integration and p.execution.co_marketing_campaigns
    assert p.cadence.monthly.review_metrics and p.cadence.monthly.check_in_call
    assert p.cadence.monthly.done() == 2
    assert p.cadence.quarterly.done() == 0
    assert p.cadence.quarterly_last_completed == date(2026, 3, 16)
    # Metrics
    assert (p.metrics.leads_generated, p.metrics.deals_closed) == (40, 5)
    assert p.metrics.revenue_attributed == Decimal("100000")
    assert p.metrics.customer_satisfaction == Decimal("92")
    assert p.metrics.internal_cost == Decimal("10000")
    # Challenges & notes
    assert p.challenges.low_engagement and not p.challenges.misaligned_expectations
    assert p.notes == "Met"
    assert [(a.kind, a.text) for a in p.activities] == [
        (ActivityKind.OUTREACH, "Intro"),
        (ActivityKind.CALL, "Kickoff"),
    ]
    assert all(a.date == date(2026, 3, 16) for a in p.activities)

    # A fresh app on the same file shows every value again, in every section.
    again = PartnerApp(db_path=seeded_db)
    async with again.run_test(size=(120, 40)) as pilot:
        again.open_partner_form(PARTNER_ID)
        await pilot.pause()
        for key in ("f3", "f4", "f5", "f6", "f7", "f8", "f9"):
            await pilot.press(key)
        await pilot.pause()
        form = again.screen
        assert isinstance(form, PartnerFormScreen)
        shown, unreadable = form._collect()
        assert not unreadable and not form.dirty
        assert Partner.model_validate(shown) == again.store.partners.get(PARTNER_ID)
        assert form.query_one("#f-company", TextField).input.value == "Acme Co"
        assert form.query_one("#f-models-revenue_share-percent", TextField).input.value == "20"
        assert form.query_one("#f-agreement-responsibilities-note", TextField).input.value == (
            "We help"
        )
        assert form.query_one("#f-fit-brand_reputation", Rating).value == 5
        log = str(form.query_one("#activity-log .activity-list", Static).content)
        assert log.index("Kickoff") < log.index("Intro")  # newest first (same day: last added)


async def test_saved_edit_is_undoable_from_the_store(seeded_db: Path) -> None:
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await fill(pilot, "#f-owner", "Sam")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.partners.get(PARTNER_ID).owner == "Sam"
        assert app.store.undo_label == "edit Acme"
        await pilot.press("escape", "ctrl+z")  # back on the board, undo
        await pilot.pause()
        assert app.store.partners.get(PARTNER_ID).owner == ""


async def test_checkboxes_come_from_the_domain_titles(seeded_db: Path) -> None:
    """The playbook's labels are never retyped: every checklist title appears as a Checkbox."""
    from partner_tui.domain.agreement import Agreement
    from partner_tui.domain.challenges import Challenges
    from partner_tui.domain.execution import Execution

    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await pilot.press("f5", "f7", "f9")  # build the sections that hold these checklists
        labels = {str(box.label) for box in app.screen.query(Checkbox)}
        for model in (Agreement, Challenges, Execution):
            for _name, title in model.items():
                assert title in labels
        assert isinstance(app.screen.query_one("#f-company", TextField).input, Input)


async def test_a_potential_value_of_zero_and_none_stay_apart(seeded_db: Path) -> None:
    """Typed 0 is an estimate of zero; an emptied field is "not estimated"."""
    app = PartnerApp(db_path=seeded_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        await fill(pilot, "#f-potential_value", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.partners.get(PARTNER_ID).potential_value == Decimal(0)
        await fill(pilot, "#f-potential_value", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.partners.get(PARTNER_ID).potential_value is None
