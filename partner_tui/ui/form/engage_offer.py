"""The move from Prospect to Engage, offered when the partner responds.

The playbook's Engage is "positive response, interest shown": a reply (an email), a call
or a meeting logged for a Prospect offers the move; sending outreach does not.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from partner_tui.domain.partner import ActivityKind, Partner
from partner_tui.domain.stages import Stage
from partner_tui.store.errors import NotFound, StoreError
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.common.plain import plain
from partner_tui.ui.dialogs.confirm import ConfirmDialog

SHOWS_INTEREST = frozenset({ActivityKind.EMAIL, ActivityKind.CALL, ActivityKind.MEETING})


def offers_engage(partner: Partner, kind: ActivityKind) -> bool:
    return partner.stage is Stage.PROSPECT and kind in SHOWS_INTEREST


def offer_engage(
    app: App[object], store: PartnerStore, partner: Partner, kind: ActivityKind,
    moved: Callable[[Partner], None],
) -> None:
    """Ask (the safe answer, keep it in Prospect, focused); on yes move it and hand the
    moved partner to `moved`."""
    if not offers_engage(partner, kind) or store.read_only:
        return

    def answered(move: bool | None) -> None:
        if not move:
            return
        try:
            fresh = store.partners.move(partner.id, Stage.ENGAGE)
        except (StoreError, NotFound) as exc:
            app.notify(plain(str(exc)), title="Not moved", severity="error", markup=False)
            return
        moved(fresh)
        app.notify(plain(f"{fresh.company} moved to Engage (ctrl+z on the board undoes it)."),
                   markup=False)

    app.push_screen(
        ConfirmDialog(
            # The dialog reads markup: the company's brackets are escaped (data is text).
            f"{partner.company.replace('[', chr(92) + '[')} responded ({kind.value} "
            "logged). Move it from Prospect to Engage?",
            yes="Move to Engage",
            no="Keep in Prospect",
        ),
        callback=answered,
    )
