"""Time the record-level merge on two versions of a 10,000-partner file.

    .venv/bin/python bench/merge.py [--partners 10000] [--edits 300] [--runs 7]

Builds a base file through the real import path (bench/make_db.py), makes two versions
of it the way two people would (each moves, edits, logs activities on, adds and deletes
partners; some edits land on the same partners and fields, so there are clashes), then
times:
- merge: merge_files() on the three parsed files (the function the store will call);
- driver: the whole `partner-tui merge-driver BASE OURS THEIRS` as git runs it (read and
  migrate three files, merge, write the result), a fresh process each run;
- floor: a fresh Python process that only reads and parses the three files and writes
  one back atomically: what any driver must spend on these files on this machine.
Prints the median of the runs (and the spread), in ms.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench.make_db import main as make_db_main  # noqa: E402
from partner_tui.store.file.read import read_database  # noqa: E402
from partner_tui.store.file.serialize import dumps  # noqa: E402
from partner_tui.store.merge.three_way import merge_files  # noqa: E402

STAGES = ["prospect", "engage", "negotiate", "active", "archived"]


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def edit_side(data: dict[str, Any], ids: list[str], edits: int, rng: random.Random,
              side: str, start: datetime) -> None:
    """`edits` changes, as the app stores them (a new record dict, stamped)."""
    partners = data["partners"]
    for n in range(edits):
        when = start + timedelta(seconds=n)
        kind = rng.choice(["move", "field", "log", "log", "field", "add", "delete"])
        if kind == "add":
            new_id = f"{side}{n:010d}"
            partners[new_id] = {
                "id": new_id, "company": f"{side} new {n}", "stage": "prospect",
                "position": 10_000.0 + n, "created_at": stamp(when), "updated_at": stamp(when),
                "stage_history": [{"stage": "prospect", "entered_at": stamp(when)}],
            }
            continue
        key = rng.choice(ids)
        if key not in partners:
            continue
        if kind == "delete":
            del partners[key]
            continue
        record = dict(partners[key])
        record["updated_at"] = stamp(when)
        if kind == "move":
            stage = rng.choice(STAGES)
            record["stage"] = stage
            record["position"] = 20_000.0 + n
            history = record.get("stage_history", [])
            record["stage_history"] = [*history, {"stage": stage, "entered_at": stamp(when)}]
        elif kind == "field":
            record[rng.choice(["contact_name", "next_action", "owner"])] = f"{side} {n}"
        else:
            entry = {"date": when.date().isoformat(), "text": f"{side} call {n}"}
            record["activities"] = [*record.get("activities", []), entry]
        partners[key] = record


def build(folder: Path, partners: int, edits: int) -> tuple[Path, Path, Path]:
    base = folder / f"base{partners}.json"
    if not base.exists():
        if make_db_main_with(partners, base) != 0:
            raise SystemExit("could not build the base file")
    data = orjson.loads(base.read_bytes())
    ids = sorted(data["partners"])
    rng = random.Random(15)
    # Both sides pick their partners from one shared slice part of the time: clashes.
    shared = ids[: max(edits // 3, 1)]
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    paths = []
    for side, offset in (("ours", 0), ("theirs", 1)):
        version = orjson.loads(base.read_bytes())
        edit_side(version, shared, edits // 3, rng, side, start + timedelta(hours=offset))
        edit_side(version, ids, edits - edits // 3, rng, side, start + timedelta(hours=2 + offset))
        path = folder / f"{side}{partners}.json"
        path.write_bytes(dumps(version))
        paths.append(path)
    return base, paths[0], paths[1]


def make_db_main_with(partners: int, path: Path) -> int:
    argv, sys.argv = sys.argv, ["make_db.py", str(partners), str(path)]
    try:
        return make_db_main()
    finally:
        sys.argv = argv


def timed(runs: int, work: Any, setup: Any = None) -> list[float]:
    took = []
    for _ in range(runs):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        work()
        took.append((time.perf_counter() - t0) * 1000)
    return took


def report(label: str, took: list[float]) -> None:
    print(f"{label:8} median {statistics.median(took):7.0f} ms  "
          f"(min {min(took):.0f}, max {max(took):.0f}, {len(took)} runs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=300, help="edits on each side")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    folder = HERE / "out"
    folder.mkdir(exist_ok=True)
    base, ours, theirs = build(folder, args.partners, args.edits)
    sides = [read_database(p)[0] for p in (base, ours, theirs)]
    result = merge_files(*sides)
    changed = sum(len(keys) for keys in result.changed.values())
    print(f"{args.partners:,} partners ({base.stat().st_size / 1e6:.1f} MB), {args.edits} edits "
          f"a side: {changed} records from theirs, {len(result.clashes)} clashes")
    report("merge", timed(args.runs, lambda: merge_files(*sides)))
    target = folder / "merged.json"
    command = [sys.executable, "-m", "partner_tui", "merge-driver",
               str(base), str(target), str(theirs)]

    report("driver", timed(
        args.runs,
        lambda: subprocess.run(command, check=True, capture_output=True),
        setup=lambda: shutil.copyfile(ours, target),
    ))
    floor = [sys.executable, "-c", FLOOR, str(base), str(target), str(theirs)]
    report("floor", timed(
        args.runs,
        lambda: subprocess.run(floor, check=True, capture_output=True),
        setup=lambda: shutil.copyfile(ours, target),
    ))
    return 0


FLOOR = """
import sys
from pathlib import Path
import orjson
from partner_tui.store.file.atomic_write import atomic_write
sides = [orjson.loads(Path(p).read_bytes()) for p in sys.argv[1:]]
atomic_write(Path(sys.argv[2]), orjson.dumps(sides[1], option=orjson.OPT_INDENT_2))
"""


if __name__ == "__main__":
    raise SystemExit(main())
