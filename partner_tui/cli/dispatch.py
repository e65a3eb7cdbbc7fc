"""The command line's entry point: read the arguments, check the paths, run the command.

Each group of commands is a module of its own (app_commands.py: the app, serve,
screenshots; data_commands.py: demo, import, export; partner_commands.py: list, show,
move, log; due_command.py: due; git_commands.py: merge-driver; git_setup.py: git-setup;
deal_commands.py: import-deals and the payout statements; deal_actions.py: deal
approve|reject|extend); every failure ends as one line
on stderr and a non-zero exit (errors.py), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from partner_tui.cli.errors import EXIT_USAGE, fail, report, warn
from partner_tui.cli.parser import PAYOUT_FORMATS, ArgumentsRejected, build_parser
from partner_tui.domain.safe_text import for_terminal
from partner_tui.paths import default_db_path

# Each command's module (and what it needs: the store, orjson, the lock, the models) is
# imported where the command runs, not here: `--version` (the yardstick every command is
# measured against, docs/cli-speed.md) and `--help` build the parser and end, and `show`,
# `due` and `list` bring only their own. tests/unit/test_import_hygiene.py holds this.


def main(argv: Sequence[str] | None = None) -> int:
    # A name the console's code page cannot show (Windows, output sent to a file or a
    # pipe) is printed escaped rather than ending the command.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except ArgumentsRejected as exc:
        # One line, whatever the arguments held (a line break is shown as \n).
        return fail(for_terminal(str(exc), multiline=False), EXIT_USAGE)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    raw_db = getattr(args, "db", None)
    if raw_db is not None and not raw_db.strip():
        return fail("--db needs a file path")
    db = Path(raw_db).expanduser() if raw_db else default_db_path()
    read_only = getattr(args, "read_only", False)
    command = args.command
    dry_run = getattr(args, "dry_run", False)
    if command == "export":
        problem = _period_problem(args.format, args.period)
        if problem:
            return fail(problem, EXIT_USAGE)
    changing = ("demo", "import", "import-deals", "move", "log", "pay", "deal")
    if read_only and command in changing and not dry_run:
        return fail(f"{command} changes the database; it cannot run with --read-only")
    if db.is_dir():
        return fail(f"{db} is a folder; --db needs a file path such as {db / 'partners.json'}")
    writes = (None, "demo", "import", "import-deals", "serve", "move", "log", "mcp", "pay", "deal")
    refused = _orphan_refused(db) if command in writes and not dry_run else None
    if refused is not None:
        return fail(refused)
    if command is not None and command in (*writes, "export"):  # all that write
        # The app says it in a notification instead (stderr is under its screen).
        from partner_tui.store.file.shared_folder import open_folder_warning

        folder_warning = open_folder_warning(db)
        if folder_warning is not None:
            warn(folder_warning)
    try:
        return _run(command, args, db, read_only)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the promise: no traceback
        return report(exc)


def _orphan_refused(db: Path) -> str | None:
    """Why a command that writes must not start on `db`: the file is missing but its
    backup is there (None when nothing stands in the way)."""
    from partner_tui.cli.file_checks import orphan_backup

    orphan = orphan_backup(db)
    if orphan is None:
        return None
    from partner_tui.os_compat.files import copy_command
    from partner_tui.os_compat.plain_files import other_owner

    owner = other_owner(orphan)
    if owner is not None:
        # Never offered: copying another user's file over the data would make it the data.
        return (
            f"{db} does not exist, and the backup name beside it, {orphan}, belongs to "
            f"another user ({owner}), who may have put it there: partner-tui "
            "will not offer it as yours. Remove it (or ask its owner to), or keep the data "
            "in a folder only you can write to"
        )
    # Starting a new, empty file here would make the next session's backup overwrite
    # this one: the last copy of the data. Say so and let the person choose.
    return (
        f"{db} does not exist, but its backup {orphan} does. To restore it: "
        f"{copy_command(orphan, db)} (or move the backup away to start a new file)"
    )


def _run(command: str | None, args: argparse.Namespace, db: Path, read_only: bool) -> int:
    # The reading commands first, each importing only its own module.
    if command == "list":
        from partner_tui.cli import partner_commands

        return partner_commands.run_list(db, args.stage, args.json)
    if command == "show":
        from partner_tui.cli import partner_commands

        return partner_commands.run_show(db, args.partner, args.json)
    if command == "due":
        from partner_tui.cli import due_command

        return due_command.run_due(db, args.days, args.json)
    if command in (None, "screenshots", "serve"):
        return _run_app(command, args, db, read_only)
    if command in ("demo", "import", "export"):
        return _run_data(command, args, db)
    if command == "import-deals":
        from partner_tui.cli import deal_commands

        errors = Path(args.errors).expanduser() if args.errors else None
        return deal_commands.run_import_deals(
            db, Path(args.file).expanduser(), args.override, errors
        )
    if command in ("move", "log"):
        return _run_change(command, args, db)
    if command == "pay":
        from partner_tui.cli.pay_command import run_pay

        return run_pay(db, args.partner, args.period, args.amount, args.on, args.json)
    if command in ("accounts", "overlap"):
        return _run_accounts(command, args, db, read_only)
    if command == "deal":
        from partner_tui.cli.deal_actions import run_deal

        return run_deal(db, args)
    if command == "git-setup":
        from partner_tui.cli.git_setup import run_git_setup

        return run_git_setup(db)
    if command == "merge-driver":
        from partner_tui.cli.git_commands import run_merge_driver

        return run_merge_driver(Path(args.base), Path(args.ours), Path(args.theirs), args.path)
    if command == "mcp":
        from partner_tui.cli.mcp_command import run_mcp

        return run_mcp(db, read_only)
    return fail(f"unknown command {command!r}")  # argparse stops this; belt and braces


def _run_app(command: str | None, args: argparse.Namespace, db: Path, read_only: bool) -> int:
    from partner_tui.cli import app_commands

    if command is None:
        return app_commands.run_app(db, read_only)
    if command == "screenshots":
        return app_commands.run_screenshots(Path(args.out).expanduser() if args.out else None)
    token_file = Path(args.token_file) if args.token_file else None
    return app_commands.run_serve(
        db, args.host, args.port, args.public_url, read_only=read_only,
        token_file=token_file, no_token=args.no_token,
    )


def _run_data(command: str, args: argparse.Namespace, db: Path) -> int:
    from partner_tui.cli import data_commands

    if command == "demo":
        return data_commands.run_demo(db)
    if command == "import":
        errors = Path(args.errors).expanduser() if args.errors else None
        return data_commands.run_import(
            db, Path(args.file).expanduser(), args.map, args.dry_run, errors
        )
    # "-o -" is standard output, as for most tools.
    output = Path(args.output).expanduser() if args.output not in (None, "-") else None
    return data_commands.run_export(db, args.format, output, args.events, args.period)


def _run_change(command: str, args: argparse.Namespace, db: Path) -> int:
    from partner_tui.cli import partner_commands

    if command == "move":
        return partner_commands.run_move(db, args.partner, args.stage, args.reason, args.json)
    return partner_commands.run_log(db, args.partner, args.text, args.kind, args.date, args.json)


def _run_accounts(command: str, args: argparse.Namespace, db: Path, read_only: bool) -> int:
    from partner_tui.cli import account_commands as accounts

    if command == "overlap":
        return accounts.run_overlap(db, args.partner, args.json)
    if args.action == "import":
        return accounts.run_accounts_import(
            db, Path(args.file).expanduser(), args.partner, args.map, args.dry_run, read_only
        )
    if args.action == "forget":
        return accounts.run_accounts_forget(db, args.partner, read_only)
    return accounts.run_accounts_list(db, args.partner)


def _period_problem(fmt: str, period: str | None) -> str | None:
    """What is wrong with --period for `--format fmt`, or None."""
    from partner_tui.domain.periods import Period

    if fmt not in PAYOUT_FORMATS:
        return f"--period goes with --format {' or '.join(PAYOUT_FORMATS)}" if period else None
    if not period:
        return f"--format {fmt} needs --period YYYY-MM (a month) or YYYY-Qn (a quarter)"
    try:
        Period.parse(period)
    except ValueError as exc:
        return f"--period: {exc}"
    return None


if __name__ == "__main__":
    raise SystemExit(main())
