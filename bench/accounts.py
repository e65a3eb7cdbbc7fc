"""Benchmark (not a test): account mapping at the issue's size.

    PYTHONPATH=. .venv/bin/python bench/accounts.py [--ours 100000] [--partners 50]
        [--each 10000] [--runs 3]

Builds a data file through the real command line: 50 partners (`import`), our list of
100,000 accounts and 50 partners' lists of 10,000 (`accounts import`, from CSV files; a
third of each partner's accounts are ours, in every mix of statuses). Then times, as
medians (ms):

  - overlap (cli): `partner-tui overlap --json`, the whole command in a new process
    (start, read the file, compare every list, print), and `--version` beside it;
  - overlap (compare): in-process, every partner's list against ours, on a store just
    opened (what the command, the app's warm-up and the board's worker compute once per
    version of the lists);
  - panel: the dashboard's Warm intros panel redrawn (DashboardScreen.show_warm_intros,
    in the running app, the lists compared already by the warm-up): what opening the
    dashboard adds;
  - import: `accounts import` of our 100,000 accounts (once), and the file's size.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from partner_tui.app import PartnerApp
from partner_tui.store.partner_store import PartnerStore

PY = Path(sys.executable)
STATUSES = ("customer", "prospect", "opportunity")


def cli(db: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(PY), "-m", "partner_tui", "--db", str(db), *args],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return (time.perf_counter() - start) * 1000


def write_csv(path: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "domain", "status", "owner", "value"])
        writer.writerows(rows)


def build(folder: Path, ours: int, partners: int, each: int) -> tuple[Path, float]:
    rng = random.Random(27)
    db = folder / "accounts.json"
    listing = folder / "partners.csv"
    listing.write_text(
        "company,stage\n" + "".join(f"Partner {i:02d},engage\n" for i in range(partners)),
        encoding="utf-8",
    )
    cli(db, "import", str(listing))
    our_rows = []
    for i in range(ours):
        status = rng.choices(STATUSES, weights=(3, 5, 2))[0]
        value = f"{rng.randrange(1, 200) * 500}" if status == "opportunity" else ""
        our_rows.append((f"Company {i}", f"company{i}.com", status, f"Owner {i % 40}", value))
    write_csv(folder / "ours.csv", our_rows)
    imported = cli(db, "accounts", "import", str(folder / "ours.csv"))
    with PartnerStore(db, read_only=True) as store:
        ids = [card.id for card in store.partners.cards()]
    for n, partner_id in enumerate(ids):
        shared = rng.sample(range(ours), each // 3)
        theirs = [(f"Company {i}", f"company{i}.com", rng.choice(STATUSES), "", "")
                  for i in shared]
        theirs += [(f"Other {n}-{i}", f"other{n}-{i}.io", rng.choice(STATUSES), "", "")
                   for i in range(each - len(theirs))]
        path = folder / f"p{n}.csv"
        write_csv(path, theirs)
        cli(db, "accounts", "import", str(path), "--partner", partner_id)
    return db, imported


def compare_once(db: Path) -> tuple[float, float]:
    """(wall, cpu) ms of comparing every list with ours, on a store just opened."""
    with PartnerStore(db, read_only=True) as store:
        start, cpu = time.perf_counter(), time.process_time()
        found = store.accounts.overlaps(store.partners)
        elapsed = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    assert found
    return elapsed


async def panel_times(db: Path, runs: int) -> list[tuple[float, float]]:
    from partner_tui.ui.dashboard.screen import DashboardScreen
    from partner_tui.ui.dashboard.warm_intros import DashWarmIntros

    app = PartnerApp(db_path=db)
    times: list[tuple[float, float]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        store = app.store
        store.wait_verified(60)
        deadline = time.monotonic() + 60
        while store.accounts.known_overlaps(store) is None:  # the warm-up compares them
            assert time.monotonic() < deadline, "the warm-up never compared the lists"
            await pilot.pause(0.05)
        app.open_dashboard()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.pause(1.0)  # the rest of the warm-up
        for _ in range(runs):
            start, cpu = time.perf_counter(), time.process_time()
            screen.show_warm_intros()
            times.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
            await pilot.pause()
        assert screen.query_one(DashWarmIntros).row_count
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", type=int, default=100_000)
    parser.add_argument("--partners", type=int, default=50)
    parser.add_argument("--each", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        db, imported = build(folder, args.ours, args.partners, args.each)
        print(f"built in {time.perf_counter() - start:.0f} s; file {db.stat().st_size / 1e6:.1f} MB")
        cli(db, "overlap", "--json")  # the known-valid cache: a later run reads as the app does
        load = os.getloadavg()[0]
        version = [cli(db, "--version") for _ in range(args.runs)]
        overlap = [cli(db, "overlap", "--json") for _ in range(args.runs)]
        compare = [compare_once(db) for _ in range(args.runs)]
        panel = asyncio.run(panel_times(db, args.runs * 3))
        size = f"{args.ours:,} ours, {args.partners} x {args.each:,}"
        wall = statistics.median(w for w, _c in compare), statistics.median(c for _w, c in compare)
        drawn = statistics.median(w for w, _c in panel), statistics.median(c for _w, c in panel)
        print(f"load average {load:.1f} on {os.cpu_count()} cores")
        print(f"| account mapping ({size}) | median ms |")
        print("|---|---:|")
        print(f"| `--version` (the program's own start) | {statistics.median(version):.0f} |")
        print(f"| `overlap --json` (whole command) | {statistics.median(overlap):.0f} |")
        print(f"| overlap, every list compared (in-process) | {wall[0]:.0f} (CPU {wall[1]:.0f}) |")
        print(f"| Warm intros panel redrawn | {drawn[0]:.1f} (CPU {drawn[1]:.1f}) |")
        print(f"| `accounts import` of our list (once) | {imported:.0f} |")


if __name__ == "__main__":
    main()
