"""Command palette (ctrl+p) on the dashboard: settings, sorting, back to the board.

Listed by DashboardScreen.COMMANDS, so these only appear while the dashboard is on top.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from partner_tui.domain.program_metrics import SortKey


class DashboardCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen
        commands: list[tuple[str, Callable[[], object], str]] = [
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

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
