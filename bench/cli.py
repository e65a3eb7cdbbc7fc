"""The command line at 0, 1,000 and 10,000 partners, against the program's own start.

    .venv/bin/python bench/cli.py [--sizes 0,1000,10000] [--runs 5]

Builds (or reuses) bench/out/p<N>.json with bench/make_db.py, then times each command as
a whole process, the way cron, a script or an agent runs it, several times in turn with
`partner-tui --version` (the program's own start: the interpreter and the package's
import), and prints medians, the ratio of the medians to --version's, the largest peak
memory and each figure's goal (issue: "a command line as fast as reading the file").
Output goes to /dev/null (export -o to a temp file): what is timed is the program, not a
terminal.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
EXE = Path(sys.executable).with_name("partner-tui")

# (label, arguments after --db DB, goal as a ratio to --version, goal for peak MB or None)
COMMANDS: list[tuple[str, list[str], float, float | None]] = [
    ("list", ["list"], 3, None),
    ("list --json", ["list", "--json"], 3, None),
    ("due", ["due"], 3, None),
    ("due --json", ["due", "--json"], 3, None),
    ("show", ["show", "{partner}"], 3, None),
    ("export csv", ["export", "--format", "csv", "-o", "{out}.csv"], 8, 150),
    ("export json", ["export", "--format", "json", "-o", "{out}.json"], 8, 150),
    ("export md", ["export", "--format", "md", "-o", "{out}.md"], 8, 150),
    ("export ics", ["export", "--format", "ics", "-o", "{out}.ics"], 15, None),
]


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one run of `argv` (its own rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{process.stderr.read().decode()}")
    process.stderr.close()
    return took, usage.ru_maxrss / 1024  # kilobytes on Linux


def database(size: int) -> Path:
    db = OUT / f"p{size}.json"
    if db.exists():
        return db
    if size == 0:  # an empty file, as the app makes it on its first start
        subprocess.run(
            [sys.executable, "-c", "import sys; from partner_tui.store.partner_store import "
             "PartnerStore; PartnerStore(sys.argv[1]).close()", str(db)],
            check=True,
        )
    else:
        subprocess.run([sys.executable, str(HERE / "make_db.py"), str(size), str(db)], check=True)
    return db


def a_partner(db: Path) -> str:
    listed = subprocess.run(
        [str(EXE), "--db", str(db), "list", "--json"], capture_output=True, text=True, check=True
    )
    import json

    partners = json.loads(listed.stdout)["partners"]
    return partners[len(partners) // 2]["id"] if partners else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'partners':>8}  {'command':<12} {'median s':>9} {'x --version':>12} "
          f"{'peak MB':>8}  goal")
    for size in sizes:
        db = database(size)
        partner = a_partner(db) if size else ""
        with tempfile.TemporaryDirectory() as scratch:
            out = str(Path(scratch) / "export")
            commands = [
                (label, [a.format(partner=partner, out=out) for a in rest], goal, mb)
                for label, rest, goal, mb in COMMANDS
                if size or label != "show"
            ]
            base: list[float] = []
            runs: dict[str, list[tuple[float, float]]] = {label: [] for label, *_ in commands}
            for _ in range(args.runs + 1):  # the first round warms the disk cache, uncounted
                base.append(timed([str(EXE), "--version"])[0])
                for label, rest, _goal, _mb in commands:
                    runs[label].append(timed([str(EXE), "--db", str(db), *rest]))
            version = statistics.median(base[1:])
            print(f"{size:>8}  {'--version':<12} {version:>9.3f} {1:>12.1f}")
            for label, _rest, goal, mb in commands:
                seconds = statistics.median(took for took, _ in runs[label][1:])
                peak = max(peak for _, peak in runs[label][1:])
                ratio = seconds / version
                met = ratio <= goal and (mb is None or peak <= mb)
                wanted = f"<= {goal:g}x" + (f", <= {mb} MB" if mb else "")
                print(f"{size:>8}  {label:<12} {seconds:>9.3f} {ratio:>12.1f} {peak:>8.0f}  "
                      f"{wanted} {'met' if met else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
