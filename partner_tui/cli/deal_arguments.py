"""The arguments of the `deal` command group: change one deal from the shell.

Each action adds its own parser here with one line (refund: deal_refund_arguments.py, run by deal_refund.py); the actions
are run by deal_actions.py.
"""

from __future__ import annotations

import argparse
from typing import Any

from partner_tui.cli.deal_refund_arguments import add_refund_arguments


def add_deal_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    deal = commands.add_parser(
        "deal",
        parents=[common],
        help="change one deal (refund)",
        description="Change one deal. DEAL is the deal's id, its customer's domain, or its "
        "customer's name (whole, any case).",
    )
    actions = deal.add_subparsers(dest="action", metavar="ACTION", required=True)
    add_refund_arguments(actions, common)
