"""Every file written beside the data file replaces its name, never writes through a link
put there: the backup, a conflict copy, the temp files (the lock file has its own tests,
test_lock_file.py)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from partner_tui.domain.partner import new_partner
from partner_tui.store.atomic import temp_prefix
from partner_tui.store.backup import backup_path
from partner_tui.store.errors import ChangedOnDisk
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.planted import PRECIOUS


def make_db(path: Path, company: str) -> None:
    with PartnerStore(path) as store:
        store.add(new_partner(company))


def test_a_symlinked_backup_name_is_replaced_not_written_through(
    db_path: Path, precious: Path
) -> None:
    make_db(db_path, "A")
    backup_path(db_path).symlink_to(precious)
    make_db(db_path, "B")  # the session's first write keeps the backup first
    assert precious.read_bytes() == PRECIOUS
    assert not backup_path(db_path).is_symlink()
    assert "A" in backup_path(db_path).read_text()


def test_a_conflict_copy_skips_a_name_someone_made_and_writes_through_nothing(
    db_path: Path, tmp_path: Path, frozen_clock: datetime
) -> None:
    make_db(db_path, "A")
    stamp = frozen_clock.astimezone().strftime("%Y%m%dT%H%M%S")
    planted = db_path.with_name(f"{db_path.stem}.conflict-{stamp}{db_path.suffix}")
    target = tmp_path / "home" / ".profile"
    target.parent.mkdir()
    planted.symlink_to(target)  # dangling: exists() says no, yet it would be written through
    with PartnerStore(db_path) as store:
        data = json.loads(db_path.read_text())
        data["partners"]["100"] = new_partner("Theirs").model_dump(mode="json")
        other = db_path.with_name("editor-tmp")
        other.write_text(json.dumps(data))
        os.replace(other, db_path)
        theirs = db_path.read_bytes()
        with pytest.raises(ChangedOnDisk):
            store.add(new_partner("Mine"))
        aside = store.keep_mine()
    assert not target.exists()
    assert planted.is_symlink()
    assert aside != planted and aside.read_bytes() == theirs


def test_stale_temp_names_that_are_links_are_removed_not_followed(
    db_path: Path, precious: Path
) -> None:
    make_db(db_path, "A")
    stale = db_path.with_name(f"{temp_prefix(db_path)}999-abcd")
    stale.symlink_to(precious)
    make_db(db_path, "B")
    assert not os.path.lexists(stale)
    assert precious.read_bytes() == PRECIOUS
