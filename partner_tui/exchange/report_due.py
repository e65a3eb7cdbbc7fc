"""A next action's due text in the Markdown report: the one part of a partner's section
that depends on the day.

"due 2026-03-20, in 3 days", "**due today**, 2026-03-20", "due 2026-03-16, **4 days
overdue**": a function of the action's day and today only (domain/due.next_action_due's
rule). It lives apart from exchange/markdown.py so that a report kept cut around these
texts (speedups/kept_report_month.py) spells them for a new day without importing the
report's models; markdown.py writes every section's through it.
"""

from __future__ import annotations

from datetime import date

from partner_tui.domain.due import DueState, next_action_due


class _Dated:
    """What next_action_due reads of a partner: its next action's day."""

    __slots__ = ("next_action_date",)

    def __init__(self, when: date) -> None:
        self.next_action_date = when


def due_text(when: date, today: date) -> str:
    """How a next action due on `when` reads on `today` (printable ASCII, no line break:
    nothing a terminal would escape)."""
    state = next_action_due(_Dated(when), today)
    days = (when - today).days
    if state is DueState.OVERDUE:
        return f"due {when.isoformat()}, **{-days} day{'s' if days != -1 else ''} overdue**"
    if state is DueState.TODAY:
        return f"**due today**, {when.isoformat()}"
    return f"due {when.isoformat()}, in {days} day{'s' if days != 1 else ''}"
