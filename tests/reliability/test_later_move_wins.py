"""A stage clash is decided by the moves' own times (the stage history), not by which
copy of the partner changed last: an earlier move plus a later edit loses to a later move.
Real processes (`move`, `log`) on two branches and a real `git merge`."""

from __future__ import annotations

import json
from pathlib import Path

from partner_tui.domain.partner import new_partner
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.git_repo import commit_all, git, git_run, new_repo
from tests.helpers.torture import run_cli


def cli(tmp: Path, db: Path, *args: str) -> None:
    done = run_cli(tmp, "--db", db, *args)
    assert done.returncode == 0, done.stderr


def test_the_later_move_wins_over_an_earlier_move_and_a_later_edit(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "team")
    db = repo / "partners.json"
    with PartnerStore(db) as store:
        atlas = store.partners.add(new_partner("Atlas")).id
    cli(tmp_path, db, "git-setup")
    commit_all(repo, "Atlas in Prospect")

    git(repo, "checkout", "-q", "-b", "sam")
    cli(tmp_path, db, "move", "Atlas", "negotiate")  # the earlier move ...
    commit_all(repo, "sam: Atlas to Negotiate")
    git(repo, "checkout", "-q", "main")
    cli(tmp_path, db, "move", "Atlas", "engage")  # ... then a later one on main
    commit_all(repo, "main: Atlas to Engage")
    git(repo, "checkout", "-q", "sam")
    cli(tmp_path, db, "log", "Atlas", "Called after the move")  # ... and a later edit
    commit_all(repo, "sam: a call")

    git(repo, "checkout", "-q", "main")
    merge = git_run(repo, "merge", "--no-edit", "sam")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    record = json.loads(db.read_text())["partners"][atlas]
    assert record["stage"] == "engage"
    assert [e["stage"] for e in record["stage_history"]] == ["prospect", "negotiate", "engage"]
    texts = [a["text"] for a in record["activities"]]
    assert "Called after the move" in texts
    assert "merge: stage was negotiate on the other side" in texts
    # The same from the other branch's side.
    git(repo, "checkout", "-q", "sam")
    git(repo, "reset", "-q", "--hard", "HEAD")
    again = git_run(repo, "merge", "--no-edit", "main")
    assert again.returncode == 0, again.stdout + again.stderr
    assert json.loads(db.read_text())["partners"][atlas]["stage"] == "engage"
