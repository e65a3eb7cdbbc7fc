"""Command palette (ctrl+p) on the Payouts screen: step the period, switch month/quarter,
mark the highlighted partner paid, back.

Listed by PayoutsScreen.COMMANDS, so these only appear while the Payouts screen is on top.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class PayoutCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        run = self.screen.run_action
        return [
            ("Previous period", partial(run, "step(-1)"), "The month or quarter before ([)"),
            ("Next period", partial(run, "step(1)"), "The month or quarter after (])"),
            ("Show month / quarter", partial(run, "toggle_kind"),
             "A month, or the calendar quarter around it (m)"),
            ("Deals behind the figures", partial(run, "behind"),
             "What each deal of the highlighted partner earned (enter)"),
            ("Mark paid", partial(run, "pay"),
             "Record the payment of what the highlighted partner is owed (space)"),
            ("Back", partial(run, "back"), "(escape)"),
        ]

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
