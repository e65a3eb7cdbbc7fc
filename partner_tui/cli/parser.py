"""The command line's arguments: every command, its options and its help text."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from partner_tui import __version__
from partner_tui.cli.account_arguments import add_account_commands
from partner_tui.cli.bridge_arguments import add_bridge_commands
from partner_tui.cli.deal_arguments import add_deal_commands
from partner_tui.cli.mcp_command import add_mcp_command
from partner_tui.paths import DB_ENV, default_db_path

PROG = "partner-tui"


class ArgumentsRejected(Exception):
    """A usage error argparse found; main() says it as every other error is said."""


class CliParser(argparse.ArgumentParser):
    """argparse, but a usage error is raised rather than printed: argparse would echo the
    person's own arguments raw (`unrecognized arguments: ESC]52;...` sets the clipboard of
    the terminal that shows it) after a usage block. main() prints it as one escaped line,
    `partner-tui: ...`, exit 2. Subcommands' parsers are made of this class too."""

    def error(self, message: str) -> NoReturn:
        raise ArgumentsRejected(f"{message} (see {self.prog} --help)")
FORMATS = ("csv", "json", "md", "ics", "payouts", "payouts-md")
# The formats that state one period's payouts (they need --period).
PAYOUT_FORMATS = ("payouts", "payouts-md")


def build_parser() -> argparse.ArgumentParser:
    # --db and --read-only are accepted before or after the command
    # ("partner-tui --db x.json demo" and "partner-tui demo --db x.json").
    common = CliParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"the data file (default: ${DB_ENV}, else {default_db_path_hint()})",
    )
    common.add_argument(
        "--read-only",
        action="store_true",
        default=argparse.SUPPRESS,
        help="open without changing anything (others' changes still show as they are saved)",
    )
    parser = CliParser(
        prog=PROG,
        parents=[common],
        description="Run a partnership program from the terminal. "
        "With no command, opens the app on the data file.",
        epilog="examples:\n"
        "  partner-tui                          open the app\n"
        "  partner-tui --db demo.json demo      a sample program in a new file\n"
        "  partner-tui import partners.csv      add partners from a spreadsheet\n"
        "  partner-tui export --format md -o report.md\n"
        "  partner-tui due --days 1             what to do today and tomorrow",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "demo",
        parents=[common],
        help="fill an EMPTY database with a sample program of 25 partners",
        description="Fill an empty database with a sample program of 25 partners across "
        "every stage. Refuses a database that already holds partners, templates or settings.",
    )
    imp = commands.add_parser(
        "import",
        parents=[common],
        help="add partners from a CSV file or a HubSpot or Salesforce export (all or nothing)",
        description="Add partners from a UTF-8 CSV file with a header row. Columns, in any "
        "order (only company is required): company, type, stage, contact_name, "
        "contact_email, website, potential_value, next_action, notes. HubSpot and "
        "Salesforce exports are read as they are. Bad rows are reported with their line "
        "numbers (the first 20; --errors FILE writes all) and nothing is imported until all "
        "rows are good. At most 50 MB and 1,000,000 rows per file.",
    )
    imp.add_argument("file", metavar="FILE.csv", help="the CSV file to read")
    imp.add_argument(
        "--map",
        metavar="'COLUMN=field'",
        action="append",
        default=[],
        help="read the CSV column COLUMN as the partner field (repeatable); "
        "'COLUMN=' leaves the column out",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would be added and which columns are ignored; change nothing",
    )
    imp.add_argument(
        "--errors",
        metavar="FILE",
        help="write every bad row to FILE ('line N: problem', one a line); the message "
        "shows the first 20",
    )
    deals = commands.add_parser(
        "import-deals",
        parents=[common],
        help="register deals from a CSV file (all or nothing)",
        description="Register deals from a UTF-8 CSV file with a header row. Columns, in any "
        "order: partner (company name or id) and customer (required), customer_domain, "
        "status (registered, approved, rejected, won, lost, refunded), registered_on, "
        "closed_on, paid_on (YYYY-MM-DD), amount, monthly_revenue, ended_on, notes, "
        "reviewed_on, rejection_reason (a rejected row needs one), refunded_on, "
        "refunded_amount (a refunded row; empty: all it brought). Every bad row is reported "
        "with its line "
        "number (the first 20; --errors FILE writes all), and nothing is imported until all "
        "rows are good.",
    )
    deals.add_argument("file", metavar="FILE.csv", help="the CSV file to read")
    deals.add_argument(
        "--errors",
        metavar="FILE",
        help="write every bad row to FILE ('line N: problem', one a line); the message "
        "shows the first 20",
    )
    deals.add_argument(
        "--override",
        action="store_true",
        help="register deals whose customer domain is already registered (each is logged)",
    )
    exp = commands.add_parser(
        "export",
        parents=[common],
        help="write every partner as csv, json, a Markdown report or a calendar (ics), or a "
        "payout statement",
        description="Write the program out. csv: the import columns first (re-importable); "
        "json: every record in full with templates, settings, deals and payments; md: a "
        "readable report; ics: every open next action and cadence item as a calendar to-do; "
        "payouts / payouts-md: what each partner is owed for --period, as CSV or as a "
        "statement for a finance team.",
    )
    exp.add_argument("--format", "-f", choices=FORMATS, required=True, help="output format")
    exp.add_argument(
        "--period",
        metavar="PERIOD",
        help="the month (YYYY-MM) or quarter (YYYY-Qn) of a payouts statement",
    )
    exp.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE instead of standard output ('-' is standard output)"
    )
    exp.add_argument(
        "--events",
        action="store_true",
        help="with --format ics: all-day events instead of to-dos (for Google Calendar, "
        "Outlook and other calendars that show no to-dos)",
    )
    add_bridge_commands(commands, common)
    add_mcp_command(commands, common)
    add_account_commands(commands, common)
    add_deal_commands(commands, common)
    shots = commands.add_parser(
        "screenshots",
        help="draw an SVG picture of every screen from demo data (for the README)",
        description="Run the app headless on the demo program (on a fixed day, so the "
        "pictures only change when a screen does) and save one SVG per screen.",
    )
    shots.add_argument(
        "--out", metavar="DIR", help="folder for the pictures (default: screens/ in the checkout)"
    )
    web = commands.add_parser(
        "serve",
        parents=[common],
        help="the same app in a web browser (textual-serve), on 127.0.0.1 by default",
        description="Serve the app to web browsers: each tab gets its own partner-tui on the "
        "data file. Only the person who started it is served: open the address it prints "
        "(it holds a secret token); other pages and other host names are refused. Keep the "
        "default 127.0.0.1, or put it behind a reverse proxy with TLS (docs/security.md).",
    )
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it differs (behind a reverse proxy), "
        "e.g. https://partners.example.com",
    )
    secret = web.add_mutually_exclusive_group()
    secret.add_argument(
        "--token-file",
        metavar="PATH",
        help="read the secret token from this file instead of making a new one each run "
        "(also: $PARTNER_TUI_SERVE_TOKEN), e.g. for a reverse proxy that adds it",
    )
    secret.add_argument(
        "--no-token",
        action="store_true",
        help="no token: ONLY behind a proxy that authenticates every request; anyone who "
        "reaches the port can read and change every partner",
    )
    add_git_commands(commands, common)
    return parser


