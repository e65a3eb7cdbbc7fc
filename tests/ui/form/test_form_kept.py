"""The partner form is built once and kept (ui/form/kept_form.py): each opening fills it
for the partner asked for instead of building ~90 widgets again. Opening a second
partner mounts nothing new; everything shown is that partner's, as a form just built
would show it (title, fields, the subtype's choices, sections opened before, undo of
typing, the cursor at the end of the company's name)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import Stage
from partner_tui.store.data_changed import DataChanged
from partner_tui.ui.dialogs.confirm import ConfirmDialog
from partner_tui.ui.form.fields import BoundSelect, TextField
from partner_tui.ui.form.screen import PartnerFormScreen
from partner_tui.ui.form.section_tabs import SectionTabs
from partner_tui.ui.form.sections import SECTIONS
from tests.helpers.pilot import fill
from tests.helpers.seeding import seed_partners
from tests.helpers.toasts import Toasts

ACME = "acme0000001"
BETA = "beta0000001"


def seed_two(db_path: Path) -> None:
    acme = new_partner("Acme Analytics", Stage.ACTIVE, id=ACME)
    acme = acme.model_copy(
        update={"partner_type": PartnerType.CHANNEL, "subtype": "Our own words",
                "owner": "Maya", "notes": "Acme's notes",
                "next_action": "Ask our shared customers for a joint case study"}
    )
    beta = new_partner("Beta", Stage.PROSPECT, id=BETA)
    seed_partners(db_path, [acme, beta])


async def open_form(app: PartnerApp, pilot: Pilot[None], partner_id: str) -> PartnerFormScreen:
    await app.open_partner_form(partner_id)
    await pilot.pause()
    assert isinstance(app.screen, PartnerFormScreen)
    return app.screen


async def close(pilot: Pilot[None], app: PartnerApp) -> None:
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, PartnerFormScreen | ConfirmDialog)


def widgets(form: PartnerFormScreen) -> set[int]:
    return {id(widget) for widget in form.query("*")}


def company(form: PartnerFormScreen) -> TextField:
    return form.query_one("#f-company", TextField)


async def test_a_second_opening_mounts_nothing_and_shows_the_second_partner(
    db_path: Path, frozen_clock: object
) -> None:
    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await open_form(app, pilot, ACME)
        built = widgets(first)
        await close(pilot, app)
        second = await open_form(app, pilot, BETA)
        # The same form, not one widget more or less: nothing was built for this opening.
        assert second is first
        assert widgets(second) == built
        assert second.title == "Beta" and second.sub_title == "saved"
        assert company(second).input.value == "Beta"
        assert second.query_one("#f-owner", TextField).input.value == ""
        assert second.focused is company(second).input
        assert company(second).input.cursor_position == len("Beta")
        assert "Stage: Prospect" in str(second.query_one("#stage-history").render())
        # Beta has no type: no examples to choose, and Acme's own subtype is not offered.
        subtype = second.query_one("#f-subtype", BoundSelect)
        assert subtype.dump() == "" and not subtype.allow_focus()
        assert not second.dirty


async def test_what_was_discarded_and_typed_before_is_gone_at_the_next_opening(
    db_path: Path, frozen_clock: object
) -> None:
    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, ACME)
        await fill(pilot, "#f-owner", "Dana")
        await pilot.press("f9")  # a section built for Acme
        await pilot.pause()
        assert form.query_one("#f-notes").text == "Acme's notes"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, PartnerFormScreen | ConfirmDialog)
        # Closed, the form keeps only its Overview: the sections built for Acme go.
        assert not form.query_one(SectionTabs).is_built("challenges")
        assert not form.query("#f-notes")
        form = await open_form(app, pilot, BETA)
        tabs = form.query_one(SectionTabs)
        assert tabs.active == SECTIONS[0].id
        assert [tab for tab in (s.id for s in SECTIONS) if tabs.is_built(tab)] == ["overview"]
        # Typing in the company and ctrl+z: back to Beta, never to Acme's text.
        await pilot.press("x", "ctrl+z", "ctrl+z")
        await pilot.pause()
        assert company(form).input.value == "Beta"
        await pilot.press("f9")
        await pilot.pause()
        assert form.query_one("#f-notes").text == ""  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        form = await open_form(app, pilot, ACME)
        assert form.query_one("#f-owner", TextField).input.value == "Maya"  # not "Dana"
        # A long value shows from its start, as in a form just built.
        assert form.query_one("#f-next_action", TextField).input.scroll_x == 0
        # Acme's own subtype (not one of the playbook's examples) is there again.
        assert form.query_one("#f-subtype", BoundSelect).dump() == "Our own words"
        assert not form.dirty
        await fill(pilot, "#f-next_action", "call")
        await pilot.press("ctrl+s")
        await pilot.pause()
    with_saved = app.store.partners.get(ACME)
    assert with_saved.next_action == "call" and with_saved.notes == "Acme's notes"


async def test_a_closed_form_says_nothing_of_changes_elsewhere(
    db_path: Path, frozen_clock: object
) -> None:
    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(size=(120, 40), message_hook=toasts.hook) as pilot:
        await open_form(app, pilot, ACME)
        await close(pilot, app)
        app.store.partners.delete(ACME)
        app.session.publish(DataChanged("disk", {"partners": frozenset({ACME})}))
        await pilot.pause()
        assert not [title for title in toasts.titles if "deleted elsewhere" in title]
        form = await open_form(app, pilot, BETA)
        assert form.title == "Beta"


async def test_the_form_built_while_the_app_is_idle_is_the_one_opened(
    db_path: Path, frozen_clock: object
) -> None:
    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    app.PREPARE_FORM = True  # as in a terminal
    async with app.run_test(size=(120, 40)) as pilot:
        while app.kept_form.form is None or not app.kept_form.form.is_mounted:
            await pilot.pause(0.05)
        await pilot.pause()
        prepared = app.kept_form.form
        built = widgets(prepared)
        form = await open_form(app, pilot, BETA)
        assert form is prepared and widgets(form) == built
        assert company(form).input.value == "Beta"
        assert form.focused is company(form).input



async def test_the_same_partner_opened_again_edits_where_the_cursor_is(
    db_path: Path, frozen_clock: object
) -> None:
    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(app, pilot, ACME)
        await close(pilot, app)
        form = await open_form(app, pilot, ACME)
        assert company(form).input.cursor_position == len("Acme Analytics")
        await pilot.press("home", "Q")
        await pilot.pause()
        assert company(form).input.value == "QAcme Analytics"
        assert company(form).input.cursor_position == 1


async def test_a_title_set_while_the_kept_forms_header_has_no_title_widget_passes(
    db_path: Path,
) -> None:
    """The kept form stays installed while closed, half built at first and torn down as
    the app ends: a title set then (the form's own, or the app's) must not end the app
    with an error, as Textual's Header let it (a SIGTERM right after start exited 1)."""
    from textual.widgets._header import HeaderTitle

    from partner_tui.ui.form.title_bar import TitledHeader

    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, ACME)
        header = form.query_one(TitledHeader)
        await header.query_one(HeaderTitle).remove()
        form.title = "Renamed elsewhere"
        app.sub_title = "another file"
        await pilot.pause()
        await close(pilot, app)
        assert app.return_code is None  # still running: nothing raised
        form = await open_form(app, pilot, BETA)
        assert form.title == "Beta"


