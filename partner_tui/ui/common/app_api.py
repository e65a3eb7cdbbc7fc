"""What a screen may ask of the app: the data, and the way to every other screen.

Feature folders (board, form, outreach, ...) never import each other, nor the app that
imports them all (see the import-linter contracts in pyproject.toml). They talk to the app
through this Protocol instead; PartnerApp (ui/app.py) has every member, which the type
checker confirms where the app is defined.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeAlias

from textual.await_complete import AwaitComplete
from textual.widget import AwaitMount

# What opening a screen gives back. Awaited (in an async action), the new screen is
# mounted (and focused, where its on_mount uses set_focus) before the action returns,
# so the keys typed next reach it without waiting on Textual's message timing
# (ui/common/key_order.py).
Opening: TypeAlias = AwaitMount | AwaitComplete

if TYPE_CHECKING:
    # Only names for the type checker: the store brings pydantic, which the board's
    # first paint from a preview does without.
    from textual.signal import Signal

    from partner_tui.domain.templates import OutreachTemplate
    from partner_tui.speedups.board_preview import BoardPreview
    from partner_tui.store.data_changed import DataChanged
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.common.key_order import KeyOrder


class PartnerAppAPI(Protocol):
    # -- the data ------------------------------------------------------------------------
    @property
    def store(self) -> PartnerStore:
        """The data file, opened on first use after a first paint from a preview."""
        ...

    @property
    def store_open(self) -> bool:
        """Has the file been read yet? (Before that, the board shows `preview`.)"""
        ...

    @property
    def data_changed(self) -> Signal[DataChanged]:
        """Every change to the data, this app's own and other writers': screens subscribe
        (PartnerScreen does, for every screen)."""
        ...

    @property
    def preview(self) -> BoardPreview | None:
        """The last session's first board, until the file is read; None after."""
        ...

    @property
    def started(self) -> bool:
        """Textual's start-up batch is over: frames drawn from now on are shown."""
        ...

    # Templates deleted in this session, newest last: ctrl+z in the library brings them back.
    deleted_templates: list[OutreachTemplate]

    # -- typed keys ----------------------------------------------------------------------
    @property
    def key_order(self) -> KeyOrder:
        """Keys one at a time; `key_order.hold()` makes them wait for a question."""
        ...

    # -- the other screens ---------------------------------------------------------------
    def open_partner_form(self, partner_id: str) -> Opening: ...

    def open_outreach(self, partner_id: str) -> Opening: ...

    def open_templates(self) -> Opening: ...

    def open_dashboard(self) -> Opening: ...

    def open_payouts(self) -> Opening: ...

    def open_settings(self) -> Opening: ...

    def open_help(self) -> Opening: ...

    # -- one undo --------------------------------------------------------------------------
    def undo_last(self) -> str | None: ...
