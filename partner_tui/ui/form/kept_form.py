"""One partner form, built once and kept: each opening fills it for the partner asked for.

Building the form (mounting, styling and laying out its ~90 widgets) was most of an
opening's cost (bench/form_open.py, docs/performance.md "Opening the form"). The first
form is built while the app is idle after start (`prepare`) and installed, so Textual
keeps it when it is closed; each opening then only fills it (PartnerFormScreen.fill) and
shows it. A form is built anew only when the kept one is already open (a form opened
from a form, as the duplicate check does) or before the first one is ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.form.screen import PartnerFormScreen

# The name the kept form is installed under (App.install_screen).
NAME = "partner-form"


class KeptForm:
    def __init__(self, app: App[None]) -> None:
        self._app = app
        self._form: PartnerFormScreen | None = None
        self._ending = False  # PartnerApp.exit was called

    def app_ends(self) -> None:
        """PartnerApp.exit: a form mounted from now on shows nothing."""
        self._ending = True

    @property
    def leaving(self) -> bool:
        """The app is ending: exit() was called, or its shutdown has begun (SIGINT is
        ended by Textual itself, through no exit()). A form half built off screen then
        must not start showing itself while the screens are taken down."""
        return self._ending or not self._app.is_running

    def taken_down_unseen(self, node: object) -> bool:
        """Whether `node` (the widget whose handler raised) is part of the kept form while
        the app ends and the form is not on screen. Its widgets' Mount handlers
        (the sections', a Select's) may run after Textual's shutdown has stopped mounting
        their children, and find none: one place for all of them (PartnerApp's
        _handle_exception), since nothing of the form was shown or typed in."""
        form = self._form
        if form is None or not self.leaving:
            return False
        if any(form in stack for stack in self._app._screen_stacks.values()):
            return False  # on screen: what fails there is an error like any other
        while node is not None:
            if node is form:
                return True
            node = getattr(node, "parent", None)
        return False

    @property
    def form(self) -> PartnerFormScreen | None:
        return self._form

    def _free(self) -> PartnerFormScreen | None:
        """The kept form, if it is built and not open already."""
        form = self._form
        if form is None or not form.is_mounted:
            return None
        if any(form in stack for stack in self._app._screen_stacks.values()):
            return None
        return form

    def screen_for(self, partner_id: str) -> Screen[None]:
        """The form filled for this partner (NotFound if it is not in the file)."""
        from partner_tui.ui.form.screen import PartnerFormScreen

        form = self._free()
        if form is not None:
            form.fill(partner_id)
            return form
        form = PartnerFormScreen(partner_id)
        if self._form is None:
            self._keep(form)
        return form

    def prepare(self, store: PartnerStore, partner_id: str | None) -> None:
        """Build the form in the background (for `partner_id`, or any partner), so that
        the first opening only fills it. Nothing to show it with (no partners): later."""
        from partner_tui.ui.form.screen import PartnerFormScreen

        if self._form is not None:
            return
        if partner_id is None or partner_id not in store.partners:
            partner_id = next(iter(card.id for card in store.partners.cards()), None)
        if partner_id is None:
            return
        form = PartnerFormScreen(partner_id)
        self._keep(form)
        # What push_screen does, without showing it: its CSS read (that restyles the
        # whole app once) and its widgets mounted and styled, off screen. Textual < 8.3
        # is pinned (pyproject.toml) for these two private calls.
        self._app._load_screen_css(form)
        self._app._register(self._app, form)

    def _keep(self, form: PartnerFormScreen) -> None:
        self._form = form
        self._app.install_screen(form, NAME)
