"""Measure partner-tui the way a person feels it, against a bare Textual app.

    .venv/bin/python bench/measure.py [--runs 5] [--sizes 0,1000,10000] [--deals 10]

For each size a database is built through the real import path (bench/make_db.py), then
the real app is started in tmux several times and timed from outside, exactly as a user
sees it: first paint of the board, a key to the repaint it causes (move, filter keystroke,
open the form), a move until it is durable on disk, and peak memory. The bare Textual
app (bench/bare_app.py) is measured in the same run, so figures are also given as ratios
that survive a noisy machine. Prints a Markdown table of medians.

Each measured start is the start a person makes every day: the file is as the last
session left it (that session's close kept the board's first screen, see
partner_tui/speedups/board_preview.py). "Cold" is a start after another program changed
the file (what `git pull` or a teammate's app does; change_elsewhere): the board paints
from the last session's preview, and the file read right after shows the change as any
other writer's is shown.
The package is byte-compiled first, as pip does when it installs it (an editable install
does not, and PYTHONDONTWRITEBYTECODE, set on some machines, would then make every start
compile the sources again).
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
from make_db import built_by_an_older_schema  # noqa: E402
from term import Term  # noqa: E402

HERE = Path(__file__).parent
OUT = HERE / "out"
PY = Path(sys.executable)
EXE = PY.with_name("partner-tui")
SIZE = (120, 40)


def build(n: int, deals: int = 0) -> Path:
    """The database of n partners (and `deals` deals each: the same file payouts.py uses)."""
    db = OUT / (f"pd{n}.json" if deals else f"p{n}.json")
    if built_by_an_older_schema(db):
        db.unlink()  # built by an older version: not what this version reads
    if not db.exists():
        if n == 0:
            subprocess.run([str(PY), "-c", "import sys; from partner_tui.store.partner_store "
                            "import PartnerStore; PartnerStore(sys.argv[1]).close()", str(db)],
                           check=True)
        else:
            more = ["--deals", str(deals)] if deals else []
            subprocess.run([str(PY), str(HERE / "make_db.py"), str(n), str(db), *more],
                           check=True)
    return db


def fresh_copy(db: Path) -> Path:
    """Each run works on a fresh copy (same path, so the validated-records cache,
    keyed by path and content, stays warm), so one run's moves don't change the next."""
    target = OUT / "runs" / f"{db.stem}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(f"*{target.stem}*"):
        old.unlink()
    shutil.copy2(db, target)
    # The copy's 22 MB reach the disk now, not during the run: the app's own fsyncs would
    # otherwise wait behind the kernel writing back the benchmark's copies.
    os.sync()
    return target


def last_session(db: Path, state: Path) -> None:
    """Open and close the file the way the app does at the end of a session (the command
    line's export opens the same store, reads every record and closes it)."""
    subprocess.run([str(EXE), "--db", str(db), "export", "--format", "json",
                    "-o", str(OUT / "runs" / "warm.json")], check=True, capture_output=True,
                   env={**os.environ, "PARTNER_TUI_STATE_DIR": str(state)})
    os.sync()


def change_elsewhere(db: Path) -> None:
    """Change the file as another program does (`git pull`, a teammate's app): one record
    edited, with no speedups, so nothing kept for the next start describes the new file."""
    from partner_tui.store.partner_store import PartnerStore

    with PartnerStore(db) as store:
        cards = store.partners.cards()
        if cards:
            partner = store.partners.get(cards[-1].id)
            store.partners.update(partner.model_copy(update={"notes": "changed by another program"}))
        else:
            store.program.save_settings(store.program.settings().model_copy(update={"currency_symbol": "€"}))
    os.sync()


def bare_run() -> dict[str, float]:
    with Term([str(PY), str(HERE / "bare_app.py")], SIZE) as t:
        paint = t.wait_for("bare app ready")
        t.settle(0.2)
        key = t.key_to_change("x")
        rss = t.peak_rss_mb()
    return {"paint": paint, "key": key, "rss": rss}


def first_company(db: Path) -> str | None:
    from partner_tui.domain.stages import Stage
    from partner_tui.speedups.store_speedups import store_speedups
    from partner_tui.store.partner_store import PartnerStore

    # With the speedups, as the app and the command line open it: the records known valid
    # are not validated again, and what it keeps for the next start stays as it was.
    with PartnerStore(db, read_only=True, hooks=store_speedups()) as store:
        column = store.partners.column_cards(Stage.PROSPECT)
        return column[0].company if column else None


def app_run(
    db: Path, n: int, state: Path, *, keys: bool = True, first: str | None = None,
    idle: float = 0.3,
) -> dict[str, float]:
    """first: the first card's company, if known (asked here it would refresh the
    preview of a file changed elsewhere: see first_company). idle: how long the app must
    use no CPU before the keys are pressed (bench/big_deals.py waits longer: on a busy
    machine a 73 MB file's warm-up has pauses of 0.3 s)."""
    env = {"PARTNER_TUI_STATE_DIR": str(state), "TERM": "xterm-256color"}
    marker = first or first_company(db) or "No partners yet"
    out: dict[str, float] = {}
    with Term([str(EXE), "--db", str(db)], SIZE, env=env) as t:
        out["paint"] = t.wait_for(marker[:20])
        # Idle: the file read after the first paint, the record check and the caches
        # warmed (see PartnerApp._after_first_paint). Reported as "ready".
        out["ready"] = t.settle(idle)
        if n and keys:
            before = os.stat(db).st_mtime_ns
            t0 = time.perf_counter()
            out["move"] = t.key_to_change("S-Right")
            while os.stat(db).st_mtime_ns == before:
                if time.perf_counter() - t0 > 10:
                    raise TimeoutError("move never reached the disk")
                time.sleep(0.001)
            out["durable"] = time.perf_counter() - t0
            t.settle(0.3)
            t.press("S-Left")  # back, so the next figures see the same board
            t.settle(0.3)
            t.press("/")
            t.settle(0.2)
            out["filter"] = t.key_to_change("a", literal=True)
            t.settle(0.2)
            t.key_to_change("7", literal=True)
            t.settle(0.2)
            t.press("Escape")
            t.settle(0.3)
            out["form"] = t.key_to_change("Enter")
            t.wait_for("Overview")
            out["form_ready"] = out["form"]
            t.settle(0.3)
            t.press("Escape")
            t.settle(0.3)
        out["rss"] = t.peak_rss_mb()
    return out


def timed(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - t0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="0,1000,10000")
    parser.add_argument("--deals", type=int, default=0,
                        help="deals per partner in the databases (bench/payouts.py's files)")
    args = parser.parse_args()
    compile_package()  # as an install would (bench/bytecode.py)
    sizes = [int(s) for s in args.sizes.split(",")]
    OUT.mkdir(exist_ok=True)
    state = OUT / "state"
    shutil.rmtree(state, ignore_errors=True)
    subprocess.run([str(PY), "-m", "compileall", "-q", str(HERE.parent / "partner_tui")],
                   check=True, capture_output=True)
    rows = []
    for n in sizes:
        db = build(n, args.deals)
        csv_file = db.with_suffix(".csv")
        bare: list[dict[str, float]] = []
        app: list[dict[str, float]] = []
        cold: list[float] = []
        for _run in range(args.runs):
            bare.append(bare_run())
            copy = fresh_copy(db)
            # The first open after an import by another program validates every record
            # and keeps the board's preview; the daily start comes after such a session.
            last_session(copy, state)
            app.append(app_run(copy, n, state))
            copy = fresh_copy(db)
            last_session(copy, state)
            first = first_company(copy)
            change_elsewhere(copy)  # edits the last card: the first one is still drawn
            cold.append(app_run(copy, n, state, keys=False, first=first)["paint"])
        imp = exp = float("nan")
        if n:
            target = OUT / "runs" / f"import-{n}.json"
            for old in target.parent.glob(f"*import-{n}*"):
                old.unlink()
            imp = timed([str(EXE), "--db", str(target), "import", str(csv_file)])
            exp = timed([str(EXE), "--db", str(target), "export", "--format", "csv",
                         "-o", str(OUT / "runs" / f"export-{n}.csv")])
        b = {k: median([r[k] for r in bare]) for k in bare[0]}
        a = {k: median([r[k] for r in app if k in r]) for k in app[0]}
        a["cold"] = median(cold)
        rows.append((n, b, a, imp, exp, os.path.getsize(db)))
    print(f"\nMedians of {args.runs} runs, {SIZE[0]}x{SIZE[1]} terminal, ms unless noted.\n")
    print("| partners | file | first paint (bare) | ratio | ready | cold first paint "
          "| move repaint | move durable | filter key | open form | bare key | peak RSS (bare) "
          "| import | export |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, b, a, imp, exp, size in rows:
        ms = lambda v: "-" if v != v else f"{v * 1000:.0f}"  # noqa: E731
        print(
            f"| {n:,} | {size / 1e6:.1f} MB | {ms(a['paint'])} ({ms(b['paint'])}) "
            f"| {a['paint'] / b['paint']:.2f}x | {ms(a['ready'])} "
            f"| {ms(a['cold'])} ({a['cold'] / b['paint']:.1f}x) "
            f"| {ms(a.get('move', float('nan')))} "
            f"| {ms(a.get('durable', float('nan')))} | {ms(a.get('filter', float('nan')))} "
            f"| {ms(a.get('form', float('nan')))} | {ms(b['key'])} "
            f"| {a['rss']:.0f} MB ({b['rss']:.0f} MB) "
            f"| {'-' if imp != imp else f'{imp:.2f} s'} | {'-' if exp != exp else f'{exp:.2f} s'} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
