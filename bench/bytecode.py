"""Compile the package's bytecode before timing it, as `pip install` does.

A shell with PYTHONDONTWRITEBYTECODE set (this build machine's is) never writes the
`.pyc` files, so every process a bench starts compiled every module it imported from
source: +50 to 100 % on `--version` and on every command, and figures that depend on
which files changed since the last run that could write. compileall writes them
whatever that variable says; a file already compiled is left alone.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "partner_tui"


def compile_package() -> None:
    compileall.compile_dir(PACKAGE, quiet=1)