async def test_a_kept_form_mounted_as_the_app_ends_shows_nothing(db_path: Path) -> None:
    """A signal right after start can end the app while the kept form is being built off
    screen: its mount then must not reach for its sections or the screens being taken
    down (it failed there, and the app exited 1; tests/reliability/test_exit_paths.py
    sends the signals for real)."""
    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        form = PartnerFormScreen(ACME)
        app.kept_form.app_ends()  # as PartnerApp.exit tells it
        await app.push_screen(form)
        await pilot.pause()
        # Its mount did nothing: no section registered, the form never said it loaded.
        assert not form._loaded
        assert app.return_code is None


async def test_the_app_ending_tells_the_kept_form(db_path: Path) -> None:
    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.kept_form.leaving
        app.exit()
        assert app.kept_form.leaving


async def test_an_error_in_the_unseen_kept_form_as_the_app_ends_is_not_the_apps(
    db_path: Path, frozen_clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any widget of the kept form (a Select, a section) may handle its Mount after
    Textual's shutdown stopped mounting its children, and find none (NoMatches on the
    Select's overlay ended a read-only viewer with exit code 1, one time in two under
    load). One place lets such an error pass: only while the app ends, only from the kept
    form, only while it is not on screen. Anything else still goes to Textual's handler
    (which ends the app with exit code 1: recorded here instead)."""
    from textual.app import App
    from textual.css.query import NoMatches
    from textual.message_pump import active_message_pump

    ended_with: list[Exception] = []
    monkeypatch.setattr(App, "_handle_exception", lambda self, error: ended_with.append(error))

    def raise_in(widget: object) -> None:
        token = active_message_pump.set(widget)  # as the widget's own handler would
        try:
            app._handle_exception(NoMatches("No nodes match 'SelectOverlay'"))
        finally:
            active_message_pump.reset(token)

    seed_two(db_path)
    app = PartnerApp(db_path=db_path)
    app.PREPARE_FORM = True
    async with app.run_test(size=(120, 40)) as pilot:
        while app.kept_form.form is None or not app.kept_form.form.is_mounted:
            await pilot.pause(0.05)
        select = app.kept_form.form.query(BoundSelect).first()
        raise_in(select)  # the app is not ending: an error like any other
        assert len(ended_with) == 1
        app.kept_form.app_ends()
        raise_in(select)  # ending, the form unseen: passes
        assert len(ended_with) == 1
        raise_in(app.screen)  # ending, but the board's: an error
        assert len(ended_with) == 2
        raise_in(None)  # from no widget at all: an error
        assert len(ended_with) == 3
