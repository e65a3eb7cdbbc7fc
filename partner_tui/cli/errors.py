"""How the command line fails: one line on stderr and an exit code, never a traceback.

Exit codes: 0 success, 1 the command failed (message on stderr), 2 bad usage (argparse).
"""

from __future__ import annotations

import csv
import os
import sys
from typing import TextIO

from partner_tui.cli.parser import PROG
from partner_tui.domain.safe_text import for_terminal
from partner_tui.store.errors import StoreError, describe_os_error

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class CommandFailed(Exception):
    """A command could not do its job; the message is what the person reads."""

    exit_code = EXIT_FAILED


class UsageMistake(CommandFailed):
    """The command was given something it cannot mean (an ambiguous partner name, an
    option that does not go with another): exit 2, as argparse's own usage errors."""

    exit_code = EXIT_USAGE


# Messages quote values from the data (a company, a CSV cell) and file names: each goes
# through for_terminal, so nothing in them can act on the terminal that shows them.
def say(text: str, stream: TextIO | None = None) -> None:
    print(for_terminal(text), file=stream or sys.stdout)


def warn(text: str) -> None:
    print(for_terminal(f"{PROG}: warning: {text}"), file=sys.stderr)


def fail(text: str, code: int = EXIT_FAILED) -> int:
    print(for_terminal(f"{PROG}: {text}"), file=sys.stderr)
    return code


def report(exc: BaseException) -> int:
    """The one line for a command that stopped on `exc`, and its exit code. Every
    failure a person can cause (a bad file, a locked or damaged database, a full disk)
    is said in words; anything else still ends in a line, not a traceback."""
    if isinstance(exc, BrokenPipeError):
        # `partner-tui export ... | head`: the reader left; not an error worth a traceback.
        _silence_stdout()
        return EXIT_FAILED
    code = exc.exit_code if isinstance(exc, CommandFailed) else EXIT_FAILED
    return fail(failure_text(exc), code)


def failure_text(exc: BaseException) -> str:
    """What a command (or an MCP tool: partner_tui/mcp) that stopped on `exc` says."""
    if isinstance(exc, CommandFailed | StoreError | csv.Error | UnicodeError):
        return str(exc)
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    return (
        f"unexpected error ({type(exc).__name__}: {exc}); nothing was lost. "
        "Please report this."
    )


def _silence_stdout() -> None:
    # Python would complain again when it flushes stdout at exit; point it at /dev/null.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
