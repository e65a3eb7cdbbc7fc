"""The arguments of the `deal` command group: `deal approve|reject|extend DEAL`
(the registration workflow, docs/registrations.md) and `deal refund DEAL` (its own
arguments: deal_refund_arguments.py; docs/refunds.md). DEAL is a deal's id (as `export
--format json`, `due --json` and the MCP tools give it) or its customer domain."""

from __future__ import annotations

import argparse
from typing import Any

from partner_tui.cli.deal_refund_arguments import add_refund_arguments

# domain/deals.REJECTION_REASONS' keys (not imported: building the parser stays free of
# pydantic, which `--version` and `--help` do without; a test holds the two equal).
REASON_KEYS = "existing-customer, worked-by-sales, outside-territory, duplicate"
DEAL_HELP = (
    "the deal: its id, its customer's domain (acme.io) or its customer's name; when "
    "several deals have it, the one the action can move"
)


def add_deal_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    deal = commands.add_parser(
        "deal",
        parents=[common],
        help="move a deal on: approve, reject, extend a registration; refund a won deal",
        description="The deal registration workflow: a registration is approved or "
        "rejected (with a reason), and its protection window may be extended. Each change "
        "is signed with your name and written in the partner's activity log.",
    )
    actions = deal.add_subparsers(dest="action", metavar="ACTION", required=True)
    approve = actions.add_parser(
        "approve",
        parents=[common],
        help="approve a registration: protected for the program's window from today",
        description="Approve a registered (or rejected) deal. Its protection window "
        "(settings: protection_days, 90 by default) then runs from today.",
    )
    approve.add_argument("deal", metavar="DEAL", help=DEAL_HELP)
    approve.add_argument("--json", action="store_true", help="the deal as JSON, for scripts")
    reject = actions.add_parser(
        "reject",
        parents=[common],
        help="reject a registration, with a reason; its domain is free again",
        description=f"Reject a registered or approved deal. --reason is one of "
        f"{REASON_KEYS}, or your own words.",
    )
    reject.add_argument("deal", metavar="DEAL", help=DEAL_HELP)
    reject.add_argument("--reason", metavar="R", required=True, help="why it is rejected")
    reject.add_argument("--json", action="store_true", help="the deal as JSON, for scripts")
    extend = actions.add_parser(
        "extend",
        parents=[common],
        help="add days to an open registration's protection window",
        description="Add N days to the protection window of a registered or approved "
        "deal (also an expired one, which is then live again unless another partner has "
        "registered its domain since).",
    )
    extend.add_argument("deal", metavar="DEAL", help=DEAL_HELP)
    extend.add_argument("--days", metavar="N", type=int, required=True, help="days to add")
    extend.add_argument("--json", action="store_true", help="the deal as JSON, for scripts")
    add_refund_arguments(actions, common)
