"""What outreach keeps in the state folder (the last copied draft, the last template of
each partner) replaces a link put in its place instead of writing through it."""

from __future__ import annotations

import os
from pathlib import Path

from partner_tui.outreach.clipboard import LAST_COPY_FILE, write_last_copy
from partner_tui.outreach.last_template import (
    LAST_TEMPLATES_FILE,
    last_template_id,
    remember_template,
)
from tests.helpers.planted import PRECIOUS


def test_the_last_copied_draft_replaces_a_link(tmp_path: Path, precious: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / LAST_COPY_FILE).symlink_to(precious)
    # The temp name the previous version used (predictable from the pid) is no use either.
    (state / f".{LAST_COPY_FILE}.{os.getpid()}.tmp").symlink_to(precious)
    assert write_last_copy("Hi Ann,", state).ok
    assert precious.read_bytes() == PRECIOUS
    assert (state / LAST_COPY_FILE).read_text(encoding="utf-8") == "Hi Ann,"
    assert not (state / LAST_COPY_FILE).is_symlink()


def test_the_last_templates_replace_a_link(tmp_path: Path, precious: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / LAST_TEMPLATES_FILE).symlink_to(precious)
    assert last_template_id(state, "p1") is None  # a link is not read as ours
    remember_template(state, "p1", "t1")
    assert precious.read_bytes() == PRECIOUS
    assert last_template_id(state, "p1") == "t1"


def test_a_pipe_in_place_of_the_last_templates_is_ignored(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    os.mkfifo(state / LAST_TEMPLATES_FILE)
    assert last_template_id(state, "p1") is None
