"""The command line (`partner-tui`); `main` is the entry point."""

from partner_tui.cli.dispatch import main

__all__ = ["main"]
