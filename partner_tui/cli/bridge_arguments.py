"""The arguments of the scriptable commands: list, show, move, log (partner_commands.py)
and due (due_command.py). Kept apart from parser.py's app and data commands, and light:
nothing here imports pydantic, so `--help` stays quick."""

from __future__ import annotations

import argparse

from partner_tui.domain.activity_kinds import ActivityKind
from partner_tui.domain.stages import ArchiveReason, Stage

# The choices, from the domain's enums (never copied by hand).
STAGES = tuple(stage.value for stage in Stage)
ACTIVITY_KINDS = tuple(kind.value for kind in ActivityKind)
ARCHIVE_REASONS = tuple(reason.value for reason in ArchiveReason)
DEFAULT_DUE_DAYS = 7


def _json_flag(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--json", action="store_true", help=f"{what} as JSON (stable keys; see README)"
    )


def add_bridge_commands(
    commands: argparse._SubParsersAction, common: argparse.ArgumentParser
) -> None:
    partner_help = "a partner's id, or its company name (case does not matter)"
    listing = commands.add_parser(
        "list",
        parents=[common],
        help="list partners (board order), optionally of one stage",
        description="List partners in board order: stage by stage, archived last.",
    )
    listing.add_argument("--stage", choices=STAGES, help="only the partners in this stage")
    _json_flag(listing, "the partners")

    show = commands.add_parser(
        "show",
        parents=[common],
        help="everything about one partner",
        description="Show one partner: contact, stage, next action, what is due, metrics, "
        "the latest activities. An ambiguous name lists the candidates (exit 2).",
    )
    show.add_argument("partner", metavar="PARTNER", help=partner_help)
    _json_flag(show, "the whole record")

    move = commands.add_parser(
        "move",
        parents=[common],
        help="move a partner to another stage",
        description="Move a partner to a stage, as shift+arrow on the board does: recorded in "
        "its stage history. Archiving needs a reason.",
    )
    move.add_argument("partner", metavar="PARTNER", help=partner_help)
    move.add_argument("stage", metavar="STAGE", choices=STAGES, help=" | ".join(STAGES))
    move.add_argument(
        "--reason", choices=ARCHIVE_REASONS, help="why it is archived (with STAGE archived)"
    )
    _json_flag(move, "the partner after the move")

    log = commands.add_parser(
        "log",
        parents=[common],
        help="add an activity to a partner's log",
        description="Add an activity (a call, an email, a meeting, a note) to a partner's "
        "activity log, dated today unless --date says otherwise.",
    )
    log.add_argument("partner", metavar="PARTNER", help=partner_help)
    log.add_argument("text", metavar="TEXT", help="what happened")
    log.add_argument("--kind", choices=ACTIVITY_KINDS, default="note", help="default: note")
    log.add_argument("--date", metavar="YYYY-MM-DD", help="when it happened (default: today)")
    _json_flag(log, "the activity added")

    pay = commands.add_parser(
        "pay",
        parents=[common],
        help="mark a partner's payout paid for a month or a quarter",
        description="Record a payment to a partner for --period, by the Payouts screen's "
        "rules: what is owed unless --amount says otherwise (a part payment, an overpayment "
        "and a payment when nothing is owed are each recorded and said). A quarterly partner "
        "is paid per quarter; a monthly partner's quarter is paid month by month. Signed "
        "with your name.",
    )
    pay.add_argument("partner", metavar="PARTNER", help=partner_help)
    pay.add_argument("--period", required=True, metavar="YYYY-MM|YYYY-Qn",
                     help="the month or quarter paid for")
    pay.add_argument("--amount", metavar="A", help="what was paid (default: what is owed)")
    pay.add_argument("--on", metavar="YYYY-MM-DD", help="when it was paid (default: today)")
    _json_flag(pay, "the payment recorded")

    due = commands.add_parser(
        "due",
        parents=[common],
        help="what is overdue and due in the next days (for cron and scripts)",
        description="List next actions and cadence items that are overdue or due within "
        f"--days days (default {DEFAULT_DUE_DAYS}). Exits 0 whether or not anything is due.",
    )
    due.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DUE_DAYS,
        metavar="N",
        help=f"how many days ahead to look (default {DEFAULT_DUE_DAYS}; 0 = today only)",
    )
    _json_flag(due, "the items")


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 0 <= value <= 3660:
        raise argparse.ArgumentTypeError("--days must be between 0 and 3660")
    return value
