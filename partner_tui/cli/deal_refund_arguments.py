"""The arguments of `deal refund` (run by deal_refund.py)."""

from __future__ import annotations

import argparse
from typing import Any


def add_refund_arguments(actions: Any, common: argparse.ArgumentParser) -> None:
    refund = actions.add_parser(
        "refund",
        parents=[common],
        help="mark a won deal refunded: what it earned is clawed back in the refund's period",
        description="Mark a won deal refunded on --on. Without --amount everything the deal "
        "brought is refunded (its share and its referral fee are clawed back); with "
        "--amount, the revenue share on that amount is. Monthly revenue stops after the "
        "refund's month. The clawback is a negative line in the refund's period; a balance "
        "below zero is carried forward until earned back (docs/refunds.md).",
    )
    refund.add_argument("deal", metavar="DEAL", help="the deal's id, customer domain or customer")
    refund.add_argument("--on", metavar="DATE", required=True, help="the day of the refund")
    refund.add_argument(
        "--amount", metavar="A", help="the amount refunded (default: everything it brought)"
    )
    refund.add_argument("--json", action="store_true", help="print the result as JSON")
