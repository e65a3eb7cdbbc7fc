"""The partner form's sections, declared once: adding a tab is one line here (plus its
module). The form builds its tabs and their keys from this list; the help lists the keys
from the form's bindings; the pictures (ui/screenshots.py) draw one picture per entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from partner_tui.ui.form.sections.accounts import AccountsSection
from partner_tui.ui.form.sections.agreement import AgreementSection
from partner_tui.ui.form.sections.base import FormSection
from partner_tui.ui.form.sections.challenges import ChallengesSection
from partner_tui.ui.form.sections.deals import DealsSection
from partner_tui.ui.form.sections.execution import ExecutionSection
from partner_tui.ui.form.sections.fit import FitSection
from partner_tui.ui.form.sections.metrics import MetricsSection
from partner_tui.ui.form.sections.overview import OverviewSection
from partner_tui.ui.form.sections.terms import TermsSection
from partner_tui.ui.form.sections.value import ValueSection


@dataclass(frozen=True)
class Section:
    id: str  # the tab's id; the section widget is "section-<id>"
    title: str  # written on the tab, after its key
    # F2..F9, not alt+digit: Textual reads ESC+digit as macOS Option characters ('™' for
    # alt+2), so it types into the focused Input instead of switching. F-keys arrive
    # intact through xterm, tmux and SSH. (F1 is help.)
    key: str
    widget: type[FormSection]


SECTIONS: tuple[Section, ...] = (
    Section("overview", "Overview", "f2", OverviewSection),
    Section("fit", "Fit & outreach", "f3", FitSection),
    Section("value", "Value", "f4", ValueSection),
    Section("agreement", "Agreement", "f5", AgreementSection),
    Section("terms", "Terms", "f6", TermsSection),
    Section("execution", "Execution", "f7", ExecutionSection),
    Section("metrics", "Metrics", "f8", MetricsSection),
    Section("challenges", "Challenges & notes", "f9", ChallengesSection),
    # Last, so every earlier key stays where it was. Some terminals take F10 for their
    # menu (GNOME Terminal); ctrl+pgdn reaches the tab there.
    Section("deals", "Deals", "f10", DealsSection),
    # Account mapping: F11 (a terminal that takes it for full screen: ctrl+pgdn).
    Section("accounts", "Accounts", "f11", AccountsSection),
)
