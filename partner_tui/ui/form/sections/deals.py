"""The form's Deals tab: the deals this partner registered, what they brought, and the keys
to register, edit, win, lose, reopen, refund and delete them, and to approve, reject and
extend a registration (deal_review.py).

Deals are records of their own: each change is saved at once (not with the form's
ctrl+s) and undone with ctrl+z on the board. The tab tells the form when deals changed
(Changed), so the Metrics tab follows and an override written in the partner's activity
log is not overwritten by the form's next save.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, cast

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Label, Static

from partner_tui.domain import clock
from partner_tui.domain.deals import Deal, DealStatus, RegistrationClash
from partner_tui.domain.errors import one_line
from partner_tui.domain.money import format_cents, format_money, parse_money
from partner_tui.domain.payouts import from_cents
from partner_tui.domain.periods import Period
from partner_tui.domain.registration import RegistrationState, registration_state
from partner_tui.store.errors import StoreError
from partner_tui.ui.common.plain import plain
from partner_tui.ui.dialogs.confirm import ConfirmDialog
from partner_tui.ui.dialogs.text_prompt import TextPrompt
from partner_tui.ui.form.deal_editor import DealEditor
from partner_tui.ui.form.deal_list import DealList
from partner_tui.ui.form.deal_review import REVIEW_KEYS, DealReview
from partner_tui.ui.form.sections.base import FormSection

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.common.app_api import PartnerAppAPI

STATUS_KEYS = {"won": DealStatus.WON, "lost": DealStatus.LOST, "registered": DealStatus.REGISTERED}
HINT = (
    "n new deal · enter or e edit · a approve · d reject · t extend · w won · l lost · "
    "r reopen · f refund · x delete. Each change is saved at once; ctrl+z on the board undoes it."
)


class DealsSection(FormSection):
    class Changed(Message):
        """The partner's deals changed (and maybe the partner: `partner_touched`)."""

        def __init__(self, partner_touched: bool) -> None:
            super().__init__()
            self.partner_touched = partner_touched

    def compose(self) -> ComposeResult:
        yield Label("Deals registered by this partner", classes="section-title")
        yield Static("", id="deals-summary", markup=False)
        yield DealList(self.act, id="deal-list")
        yield Static(HINT, classes="hint", markup=False)

    @property
    def store(self) -> PartnerStore:
        return cast("PartnerAppAPI", self.app).store

    def on_mount(self) -> None:
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        store = self.store
        today = clock.today()
        listing = self.query_one(DealList)
        listing.currency = store.program.settings().currency_symbol
        listing.rules, listing.today = store.deals.rules(), today
        listing.show(store.deals.of_partner(self.partner.id), keep)
        self.query_one("#deals-summary", Static).update(plain(self.summary(store, today)))

    def summary(self, store: PartnerStore, today: date) -> str:
        deals = self.query_one(DealList).deals
        if not deals:
            return (
                "No deals registered yet: n registers the first. Until then the Metrics tab "
                "keeps the figures typed there."
            )
        rules = store.deals.rules()
        counts = Counter(registration_state(d, rules, today) for d in deals)
        symbol = store.program.settings().currency_symbol
        live = counts[RegistrationState.REGISTERED] + counts[RegistrationState.APPROVED]
        more = [f"{counts[s]} {s.value}" for s in (RegistrationState.EXPIRED,
                                                    RegistrationState.REJECTED) if counts[s]]
        approved = counts[RegistrationState.APPROVED]
        lines = [
            f"{len(deals)} deal{'s' if len(deals) != 1 else ''}: "
            f"{counts[RegistrationState.WON]} won · {counts[RegistrationState.LOST]} lost · "
            f"{live} open" + (f" ({approved} approved)" if approved else "")
            + "".join(f" · {text}" for text in more)
            + (f" · {counts[RegistrationState.REFUNDED]} refunded"
               if counts[RegistrationState.REFUNDED] else "")
        ]
        figures = store.payouts.figures(self.partner.id, today)
        if not figures.typed:
            lines.append(
                f"Revenue to date {format_money(figures.revenue, symbol)} · payouts to date "
                f"{format_money(figures.payout, symbol)}"
                + (f" (after {format_money(figures.clawback, symbol)} clawed back by refunds)"
                   if figures.clawback else "")
                + " · paid "
                f"{format_money(figures.paid, symbol)} (the Payouts screen, p on the board, "
                "has them by month)"
            )
        commitment = figures.commitment
        if commitment is not None:
            lines.append(f"Minimum commitment: {commitment.text()}")
        return "\n".join(lines)

    # -- the keys (DealList calls this at once, so a dialog gets the keys typed after) -------
    def act(self, what: str) -> None:
        store = self.store
        if store.read_only:
            self.notify("This file is open read-only: deals cannot be changed.",
                        severity="warning")
            return
        listing = self.query_one(DealList)
        deal = listing.current()
        if what == "add":
            self._edit(self._blank(store), new=True)
        elif deal is None:
            self.notify("No deal here yet: n registers one.", timeout=3)
        elif what == "edit":
            self._edit(deal, new=False)
        elif what == "delete":
            self._delete(deal)
        elif what in REVIEW_KEYS:
            DealReview(self.app, store, lambda moved, said: self._changed(moved.id, said)).act(
                what, deal
            )
        elif what == "refund":
            self._ask_refund(deal)
        else:
            self._set_status(deal, STATUS_KEYS[what])

    def _blank(self, store: PartnerStore) -> Deal:
        # Not validated: the dialog starts empty, and the save validates what was typed.
        return Deal.model_construct(
            partner_id=self.partner.id,
            customer="",
            registered_on=clock.today(),
            author=store.author() or "",  # yours (your config), not the file's
        )

    def _edit(self, deal: Deal, *, new: bool) -> None:
        store = self.store

        def save(edited: Deal, override: bool) -> Deal:
            if new:
                return store.deals.add(edited, override=override)
            return store.deals.update(edited, override=override)

        def done(saved: Deal | None) -> None:
            if saved is not None:
                self._changed(saved.id, f"{'Registered' if new else 'Saved'} {saved.customer}")

        self.app.push_screen(DealEditor(deal, self.partner.company, save, new=new), done)

    def _set_status(self, deal: Deal, status: DealStatus) -> None:
        try:
            moved = self.store.deals.set_status(deal.id, status, clock.today())
        except RegistrationClash as clash:
            self.notify(plain(f"{clash}. The first registration is kept; edit this deal (e) to "
                        "register it anyway."), title="Not reopened", severity="warning",
                        timeout=8)
            return
        except (StoreError, ValueError) as exc:
            self.notify(plain(str(exc)), title="Not changed", severity="error")
            return
        self._changed(moved.id, f"{moved.customer}: {moved.status.value}")

    def _ask_refund(self, deal: Deal) -> None:
        """Ask the day of the refund and, when not everything, the amount; then refund."""
        if deal.status is not DealStatus.WON:
            self.notify(plain(f"Only a won deal can be refunded; {deal.customer} is "
                              f"{deal.status.value}."), title="Not refunded", severity="warning")
            return
        today = clock.today()
        symbol = self.store.program.settings().currency_symbol
        most = format_money(deal.revenue_brought(today), symbol)
        question = (f"Refund {deal.customer}: the day it was refunded, then the amount if not "
                    f"everything it brought ({most} to date). E.g. {today.isoformat()} or "
                    f"{today.isoformat()} 250")

        def answered(text: str | None) -> None:
            if text is not None:
                self._refund(deal, text)

        self.app.push_screen(TextPrompt(question, today.isoformat()), answered)

    def _refund(self, deal: Deal, text: str) -> None:
        words = text.split()
        try:
            on = date.fromisoformat(words[0])
            amount = parse_money(words[1]) if len(words) > 1 else None
            if len(words) > 2:
                raise ValueError("give the day, then the amount at most")
            done = self.store.deals.refund(deal.id, on, amount)
        except ValidationError as exc:
            self.notify(plain(one_line(exc)), title="Not refunded", severity="error", timeout=8)
            return
        except (StoreError, ValueError) as exc:
            self.notify(plain(str(exc)), title="Not refunded", severity="error", timeout=8)
            return
        period = Period.of(on)
        back = sum(c.total for d, c in self.store.payouts.clawbacks_of(done.partner_id, period)
                   if d.id == done.id)
        symbol = self.store.program.settings().currency_symbol
        self._changed(done.id, f"{done.customer}: refunded on {on.isoformat()}; "
                      f"{format_cents(from_cents(back), symbol)} clawed back in {period.label}")

    def _delete(self, deal: Deal) -> None:
        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.deals.delete(deal.id)
            except StoreError as exc:
                self.notify(plain(str(exc)), title="Not deleted", severity="error")
                return
            self._changed(None, f"Deleted {deal.customer} (ctrl+z on the board brings it back)")

        self.app.push_screen(
            ConfirmDialog(f"Delete the deal {deal.customer}? Its revenue and payouts go with it.",
                          yes="Delete", no="Keep"),
            answered,
        )

    def _changed(self, keep: str | None, message: str) -> None:
        self.reload(keep)
        self.query_one(DealList).focus()
        self.notify(plain(message), title=self.partner.company, timeout=4)
        self.post_message(self.Changed(self.partner.id in self.store.undo_ids))