def add_git_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """git-setup and merge-driver: sharing the data file through git."""
    commands.add_parser(
        "git-setup",
        parents=[common],
        help="let git merge the data file record by record (run once per clone)",
        description="Run beside the data file inside a git work tree. Adds a .gitattributes "
        "line that hands the data file to partner-tui's merge driver, the clone's git config "
        "for that driver, and .gitignore lines for the lock file, backups and copies kept "
        "aside. Running it again changes only what is missing or out of date.",
    )
    driver = commands.add_parser(
        "merge-driver",
        help="git's merge driver for the data file (git-setup configures it)",
        description="Merge THEIRS into OURS record by record with BASE as their common "
        "ancestor, and write the result into OURS (git runs it as %O %A %B %P). Exits 1 "
        "and leaves OURS untouched when a side cannot be read.",
    )
    driver.add_argument("base", metavar="BASE", help="the common ancestor (may be empty)")
    driver.add_argument("ours", metavar="OURS", help="our version; the result is written here")
    driver.add_argument("theirs", metavar="THEIRS", help="their version")
    driver.add_argument("path", metavar="PATH", nargs="?", help="the file's name in messages")


def default_db_path_hint() -> str:
    try:
        return str(default_db_path())
    except Exception:  # noqa: BLE001 - only a help text; never fail --help over it
        return "the user data folder"
