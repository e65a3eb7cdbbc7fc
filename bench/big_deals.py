"""Benchmark (not a test): the app at 10,000 partners and 100,000 deals, against its goals.

    .venv/bin/python bench/big_deals.py [--runs 3] [--partners 10000] [--deals 10] [--upgrade]

The file is bench/measure.py's and bench/payouts.py's (built once through the real import
paths by bench/make_db.py: partners with payout terms, then `import-deals`). Each run
works on a fresh copy, opened and closed once first as the last session would have
(bench/measure.py's last_session), then:
  - the board: bench/measure.py's app_run (first paint, a move until it repaints and
    until the file on disk has changed: "durable", a filter key, the form), the keys
    pressed once the app has been idle for IDLE seconds;
  - the Payouts screen: bench/payouts.py's screen_run (`p`, `[`, `m`, mark paid);
  - peak memory: the larger VmHWM of the two app processes.
Prints a Markdown table of medians against the goals of issue 28.

--upgrade times instead the first start after the program's code changed (an upgrade, a
`git pull` of the code): right before each app start, untimed, a folder of the code gets
a new time, so the program stamp differs and nothing the last session kept is trusted
(speedups/state_cache.program_stamp): every record is validated again as the app opens,
the board preview is not shown. What the last session kept is otherwise as always.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bytecode import compile_package  # noqa: E402
from measure import OUT, PY, app_run, build, first_company, fresh_copy, last_session  # noqa: E402
from payouts import screen_run  # noqa: E402

from partner_tui.speedups.state_cache import CODE_FOLDERS  # noqa: E402

HERE = Path(__file__).parent
# The board's keys are pressed once the app has used no CPU for this long (seconds): its
# work after opening (the record check, the warm-up: every record's bytes, the deal
# index) is then done, also on a busy machine.
IDLE = 2.0

# (figure, unit, goal): the goals at 100,000 deals.
GOALS = (
    ("durable", "ms", 200.0),
    ("rss", "MB", 250.0),
    ("open", "ms", 200.0),
)


def new_program() -> None:
    """As an upgrade does: the code's folder gets a new time, so the program stamp (which
    every kept thing is kept under) differs from the last session's."""
    now = time.time_ns()
    os.utime(CODE_FOLDERS[0], ns=(now, now))


def one_run(db: Path, n: int, state: Path, upgrade: bool = False) -> dict[str, float]:
    copy = fresh_copy(db)
    last_session(copy, state)
    first = first_company(copy)
    if upgrade:
        new_program()
    out = app_run(copy, n, state, first=first, idle=IDLE)
    board_rss = out.pop("rss")
    copy = fresh_copy(db)
    last_session(copy, state)
    if upgrade:
        new_program()
    out.update(screen_run(copy, state, n))
    out["rss"] = max(board_rss, out["rss"])
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--deals", type=int, default=10, help="deals per partner")
    parser.add_argument("--upgrade", action="store_true",
                        help="each app start is the first after the program changed")
    args = parser.parse_args()
    compile_package()  # as an install would (bench/bytecode.py)
    OUT.mkdir(exist_ok=True)
    state = OUT / "state-big-deals"
    shutil.rmtree(state, ignore_errors=True)
    subprocess.run([str(PY), "-m", "compileall", "-q", str(HERE.parent / "partner_tui")],
                   check=True, capture_output=True)
    db = build(args.partners, args.deals)
    runs = [one_run(db, args.partners, state, args.upgrade) for _ in range(args.runs)]
    median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    worst_rss = max(r["rss"] for r in runs)
    size = os.path.getsize(db) / 1e6
    print(f"\n{args.partners:,} partners, {args.partners * args.deals:,} deals, {size:.1f} MB; "
          f"medians of {args.runs} runs (peak memory: the largest)"
          f"{'; the first start after an upgrade' if args.upgrade else ''}.\n")
    print("| figure | measured | goal | met |")
    print("|---|---|---|---|")
    names = {"durable": "a move durable (key to the file replaced)",
             "rss": "app peak memory", "open": "open Payouts (`p`)"}
    for key, unit, goal in GOALS:
        value = worst_rss if key == "rss" else median[key] * 1000
        print(f"| {names[key]} | {value:.0f} {unit} | {goal:.0f} {unit} "
              f"| {'yes' if value <= goal else 'no'} |")
    print("\nOther figures (ms): " + ", ".join(
        f"{key} {median[key] * 1000:.0f}" for key in
        ("paint", "ready", "move", "filter", "form", "step", "quarter", "pay")
        if key in median))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
