"""The pipeline funnel: each stage's count as a bar against its target, with conversion to
the next stage and the median days partners spend in it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from partner_tui.domain.money import format_percent
from partner_tui.domain.program_metrics import ProgramMetrics
from partner_tui.ui.common.plain import plain
from partner_tui.ui.dashboard.bar import bar

BAR_WIDTH = 14


# What each column means: figures nobody can explain are figures nobody trusts.
NOTES = (
    "to next: share of those who entered the stage that",
    "  moved on, to date (skipping a stage counts)",
    "days: median of finished stays in the stage",
    "now: median days the current members have waited",
)


# How the playbook counts each stage ("20+ prospects, 10+ engaged, ...").
STAGE_NOUNS = {"prospect": "prospects", "engage": "engaged", "negotiate": "negotiating",
               "active": "active"}


def verdict(metrics: ProgramMetrics) -> Content:
    """One sentence for "are we on target?"."""
    short = [
        f"{f.target - f.count:,} {STAGE_NOUNS[f.stage.value]}" for f in metrics.funnel if not f.on_target
    ]
    if not short:
        return Content.assemble(("✓ Every stage is on target", "bold $success"))
    return Content.assemble(("Short of target: ", "bold $warning"), ", ".join(short))


def _days(value: object) -> str:
    return "-" if value is None else f"{value}"


class DashFunnel(Static):
    """Render-only panel; the screen calls show() with fresh metrics."""

    def show(self, metrics: ProgramMetrics) -> None:
        lines: list[Content] = [
            Content.assemble(
                (f"{'Stage':<10}{'now/goal':>11}  {'':<{BAR_WIDTH}}  {'to next':>7}"
                 f"{'days':>7}{'now':>6}", "bold $text-muted"),
            )
        ]
        rates = [c.rate for c in metrics.conversions] + [None]
        for funnel, rate, times in zip(metrics.funnel, rates, metrics.stage_times, strict=True):
            met = funnel.on_target
            # Show the scale of the target: a bar full at the target, overflow marked with +.
            lines.append(
                Content.assemble(
                    f"{funnel.stage.label:<10}",
                    (f"{funnel.count:>6}/{funnel.target:<4}", "bold" if met else ""),
                    "  ",
                    bar(funnel.count, funnel.target, BAR_WIDTH, "$success" if met else "$warning"),
                    ("✓ " if met else "  ", "$success"),
                    f"{format_percent(rate) if funnel.stage.value != 'active' else '':>7}",
                    f"{_days(times.median_days):>7}",
                    (f"{_days(times.median_current_days):>6}", "$text-muted"),
                )
            )
        lines.append(Content(""))
        lines.append(verdict(metrics))
        lines.append(Content(""))
        for note in NOTES:
            lines.append(plain(note).stylize("$text-muted"))
        self.update(Content("\n").join(lines))
