"""The command line run in a fresh interpreter, to see what a command imports: a path
that must not import pydantic or a model is held to that by the modules it leaves in
sys.modules (a test in-process would find them imported by the tests themselves)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

# argv: the watched names (comma-separated), the data file, the command's arguments.
SCRIPT = """
import sys
from partner_tui.cli import main
watched = set(sys.argv[1].split(","))
code = main(["--db", sys.argv[2], *sys.argv[3:]])
assert code == 0, code
print(",".join(sorted(m for m in sys.modules if m in watched or m.split(".")[0] in watched)))
"""
CHECKOUT = Path(__file__).resolve().parents[2]


class FreshCli:
    """`partner-tui --db <tmp_path>/partners.json ...` in a fresh interpreter each call,
    with its own state and config folders under tmp_path; a call returns which of the
    `watched` modules (a module's whole name, or a top-level package such as
    "pydantic") the command imported, comma-separated."""

    def __init__(self, tmp_path: Path, watched: Iterable[str]) -> None:
        self.db = tmp_path / "partners.json"
        self.config = tmp_path / "config"
        self._watched = ",".join(watched)
        self._env = {**os.environ, "PARTNER_TUI_STATE_DIR": str(tmp_path / "state"),
                     "PARTNER_TUI_CONFIG_DIR": str(self.config)}

    def __call__(self, *args: str | Path) -> str:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, self._watched, str(self.db), *map(str, args)],
            check=False, capture_output=True, text=True, timeout=60, env=self._env,
            cwd=CHECKOUT,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
