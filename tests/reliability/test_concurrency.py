"""Real processes on one file: one writer at a time, nothing overwritten unseen, no lost update.

tests/store/test_file_safety.py proves the lock and the conflict check on the store; here
the same promises are checked on the REAL program: two apps, the app and the command
line, another program replacing the file under the app, and a scripted race of writers.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from tests.helpers.torture import READY, SHIFT_RIGHT, TALLY, make_db, run_cli, stage_of
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore

LOCKED = "is open for writing in another partner-tui"


def test_a_second_app_is_refused_then_read_only_works(tmp_path: Path, pty_app) -> None:
    db = tmp_path / "p.json"
    card = make_db(db)
    first = pty_app("--db", db)
    first.wait_for("Tracked Co")
    before = db.read_bytes()

    second = run_cli(tmp_path, "--db", db)
    assert second.returncode == 1
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and LOCKED in lines[0] and str(db) in lines[0]
    assert f"pid {first.proc.pid}" in lines[0] and "--read-only" in lines[0]
    assert "Traceback" not in second.stderr

    viewer = pty_app("--db", db, "--read-only")
    viewer.wait_for("read-only")
    viewer.wait_for("Tracked Co")
    mark = viewer.mark()
    viewer.send(SHIFT_RIGHT)  # a read-only app says so and changes nothing
    viewer.wait_for("open read-only", since=mark)
    viewer.send(b"q")
    assert viewer.wait_exit() == 0
    assert db.read_bytes() == before
    assert first.proc.poll() is None  # the writer app never noticed

    # The writer still works, and its change is the one on disk.
    mark = first.mark()
    first.send(SHIFT_RIGHT)
    first.wait_for("Engage 1", since=mark)
    first.send(b"q")
    assert first.wait_exit() == 0
    assert stage_of(db, card) == Stage.ENGAGE
    TALLY["races run"] += 2


def test_cli_writers_are_refused_while_the_app_holds_the_file(tmp_path: Path, pty_app) -> None:
    db = tmp_path / "p.json"
    make_db(db)
    (tmp_path / "new.csv").write_text("company\nNewcomer\n")
    app = pty_app("--db", db)
    app.wait_for("Tracked Co")
    before = db.read_bytes()
    for command in (["import", "new.csv"], ["demo"]):
        result = run_cli(tmp_path, "--db", db, *command)
        assert result.returncode == 1, command
        assert LOCKED in result.stderr and result.stderr.count("\n") == 1
        assert db.read_bytes() == before
        TALLY["races run"] += 1
    # Reading is fine while the app writes.
    export = run_cli(tmp_path, "--db", db, "export", "-f", "csv")
    assert export.returncode == 0 and "Tracked Co" in export.stdout
    app.send(b"q")
    assert app.wait_exit() == 0
    # Once the app is gone the import goes through.
    assert run_cli(tmp_path, "--db", db, "import", "new.csv").returncode == 0


def replace_behind_the_apps_back(db: Path, tmp: Path) -> bytes:
    """What a sync tool or `git checkout` does: a new file renamed over ours."""
    theirs = tmp / "theirs" / db.name
    theirs.parent.mkdir()
    shutil.copy2(db, theirs)
    # The lock is per path: the copy in another folder is free to write.
    with PartnerStore(theirs) as store:
        store.add(new_partner("Their Partner"))
    os.replace(theirs, db)
    return db.read_bytes()


def test_changed_on_disk_reload_takes_theirs(tmp_path: Path, pty_app) -> None:
    db = tmp_path / "p.json"
    card = make_db(db)
    app = pty_app("--db", db)
    app.wait_for("Tracked Co")
    app.wait_for(READY)  # the app has read the file (before, it shows its preview)
    theirs = replace_behind_the_apps_back(db, tmp_path)
    mark = app.mark()
    app.send(SHIFT_RIGHT)
    app.wait_for("changed on disk by another program", since=mark)
    assert db.read_bytes() == theirs  # detected before any overwrite
    app.send(b"\x1b[B\r")  # past "decide later" (highlighted: enter is safe): reload theirs
    app.wait_for("Reloaded", since=mark)
    app.wait_for("Their Partner", since=mark)
    app.send(b"q")
    assert app.wait_exit() == 0
    assert db.read_bytes() == theirs
    assert stage_of(db, card) == Stage.PROSPECT
    TALLY["races run"] += 1


def test_changed_on_disk_keep_mine_copies_theirs_aside(tmp_path: Path, pty_app) -> None:
    db = tmp_path / "p.json"
    card = make_db(db)
    app = pty_app("--db", db)
    app.wait_for("Tracked Co")
    app.wait_for(READY)
    theirs = replace_behind_the_apps_back(db, tmp_path)
    mark = app.mark()
    app.send(SHIFT_RIGHT)
    app.wait_for("changed on disk by another program", since=mark)
    assert db.read_bytes() == theirs
    app.send(b"\x1b[B\x1b[B\r")  # down, down, enter: keep mine
    app.wait_for("theirs was copied to", since=mark)
    app.send(b"q")
    assert app.wait_exit() == 0
    asides = sorted(tmp_path.glob("p.conflict-*.json"))
    assert len(asides) == 1 and asides[0].read_bytes() == theirs
    assert stage_of(db, card) == Stage.ENGAGE
    with PartnerStore(db, read_only=True) as store:
        assert [p.company for p in store.all()] == ["Tracked Co"]
    TALLY["races run"] += 1


def test_no_lost_update_when_writers_race(tmp_path: Path) -> None:
    """N command-line writers add partners in a loop; a refused add is retried. Every
    acknowledged add is in the file at the end, and nothing else is."""
    db = tmp_path / "p.json"
    make_db(db)
    workers, adds = 3, 4
    acked: list[str] = []
    refused: list[int] = []
    problems: list[str] = []
    guard = threading.Lock()

    def writer(w: int) -> None:
        for k in range(adds):
            name = f"Racer {w}-{k}"
            csv = tmp_path / f"w{w}-{k}.csv"
            csv.write_text(f"company\n{name}\n")
            for _attempt in range(50):
                result = run_cli(tmp_path, "--db", db, "import", csv)
                if result.returncode == 0:
                    with guard:
                        acked.append(name)
                    break
                if LOCKED in result.stderr:
                    with guard:
                        refused.append(w)
                    continue
                with guard:
                    problems.append(result.stderr)
                return

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert problems == []
    assert len(acked) == workers * adds
    with PartnerStore(db, read_only=True) as store:
        names = sorted(p.company for p in store.all() if p.company.startswith("Racer"))
    assert names == sorted(acked)
    TALLY["races run"] += len(acked) + len(refused)
    print(f"race: {len(acked)} adds acknowledged, {len(refused)} refused and retried")
