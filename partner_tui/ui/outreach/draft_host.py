"""What the copy and send flows need of the screen that shows the draft.

The flows (copy_flow.py: `c`; send_flow.py: `m` and `e`) are the outreach screen's own
helpers; typing them against this protocol instead of OutreachScreen keeps the arrows one
way: the screen imports the flows, the flows import nothing of the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from textual.content import Content

from partner_tui.domain.partner import Partner
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.outreach.draft import Draft
from partner_tui.ui.common.app_api import PartnerAppAPI

if TYPE_CHECKING:
    from textual.app import App

    from partner_tui.store.partner_store import PartnerStore


class DraftHost(Protocol):
    partner_id: str
    partner: Partner | None
    template: OutreachTemplate | None

    @property
    def app(self) -> App[Any]: ...

    @property
    def partner_app(self) -> PartnerAppAPI: ...

    @property
    def store(self) -> PartnerStore: ...

    def draft(self) -> Draft: ...

    def refresh_preview(self) -> None: ...

    def ask_profile(self, first_use: bool) -> None: ...

    def focus_first_unknown(self, draft: Draft) -> None: ...

    def notify(self, message: str | Content, *, title: str = ..., severity: Any = ...,
               timeout: float | None = ..., markup: bool = ...) -> None: ...

    def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Any: ...
