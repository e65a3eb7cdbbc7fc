"""Pilot tests of the outreach screen: o → c puts the filled email on the clipboard."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, OptionList, Static, TextArea

from partner_tui.app import PartnerApp
from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import ActivityKind, new_partner
from partner_tui.domain.stages import Stage
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate
from partner_tui.domain.value_proposition import ValueProposition
from partner_tui.outreach import last_template as outreach_memory
from partner_tui.outreach.clipboard import LAST_COPY_FILE
from partner_tui.profile import your_name
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dialogs.confirm import ChoiceDialog, ConfirmDialog
from partner_tui.ui.dialogs.profile import ProfileDialog
from partner_tui.ui.outreach.screen import OutreachScreen
from tests.helpers.reading import read_back
from tests.helpers.seeding import SAM

VALUE = "Your analytics customers get our workflow automation in one click."

FILLED = f"""Subject: Partnership Opportunity: Northwind + Acme Analytics

Hi Jane,

I'm reaching out because Northwind and Acme Analytics serve similar customers and could create significant value together.

{VALUE}

Would you be open to a brief conversation to explore potential synergies?

Best,
Sam Rivera"""


def seed(
    db_path: Path,
    *,
    profile: bool = True,
    value: str = VALUE,
    stage: Stage = Stage.PROSPECT,
    templates: tuple[OutreachTemplate, ...] = (),
) -> str:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(
            new_partner(
                "Acme Analytics",
                stage=stage,
                contact_name="Jane Doe",
                contact_email="jane@acme.io",
                outreach_approach=OutreachApproach.WARM_INTRODUCTION,
                value_proposition=ValueProposition(specific=value),
            )
        )
        if profile:
            store.program.save_settings(store.program.settings().model_copy(update={"profile": SAM}))
            your_name.save_your_name(SAM.your_name)  # yours, in your config
        for template in templates:
            store.program.save_template(template)
        return partner.id


async def open_outreach(app: PartnerApp, pilot, partner_id: str) -> OutreachScreen:
    await pilot.pause()
    app.open_outreach(partner_id)
    await pilot.pause()
    assert isinstance(app.screen, OutreachScreen)
    return app.screen


async def settle(app: PartnerApp, pilot) -> None:
    """Let the copy worker (and its thread) finish, then let the UI catch up."""
    # Bounded: a worker left waiting on a dialog would otherwise hang the test run.
    await asyncio.wait_for(app.workers.wait_for_complete(), timeout=10)
    await pilot.pause()


async def test_c_copies_the_filled_email_and_logs_it_without_offering_engage(
    db_path: Path, tmp_path: Path, frozen_clock: object
) -> None:
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_outreach(app, pilot, partner_id)
        assert app.focused is screen.query_one("#preview")
        await pilot.press("c")
        await settle(app, pilot)
        assert app.clipboard == FILLED
        assert (tmp_path / "state" / LAST_COPY_FILE).read_text(encoding="utf-8") == FILLED
        # Copying a draft is not the partner's "positive response": no move offered.
        assert isinstance(app.screen, OutreachScreen)
        with read_back(app, db_path) as saved:
            partner = saved.partners.get(partner_id)
    assert partner.stage is Stage.PROSPECT
    [activity] = partner.activities
    assert activity.kind is ActivityKind.OUTREACH
    assert activity.date.isoformat() == "2026-03-16"
    assert "Playbook: partnership opportunity" in activity.text
    assert "Warm introduction" in activity.text


async def test_copying_twice_keeps_the_prospect_and_never_asks(db_path: Path) -> None:
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, OutreachScreen)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, OutreachScreen)
        with read_back(app, db_path) as saved:
            partner = saved.partners.get(partner_id)
    assert partner.stage is Stage.PROSPECT
    # The same copy twice on one day is one entry in the log.
    assert [a.kind for a in partner.activities] == [ActivityKind.OUTREACH]


async def test_engaged_partner_is_not_offered_a_move(db_path: Path) -> None:
    partner_id = seed(db_path, stage=Stage.ENGAGE)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("c")
        await settle(app, pilot)
        assert app.clipboard == FILLED
        assert isinstance(app.screen, OutreachScreen)


async def test_unfilled_and_unknown_placeholders_warn_and_copy_anyway(db_path: Path) -> None:
    budget = OutreachTemplate(
        id="budget",
        name="Budget ask",
        subject="Budget for [Partner Company]",
        body="Hi [Name],\n[Specific value proposition]\nBudget: [Budget]",
    )
    partner_id = seed(db_path, value="", templates=(budget,), stage=Stage.ENGAGE)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_outreach(app, pilot, partner_id)
        await pilot.press("right_square_bracket")  # the next template: "Budget ask"
        await pilot.pause()
        assert screen.template is not None and screen.template.id == "budget"
        gaps_line = str(screen.query_one("#gaps", Static).content)
        assert "empty: [Specific value proposition]" in gaps_line
        assert "unknown: [Budget]" in gaps_line
        # The preview marks them differently.
        preview = screen.query_one("#preview-text", Static).content
        styles = {preview.plain[s.start : s.end]: str(s.style) for s in preview.spans}
        assert styles["[Specific value proposition]"] != styles["[Budget]"]

        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        keys = [o.id for o in app.screen.query_one(OptionList).options]
        assert keys == ["copy", "partner", "template"]
        # The dialog shows its text as written: the placeholder names are not taken for tags.
        partner_choice = app.screen.query_one(OptionList).get_option("partner").prompt
        assert isinstance(partner_choice, Content)
        assert "[Specific value proposition]" in partner_choice.plain
        await pilot.press("enter")  # the first choice: copy anyway
        await settle(app, pilot)
        assert app.clipboard == (
            "Subject: Budget for Acme Analytics\n\n"
            "Hi Jane,\n[Specific value proposition]\nBudget: [Budget]"
        )


async def test_gaps_cancelled_copies_nothing(db_path: Path, tmp_path: Path) -> None:
    partner_id = seed(db_path, value="")
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, OutreachScreen)
        assert app.clipboard == ""
        assert not (tmp_path / "state" / LAST_COPY_FILE).exists()
        assert app.store.partners.get(partner_id).activities == []


async def test_go_fill_opens_the_partner_form(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partner_id = seed(db_path, value="")
    opened: list[str] = []
    monkeypatch.setattr(PartnerApp, "open_partner_form", lambda self, pid: opened.append(pid))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "enter")  # "Open the form of Acme Analytics to fill ..."
        await settle(app, pilot)
        assert opened == [partner_id]
        assert app.clipboard == ""


async def test_first_use_asks_for_the_profile_and_keeps_it(db_path: Path) -> None:
    partner_id = seed(db_path, profile=False)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_outreach(partner_id)
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        await pilot.press("enter", "enter")  # name → company → save: both empty, refused
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        assert "needed" in str(app.screen.query_one("#your-name-error", Static).content)
        await pilot.press(*"Sam Rivera", "enter", *"Northwind", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OutreachScreen)
        await pilot.press("c")
        await settle(app, pilot)
        assert app.clipboard == FILLED
        with read_back(app, db_path) as saved:
            profile = saved.program.settings().profile
    # Your name is yours (your user config); the company is the program's (the file).
    assert (your_name.given_name(), profile.your_company) == ("Sam Rivera", "Northwind")


async def test_profile_cancelled_leaves_the_gaps(db_path: Path) -> None:
    partner_id = seed(db_path, profile=False)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_outreach(partner_id)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OutreachScreen)
        assert "[Your name]" in str(screen.query_one("#gaps", Static).content)
        assert not app.store.program.settings().profile.complete


async def test_edit_the_template_then_ctrl_s_saves_it(db_path: Path) -> None:
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_outreach(app, pilot, partner_id)
        await pilot.press("tab")
        assert app.focused is screen.query_one("#subject", Input)
        await pilot.press("end", *" (c)")  # 'c' typed into the subject is text, not a copy
        await pilot.pause()
        assert app.clipboard == ""
        assert "Acme Analytics (c)" in str(screen.query_one("#preview-text", Static).content)
        await pilot.press("tab")
        assert app.focused is screen.query_one("#body", TextArea)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.template_dirty
        with read_back(app, db_path) as saved:
            template = saved.program.template(PLAYBOOK_TEMPLATE_ID)
    assert template.subject == "Partnership Opportunity: [Your Company] + [Partner Company] (c)"
    assert template.builtin


async def test_escape_with_unsaved_template_asks(db_path: Path) -> None:
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_outreach(app, pilot, partner_id)
        await pilot.press("tab", "end", "!")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is screen and screen.template_dirty
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, OutreachScreen)
    # Nothing saved: the playbook's words are intact.
    with PartnerStore(db_path, read_only=True) as store:
        assert not store.program.template(PLAYBOOK_TEMPLATE_ID).subject.endswith("!")


async def test_last_used_template_is_remembered_per_partner(db_path: Path, tmp_path: Path) -> None:
    follow_up = OutreachTemplate(
        id="follow", name="Follow-up", subject="Following up, [Name]", body="Hi [Name]"
    )
    partner_id = seed(db_path, stage=Stage.ENGAGE, templates=(follow_up,))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_outreach(app, pilot, partner_id)
        assert screen.template is not None and screen.template.id == PLAYBOOK_TEMPLATE_ID
        await pilot.press("right_square_bracket", "c")
        await settle(app, pilot)
        assert app.clipboard == "Subject: Following up, Jane\n\nHi Jane"
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_outreach(app, pilot, partner_id)
        assert screen.template is not None and screen.template.id == "follow"
    assert outreach_memory.last_template_id(tmp_path / "state", partner_id) == "follow"


async def test_switching_templates_with_unsaved_edits_asks(db_path: Path) -> None:
    follow_up = OutreachTemplate(id="follow", name="Follow-up", subject="x", body="y")
    partner_id = seed(db_path, templates=(follow_up,))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_outreach(app, pilot, partner_id)
        await pilot.press("tab", "end", "!")
        screen.query_one("#preview").focus()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert screen.template is not None and screen.template.id == PLAYBOOK_TEMPLATE_ID
        assert screen.query_one("#subject", Input).value.endswith("!")


async def test_read_only_file_still_copies_and_changes_nothing(db_path: Path) -> None:
    partner_id = seed(db_path, profile=False)
    app = PartnerApp(db_path=db_path, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_outreach(partner_id)
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        await pilot.press(*"Sam Rivera", "enter", *"Northwind", "enter")
        await pilot.pause()
        await pilot.press("c")
        await settle(app, pilot)
        # The profile could not be saved, yet this email is signed with it.
        assert app.clipboard == FILLED
        assert isinstance(app.screen, OutreachScreen)  # no offer to move: nothing can be saved
        assert app.store.partners.get(partner_id).activities == []
    with PartnerStore(db_path, read_only=True) as store:
        assert not store.program.settings().profile.complete


async def test_p_opens_the_profile_on_your_name(db_path: Path) -> None:
    partner_id = seed(db_path)  # a full profile
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        assert app.focused is app.screen.query_one("#your-name", Input)


async def test_only_the_company_missing_opens_on_the_company(db_path: Path) -> None:
    partner_id = seed(db_path, profile=False)
    with PartnerStore(db_path) as store:
        half = SAM.model_copy(update={"your_company": ""})
        store.program.save_settings(store.program.settings().model_copy(update={"profile": half}))
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_outreach(partner_id)
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        assert app.focused is app.screen.query_one("#your-company", Input)
