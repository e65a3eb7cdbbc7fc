"""Another writer changed the partner the form shows: take their change in without losing
what the person has typed and not saved.

A field the person did not touch shows the new value; a field they edited keeps what they
typed (saving puts it over the new value: store.partners.update(since=...)). An activity
they added and did not save stays, after the log as it is now.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from textual.widget import Widget

from partner_tui.domain.partner import Activity, Partner
from partner_tui.ui.form.fields import Bound, get_path

DELETED_ELSEWHERE = (
    "Someone else deleted this partner. Everything here is kept: ctrl+s saves it back as "
    "a partner, escape leaves it deleted."
)


def changed_notice(kept: list[str], dirty: bool) -> str:
    """What the person is told when the partner changed under the form."""
    if kept:
        return (
            f"Yours kept: {', '.join(kept)} (changed there too; ctrl+s saves yours over "
            "theirs, and theirs goes into the activity log)."
        )
    if dirty:
        return "The form shows the change; your unsaved edits are kept."
    return "The form shows the change."


def take_in_fields(
    widgets: list[Widget], shown_as: dict[str, object], old: Partner, fresh: Partner
) -> list[str]:
    """Load `fresh` into every widget the person did not edit (`shown_as`: what each
    showed when loaded, updated here); returns the labels of the fields the person edited
    that `fresh` changed too (their typing is kept)."""
    before, after = old.model_dump(), fresh.model_dump()
    kept: list[str] = []
    for widget in widgets:
        assert isinstance(widget, Bound)
        value = _at(after, widget.path)
        if widget.raw() == shown_as.get(widget.path):
            widget.load(value)
            shown_as[widget.path] = widget.raw()
        elif value != _at(before, widget.path):
            kept.append(widget.field_label)
    return kept


def take_in_activities(
    shown: list[Activity], saved: list[Activity], fresh: list[Activity]
) -> list[Activity]:
    """The log as it is now, then the entries added here and not saved yet."""
    unsaved = Counter(a.model_dump_json() for a in shown)
    unsaved.subtract(a.model_dump_json() for a in saved)
    added = []
    for activity in shown:
        key = activity.model_dump_json()
        if unsaved[key] > 0:
            unsaved[key] -= 1
            added.append(activity)
    return [*fresh, *added]


def _at(data: dict[str, Any], path: str) -> Any:
    try:
        return get_path(data, path)
    except (KeyError, TypeError):
        return None
