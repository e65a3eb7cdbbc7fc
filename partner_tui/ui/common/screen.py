"""PartnerScreen: the base of every full screen: one typed way to the data, one way to
hear that it changed (the session's DataChanged signal), and the calls the app makes
down to its screens (the app never guesses with getattr)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.screen import Screen

if TYPE_CHECKING:
    from partner_tui.store.data_changed import DataChanged
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.common.app_api import PartnerAppAPI


class PartnerScreen(Screen[None]):
    # A change was made while another screen was in view: shown when this one is back.
    _changed_while_away = False

    @on(events.Mount)
    def _subscribe_to_data_changes(self) -> None:
        # immediate: in step with the change, before the next key is handled.
        self.partner_app.data_changed.subscribe(self, self._data_changed, immediate=True)

    def _data_changed(self, change: DataChanged) -> None:
        if self.app.screen is not self:
            self._changed_while_away = True  # shown when this screen is back (on resume)
        if change.source == "local":
            return  # the screen in view made the change and shows it already
        self.reload_data(change)

    def changed_while_away(self) -> bool:
        """Whether the data changed while another screen was in view (asked on resume:
        the screen then shows it). Asking clears it."""
        changed, self._changed_while_away = self._changed_while_away, False
        return changed

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

    def reload_data(self, change: DataChanged) -> None:
        """The data changed under this screen: the file was read after a first paint from
        the preview (change.everything), or another writer's change was merged in
        (change.changed_keys(table) says which records). Show it without taking the
        focus, and keep what the person typed and has not saved. (This app's own changes
        are not sent here: the screen in view shows its own, the others on resume.)"""

    def show_undone(self) -> None:
        """The app undid your last change (ctrl+z, from any screen): show the data as it
        is now. Like another writer's change, without telling of one."""
        from partner_tui.store.data_changed import DataChanged

        self.reload_data(DataChanged("opened"))  # anything may have been put back

    def focused_partner_id(self) -> str | None:
        """The partner a key on this screen acts on (the board's focused card), if any."""
        return None

    @property
    def has_unsaved_changes(self) -> bool:
        """Edits typed here and not saved yet: quitting asks before dropping them."""
        return False
