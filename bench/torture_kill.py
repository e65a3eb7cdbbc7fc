"""A longer hunt than the test suite's: many more SIGKILLs of the real program.

    .venv/bin/python bench/torture_kill.py [IMPORT_KILLS] [APP_KILLS]

Runs tests/reliability/test_kill.py with the kill counts raised (defaults 1000 and 200;
the suite itself uses 82 and 18 to stay within its time budget) and prints the figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    imports = sys.argv[1] if len(sys.argv) > 1 else "1000"
    apps = sys.argv[2] if len(sys.argv) > 2 else "200"
    env = {**os.environ, "TORTURE_IMPORT_KILLS": imports, "TORTURE_APP_KILLS": apps}
    return subprocess.call(
        [sys.executable, "-m", "pytest", "tests/reliability/test_kill.py", "-q", "-s"],
        cwd=ROOT, env=env,
    )


if __name__ == "__main__":
    raise SystemExit(main())
