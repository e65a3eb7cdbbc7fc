"""The command line (`partner-tui`); `main` is the entry point (cli/dispatch.py)."""

from partner_tui.cli.dispatch import main

__all__ = ["main"]
