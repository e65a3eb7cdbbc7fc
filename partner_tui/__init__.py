"""partner-tui: run a partnership program from the terminal."""

__version__ = "0.1.0"
