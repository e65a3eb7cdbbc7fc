"""Another writer's change on screen: how long after another program writes the file the
running app shows it.

    .venv/bin/python bench/live_change.py [--runs 5] [--sizes 0,1000,10000]

For each size the real app runs in tmux on a copy of bench/measure.py's database (started
as a person starts it every day, then left to settle), and the command line moves the
first card of Prospect to Engage (`partner-tui move`), as a teammate's app, a `serve` tab
or a script would. Timed from the moment the file changes on disk (the other writer's
write is done) until the app's screen changes. The app looks at the file every
ui/session.WATCH_EVERY seconds, then merges the file in off the screen's thread and
redraws. Prints a Markdown table of medians (and the worst run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from measure import EXE, OUT, PY, SIZE, build, fresh_copy, last_session, median
from term import Term


def first_card(db: Path) -> tuple[str, str] | None:
    """(id, company) of the first card in Prospect (read without keeping anything)."""
    from partner_tui.domain.stages import Stage
    from partner_tui.store.partner_store import PartnerStore

    with PartnerStore(db, read_only=True) as store:
        column = store.partners.column_cards(Stage.PROSPECT)
        return (column[0].id, column[0].company) if column else None


def other_writer(db: Path, card: tuple[str, str] | None) -> list[str]:
    """The command line that changes the file: a move (or, with no partner, an import)."""
    if card is None:
        csv = OUT / "runs" / "one.csv"
        csv.write_text("company\nNewcomer\n")
        return [str(EXE), "--db", str(db), "import", str(csv)]
    return [str(EXE), "--db", str(db), "move", card[0], "engage"]


def one_run(db: Path, state: Path) -> float:
    card = first_card(db)
    env = {"PARTNER_TUI_STATE_DIR": str(state), "TERM": "xterm-256color"}
    with Term([str(EXE), "--db", str(db)], SIZE, env=env) as t:
        t.wait_for(card[1][:20] if card else "No partners yet")
        t.settle(0.5)  # the file read, checked and the caches warm: the app at rest
        before_screen, before_file = t.screen(), os.stat(db).st_mtime_ns
        writer = subprocess.Popen(other_writer(db, card), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env={**os.environ, **env})
        written = None
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            now = time.perf_counter()
            if written is None and os.stat(db).st_mtime_ns != before_file:
                written = now
            if written is not None and t.screen() != before_screen:
                writer.wait(timeout=60)
                return time.perf_counter() - written
            time.sleep(0.002)
        writer.kill()
        raise TimeoutError("the change never showed")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="0,1000,10000")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    state = OUT / "state-live"
    shutil.rmtree(state, ignore_errors=True)
    subprocess.run([str(PY), "-m", "compileall", "-q", str(Path(__file__).parents[1] /
                    "partner_tui")], check=True, capture_output=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        times = []
        for _run in range(args.runs):
            copy = fresh_copy(build(n))
            last_session(copy, state)
            times.append(one_run(copy, state))
        rows.append((n, median(times), max(times)))
    print(f"\nAnother writer's change on screen: medians of {args.runs} runs, ms.\n")
    print("| partners | on screen (median) | worst |")
    print("|---|---|---|")
    for n, mid, worst in rows:
        print(f"| {n:,} | {mid * 1000:.0f} | {worst * 1000:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
