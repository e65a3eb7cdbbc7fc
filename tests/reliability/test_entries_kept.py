"""Every log entry has its own id: equal entries from several writers and branches are all
kept, and one entry is never doubled (the real program: processes, a real `git merge`)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from partner_tui.domain.partner import new_partner
from partner_tui.store.file.serialize import dumps
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.git_repo import commit_all, git, git_run, new_repo
from tests.helpers.torture import child_env, program, run_cli

WRITERS = 12


def entries(db: Path, company: str, text: str) -> list[dict]:
    stored = json.loads(db.read_text())
    (record,) = [p for p in stored["partners"].values() if p["company"] == company]
    return [a for a in record.get("activities", []) if a["text"] == text]


def test_the_same_log_from_many_processes_at_once_is_kept_every_time(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Ledgerly"))
    command = [*program(), "--db", str(db), "log", "Ledgerly", "Sent reminder", "--kind", "email"]
    runs = [
        subprocess.Popen(
            command, env=child_env(tmp_path), cwd=tmp_path, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(WRITERS)
    ]
    for run in runs:
        _out, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
    logged = entries(db, "Ledgerly", "Sent reminder")
    assert len(logged) == WRITERS
    assert len({a["id"] for a in logged}) == WRITERS
    assert {a["kind"] for a in logged} == {"email"}


def test_a_branch_that_logged_the_same_text_twice_keeps_both_after_git_merge(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path / "team")
    db = repo / "partners.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Atlas"))
    assert run_cli(tmp_path, "--db", db, "git-setup").returncode == 0
    assert run_cli(tmp_path, "--db", db, "log", "Atlas", "Kick-off").returncode == 0
    commit_all(repo, "one partner")

    git(repo, "checkout", "-q", "-b", "anna")
    for _ in range(2):
        assert run_cli(tmp_path, "--db", db, "log", "Atlas", "Left voicemail").returncode == 0
    assert run_cli(tmp_path, "--db", db, "log", "Atlas", "Sent reminder").returncode == 0
    commit_all(repo, "anna called twice")

    git(repo, "checkout", "-q", "main")
    assert run_cli(tmp_path, "--db", db, "log", "Atlas", "Sent reminder").returncode == 0
    commit_all(repo, "main reminded too")

    merge = git_run(repo, "merge", "--no-edit", "anna")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert len(entries(db, "Atlas", "Kick-off")) == 1  # on both sides: one entry, once
    assert len(entries(db, "Atlas", "Left voicemail")) == 2
    assert len(entries(db, "Atlas", "Sent reminder")) == 2  # one per side
    # And merging again changes nothing.
    again = git_run(repo, "merge", "--no-edit", "anna")
    assert again.returncode == 0
    assert len(entries(db, "Atlas", "Left voicemail")) == 2


def test_two_clones_that_each_migrated_an_old_file_merge_without_doubling(
    tmp_path: Path,
) -> None:
    """A schema-2 file (entries without ids, two equal ones among them) committed; each
    branch opens it with today's program, which gives the entries ids and keeps a backup."""
    repo = new_repo(tmp_path / "team")
    db = repo / "partners.json"
    record = new_partner("Atlas").model_dump(mode="json")
    for entry in record["stage_history"]:
        del entry["id"]
    record["activities"] = [
        {"date": "2026-03-02", "kind": "call", "text": "Left voicemail"},
        {"date": "2026-03-02", "kind": "call", "text": "Left voicemail"},
    ]
    v2 = {
        "meta": {"1": {"schema_version": 2}},
        "partners": {record["id"]: record},
        "templates": {},
        "settings": {},
    }
    db.write_bytes(dumps(v2))
    assert run_cli(tmp_path, "--db", db, "git-setup").returncode == 0
    commit_all(repo, "a schema 2 file")

    git(repo, "checkout", "-q", "-b", "anna")
    assert run_cli(tmp_path, "--db", db, "log", "Atlas", "Anna's note").returncode == 0
    assert json.loads(db.with_name("partners.bak.json").read_text())["meta"] == v2["meta"]
    commit_all(repo, "anna")
    git(repo, "checkout", "-q", "main")
    assert run_cli(tmp_path, "--db", db, "log", "Atlas", "Ben's note").returncode == 0
    commit_all(repo, "ben")

    merge = git_run(repo, "merge", "--no-edit", "anna")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    stored = json.loads(db.read_text())
    assert stored["meta"]["1"]["schema_version"] == 3
    atlas = stored["partners"][record["id"]]
    texts = sorted(a["text"] for a in atlas["activities"])
    assert texts == ["Anna's note", "Ben's note", "Left voicemail", "Left voicemail"]
    assert len(atlas["stage_history"]) == 1
    assert all(e.get("id") for e in [*atlas["activities"], *atlas["stage_history"]])
