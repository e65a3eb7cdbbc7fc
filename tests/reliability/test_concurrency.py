"""Real processes on one file: several writers at once, each change merged, nothing lost.

tests/unit/store/test_several_writers.py proves the per-write merge on the store; here the
same promises are checked on the REAL program: two apps, the app and the command line,
another program replacing the file under the app, a race of command-line writers, and
hundreds of interleaved edits by two apps, `import`, `log` and `move` with imports killed
in the middle of their writes.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.torture import (
    READY,
    SHIFT_LEFT,
    SHIFT_RIGHT,
    TALLY,
    child_env,
    make_db,
    program,
    run_cli,
    stage_of,
)


def test_a_second_app_writes_too_and_each_shows_the_others_move(
    tmp_path: Path, pty_app
) -> None:
    db = tmp_path / "p.json"
    card = make_db(db)
    first = pty_app("--db", db)
    first.wait_for(READY)
    second = pty_app("--db", db, size=(80, 24))
    second.wait_for(READY)

    mark = second.mark()
    first.send(SHIFT_RIGHT)  # the first app moves the card ...
    second.wait_for("Engage 1", since=mark, timeout=10)  # ... the second shows it
    mark = first.mark()
    second.send(SHIFT_RIGHT)  # the second moves it on, from where the first put it
    first.wait_for("Negotiate 1", since=mark, timeout=10)

    viewer = pty_app("--db", db, "--read-only")  # read-only stays possible
    viewer.wait_for("read-only")
    mark = viewer.mark()
    viewer.send(SHIFT_RIGHT)
    viewer.wait_for("open read-only", since=mark)
    for app in (viewer, second, first):
        app.send(b"q")
        assert app.wait_exit() == 0
    with PartnerStore(db, read_only=True) as store:
        history = [c.stage for c in store.partners.get(card).stage_history]
    assert history == [Stage.PROSPECT, Stage.ENGAGE, Stage.NEGOTIATE]
    TALLY["races run"] += 2


def test_the_command_line_writes_while_the_app_is_open(tmp_path: Path, pty_app) -> None:
    db = tmp_path / "p.json"
    card = make_db(db)
    (tmp_path / "new.csv").write_text("company\nNewcomer\n")
    app = pty_app("--db", db)
    app.wait_for(READY)
    mark = app.mark()
    assert run_cli(tmp_path, "--db", db, "import", "new.csv").returncode == 0
    app.wait_for("Newcomer", since=mark, timeout=10)  # shown without a reload
    moved = run_cli(tmp_path, "--db", db, "move", "Tracked Co", "engage")
    assert moved.returncode == 0, moved.stderr
    app.wait_for("Engage 1", since=mark, timeout=10)
    demo = run_cli(tmp_path, "--db", db, "demo")  # still refuses a file with partners
    assert demo.returncode == 1 and "Traceback" not in demo.stderr
    app.send(SHIFT_RIGHT)  # the app moves the card on from where the command line put it
    app.wait_for("Negotiate 1", since=mark, timeout=10)
    app.send(b"q")
    assert app.wait_exit() == 0
    assert stage_of(db, card) is Stage.NEGOTIATE
    with PartnerStore(db, read_only=True) as store:
        assert sorted(p.company for p in store.partners.all()) == ["Newcomer", "Tracked Co"]
    TALLY["races run"] += 3


def replace_behind_the_apps_back(db: Path, tmp: Path) -> bytes:
    """What a sync tool or `git checkout` does: a new file renamed over ours."""
    theirs = tmp / "theirs" / db.name
    theirs.parent.mkdir()
    shutil.copy2(db, theirs)
    with PartnerStore(theirs) as store:
        store.partners.add(new_partner("Their Partner"))
    os.replace(theirs, db)
    return db.read_bytes()


def test_a_file_replaced_under_the_app_is_merged_in_without_a_question(
    tmp_path: Path, pty_app
) -> None:
    db = tmp_path / "p.json"
    card = make_db(db)
    app = pty_app("--db", db)
    app.wait_for(READY)  # the app has read the file (before, it shows its preview)
    mark = app.mark()
    replace_behind_the_apps_back(db, tmp_path)
    app.wait_for("Their Partner", since=mark, timeout=10)
    app.send(SHIFT_RIGHT)
    app.wait_for("Engage 1", since=mark)
    app.send(b"q")
    assert app.wait_exit() == 0
    assert "changed on disk" not in app.text  # no dialog asked "reload or keep mine"
    assert stage_of(db, card) is Stage.ENGAGE
    with PartnerStore(db, read_only=True) as store:
        assert sorted(p.company for p in store.partners.all()) == ["Their Partner", "Tracked Co"]
    TALLY["races run"] += 1


def test_no_lost_update_when_writers_race(tmp_path: Path) -> None:
    """N command-line writers add partners in a loop, all at once. Every add succeeds
    (none is refused any more) and is in the file at the end, and nothing else is."""
    db = tmp_path / "p.json"
    make_db(db)
    workers, adds = 3, 4
    acked: list[str] = []
    problems: list[str] = []
    guard = threading.Lock()

    def writer(w: int) -> None:
        for k in range(adds):
            name = f"Racer {w}-{k}"
            csv = tmp_path / f"w{w}-{k}.csv"
            csv.write_text(f"company\n{name}\n")
            result = run_cli(tmp_path, "--db", db, "import", csv)
            with guard:
                (acked.append(name) if result.returncode == 0 else problems.append(result.stderr))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert problems == []
    assert len(acked) == workers * adds
    with PartnerStore(db, read_only=True) as store:
        names = sorted(p.company for p in store.partners.all() if p.company.startswith("Racer"))
    assert names == sorted(acked)
    TALLY["races run"] += len(acked)


def whole(db: Path) -> dict:
    """The file parses as a whole data file (never a torn one)."""
    data = json.loads(db.read_bytes())
    assert isinstance(data.get("partners"), dict)
    return data


def test_two_apps_import_log_and_move_interleaved_lose_nothing(tmp_path: Path, pty_app) -> None:
    """Hundreds of edits at once: two apps each move their own card back and forth, the
    command line logs calls and moves a third partner, imports add partners, and imports
    of a large file are killed in the middle of their writes. At the end every edit is in
    the file, and the file was whole every time it was looked at."""
    db = tmp_path / "p.json"
    make_db(db, tracked="Alpha Co")
    with PartnerStore(db) as store:
        beta = store.partners.add(new_partner("Beta Co"))
        store.partners.add(new_partner("Tracked Co"))
        alpha = next(c.id for c in store.partners.cards() if c.company == "Alpha Co")
    big = tmp_path / "big.csv"
    rng = random.Random(1202)
    problems: list[str] = []
    imported: list[str] = []
    killed: list[list[str]] = []
    logged: list[str] = []
    cli_moves = 0

    first = pty_app("--db", db)
    second = pty_app("--db", db, size=(80, 24))
    for app in (first, second):
        app.wait_for(READY)
    second.send(b"\x1b[B")  # the second app works on Beta Co (below Alpha Co)

    def app_moves(app, moves: int) -> None:
        for n in range(moves):
            app.send(SHIFT_RIGHT if n % 2 == 0 else SHIFT_LEFT)
            time.sleep(rng.uniform(0.05, 0.25))  # the command line runs meanwhile

    def cli_edits() -> None:
        nonlocal cli_moves
        stages = ["engage", "prospect"]
        for n in range(40):
            if n % 3 == 2:
                result = run_cli(tmp_path, "--db", db, "move", "Tracked Co", stages[cli_moves % 2])
                cli_moves += result.returncode == 0
            else:
                text = f"call {n}"
                result = run_cli(tmp_path, "--db", db, "log", "Tracked Co", text, "--kind", "call")
                if result.returncode == 0:
                    logged.append(text)
            if result.returncode != 0:
                problems.append(result.stderr)
            whole(db)

    def imports() -> None:
        for n in range(10):
            names = [f"Imported {n}-{k}" for k in range(3)]
            csv = tmp_path / f"i{n}.csv"
            csv.write_text("company\n" + "\n".join(names) + "\n")
            result = run_cli(tmp_path, "--db", db, "import", csv)
            if result.returncode == 0:
                imported.extend(names)
            else:
                problems.append(result.stderr)
            # An import of a large file, killed at some point of its run (maybe mid-write).
            names = [f"Killed {n}-{k:04d}" for k in range(1500)]
            big.write_text("company\n" + "\n".join(names) + "\n")
            child = subprocess.Popen(
                [*program(), "--db", str(db), "import", str(big)], env=child_env(tmp_path),
                cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.3, 1.5))
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            killed.append(names)
            whole(db)

    moves = 100
    threads = [
        threading.Thread(target=app_moves, args=(first, moves)),
        threading.Thread(target=app_moves, args=(second, moves)),
        threading.Thread(target=cli_edits),
        threading.Thread(target=imports),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    for app in (first, second):
        app.send(b"q")
        assert app.wait_exit(timeout=60) == 0
    assert problems == []

    with PartnerStore(db, read_only=True) as store:
        companies = {p.company for p in store.partners.all()}
        assert set(imported) <= companies
        for names in killed:  # an import is all or nothing, killed or not
            assert {n in companies for n in names} in ({True}, {False})
        tracked = next(p for p in store.partners.all() if p.company == "Tracked Co")
        calls = [a.text for a in tracked.activities]
        assert sorted(calls) == sorted(logged)
        assert len(tracked.stage_history) == 1 + cli_moves
        for partner_id in (alpha, beta.id):  # every move of each app is in its card's history
            assert len(store.partners.get(partner_id).stage_history) == 1 + moves
            assert store.partners.get(partner_id).stage is Stage.PROSPECT  # an even number of moves
    edits = 2 * moves + len(logged) + cli_moves + len(imported)
    TALLY["interleaved edits"] += edits
    TALLY["kills survived"] += len(killed)
    print(f"interleaved: {edits} edits by two apps and the command line, {len(killed)} kills")
