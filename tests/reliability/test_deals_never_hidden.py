"""A deal never outlives its partner unseen: an undone quick add keeps a partner that has
deals, and a merge that would leave a deal pointing at nobody keeps its partner, archived,
with a note (the app, a second writer's process, a real `git merge`)."""

from __future__ import annotations

import json
from pathlib import Path

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.git_repo import commit_all, git, git_run, new_repo
from tests.helpers.pilot import type_text
from tests.helpers.toasts import Toasts
from tests.helpers.torture import run_cli


def deals_csv(folder: Path, partner: str, customer: str) -> Path:
    path = folder / f"{customer}.csv"
    path.write_text(f"partner,customer,status,registered_on\n{partner},{customer},registered,"
                    "2026-03-02\n")
    return path


async def test_undo_of_a_quick_add_keeps_a_partner_that_has_deals_now(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Atlas"))
    app = PartnerApp(db_path=db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Beaconly")
        await pilot.press("enter")
        await pilot.pause()
        app.store.flush()
        # A teammate registers a deal for it from the command line (another process).
        done = run_cli(tmp_path, "--db", db, "import-deals", deals_csv(tmp_path, "Beaconly", "Initech"))
        assert done.returncode == 0, done.stderr
        for _ in range(200):  # until the app has taken the other writer's change
            if any(app.store.deals.of_partner(p.id) for p in app.store.partners.all()):
                break
            await pilot.pause(0.05)
        await pilot.press("ctrl+z")
        await pilot.pause()
        messages = [n.message for n in toasts]
        assert any("Beaconly has a deal registered since, so it stays" in m for m in messages)
        app.store.flush()
    with PartnerStore(db, read_only=True) as store:
        beaconly = [p for p in store.partners.all() if p.company == "Beaconly"]
        assert len(beaconly) == 1
        assert [d.customer for d in store.deals.of_partner(beaconly[0].id)] == ["Initech"]


def test_an_undo_that_meets_a_deal_only_on_disk_keeps_the_partner_archived(
    tmp_path: Path,
) -> None:
    """The add is taken back before this process saw the deal: the write's merge keeps
    the partner (archived, noted), so the deal still shows."""
    db = tmp_path / "p.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Atlas"))
    with PartnerStore(db) as store:
        added = store.partners.add(new_partner("Beaconly"))
        store.flush()
        done = run_cli(tmp_path, "--db", db, "import-deals", deals_csv(tmp_path, "Beaconly", "Initech"))
        assert done.returncode == 0, done.stderr
        store.undo()
    with PartnerStore(db, read_only=True) as store:
        kept = store.partners.get(added.id)
        assert kept.stage is Stage.ARCHIVED and kept.archived_from is Stage.PROSPECT
        assert kept.stage_history[-1].stage is Stage.ARCHIVED
        assert "kept, archived, so no deal is hidden" in kept.activities[-1].text
        assert [d.customer for d in store.deals.all()] == ["Initech"]


def test_a_branch_deleting_a_partner_while_another_registers_a_deal_keeps_it(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path / "team")
    db = repo / "partners.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Atlas"))
        gone = store.partners.add(new_partner("Beaconly", Stage.ENGAGE)).id
    assert run_cli(tmp_path, "--db", db, "git-setup").returncode == 0
    commit_all(repo, "two partners")

    git(repo, "checkout", "-q", "-b", "tidy")
    with PartnerStore(db) as store:
        store.partners.delete(gone)
    commit_all(repo, "delete Beaconly")
    git(repo, "checkout", "-q", "main")
    done = run_cli(tmp_path, "--db", db, "import-deals", deals_csv(tmp_path, "Beaconly", "Initech"))
    assert done.returncode == 0, done.stderr
    commit_all(repo, "a deal for Beaconly")

    merge = git_run(repo, "merge", "--no-edit", "tidy")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    stored = json.loads(db.read_text())
    assert stored["partners"][gone]["stage"] == "archived"
    with PartnerStore(db, read_only=True) as store:
        kept = store.partners.get(gone)
        assert kept.archived_from is Stage.ENGAGE
        assert "kept, archived" in kept.activities[-1].text
        assert [d.customer for d in store.deals.of_partner(gone)] == ["Initech"]


def test_a_partner_with_deals_is_not_deleted(tmp_path: Path) -> None:
    import pytest

    from partner_tui.store.errors import PartnerHasDeals

    db = tmp_path / "p.json"
    with PartnerStore(db) as store:
        beaconly = store.partners.add(new_partner("Beaconly")).id
    done = run_cli(tmp_path, "--db", db, "import-deals", deals_csv(tmp_path, "Beaconly", "Initech"))
    assert done.returncode == 0, done.stderr
    with PartnerStore(db) as store, pytest.raises(PartnerHasDeals, match="archive it instead"):
        store.partners.delete(beaconly)
    with PartnerStore(db, read_only=True) as store:
        assert [d.customer for d in store.deals.of_partner(beaconly)] == ["Initech"]
