"""SIGKILL the REAL program at random instants while it writes; the file is always whole.

(a) `partner-tui --db F import big.csv`, killed after a random delay in [0, its normal
    run time]: the file then holds the partners from before the import or all of them.
(b) the app on a terminal, moving a card back and forth (shift+right / shift+left) as
    fast as keys arrive, killed at a random instant: the card is in one of its two stages
    and nothing else changed.
After every kill: the file (and its backup, if any) opens and validates, and the temp
files the killed writer left are removed by the next writer that opens it.
tests/store/test_crash_safety.py does the same for the store alone in a forked child;
this is the whole program, started as a person starts it.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from partner_tui.domain.stages import Stage
from partner_tui.store.file.backup import backup_path
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.torture import (
    APP_KILLS,
    IMPORT_KILLS,
    SHIFT_LEFT,
    SHIFT_RIGHT,
    TALLY,
    PtyApp,
    child_env,
    make_db,
    program,
    temps,
)


def check_whole(db: Path) -> PartnerStore:
    """The file (and its backup) opens and validates; returns the file opened read-only."""
    backup = backup_path(db)
    if backup.exists():
        PartnerStore(backup, read_only=True).close()
    return PartnerStore(db, read_only=True)


def clean_on_next_open(db: Path) -> int:
    """A writer opening the file removes what a killed writer left; returns how many."""
    left = len(temps(db)) + len(temps(backup_path(db)))
    with PartnerStore(db):
        pass
    assert temps(db) == [] and temps(backup_path(db)) == []
    return left


def write_csv(path: Path, rows: int) -> None:
    lines = ["company,type,stage,contact_email,potential_value,notes"]
    lines += [
        f"Imported {i:05d},technology,engage,p{i}@example.com,\"$1,{i % 1000:03d}\",{'n' * 300}"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


WORKERS = 2  # independent files killed side by side: the loops mostly wait on Python starting


def in_parallel(work, count: int) -> list[dict[str, int]]:  # type: ignore[no-untyped-def]
    """Run work(worker, kills) for WORKERS workers sharing `count` kills; their outcomes."""
    shares = [count // WORKERS + (1 if w < count % WORKERS else 0) for w in range(WORKERS)]
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(work, range(WORKERS), shares))


def test_import_killed_at_random_instants(tmp_path: Path) -> None:
    rows = 600
    base = 1 + 400

    def worker(w: int, kills: int) -> dict[str, int]:
        rng = random.Random(7 + w)
        folder = tmp_path / f"w{w}"
        folder.mkdir()
        db = folder / "p.json"
        csv = folder / "big.csv"
        write_csv(csv, rows)
        make_db(db, archived=base - 1)
        # Every run starts from the same file, so "old" and "new" are two known states and
        # every run takes about as long as the ones measured.
        original = db.read_bytes()
        argv = [*program(), "--db", str(db), "import", str(csv)]
        env = child_env(folder)

        # The normal duration of one import, measured here (on this machine, under this
        # load): the longest of three runs, each of which must succeed.
        durations = []
        for _ in range(3):
            db.write_bytes(original)
            started = time.monotonic()
            done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
            durations.append(time.monotonic() - started)
            assert done.returncode == 0, done.stderr
            assert PartnerStore(db, read_only=True).partners.count() == base + rows
        duration = max(durations)

        outcomes = {"old": 0, "new": 0, "finished": 0, "temps cleaned": 0}
        # Until `kills` runs were really killed (a run that finished first does not count).
        while outcomes["old"] + outcomes["new"] < kills:
            assert outcomes["finished"] < 2 * kills + 10, "the kills never land"
            db.write_bytes(original)
            started = time.monotonic()
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            # Anywhere in [0, normal run time], weighted towards its second half, where the
            # file is written (the first half is Python starting and the CSV being read).
            delay = duration * (rng.uniform(0, 1) if rng.random() < 0.3 else rng.uniform(0.5, 1))
            try:
                code = proc.wait(timeout=delay)
                # It finished first: runs got quicker (the machine is less busy); follow.
                duration = 0.8 * duration + 0.2 * (time.monotonic() - started)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                code = proc.wait(timeout=30)
            with check_whole(db) as store:
                found = store.partners.count()
            if code == 0:  # it finished before the kill: the import is acknowledged
                assert found == base + rows
                outcomes["finished"] += 1
            else:
                assert code == -signal.SIGKILL
                assert found in (base, base + rows), found
                outcomes["new" if found != base else "old"] += 1
            outcomes["temps cleaned"] += clean_on_next_open(db)
        return outcomes

    results = in_parallel(worker, IMPORT_KILLS)
    total = {key: sum(r[key] for r in results) for key in results[0]}
    TALLY["kills survived (import)"] += total["old"] + total["new"]
    print(f"import kills: {total}")
    # The kills really landed both before and after the file was replaced.
    assert total["old"] and (total["new"] or total["finished"]), total


def test_app_killed_at_random_instants_while_moving_a_card(tmp_path: Path) -> None:
    def worker(w: int, kills: int) -> dict[str, int]:
        rng = random.Random(11 + w)
        folder = tmp_path / f"w{w}"
        folder.mkdir()
        db = folder / "p.json"
        card = make_db(db, archived=600)
        seen = {"prospect": 0, "engage": 0, "temps cleaned": 0}
        for _ in range(kills):
            with PartnerStore(db) as store:  # every run starts with the card in Prospect
                if store.partners.get(card).stage != Stage.PROSPECT:
                    store.partners.move(card, Stage.PROSPECT)
            app = PtyApp(["--db", db], folder)
            try:
                app.wait_for("Tracked Co")
                deadline = time.monotonic() + rng.uniform(0.05, 0.5)
                right = True
                while time.monotonic() < deadline:
                    app.send(SHIFT_RIGHT if right else SHIFT_LEFT)
                    right = not right
                    time.sleep(rng.uniform(0, 0.03))
                app.kill(signal.SIGKILL)
                assert app.wait_exit(timeout=10) == -signal.SIGKILL
            finally:
                app.stop()
            with check_whole(db) as store:
                partner = store.partners.get(card)
                assert partner.stage in (Stage.PROSPECT, Stage.ENGAGE)
                assert partner.stage_history[-1].stage == partner.stage
                assert store.partners.count() == 601
                others = [p for p in store.partners.all() if p.id != card]
                assert all(p.stage == Stage.ARCHIVED for p in others)
            seen[partner.stage.value] += 1
            seen["temps cleaned"] += clean_on_next_open(db)
        return seen

    results = in_parallel(worker, APP_KILLS)
    total = {key: sum(r[key] for r in results) for key in results[0]}
    TALLY["kills survived (app)"] += total["prospect"] + total["engage"]
    print(f"app kills: the card was found in {total}")
    assert total["prospect"] and total["engage"], total
