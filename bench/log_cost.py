"""What a writing command pays for the reading commands' speed: `log`'s own time, this
checkout against another copy of the code, interleaved.

    git archive main | tar -x -C /tmp/base && .venv/bin/python -m compileall -q /tmp/base/partner_tui
    .venv/bin/python bench/log_cost.py --base /tmp/base [--size 10000] [--runs 5]

The store's close carries what the reading commands keep (speedups/store_speedups.py:
`list --json`'s entries, the kept board, `list`'s tables, `due`'s plan, the JSON export's
texts, `show`'s spans, the figures' month parts) to the file it wrote. Each copy of the
code gets its own copy of bench/out/p<size>.json and its own state folder, warmed by every
reading command (so each carry has something to carry), then `log` adds an entry to one
partner (timed: wall and CPU, a whole process) and the reading commands run again
(untimed), in turn, `--runs` times. Prints the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import compile_package

HERE = Path(__file__).resolve().parent
READING = (
    ["list"], ["due"], ["due", "--json"], ["list", "--json"],
    ["export", "--format", "json", "-o", "{dir}/x.json"],
    ["export", "--format", "md", "-o", "{dir}/x.md"],
)


def run(code: Path, folder: Path, *args: str) -> tuple[float, float]:
    """One command of `code` on folder's copy, as a whole process: wall and CPU seconds."""
    env = dict(os.environ, PYTHONPATH=str(code), PARTNER_TUI_STATE_DIR=str(folder / "state"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "partner_tui", "--db", str(folder / "d.json"),
         *(a.format(dir=folder) for a in args)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, type=Path, help="the other copy of the code")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    asked = parser.parse_args()
    source = HERE / "out" / f"p{asked.size}.json"
    if not source.exists():
        sys.exit(f"{source} is missing: run bench/cli.py --sizes {asked.size} first")
    compile_package()
    codes = {"base": asked.base.resolve(), "this": HERE.parent}
    work = Path(tempfile.mkdtemp(prefix="log-cost-"))
    try:
        for name, code in codes.items():
            folder = work / name
            folder.mkdir()
            shutil.copy(source, folder / "d.json")
            for args in READING:
                run(code, folder, *args)
        listed = subprocess.run(
            [sys.executable, "-m", "partner_tui", "--db", str(source), "list", "--json"],
            env=dict(os.environ, PYTHONPATH=str(codes["this"]),
                     PARTNER_TUI_STATE_DIR=str(work / "probe")),
            capture_output=True, check=True,
        ).stdout
        partner = json.loads(listed)["partners"][0]["company"]
        timed: dict[str, list[tuple[float, float]]] = {name: [] for name in codes}
        for n in range(asked.runs):
            for name, code in codes.items():
                folder = work / name
                timed[name].append(run(code, folder, "log", partner, f"bench note {n}"))
                for args in READING:
                    run(code, folder, *args)
        for name, times in timed.items():
            wall = statistics.median(t[0] for t in times)
            cpu = statistics.median(t[1] for t in times)
            print(f"{name:5} {codes[name]}  log: {wall:.3f} s, {cpu:.3f} s of CPU")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
