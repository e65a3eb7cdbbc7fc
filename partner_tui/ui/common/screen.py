"""PartnerScreen: the base of every full screen: one typed way to the data, and the
calls the app makes down to its screens (the app never guesses with getattr)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from partner_tui.store.merge import MergeResult
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.common.app_api import PartnerAppAPI


class PartnerScreen(Screen[None]):
    @property
    def partner_app(self) -> PartnerAppAPI:
        # Every PartnerScreen runs in PartnerApp, which has all of PartnerAppAPI (checked
        # where the app is defined). The cast says so without this module importing the
        # app, which sits above every feature.
        return cast("PartnerAppAPI", self.app)

    @property
    def store(self) -> PartnerStore:
        """The data: the only way a screen reaches it."""
        return self.partner_app.store

    # -- what the app tells its screens ----------------------------------------------------
    def app_started(self) -> None:
        """Textual's start-up batch is over: what is drawn from now on is shown."""

    def reload_data(self, change: MergeResult | None = None) -> None:
        """The data changed under this screen: the file was read after a first paint from
        the preview (`change` None), or another writer's change was merged in (`change`
        says which records). Show it without taking the focus, and keep what the person
        typed and has not saved."""

    def show_undone(self) -> None:
        """The app undid your last change (ctrl+z, from any screen): show the data as it
        is now. Like another writer's change, without telling of one."""
        self.reload_data(None)

    def focused_partner_id(self) -> str | None:
        """The partner a key on this screen acts on (the board's focused card), if any."""
        return None

    @property
    def has_unsaved_changes(self) -> bool:
        """Edits typed here and not saved yet: quitting asks before dropping them."""
        return False
