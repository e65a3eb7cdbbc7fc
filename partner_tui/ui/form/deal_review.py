"""The Deals tab's registration keys: approve (a), reject with a reason (d), extend the
protection window (t). Each asks what it needs, then hands the store the change, which
signs it, logs it on the partner and makes it undoable (store/parts/deals.py).

The dialogs are opened from the key's action (never from a worker), so keys typed after
reach them; every text from the data goes in plain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App

from partner_tui.domain import clock
from partner_tui.domain.deals import REJECTION_REASONS, Deal, RegistrationClash
from partner_tui.domain.registration import (
    OPEN,
    ReviewRefused,
    describe_state,
    protection_ends,
)
from partner_tui.store.errors import StoreError
from partner_tui.ui.common.plain import plain
from partner_tui.ui.dialogs.confirm import ChoiceDialog
from partner_tui.ui.dialogs.text_prompt import TextPrompt

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

REVIEW_KEYS = ("approve", "reject", "extend")
OWN_WORDS = "own"  # the reject dialog's choice to type a reason
DEFAULT_EXTENSION = "30"

# Told the stored deal and what to say about it once a change is stored.
Done = Callable[[Deal, str], None]


class DealReview:
    """Approve, reject, extend the highlighted deal of a partner's Deals tab."""

    def __init__(self, app: App[object], store: PartnerStore, done: Done) -> None:
        self.app = app
        self.store = store
        self.done = done

    def act(self, what: str, deal: Deal) -> None:
        if what == "approve":
            self._run(deal, "Approved", lambda: self.store.deals.approve(deal.id, clock.today()))
        elif what == "reject":
            self._ask_reason(deal)
        else:
            self._ask_days(deal)

    def _ask_reason(self, deal: Deal) -> None:
        if deal.status not in OPEN:  # said before asking: no reason is needed to refuse
            self._refused(f"{deal.customer} is {deal.status.value}; only a registered or "
                          "approved registration can be rejected")
            return

        def chosen(key: str | None) -> None:
            if key == OWN_WORDS:
                self.app.push_screen(
                    TextPrompt(f"Why is {deal.customer} rejected?", max_length=500), typed
                )
            elif key is not None:
                typed(key)

        def typed(reason: str | None) -> None:
            if reason:
                self._run(deal, "Rejected",
                          lambda: self.store.deals.reject(deal.id, reason, clock.today()))

        choices: list[tuple[str, str]] = [(k, words) for k, words in REJECTION_REASONS.items()]
        choices.append((OWN_WORDS, "Another reason (type it)"))
        self.app.push_screen(
            ChoiceDialog(f"Reject the registration of {deal.customer}: why?", choices,
                         safe="Keep it"),
            chosen,
        )

    def _ask_days(self, deal: Deal) -> None:
        if deal.status not in OPEN:
            self._refused(f"{deal.customer} is {deal.status.value}; only an open "
                          "registration (registered or approved) can be extended")
            return

        def typed(text: str | None) -> None:
            if text is None:
                return
            try:
                days = int(text)
            except ValueError:
                self._refused(f"{text!r} is not a number of days")
                return
            self._run(deal, f"Extended by {days} days",
                      lambda: self.store.deals.extend(deal.id, days, clock.today()))

        # Short: the prompt is one line, and 80 columns show it whole.
        ends = protection_ends(deal, self.store.deals.rules())
        self.app.push_screen(
            TextPrompt(f"Extend {deal.customer} (expires {ends}) by days:", DEFAULT_EXTENSION,
                       max_length=4),
            typed,
        )

    def _run(self, deal: Deal, verb: str, change: Callable[[], Deal]) -> None:
        try:
            moved = change()
        except RegistrationClash as clash:
            self.app.notify(plain(f"{clash}. It holds the customer now; this registration "
                                  "stays as it was."), title="Not changed",
                            severity="warning", timeout=8)
            return
        except (ReviewRefused, StoreError, ValueError) as exc:
            self._refused(str(exc))
            return
        state = describe_state(moved, self.store.deals.rules(), clock.today())
        self.done(moved, f"{verb}: {moved.customer}, now {state}")

    def _refused(self, text: str) -> None:
        self.app.notify(plain(text), title="Not changed", severity="warning", timeout=6)
