"""Benchmark (not a test): opening the partner form, at 0, 1,000 and 10,000 partners.

    .venv/bin/python bench/form_open.py [--runs 3] [--sizes 1000,10000] [--opens 5]

Builds each database through the real import path (bench/make_db.py), starts the real
app in tmux as bench/measure.py does, waits until it is idle, then opens the form of
several partners one after another (enter, then escape and down to the next), timing
from outside, as a person sees it:
  - paint: enter until the screen changes;
  - ready: enter until the form says "saved" in its title (every field filled, the
    cursor in the company name: typing goes there);
  - cpu: the processor time the app itself used from enter to ready (all its threads,
    /proc/PID/task/*/schedstat), which other programs on a busy machine hardly move.
The bare Textual app (bench/bare_app.py) is measured in the same run, as bench/measure.py
does: its first paint (start to its one line on screen) and a key to its repaint. The
machine is shared and noisy; those say how fast it was at that moment.
Prints a Markdown table of medians and the worst open (ms). The goal: ready ≤ 150 ms at
10,000 partners.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bytecode import compile_package  # noqa: E402
from measure import EXE, HERE, OUT, PY, bare_run, build, fresh_copy
from term import Term

SIZE = (120, 40)


def wait_for_ready(t: Term, t0: float, timeout: float = 10.0) -> float:
    """Seconds from t0 until the form's title says it is loaded."""
    while time.perf_counter() - t0 < timeout:
        if "— saved" in t.screen():
            return time.perf_counter() - t0
        time.sleep(0.001)
    raise TimeoutError(f"the form never opened:\n{t.screen()}")


def cpu_seconds(pid: int) -> float:
    """Processor time used so far by every thread of the process (Linux)."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # a thread that ended meanwhile
    return total / 1e9


def app_run(db: Path, state: Path, opens: int) -> list[tuple[float, float, float]]:
    env = {"PARTNER_TUI_STATE_DIR": str(state), "TERM": "xterm-256color"}
    times = []
    with Term([str(EXE), "--db", str(db)], SIZE, env=env) as t:
        t.wait_for("Quit")
        t.settle(0.5)
        pid = t.pid()
        for _ in range(opens):
            cpu0 = cpu_seconds(pid)
            t0 = time.perf_counter()
            paint = t.key_to_change("Enter")
            ready = wait_for_ready(t, t0)
            times.append((paint, ready, cpu_seconds(pid) - cpu0))
            t.settle(0.3)
            t.press("Escape")
            t.wait_for("Quit")
            t.press("Down")
            t.settle(0.3)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args()
    compile_package()  # as an install would (bench/bytecode.py)
    OUT.mkdir(exist_ok=True)
    state = OUT / "state-form"
    subprocess.run([str(PY), "-m", "compileall", "-q", str(HERE.parent / "partner_tui")],
                   check=True, capture_output=True)
    print(f"\n{SIZE[0]}x{SIZE[1]} terminal, {args.runs} runs of {args.opens} opens, ms.\n")
    print("| partners | paint (median) | ready (median) | ready (worst) | cpu (median) "
          "| bare app: first paint | bare app: key |")
    print("|---|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        db = build(n)
        opens: list[tuple[float, float, float]] = []
        bare: list[dict[str, float]] = []
        for _run in range(args.runs):
            shutil.rmtree(state, ignore_errors=True)
            bare.append(bare_run())
            opens += app_run(fresh_copy(db), state, args.opens)
        paint = statistics.median(p for p, _, _ in opens) * 1000
        ready = statistics.median(r for _, r, _ in opens) * 1000
        worst = max(r for _, r, _ in opens) * 1000
        cpu = statistics.median(c for _, _, c in opens) * 1000
        bare_paint = statistics.median(b["paint"] for b in bare) * 1000
        bare_key = statistics.median(b["key"] for b in bare) * 1000
        print(f"| {n:,} | {paint:.0f} | {ready:.0f} | {worst:.0f} | {cpu:.0f} | {bare_paint:.0f} "
              f"| {bare_key:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
