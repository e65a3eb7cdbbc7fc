"""Command palette (ctrl+p) on the Payouts screen: step the period, switch month/quarter,
mark the highlighted partner paid, back.

Listed by PayoutsScreen.COMMANDS, so these only appear while the Payouts screen is on top.
"""

from __future__ import annotations

from functools import partial

from partner_tui.ui.common.listed_commands import Command, ListedCommands


class PayoutCommands(ListedCommands):
    def commands(self) -> list[Command]:
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
