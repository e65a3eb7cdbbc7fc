"""Two people, two branches, one data file, real git: `git merge` reports no conflict and
every change of both is in the merged file, the clash written in the activity log.

Each branch is edited the way a person does: through the app (Pilot: moves, a quick add,
the form) and `partner-tui import`; git-setup and the merge driver are the real commands.
"""

from __future__ import annotations

import json
from pathlib import Path

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.file.serialize import dumps
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.git_repo import commit_all, git, git_run, new_repo
from tests.helpers.pilot import fill, focused_company, type_text
from tests.helpers.torture import run_cli

COMPANIES = ["Atlas", "Bolt", "Cobalt", "Delta", "Ember"]


def team_repo(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A repository holding a program of five prospects, set up by `git-setup`."""
    repo = new_repo(tmp_path / "team")
    data = repo / "partners.json"
    with PartnerStore(data) as store:
        ids = {p.company: p.id for p in store.partners.add_many([new_partner(c) for c in COMPANIES])}
    setup = run_cli(tmp_path, "--db", data, "git-setup")
    assert setup.returncode == 0, setup.stderr
    commit_all(repo, "our partners")
    return repo, data, ids


async def edit_in_app(
    data: Path, move: str, add: str, partner_id: str, fields: dict[str, str]
) -> None:
    """Move one card a stage on, quick-add a partner, and edit fields in the form."""
    app = PartnerApp(db_path=data)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in COMPANIES:  # down the Prospect column to the card, as a person would
            if focused_company(app) == move:
                break
            await pilot.press("j")
        assert focused_company(app) == move
        await pilot.press("shift+right")
        await pilot.press("n")
        await type_text(pilot, add)
        await pilot.press("enter")
        await pilot.pause()
        app.open_partner_form(partner_id)
        await pilot.pause()
        for selector, text in fields.items():
            await fill(pilot, selector, text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.store.flush()


def read(data: Path) -> dict[str, object]:
    with PartnerStore(data, read_only=True) as store:  # every record validated
        return {p.company: p for p in store.partners.all()}


async def test_two_branches_merge_without_a_conflict_and_keep_every_edit(tmp_path: Path) -> None:
    repo, data, ids = team_repo(tmp_path)
    atlas = ids["Atlas"]

    git(repo, "checkout", "-q", "-b", "anna")
    await edit_in_app(data, "Bolt", "Anna Co", atlas, {
        "#f-contact_email": "ann@atlas.io", "#f-website": "anna.example.com",
    })
    commit_all(repo, "anna's changes")

    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "ben")
    csv = tmp_path / "new.csv"
    csv.write_text("company,stage,notes\nImported One,engage,from a fair\nImported Two,,\n")
    imported = run_cli(tmp_path, "--db", data, "import", csv)
    assert imported.returncode == 0, imported.stderr
    await edit_in_app(data, "Cobalt", "Ben Co", atlas, {
        "#f-owner": "Ben", "#f-website": "ben.example.com",  # the website clashes, later
    })
    commit_all(repo, "ben's changes")

    merge = git_run(repo, "merge", "--no-edit", "anna")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert "CONFLICT" not in merge.stdout + merge.stderr
    assert "partner-tui: merged partners.json record by record" in merge.stdout
    text = data.read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert git(repo, "status", "--porcelain") == ""

    partners = read(data)
    assert set(partners) == {*COMPANIES, "Anna Co", "Ben Co", "Imported One", "Imported Two"}
    assert partners["Bolt"].stage is Stage.ENGAGE  # anna's move
    assert partners["Cobalt"].stage is Stage.ENGAGE  # ben's move
    assert partners["Imported One"].notes == "from a fair"
    merged = partners["Atlas"]
    assert merged.contact_email == "ann@atlas.io"  # anna's field
    assert merged.owner == "Ben"  # ben's field
    assert merged.website == "https://ben.example.com"  # the later change
    notes = [a.text for a in merged.activities]
    assert "merge: website was https://anna.example.com on the other side" in notes


async def test_a_file_from_before_stable_keys_merges_too(tmp_path: Path) -> None:
    """main holds a schema-1 file (keyed "1", "2", ...). One branch opens it in today's
    app, which writes it keyed by id; the other is edited by an older partner-tui (here:
    by hand, as one would write it) and adds a partner under the next counter key."""
    repo = new_repo(tmp_path / "team")
    data = repo / "partners.json"
    records = [new_partner(c).model_dump(mode="json") for c in COMPANIES[:3]]
    v1 = {
        "meta": {"1": {"schema_version": 1}},
        "partners": {str(n): record for n, record in enumerate(records, start=1)},
        "templates": {},
        "settings": {},
    }
    data.write_bytes(dumps(v1))
    assert run_cli(tmp_path, "--db", data, "git-setup").returncode == 0
    commit_all(repo, "a schema 1 file")

    git(repo, "checkout", "-q", "-b", "new")
    await edit_in_app(data, "Atlas", "New Co", records[1]["id"], {"#f-owner": "Nia"})
    commit_all(repo, "today's app")

    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "old")
    old = json.loads(data.read_text())
    old["partners"]["3"]["notes"] = "edited by an older partner-tui"
    old["partners"]["4"] = new_partner("Old Co").model_dump(mode="json")
    data.write_bytes(dumps(old))
    commit_all(repo, "an older app")

    merge = git_run(repo, "merge", "--no-edit", "new")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    stored = json.loads(data.read_text())
    assert stored["meta"]["1"]["schema_version"] >= 2
    assert all(key == record["id"] for key, record in stored["partners"].items())
    partners = read(data)
    assert set(partners) == {*COMPANIES[:3], "New Co", "Old Co"}
    assert partners["Atlas"].stage is Stage.ENGAGE
    assert partners["Bolt"].owner == "Nia"
    assert partners["Cobalt"].notes == "edited by an older partner-tui"
