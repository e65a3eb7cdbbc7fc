"""Every file written beside the data file replaces its name, never writes through a link
put there: the backup, the temp files, a merge with another writer's file (the lock file has its own tests,
test_lock_file.py)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from partner_tui.domain.partner import new_partner
from partner_tui.store.file.atomic_write import temp_prefix
from partner_tui.store.file.backup import backup_path
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.planted import PRECIOUS


def make_db(path: Path, company: str) -> None:
    with PartnerStore(path) as store:
        store.partners.add(new_partner(company))


def test_a_symlinked_backup_name_is_replaced_not_written_through(
    db_path: Path, precious: Path
) -> None:
    make_db(db_path, "A")
    backup_path(db_path).symlink_to(precious)
    make_db(db_path, "B")  # the session's first write keeps the backup first
    assert precious.read_bytes() == PRECIOUS
    assert not backup_path(db_path).is_symlink()
    assert "A" in backup_path(db_path).read_text()


def test_merging_another_writers_file_writes_through_no_name_planted_beside_it(
    db_path: Path, tmp_path: Path, frozen_clock: datetime
) -> None:
    make_db(db_path, "A")
    # Where an older version copied the other writer's file aside: nothing is written
    # there now, nor anywhere but the data file (and its backup, once per session).
    stamp = frozen_clock.astimezone().strftime("%Y%m%dT%H%M%S")
    planted = db_path.with_name(f"{db_path.stem}.conflict-{stamp}{db_path.suffix}")
    target = tmp_path / "home" / ".profile"
    target.parent.mkdir()
    planted.symlink_to(target)  # dangling: exists() says no, yet it would be written through
    with PartnerStore(db_path) as store:
        data = json.loads(db_path.read_text())
        theirs = new_partner("Theirs").model_dump(mode="json")
        data["partners"][theirs["id"]] = theirs
        other = db_path.with_name("editor-tmp")
        other.write_text(json.dumps(data))
        os.replace(other, db_path)
        store.partners.add(new_partner("Mine"))
    assert not target.exists()
    assert planted.is_symlink()
    names = sorted(p.name for p in db_path.parent.iterdir() if p.is_file())
    assert names == sorted([db_path.name, backup_path(db_path).name, f".{db_path.name}.lock"])
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["A", "Mine", "Theirs"]


def test_stale_temp_names_that_are_links_are_removed_not_followed(
    db_path: Path, precious: Path
) -> None:
    make_db(db_path, "A")
    stale = db_path.with_name(f"{temp_prefix(db_path)}999-abcd")
    stale.symlink_to(precious)
    make_db(db_path, "B")
    assert not os.path.lexists(stale)
    assert precious.read_bytes() == PRECIOUS
