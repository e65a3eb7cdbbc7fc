"""Under `umask 000` everything partner-tui makes for itself is still the person's alone:
folders 0700, files 0600 (the data file, its backup and lock, the state folder's caches,
the clipboard file, your config); a replaced file never lends its wider mode; a link
planted in the state folder (state/preview) is never followed. Exports are the exception,
meant to be shared: they get the umask's permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.domain.partner import new_partner
from partner_tui.os_compat.plain_files import NotPlainFile, private_folder
from partner_tui.outreach.clipboard import LAST_COPY_FILE, write_last_copy
from partner_tui.outreach.last_template import LAST_TEMPLATES_FILE, remember_template
from partner_tui.paths import state_dir, state_file
from partner_tui.profile import user_config, your_name
from partner_tui.speedups.board_preview import read_preview
from partner_tui.speedups.known_valid import load_known_valid
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.store.file.atomic_write import atomic_write
from partner_tui.store.file.backup import backup_path
from partner_tui.store.file.lock import lock_path
from partner_tui.store.partner_store import PartnerStore

pytestmark = pytest.mark.skipif(os.name == "nt", reason="mode bits are POSIX")


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def session(db: Path, company: str) -> None:
    with PartnerStore(db, hooks=store_speedups()) as store:
        store.partners.add(new_partner(company))


@pytest.mark.usefixtures("open_umask")
def test_the_data_folder_file_backup_and_lock_are_private(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "partners.json"
    session(db, "Acme")
    session(db, "Beta")  # a second session keeps a backup
    assert mode(tmp_path / "new") == mode(tmp_path / "new" / "deeper") == 0o700
    for path in (db, backup_path(db), lock_path(db)):
        assert mode(path) == 0o600, path


@pytest.mark.usefixtures("open_umask")
def test_the_state_folder_and_its_caches_are_private(db_path: Path) -> None:
    session(db_path, "Acme")
    for kind in ("preview", "validated"):
        cache = state_file(db_path, kind)
        assert mode(cache) == 0o600 and mode(cache.parent) == 0o700
    assert mode(state_dir()) == 0o700


@pytest.mark.usefixtures("open_umask")
def test_the_clipboard_file_the_last_templates_and_your_config_are_private(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "state2" / "sub"
    assert write_last_copy("Hi Ann,", folder).ok
    remember_template(folder, "p1", "t1")
    assert mode(folder) == mode(folder.parent) == 0o700
    assert mode(folder / LAST_COPY_FILE) == mode(folder / LAST_TEMPLATES_FILE) == 0o600
    your_name.save_your_name("Maya")
    assert mode(user_config.config_file()) == 0o600
    assert mode(user_config.config_file().parent) == 0o700


@pytest.mark.usefixtures("open_umask")
def test_a_replaced_file_never_lends_its_wider_mode(tmp_path: Path) -> None:
    """A state file another user swapped for a 0666 one: the next write is 0600."""
    target = tmp_path / "cache.json"
    target.write_bytes(b"{}")
    target.chmod(0o666)
    atomic_write(target, b'{"mine": 1}')
    assert mode(target) == 0o600


@pytest.mark.usefixtures("open_umask")
def test_an_export_keeps_the_umask(tmp_path: Path, db_path: Path) -> None:
    session(db_path, "Acme")
    out = tmp_path / "partners.csv"
    assert main(["--db", str(db_path), "export", "-f", "csv", "-o", str(out)]) == 0
    assert mode(out) == 0o666


@pytest.mark.parametrize("kind", ["preview", "validated"])
def test_a_symlinked_state_subfolder_is_never_followed(
    db_path: Path, tmp_path: Path, kind: str
) -> None:
    session(db_path, "Acme")
    folder = state_file(db_path, kind).parent
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # What the link would serve: a copy of the real cache (a made-up board, or a vouch
    # for records), planted in a folder someone else controls.
    (elsewhere / state_file(db_path, kind).name).write_bytes(
        state_file(db_path, kind).read_bytes()
    )
    for entry in folder.iterdir():
        entry.unlink()
    folder.rmdir()
    folder.symlink_to(elsewhere, target_is_directory=True)
    planted = sorted(p.name for p in elsewhere.iterdir())
    if kind == "preview":
        assert read_preview(db_path) is None
    else:
        assert load_known_valid(db_path).records == set()
    session(db_path, "Beta")  # writes its caches: never into the linked folder
    assert sorted(p.name for p in elsewhere.iterdir()) == planted
    assert folder.is_symlink()


def test_private_folder_refuses_a_link_inside_its_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "other").mkdir()
    (root / "preview").symlink_to(tmp_path / "other")
    with pytest.raises(NotPlainFile, match="is a symbolic link"):
        private_folder(root / "preview" / "deeper", inside=root)
    assert not (tmp_path / "other" / "deeper").exists()
