"""Register or edit one deal: a dialog over the partner form, saved at once (ctrl+s).

The fields are the form's own (fields.py), bound to the deal's fields. Saving reads them
into a copy of the deal, says what is wrong beside each field (a date out of order is
named on the field it concerns), and hands the deal to `save`, which stores it. A
registration clash asks: the first registration is kept unless the person registers this
one anyway, which the store logs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from partner_tui.domain.deals import Deal, DealStatus, RegistrationClash, date_problems
from partner_tui.domain.errors import field_messages
from partner_tui.store.errors import StoreError
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.dialogs.confirm import ChoiceDialog, ConfirmDialog
from partner_tui.ui.form.fields import Bound, BoundSelect, TextField, labelled, set_path

REVIEWED = (DealStatus.APPROVED, DealStatus.REJECTED)
# Stores the deal (override: register it over an earlier registration); returns it saved.
SaveDeal = Callable[[Deal, bool], Deal]


class DealEditor(ModalScreen[Deal | None]):
    """Returns the saved deal, or None when closed without saving."""

    CSS_PATH = "deal_editor.tcss"
    # Below 100 columns the fields stack one to a row (see the .tcss); below 100 columns
    # or 32 lines they are compact (one line each, no border), so that at 80x24 every
    # field shows without scrolling (amounts, status and dates above all).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    COMPACT_BELOW = (100, 32)
    BINDINGS = [
        Binding("ctrl+s", "save", "Save deal", id="deal.save", priority=True,
                tooltip="Check the deal and save it at once"),
        Binding("escape", "cancel", "Cancel", id="deal.cancel",
                tooltip="Close without saving (asks when something was typed)"),
    ]

    def __init__(self, deal: Deal, company: str, save: SaveDeal, *, new: bool) -> None:
        super().__init__()
        self.deal = deal
        self.company = company
        self.save = save
        self.new = new
        self._loaded: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        verb = "Register a deal for" if self.new else "Edit a deal of"
        with Vertical(id="deal-box"):
            yield Label(plain(f"{verb} {self.company}"), id="deal-title")
            with VerticalScroll(id="deal-fields"), Grid(classes="deal-grid"):
                yield TextField("Customer", "customer", placeholder="company name")
                yield TextField("Customer domain", "customer_domain", placeholder="e.g. acme.io")
                yield labelled("Status", BoundSelect(
                    "Status", "status", [(s.label, s.value) for s in self._statuses()],
                    allow_blank=False,
                ))
                yield TextField("Registered on", "registered_on", kind="date",
                                placeholder="YYYY-MM-DD")
                yield TextField("Closed on", "closed_on", kind="date",
                                placeholder="won or lost: YYYY-MM-DD")
                yield TextField("First payment on", "paid_on", kind="date",
                                placeholder="YYYY-MM-DD")
                yield TextField("One-time amount", "amount", kind="money", placeholder="0")
                yield TextField("Monthly revenue", "monthly_revenue", kind="money",
                                placeholder="0")
                yield TextField("Customer left on", "ended_on", kind="date",
                                placeholder="YYYY-MM-DD")
                yield TextField("Notes", "notes", placeholder="anything worth knowing")
            yield Static("", id="deal-message", markup=False)
            with Horizontal(id="deal-buttons"):
                yield Button("Save (ctrl+s)", id="deal-save", variant="primary")
                yield Button("Cancel", id="deal-cancel")
        # This dialog's own keys: the key bar of the screen below is covered.
        yield KeyBar()

    def _statuses(self) -> list[DealStatus]:
        """What the Status field offers: a review is made with its keys (a, d on the Deals
        tab: signed, with a reason) and a refund with its own (f: the day and the amount),
        so approved, rejected or refunded only when the deal is so."""
        by_key = (*REVIEWED, DealStatus.REFUNDED)
        return [s for s in DealStatus if s not in by_key or s is self.deal.status]

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)
        data = self.deal.model_dump()
        for widget in self._fields():
            widget.load(data[widget.path])
            self._loaded[widget.path] = widget.raw()
        self.query_one("#f-customer", TextField).input.focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Textual's compact inputs and choices (one line, no border) on a small terminal."""
        small = width < self.COMPACT_BELOW[0] or height < self.COMPACT_BELOW[1]
        self.set_class(small, "-compact")
        for widget in self.query(Input):
            widget.compact = small
        for choice in self.query(Select):
            choice.compact = small

    def _fields(self) -> list[Bound]:
        return [w for w in self.query("*") if isinstance(w, Bound)]

    @property
    def dirty(self) -> bool:
        return any(w.raw() != self._loaded.get(w.path) for w in self._fields())

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        field = event.input.parent  # the Input sits in its TextField (fields.py)
        if isinstance(field, TextField):
            field.check_typed()

    # -- saving ------------------------------------------------------------------------------
    def _collect(self) -> tuple[Deal | None, dict[str, str]]:
        """The deal as typed, or None and a message per field."""
        data: dict[str, Any] = self.deal.model_dump()
        errors: dict[str, str] = {}
        for widget in self._fields():
            try:
                set_path(data, widget.path, widget.dump())
            except ValueError as exc:
                errors[widget.path] = str(exc)
        if errors:
            return None, errors
        if data["status"] == DealStatus.REGISTERED.value:
            # Back to registered: not reviewed any more (as the r key does).
            data.update(reviewed_on=None, reviewed_by="", rejection_reason="")
        if str(data.get("status")) != DealStatus.REFUNDED.value:  # moved off refunded
            data.update(refunded_on=None, refunded_amount=None)
        try:
            status = DealStatus(data["status"])
            problems = date_problems(status, data["registered_on"], data["closed_on"],
                                     data["paid_on"], data["ended_on"])
        except (TypeError, ValueError):
            problems = {}
        if problems:
            return None, problems
        try:
            return Deal.model_validate(data), {}
        except ValidationError as exc:
            return None, field_messages(exc)

    def _show(self, errors: dict[str, str]) -> None:
        for widget in self._fields():
            widget.show_error(errors.get(widget.path, ""))
        other = [f"{k}: {v}" if k else v for k, v in errors.items()
                 if k not in {w.path for w in self._fields()}]
        self._say("; ".join(other))

    def _say(self, text: str) -> None:
        self.query_one("#deal-message", Static).update(plain(text))

    @on(Button.Pressed, "#deal-save")
    def action_save(self) -> None:
        deal, errors = self._collect()
        self._show(errors)
        if deal is None:
            first = next((w for w in self._fields() if errors.get(w.path)), None)
            if isinstance(first, Widget):
                first.focus_target().focus()
            return
        self._store(deal, override=False)

    def _store(self, deal: Deal, override: bool) -> None:
        try:
            saved = self.save(deal, override)
        except RegistrationClash as clash:
            self._ask_override(deal, clash)
            return
        except (StoreError, ValueError) as exc:
            self._say(f"Not saved: {exc}")
            return
        self.dismiss(saved)

    def _ask_override(self, deal: Deal, clash: RegistrationClash) -> None:
        def answered(choice: str | None) -> None:
            if choice == "override":
                self._store(deal, override=True)
                return
            self.query_one("#f-customer_domain", TextField).show_error(
                f"already registered: {clash.earlier_text}"
            )
            self._say("Not saved: the first registration is kept.")

        # The safe answer first (enter, escape): only a deliberate choice overrides.
        self.app.push_screen(
            ChoiceDialog(
                f"{clash}.\n\nThe first registration is kept unless you register this one "
                f"anyway, which is written in {self.company}'s activity log.",
                [
                    ("keep", "Keep the first registration (change this deal)"),
                    ("override", "Register this one anyway (logged)"),
                ],
            ),
            answered,
        )

    @on(Button.Pressed, "#deal-cancel")
    async def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        await self.app.push_screen(
            ConfirmDialog("Discard this deal's unsaved changes?", yes="Discard",
                          no="Keep editing"),
            answered,
        )
