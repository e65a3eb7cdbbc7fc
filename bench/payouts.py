"""Benchmark (not a test): deals and payouts at 0, 1,000 and 10,000 partners, 10 deals each.

    .venv/bin/python bench/payouts.py [--runs 5] [--sizes 0,1000,10000] [--deals 10]

Builds each database through the real import paths (bench/make_db.py: `import`, then
`import-deals`). Then starts the real app in tmux, as bench/measure.py does, waits until
it is idle (file read, records checked, caches and the deal index warmed: the app a
moment after it starts) and times from outside, as a person sees it, each key until the
screen changes:
  - open: `p` on the board (the Payouts screen, last month);
  - step: `[` (the month before);
  - quarter: `m` (the whole quarter);
  - pay: `space` (mark the first partner paid: saved, redrawn).
In-process it also times one period's payouts on the store: with the deal index built
(every later period) and cold (the first, building the index of 100,000 deals).
Prints a Markdown table of medians (ms).
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
from measure import EXE, OUT, PY, SIZE, build, fresh_copy  # noqa: E402
from term import Term  # noqa: E402

from partner_tui.domain import clock  # noqa: E402
from partner_tui.domain.periods import Period  # noqa: E402
from partner_tui.store.partner_store import PartnerStore  # noqa: E402

HERE = Path(__file__).parent


def screen_run(db: Path, state: Path, n: int) -> dict[str, float]:
    env = {"PARTNER_TUI_STATE_DIR": str(state), "TERM": "xterm-256color"}
    out: dict[str, float] = {}
    with Term([str(EXE), "--db", str(db)], SIZE, env=env) as t:
        t.wait_for("Quit")  # the board's keys: the file is read
        t.settle(0.5)
        out["open"] = t.key_to_change("p")
        t.wait_for("Month:")
        t.settle(0.3)
        out["step"] = t.key_to_change("[", literal=True)
        t.settle(0.3)
        out["quarter"] = t.key_to_change("m", literal=True)
        t.settle(0.3)
        # With no partner there is nothing to pay and nothing on screen changes.
        out["pay"] = t.key_to_change("Space") if n else float("nan")
        t.settle(0.3)
        out["rss"] = t.peak_rss_mb()  # (MB: bench/big_deals.py reports it)
    return out


def store_run(db: Path) -> dict[str, float]:
    period = Period.of(clock.today()).step(-1)
    with PartnerStore(db, read_only=True) as store:
        t0 = time.perf_counter()
        store.payouts.for_period(period)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.payouts.for_period(period.step(-1))
        warm = time.perf_counter() - t0
    return {"cold": cold, "compute": warm}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="0,1000,10000")
    parser.add_argument("--deals", type=int, default=10, help="deals per partner")
    args = parser.parse_args()
    compile_package()  # as an install would (bench/bytecode.py)
    OUT.mkdir(exist_ok=True)
    state = OUT / "state-payouts"
    subprocess.run([str(PY), "-m", "compileall", "-q", str(HERE.parent / "partner_tui")],
                   check=True, capture_output=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        db = build(n, args.deals)
        results: list[dict[str, float]] = []
        for _run in range(args.runs):
            shutil.rmtree(state, ignore_errors=True)
            copy = fresh_copy(db)
            figures = store_run(copy)
            figures.update(screen_run(copy, state, n))
            results.append(figures)
        with PartnerStore(db, read_only=True) as store:
            count = store.deals.count()
        rows.append((n, count, os.path.getsize(db),
                     {k: median([r[k] for r in results]) for k in results[0]}))
    print(f"\nMedians of {args.runs} runs, {SIZE[0]}x{SIZE[1]} terminal, ms.\n")
    print("| partners | deals | file | open Payouts (`p`) | previous month (`[`) "
          "| quarter (`m`) | mark paid (`space`) | one period, index built | one period, cold |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n, count, size, m in rows:
        ms = lambda key: "-" if m[key] != m[key] else f"{m[key] * 1000:.0f}"  # noqa: E731
        print(f"| {n:,} | {count:,} | {size / 1e6:.1f} MB | {ms('open')} | {ms('step')} "
              f"| {ms('quarter')} | {ms('pay')} | {ms('compute')} | {ms('cold')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
