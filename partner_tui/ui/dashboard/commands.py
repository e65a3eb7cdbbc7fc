"""Command palette (ctrl+p) on the dashboard: settings, sorting, back to the board.

Listed by DashboardScreen.COMMANDS, so these only appear while the dashboard is on top.
"""

from __future__ import annotations

from functools import partial

from partner_tui.domain.program_metrics import SortKey
from partner_tui.ui.common.listed_commands import Command, ListedCommands


class DashboardCommands(ListedCommands):
    def commands(self) -> list[Command]:
        screen = self.screen
        commands: list[Command] = [
            ("Open settings", partial(screen.run_action, "settings"),
             "Stage targets, profile, program resources and tool costs (s)"),
            ("Open payouts", partial(screen.run_action, "payouts"),
             "What each partner earned and is owed, month by month (p)"),
            ("Back to the board", partial(screen.run_action, "back"), "(escape)"),
        ]
        for key, letter in zip(SortKey, "rifv", strict=True):
            commands.append(
                (f"Sort partners by {key.label}", partial(screen.run_action, f"sort('{key.value}')"),
                 f"Highest first; again to reverse ({letter})")
            )
        return commands
