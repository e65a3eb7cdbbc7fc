"""The arguments of `accounts import|list|forget` and `overlap` (account mapping)."""

from __future__ import annotations

import argparse
from typing import Any


def add_account_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    accounts = commands.add_parser(
        "accounts",
        parents=[common],
        help="account lists: ours and each partner's (import, list, forget)",
        description="Account mapping: keep our account list and each partner's, to see "
        "which partner's customers are our prospects. Only each account's name, domain, "
        "status, owner and value are kept, in the data file.",
    )
    actions = accounts.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import",
        parents=[common],
        help="read an account list from CSV or a CRM export (replaces the list)",
        description="Read an account list from a UTF-8 CSV file: ours, or with --partner "
        "that partner's. Columns, any order (only domain is required): name, domain (or "
        "website, url), status (customer, prospect, opportunity, or a CRM's lifecycle "
        "stage), owner, value. HubSpot and Salesforce exports are read as they are. The "
        "list replaces the one held; the same accounts again change nothing. Every bad "
        "row is reported with its line and nothing is imported until all rows are good; "
        "rows without a usable domain are listed and left out.",
    )
    imp.add_argument("file", metavar="FILE.csv", help="the CSV file to read")
    imp.add_argument("--partner", metavar="PARTNER", help="the partner (id or company name)")
    imp.add_argument(
        "--map",
        metavar="'COLUMN=field'",
        action="append",
        default=[],
        help="read the CSV column COLUMN as the field (name, domain, status, owner, value, "
        "type; repeatable); 'COLUMN=' leaves the column out",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="print what would be kept; change nothing"
    )
    listing = actions.add_parser(
        "list",
        parents=[common],
        help="the lists held; with --partner, that partner's accounts",
        description="Without --partner: every list held, with its counts and date. With "
        "--partner: that partner's accounts ('--partner ours': ours).",
    )
    listing.add_argument("--partner", metavar="PARTNER", help="the partner, or 'ours'")
    forget = actions.add_parser(
        "forget",
        parents=[common],
        help="remove our list, or with --partner that partner's, from the data file",
        description="Remove an account list from the data file: ours, or with --partner "
        "that partner's.",
    )
    forget.add_argument("--partner", metavar="PARTNER", help="the partner (id or company name)")
    overlap = commands.add_parser(
        "overlap",
        parents=[common],
        help="account mapping: shared customers and warm intros, per partner",
        description="Our account list against each partner's, by company domain: "
        "shared_customers (customers of both), intros_for_us (our prospects and "
        "opportunities that are their customers), intros_for_them (their prospects and "
        "opportunities that are our customers), their_accounts and as_of. With PARTNER, "
        "the matching accounts themselves, with our owner and open value.",
    )
    overlap.add_argument("partner", metavar="PARTNER", nargs="?", help="one partner (id or name)")
    overlap.add_argument("--json", action="store_true", help="a JSON list, for scripts")
