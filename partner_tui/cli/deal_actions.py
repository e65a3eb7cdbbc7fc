"""Run the `deal` command group's actions (arguments: deal_arguments.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from partner_tui.cli.errors import fail


def run_deal(db: Path, args: argparse.Namespace) -> int:
    if args.action == "refund":
        from partner_tui.cli.deal_refund import run_refund

        return run_refund(db, args.deal, args.on, args.amount, args.json)
    return fail(f"unknown deal action {args.action!r}")  # argparse stops this
