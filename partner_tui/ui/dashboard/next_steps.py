"""The playbook's Next Steps as progress: identify, prioritize, outreach, engage, execute."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from partner_tui.domain.program_metrics import NextStep, PartnerRow
from partner_tui.ui.common.plain import plain
from partner_tui.ui.dashboard.bar import bar

BAR_WIDTH = 3


def _count(value: int) -> str:
    """Counts past 9,999 as '12k', so a big program keeps the columns in line."""
    return str(value) if value < 10_000 else f"{value // 1000}k"


class DashNextSteps(Static):
    def show(self, steps: list[NextStep], top: list[PartnerRow] | None = None) -> None:
        lines = []
        for step in steps:
            done = step.complete
            lines.append(
                Content.assemble(
                    (f"{step.name:<11}", "bold" if done else ""),
                    bar(step.done, step.target, BAR_WIDTH, "$success" if done else "$accent"),
                    f" {_count(step.done):>4}/{step.target:<2}",
                    (" ✓ " if done else "   ", "$success"),
                    (step.goal, "$text-muted"),
                )
            )
        if top:
            # Whom "contact top 5" means, so the step can be acted on from here.
            names = ", ".join(row.company for row in top)
            lines.append(Content.assemble(("Top 5 by value: ", "$text-muted"), plain(names)))
        self.update(Content("\n").join(lines))
        # The counting rule of each step, for whoever wonders where a number comes from.
        self.tooltip = "\n".join(f"{s.name}: {s.detail}" for s in steps)
