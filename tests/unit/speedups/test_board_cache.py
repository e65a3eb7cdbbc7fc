"""The kept board (speedups/board_cache.py): carried to the file a store wrote, it is the
very bytes the first read of that file would have kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partner_tui.cli.dispatch import main
from partner_tui.speedups import board_cache
from partner_tui.speedups.state_cache import kept_file

TEXT = st.text(max_size=12)
ENTRY = st.fixed_dictionaries({"date": TEXT, "author": TEXT, "text": TEXT})
RECORD = st.fixed_dictionaries(
    {"id": TEXT, "stage": TEXT, "company": TEXT, "notes": TEXT},
    optional={"activities": st.lists(ENTRY, max_size=3), "cadence": st.dictionaries(TEXT, TEXT)},
)


def _carried_is_kept(file: Path, tables: dict) -> None:
    kept = kept_file(file, board_cache.KIND)
    kept.unlink(missing_ok=True)
    board_cache.keep_board(file, "first-digest", tables)
    first = kept.read_bytes()
    board_cache.carry_board(file, "second-digest", tables)
    carried = kept.read_bytes()
    key = board_cache._key
    assert carried == first.replace(key("first-digest").encode(), key("second-digest").encode())
    assert board_cache.kept_board(file, "second-digest") is not None


def test_the_demo_programs_board_carried_is_the_board_kept(
    db_path: Path, frozen_clock: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    tables = json.loads(db_path.read_text(encoding="utf-8"))
    _carried_is_kept(db_path, tables)
    tables["deals"] = {}
    _carried_is_kept(db_path, tables)


@given(st.dictionaries(TEXT, RECORD, max_size=5), st.dictionaries(TEXT, TEXT, max_size=2),
       st.booleans())
def test_any_board_carried_is_the_board_kept(
    tmp_path_factory, partners: dict, settings: dict, deals: bool  # type: ignore[no-untyped-def]
) -> None:
    file = tmp_path_factory.mktemp("carry") / "partners.json"
    _carried_is_kept(file, {"partners": partners, "settings": {"1": settings},
                            "deals": {"d": {}} if deals else {}})


def test_nothing_is_carried_where_no_board_was_kept(tmp_path: Path) -> None:
    file = tmp_path / "partners.json"
    board_cache.carry_board(file, "digest", {"partners": {}, "settings": {}})
    assert not kept_file(file, board_cache.KIND).exists()
