"""The one way in and out of the state folder (speedups/state_cache.py): a kept file is
read only when it is a regular file reached through the state folder's own folders, and
replaced whole, never written through a link; and no other module makes its own way in."""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import partner_tui
from partner_tui.paths import state_dir, state_file
from partner_tui.speedups.state_cache import is_kept, keep, kept_under, read_kept
from tests.helpers.planted import PRECIOUS

PACKAGE = Path(partner_tui.__file__).parent
# The only modules that may name a file in the state folder (paths.state_file) themselves.
WAYS_IN = {PACKAGE / "paths.py", PACKAGE / "speedups" / "state_cache.py"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(content=json_values)
def test_what_is_kept_is_read_back(
    tmp_path_factory: pytest.TempPathFactory, content: object
) -> None:
    db = tmp_path_factory.mktemp("db") / "partners.json"
    keep(db, "kind", content)
    assert read_kept(db, "kind") == content


def test_a_keyed_kind_is_read_only_under_its_key(db_path: Path) -> None:
    assert kept_under(db_path, "board", "v1/abc") is None
    assert not is_kept(db_path, "board", "v1/abc")
    keep(db_path, "board", {"key": "v1/abc", "partners": {}})
    assert kept_under(db_path, "board", "v1/abc") == {"key": "v1/abc", "partners": {}}
    assert is_kept(db_path, "board", "v1/abc")
    assert kept_under(db_path, "board", "v1/abd") is None
    assert not is_kept(db_path, "board", "v1/abd")
    keep(db_path, "board", ["key", "v1/abc"])  # not a dict: never taken for one kept under it
    assert kept_under(db_path, "board", "v1/abc") is None


def test_damage_reads_as_nothing_kept(db_path: Path) -> None:
    keep(db_path, "kind", {"key": "k"})
    state_file(db_path, "kind").write_bytes(b'{"key": "k", "partn')
    assert read_kept(db_path, "kind") is None
    assert kept_under(db_path, "kind", "k") is None


def test_a_link_in_place_of_a_kept_file_is_not_read_and_is_replaced(
    db_path: Path, precious: Path
) -> None:
    keep(db_path, "kind", {"key": "k"})
    kept = state_file(db_path, "kind")
    kept.unlink()
    precious.write_bytes(b'{"key": "k", "planted": true}')
    kept.symlink_to(precious)
    assert read_kept(db_path, "kind") is None
    assert not is_kept(db_path, "kind", "k")
    keep(db_path, "kind", {"key": "k2"})
    assert precious.read_bytes() == b'{"key": "k", "planted": true}'
    assert not kept.is_symlink() and read_kept(db_path, "kind") == {"key": "k2"}


def test_a_linked_kind_folder_is_neither_read_nor_written_through(
    db_path: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    state_dir().mkdir(parents=True, exist_ok=True)
    (state_dir() / "kind").symlink_to(elsewhere, target_is_directory=True)
    planted = elsewhere / state_file(db_path, "kind").name
    planted.write_bytes(PRECIOUS)
    assert read_kept(db_path, "kind") is None
    keep(db_path, "kind", {"key": "k"})
    assert planted.read_bytes() == PRECIOUS
    assert sorted(p.name for p in elsewhere.iterdir()) == [planted.name]


def test_a_pipe_in_place_of_a_kept_file_is_passed_at_once(db_path: Path) -> None:
    keep(db_path, "kind", {"key": "k"})
    kept = state_file(db_path, "kind")
    kept.unlink()
    os.mkfifo(kept)
    started = time.monotonic()
    assert read_kept(db_path, "kind") is None
    assert not is_kept(db_path, "kind", "k")
    assert time.monotonic() - started < 5  # a blocking open would never return


def test_no_module_but_the_state_cache_names_a_kept_file() -> None:
    """Fails on the next cache that reads or writes the state folder its own way: every
    kind goes through state_cache's read_kept / kept_under / is_kept / keep."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path in WAYS_IN:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = node.func
                name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
                if name == "state_file":
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_every_kind_is_keyed_by_the_program_that_kept_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One place says which program kept a thing (state_cache.program_stamp): another
    release, or the same release's code changed in a working copy, reads nothing kept.
    No cache keys itself by the version alone (fails on the next that does)."""
    from partner_tui.speedups import state_cache

    code = tmp_path / "code"
    code.mkdir()
    monkeypatch.setattr(state_cache, "CODE_FOLDERS", [code])
    stamp = state_cache.program_stamp()
    assert state_cache.program_stamp() == stamp
    os.utime(code, ns=(1, code.stat().st_mtime_ns + 1))  # a file replaced by a merge
    assert state_cache.program_stamp() != stamp
    stamp = state_cache.program_stamp()
    monkeypatch.setattr(state_cache, "__version__", "9.9.9")
    assert state_cache.program_stamp() != stamp

    own = []
    for path in (PACKAGE / "speedups").glob("*.py"):
        if path.name != "state_cache.py" and "__version__" in path.read_text(encoding="utf-8"):
            own.append(path.name)
    assert own == []
