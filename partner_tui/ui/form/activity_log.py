"""The partner's activity log: add an entry (date defaults to today), read them newest first.

The log does not own the activities: the form holds the one list, hears `Added`, and hands
the list back through `show()`, so the outreach log (outreach entries only) and the full
log never disagree.
"""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from partner_tui.domain import clock
from partner_tui.domain.errors import field_messages
from partner_tui.domain.partner import Activity, ActivityKind
from partner_tui.ui.common.plain import plain, plain_text
from partner_tui.ui.common.undo_input import UndoInput
from partner_tui.ui.form.fields import parse_date


def _by(activity: Activity) -> str:
    """Who logged it, when known (entries from before authors were kept have none)."""
    return f"  ({activity.author})" if activity.author else ""


def newest_first(activities: list[Activity]) -> list[Activity]:
    """By date, newest first; entries of one day in reverse order of adding."""
    order = sorted(enumerate(activities), key=lambda pair: (pair[1].date, pair[0]), reverse=True)
    return [activity for _index, activity in order]


class ActivityLog(Vertical):
    """An entry row (date, kind, text, Add) over the list of entries."""

    class Added(Message):
        def __init__(self, log: ActivityLog, activity: Activity) -> None:
            super().__init__()
            self.log = log
            self.activity = activity

        @property
        def control(self) -> ActivityLog:
            return self.log

    def __init__(
        self,
        title: str,
        *,
        only: ActivityKind | None = None,
        id: str | None = None,
    ) -> None:
        """only: show and add entries of this kind alone (the outreach log)."""
        super().__init__(id=id, classes="activity-log")
        self.title = title
        self.only = only

    def compose(self) -> ComposeResult:
        yield Label(plain(self.title), classes="checklist-title")
        with Horizontal(classes="activity-entry"):
            yield UndoInput(
                clock.today().isoformat(),
                placeholder="YYYY-MM-DD",
                classes="activity-date",
                tooltip="Date of the entry (YYYY-MM-DD)",
            )
            if self.only is None:
                yield Select(
                    [(plain_text(kind.value.capitalize()), kind.value) for kind in ActivityKind],
                    value=ActivityKind.NOTE.value,
                    allow_blank=False,
                    classes="activity-kind",
                )
            yield UndoInput(
                placeholder="What happened? (enter adds)",
                classes="activity-text",
                max_length=10_000,
            )
            yield Button("Add", classes="activity-add")
        yield Label("", classes="field-error", markup=False)
        yield Static("", classes="activity-list", markup=False)

    # -- reading the entry row -------------------------------------------------------
    @property
    def date_input(self) -> Input:
        return self.query_one(".activity-date", Input)

    @property
    def text_input(self) -> Input:
        return self.query_one(".activity-text", Input)

    def kind(self) -> ActivityKind:
        if self.only is not None:
            return self.only
        return ActivityKind(str(self.query_one(".activity-kind", Select).value))

    def pending(self) -> bool:
        """Has the user typed an entry that is not added yet?"""
        return bool(self.text_input.value.strip())

    def raw(self) -> tuple[str, str]:
        return (self.date_input.value, self.text_input.value)

    def take_pending(self) -> Activity | None:
        """The entry row as an Activity (row cleared), or None with the problem shown.

        Returned rather than posted so that saving can include an entry the user typed but
        did not add: the list must be complete before the partner is built.
        """
        try:
            when = parse_date(self.date_input.value) or clock.today()
            activity = Activity(date=when, kind=self.kind(), text=self.text_input.value.strip())
        except ValidationError as exc:
            self.show_error("; ".join(f"{k}: {v}" for k, v in field_messages(exc).items()))
            return None
        except ValueError as exc:
            self.show_error(f"date: {exc}")
            return None
        self.show_error("")
        self.text_input.value = ""
        return activity

    def show_error(self, message: str) -> None:
        self.query_one(".field-error", Label).update(plain(message))
        self.set_class(bool(message), "-has-error")
        bad_date = message.startswith("date")
        self.date_input.set_class(bool(message) and bad_date, "field-invalid")
        self.text_input.set_class(bool(message) and not bad_date, "field-invalid")

    @on(Input.Submitted, ".activity-text")
    @on(Button.Pressed, ".activity-add")
    def _add(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        if self.pending():
            activity = self.take_pending()
            if activity is not None:
                self.post_message(self.Added(self, activity))
        else:
            self.show_error("text: write what happened first")

    # -- the list -------------------------------------------------------------------
    def show(self, activities: list[Activity]) -> None:
        shown = [a for a in newest_first(activities) if self.only is None or a.kind is self.only]
        lines = [f"{a.date.isoformat()}  {a.kind.value:<8}  {a.text}{_by(a)}" for a in shown]
        self.query_one(".activity-list", Static).update(
            plain("\n".join(lines)) if lines else "No entries yet."
        )
