"""In a real terminal: another process moves the card you have focused while you keep
typing; the focus follows it, one line says who moved it, and your next key acts on it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from partner_tui.domain.stages import Stage
from tests.helpers.torture import READY, SHIFT_RIGHT, make_db, run_cli, stage_of


def test_the_line_says_who_moved_your_card_while_keys_keep_arriving(
    tmp_path: Path, pty_app
) -> None:
    db = tmp_path / "p.json"
    card = make_db(db)  # "Tracked Co", alone in Prospect and focused
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.json").write_text(json.dumps({"your_name": "Sam Rivera"}))
    app = pty_app("--db", db)
    app.wait_for(READY)
    mark = app.mark()
    moved = threading.Event()

    def keep_typing() -> None:  # keys that change nothing on a one-card column
        while not moved.is_set():
            app.send(b"jk")
            moved.wait(0.03)

    typist = threading.Thread(target=keep_typing, daemon=True)
    typist.start()
    try:
        done = run_cli(tmp_path, "--db", db, "move", "Tracked Co", "engage")
        assert done.returncode == 0, done.stderr
        app.wait_for("Tracked Co was moved to Engage by Sam Rivera", since=mark, timeout=20)
    finally:
        moved.set()
        typist.join(timeout=5)
    app.send(SHIFT_RIGHT)  # the next key acts on the partner you were looking at
    app.wait_for("Negotiate 1", since=mark, timeout=10)
    app.send(b"q")
    assert app.wait_exit() == 0
    assert stage_of(db, card) is Stage.NEGOTIATE
