"""`export --format md` at 10,000 partners: its CPU, that of every partner's figures in it,
and the rest (the report's own work), each against `partner-tui --version`'s.

    .venv/bin/python bench/md_minus_figures.py [--size 10000] [--runs 5]

The figures (`store.payouts.deal_measures`) are another part of the program's work than
the report's reading and writing; timing them inside the export's own run lets each be
measured on a shared machine where whole-process times move with the load. Each run is a
fresh interpreter (`--version` first, then the export), in turn; medians are printed,
and each ratio is taken against the `--version` run beside it. The file is bench/cli.py's
(built by bench/make_db.py with this version's code). The export's interpreter imports
the package as `python -c` does: from the current folder first (run it from the
checkout's root), then PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bytecode import compile_package
from cli import EXE, database

# Run in a fresh interpreter: the export through the command line's own entry point, the
# figures' CPU summed where the report asks for them (FIGURES below).
_TIMED_EXPORT = """
import importlib, resource, sys, time
spent, depth = [0.0], [0]
def timing(asked):
    def timed(*args, **kwargs):
        depth[0] += 1
        start = time.process_time()
        try:
            return asked(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:  # the outermost only: a figure asked inside another, once
                spent[0] += time.process_time() - start
    return timed
for module, owner, name in FIGURES:
    try:
        found = importlib.import_module(module)
    except ImportError:
        continue  # a version without it
    holder = getattr(found, owner) if owner else found
    if hasattr(holder, name):
        setattr(holder, name, timing(getattr(holder, name)))
from partner_tui.cli import main
if main(["--db", sys.argv[1], "export", "--format", "md", "-o", sys.argv[2]]) != 0:
    raise SystemExit("the export failed")
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime, spent[0])
"""
# Where the export gets every partner's figures: (module, class or "", function).
FIGURES = [
    ("partner_tui.store.parts.payouts", "Payouts", "deal_measures"),
    ("partner_tui.speedups.kept_figures", "", "figures_as_of"),  # figures kept per partner
]


def version_cpu() -> float:
    process = subprocess.Popen([str(EXE), "--version"], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("partner-tui --version failed")
    return usage.ru_utime + usage.ru_stime


def export_cpu(db: Path, out: Path) -> tuple[float, float]:
    """The export's CPU seconds (the whole process) and its figures'."""
    code = f"FIGURES = {FIGURES!r}\n{_TIMED_EXPORT}"
    done = subprocess.run([sys.executable, "-c", code, str(db), str(out)],
                          capture_output=True, text=True, check=True)
    whole, figures = done.stdout.split()
    return float(whole), float(figures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_package()  # as an install would (bench/bytecode.py)
    db = database(args.size)
    rows: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "report.md"
        for n in range(args.runs + 1):  # the first round warms the disk cache, uncounted
            version = version_cpu()
            whole, figures = export_cpu(db, out)
            if n:
                rows.append((version, whole, figures))
    version = statistics.median(v for v, _, _ in rows)
    print(f"{args.size} partners, CPU seconds (medians of {args.runs}; x: against the "
          "--version run beside each)")
    print(f"  --version               {version:6.3f}")
    for label, value in (
        ("export md", lambda v, w, f: w),
        ("  of which figures", lambda v, w, f: f),
        ("export md minus figures", lambda v, w, f: w - f),
    ):
        seconds = statistics.median(value(*row) for row in rows)
        ratio = statistics.median(value(*row) / row[0] for row in rows)
        print(f"  {label:<23} {seconds:6.3f}  {ratio:5.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
