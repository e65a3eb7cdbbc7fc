"""The command line at 0, 1,000 and 10,000 partners, against the program's own start.

    .venv/bin/python bench/cli.py [--sizes 0,1000,10000] [--runs 5] [--only ROWS]

`--only show,due,due --json` times only those rows (their labels, comma-separated) and
`--version`, for a quick before/after of a few commands.

Builds (or reuses) bench/out/p<N>.json with bench/make_db.py, then times each command as
a whole process, the way cron, a script or an agent runs it, several times in turn with
`partner-tui --version` (the program's own start: the interpreter and the package's
import), and prints medians, the ratio of the medians to --version's, the largest peak
memory and each figure's goal (issue: "a command line as fast as reading the file").
Output goes to /dev/null (export -o to a temp file): what is timed is the program, not a
terminal.

`list --json` keeps each partner's entry for the month (speedups/list_cache.py,
speedups/kept_figures.py), so three more rows time it honestly:
- "list --json*": with nothing kept at all (the first call ever, or of a month), for
  information;
- "list --json, first of a day": each run on a day of this month not asked before
  ($PARTNER_TUI_TODAY, domain/clock.py), on the unchanged file;
- "list --json, after one partner changed": each run right after `log` added an entry
  to one partner's log (untimed), on a copy of the file.
- "list*", "due*" and "due --json*": list, due and due --json without what the same
  query printed earlier that day (speedups/printed_cache.py).
- "due --json, planning after a change": each run right after `log` changed one partner
  and `due` read the changed file whole (both untimed): the call that makes due's plan
  for the new file (speedups/due_plan.py).
- "list, after one partner changed" and "due, after one partner changed": each run right
  after `log` changed one partner (untimed): the first call on the changed file.

`export --format json` keeps each partner's text and its figures' text
(speedups/kept_json_partners.py, speedups/kept_figure_texts.py), so two more rows:
- "export json*": nothing kept (those, nor the kept figures), the first export of a file;
- "export json, after one partner changed": each run right after `log` changed one
  partner (untimed), on a copy of the file.

`export --format md` keeps the report it wrote for the file, the month and your name,
cut around its day's parts (speedups/kept_report_month.py), so two more rows:
- "export md*": the first report of a day. Since round 9 only the month's report is
  kept, and it is filled in for whichever day asks, the same day again or another: the
  first report of a day is the month's filled in, so nothing is forgotten before this
  row's runs, and it times the same path as "export md" (kept as its own row, so that
  its figure stays beside the rounds before, which forgot the day's whole report here);
- "export md, after one partner changed": each run right after `log` changed one
  partner (untimed), on a copy of the file.

Every row that times a first call of a day or the first after a change holds its
command's goal: a cron job makes those calls.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bytecode import compile_package
from make_db import built_by_an_older_schema

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
EXE = Path(sys.executable).with_name("partner-tui")

FIRST_LIST = "list --json*"
# The rows timed without what the same query printed earlier that day (printed_cache.py):
# label -> that query, as the command keeps it.
FIRST_PRINTED = {
    "list*": "list", "due*": "due --days {days}", "due --json*": "due --days {days} --json"
}
NEW_DAY = "list --json, first of a day"
CHANGED = "list --json, after one partner changed"
FIRST_JSON = "export json*"
JSON_CHANGED = "export json, after one partner changed"
FIRST_MD = "export md*"
MD_CHANGED = "export md, after one partner changed"
# Rows run on a copy of the file that `log` changes before each run.
LIST_CHANGED = "list, after one partner changed"
DUE_CHANGED = "due, after one partner changed"
ON_A_CHANGED_COPY = (CHANGED, JSON_CHANGED, LIST_CHANGED, DUE_CHANGED, MD_CHANGED)
PLANNING = "due --json, planning after a change"
# The rows that need a partner of the file (and a file with partners).
ON_A_PARTNER = {"show", *ON_A_CHANGED_COPY, PLANNING}

# (label, arguments after --db DB, goal as a ratio to --version or None (information),
# goal for peak MB or None). A row that times the first call of a day or the first after
# a change holds the command's own goal, as "list --json, after one partner changed"
# does: a cron job meets those calls; only "nothing kept at all" (the first call on a
# file, or of a month) is for information.
COMMANDS: list[tuple[str, list[str], float | None, float | None]] = [
    ("list", ["list"], 3, None),
    ("list --json", ["list", "--json"], 3, None),
    # Nothing kept: list --json's entries and the kept figures deleted before each run.
    (FIRST_LIST, ["list", "--json"], None, None),
    (NEW_DAY, ["list", "--json"], 3, None),
    (CHANGED, ["list", "--json"], 3, None),
    ("due", ["due"], 3, None),
    ("due --json", ["due", "--json"], 3, None),
    ("list*", ["list"], 3, None),
    ("due*", ["due"], 3, None),
    ("due --json*", ["due", "--json"], 3, None),
    (LIST_CHANGED, ["list"], 3, None),
    (DUE_CHANGED, ["due"], 3, None),
    (PLANNING, ["due", "--json"], 3, None),
    ("show", ["show", "{partner}"], 3, None),
    ("export csv", ["export", "--format", "csv", "-o", "{out}.csv"], 8, 150),
    ("export json", ["export", "--format", "json", "-o", "{out}.json"], 8, 150),
    (FIRST_JSON, ["export", "--format", "json", "-o", "{out}.json"], None, 150),
    (JSON_CHANGED, ["export", "--format", "json", "-o", "{out}.json"], 8, 150),
    ("export md", ["export", "--format", "md", "-o", "{out}.md"], 8, 150),
    (FIRST_MD, ["export", "--format", "md", "-o", "{out}.md"], 8, 150),
    (MD_CHANGED, ["export", "--format", "md", "-o", "{out}.md"], 8, 150),
    ("export ics", ["export", "--format", "ics", "-o", "{out}.ics"], 15, None),
]


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB and CPU seconds (user + system) of one run of
    `argv` (its own rusage). On a machine other jobs share, the CPU time moves far less
    than the wall time, so its ratio is printed too."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{process.stderr.read().decode()}")
    process.stderr.close()
    return took, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # kB on Linux


def database(size: int) -> Path:
    db = OUT / f"p{size}.json"
    if built_by_an_older_schema(db):
        db.unlink()  # built by an older version: the CLI would validate it every run
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


def forget_listed(db: Path) -> None:
    """Drop list --json's kept entries and the kept figures (speedups/list_cache.py,
    speedups/kept_figures.py), as a new month or another version does."""
    from partner_tui.paths import state_file

    for kind in ("listed", "figures"):
        kept = state_file(db, kind)
        kept.unlink(missing_ok=True)
        for part in kept.parent.glob(f"{kept.stem}-*.json"):  # each query's kept text
            part.unlink(missing_ok=True)


def forget_exported(db: Path) -> None:
    """Drop what the JSON export keeps (each partner's text, the figures' texts) and the
    kept figures, as a first export of a file finds them."""
    from partner_tui.speedups.state_cache import kept_file

    forget_listed(db)
    kept_file(db, "json-export", "partners").unlink(missing_ok=True)
    kept_file(db, "json-figures").unlink(missing_ok=True)


def on_a_new_day(run: int) -> dict[str, str]:
    """The environment of a run on a day of this month no run asked before (the day
    counts down from the month's 28th: any day of the month's figures are the month's)."""
    today = date.today()
    day = today.replace(day=28 - run % 28)
    return {**os.environ, "PARTNER_TUI_TODAY": day.isoformat()}  # domain/clock.TODAY_ENV


def change_one_partner(db: Path, partner: str, run: int) -> None:
    """Add an entry to one partner's log through the command line (untimed)."""
    subprocess.run(
        [str(EXE), "--db", str(db), "log", partner, f"bench call {run}"],
        stdout=subprocess.DEVNULL, check=True,
    )


def forget_printed(db: Path, label: str) -> None:
    """Drop what the row's query printed today (speedups/printed_cache.py), and only that
    (the other rows still find theirs), as the first call of a day finds it."""
    from partner_tui.cli.bridge_arguments import DEFAULT_DUE_DAYS
    from partner_tui.speedups.printed_cache import kept_file

    kept_file(db, FIRST_PRINTED[label].format(days=DEFAULT_DUE_DAYS)).unlink(missing_ok=True)


def a_partner(db: Path) -> str:
    listed = subprocess.run(
        [str(EXE), "--db", str(db), "list", "--json"], capture_output=True, text=True, check=True
    )
    import json

    partners = json.loads(listed.stdout)["partners"]
    return partners[len(partners) // 2]["id"] if partners else ""


def rows_named(asked: str) -> set[str]:
    """The labels in `asked` (comma-separated): a label that holds a comma itself ("list
    --json, first of a day") is taken whole, the longest first."""
    labels = {label for label, *_ in COMMANDS}
    parts = asked.split(",")
    found: set[str] = set()
    start = 0
    while start < len(parts):
        end = next(
            (end for end in range(len(parts), start, -1)
             if ",".join(parts[start:end]).strip() in labels),
            start + 1,
        )
        if name := ",".join(parts[start:end]).strip():
            found.add(name)
        start = end
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="rows to time, by label, comma-separated")
    args = parser.parse_args()
    compile_package()  # as an install would (bench/bytecode.py)
    sizes = [int(size) for size in args.sizes.split(",")]
    only = rows_named(args.only)
    if unknown := only - {label for label, *_ in COMMANDS}:
        parser.error(f"--only: no row {', '.join(sorted(unknown))}")
    print(f"{'partners':>8}  {'command':<38} {'median s':>9} {'x --version':>12} "
          f"{'peak MB':>8} {'CPU x':>6}  goal")
    for size in sizes:
        db = database(size)
        partner = a_partner(db) if size and (not only or only & ON_A_PARTNER) else ""
        with tempfile.TemporaryDirectory() as scratch:
            out = str(Path(scratch) / "export")
            commands = [
                (label, [a.format(partner=partner, out=out) for a in rest], goal, mb)
                for label, rest, goal, mb in COMMANDS
                if (size or label not in ON_A_PARTNER) and (not only or label in only)
            ]
            base: list[float] = []
            base_cpu: list[float] = []
            runs: dict[str, list[tuple[float, float, float]]] = {
                label: [] for label, *_ in commands
            }
            # A copy to change: the bench's file stays as built.
            changed = Path(scratch) / "changed.json"
            if size:
                shutil.copyfile(db, changed)
            for run in range(args.runs + 1):  # the first round warms the disk cache, uncounted
                took, _peak, cpu = timed([str(EXE), "--version"])
                base.append(took)
                base_cpu.append(cpu)
                for label, rest, _goal, _mb in commands:
                    target, env = db, None
                    if label == FIRST_LIST:
                        forget_listed(db)
                    elif label in FIRST_PRINTED:
                        forget_printed(db, label)
                    elif label == NEW_DAY:
                        env = on_a_new_day(run)
                    elif label == FIRST_JSON:
                        forget_exported(db)
                    elif label in ON_A_CHANGED_COPY and size:
                        target = changed
                        change_one_partner(changed, partner, run)
                    elif label == PLANNING and size:
                        target = changed
                        change_one_partner(changed, partner, run)
                        subprocess.run([str(EXE), "--db", str(changed), "due"],
                                       stdout=subprocess.DEVNULL, check=True)
                    runs[label].append(timed([str(EXE), "--db", str(target), *rest], env))
                    if label == FIRST_JSON:
                        # It forgot list --json's entries too (forget_exported): keep them
                        # again, untimed, or the next round's "list --json" would time a
                        # first call (round 7's first bench printed 17x for it).
                        subprocess.run([str(EXE), "--db", str(db), "list", "--json"],
                                       stdout=subprocess.DEVNULL, check=True)
            version = statistics.median(base[1:])
            version_cpu = statistics.median(base_cpu[1:])
            print(f"{size:>8}  {'--version':<38} {version:>9.3f} {1:>12.1f} "
                  f"{'':>8} {1:>6.1f}  ({version_cpu:.3f} s of CPU)")
            for label, _rest, goal, mb in commands:
                seconds = statistics.median(took for took, _, _ in runs[label][1:])
                peak = max(peak for _, peak, _ in runs[label][1:])
                cpu = statistics.median(cpu for _, _, cpu in runs[label][1:])
                ratio = seconds / version
                if goal is None:
                    verdict = "(information)"
                else:
                    met = ratio <= goal and (mb is None or peak <= mb)
                    wanted = f"<= {goal:g}x" + (f", <= {mb} MB" if mb else "")
                    verdict = f"{wanted} {'met' if met else 'NOT MET'}"
                print(f"{size:>8}  {label:<38} {seconds:>9.3f} {ratio:>12.1f} {peak:>8.0f} "
                      f"{cpu / version_cpu:>6.1f}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
