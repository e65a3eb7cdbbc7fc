"""Starting from the board's preview: the first paint does not wait for the file, but
nothing ever acts on the preview, and a file that went bad since is still refused."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from textual import events

from partner_tui import cli
from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.paths import state_file
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.store.errors import DatabaseUnreadable
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.screen import BoardScreen
from tests.helpers.toasts import Toasts


def make_file(path: Path, n: int = 3) -> list[str]:
    # With the speedups, as the command line and the app open a store: closing keeps the
    # board's preview for the next start.
    with PartnerStore(path, hooks=store_speedups()) as store:
        added = store.partners.add_many([new_partner(f"Co {i}") for i in range(n)])
    return [p.id for p in added]


def same_size_and_time(path: Path, content: bytes) -> None:
    """Replace the file's bytes, keeping its size and modification time (what the
    preview is keyed on): the worst case, a change the preview cannot see."""
    st = path.stat()
    assert len(content) == st.st_size
    path.write_bytes(content)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def shown_companies(app: PartnerApp, stage: Stage) -> list[str]:
    board = app.screen
    assert isinstance(board, BoardScreen)
    return [card.company for card in board.column(stage).partners]


async def test_with_a_preview_the_file_is_read_after_the_first_paint(db_path: Path) -> None:
    make_file(db_path)
    app = PartnerApp(db_path=db_path)
    assert app.preview is not None
    assert not app.store_open  # constructing the app did not read the file
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.store_open
        assert shown_companies(app, Stage.PROSPECT) == ["Co 0", "Co 1", "Co 2"]
        assert app.screen.query("KeyBar")  # the key bar: keys act on the file now


async def test_a_stale_preview_gives_way_to_the_file(db_path: Path) -> None:
    make_file(db_path)
    # Someone renamed a company without changing the file's size or time.
    same_size_and_time(db_path, db_path.read_bytes().replace(b'"Co 1"', b'"Xy 1"'))
    app = PartnerApp(db_path=db_path)
    assert app.preview is not None
    assert [c.company for c in app.preview.columns[Stage.PROSPECT]][1] == "Co 1"
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown_companies(app, Stage.PROSPECT) == ["Co 0", "Xy 1", "Co 2"]


async def test_a_key_before_the_file_is_read_acts_on_the_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_file(db_path)
    # The file is normally read right after the first paint; here the key comes first.
    monkeypatch.setattr(PartnerApp, "_after_first_paint", lambda self: None)
    app = PartnerApp(db_path=db_path)
    async with app.run_test() as pilot:
        assert not app.store_open
        await pilot.press("shift+right")
        await pilot.pause()
        assert app.store_open
        assert app.store.partners.card(ids[0]).stage is Stage.ENGAGE
        assert shown_companies(app, Stage.ENGAGE) == ["Co 0"]
        assert shown_companies(app, Stage.PROSPECT) == ["Co 1", "Co 2"]


async def test_a_file_damaged_since_its_preview_ends_the_app_untouched(db_path: Path) -> None:
    make_file(db_path)
    damaged = db_path.read_bytes().replace(b'"Co 1"', b'"Co 1 ', 1)  # not JSON any more
    same_size_and_time(db_path, damaged)
    app = PartnerApp(db_path=db_path)
    async with app.run_test() as pilot:
        await pilot.pause()
    assert app.return_code == 1
    assert isinstance(app.open_error, DatabaseUnreadable)
    assert "not valid JSON" in str(app.open_error)
    assert db_path.read_bytes() == damaged


def test_the_command_line_reports_a_file_damaged_since_its_preview(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_file(db_path)
    damaged = db_path.read_bytes().replace(b'"Co 1"', b'"Co 1 ', 1)
    same_size_and_time(db_path, damaged)
    real_run = PartnerApp.run
    monkeypatch.setattr(PartnerApp, "run", lambda self: real_run(self, headless=True))
    assert cli.main(["--db", str(db_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("partner-tui: ")
    assert "not valid JSON" in error
    assert db_path.read_bytes() == damaged
    with PartnerStore(db_path.with_name("other.json")):
        pass  # (the lock of the damaged file was released: see the next assertion)
    with pytest.raises(DatabaseUnreadable):
        PartnerStore(db_path)  # refused for its damage, not for a lock left behind


def test_a_second_writer_starts_from_the_preview_and_writes(db_path: Path) -> None:
    """Once refused while another writer had the file: now it starts as the first did."""
    make_file(db_path)
    with PartnerStore(db_path):
        app = PartnerApp(db_path=db_path)
        assert app.preview is not None and not app.session.read_only


async def test_a_reader_starts_from_the_preview_while_a_writer_works(db_path: Path) -> None:
    make_file(db_path)
    with PartnerStore(db_path):
        app = PartnerApp(db_path=db_path, read_only=True)
        assert app.preview is not None
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.store.read_only
            assert shown_companies(app, Stage.PROSPECT) == ["Co 0", "Co 1", "Co 2"]


async def test_without_a_usable_preview_the_file_is_read_first(db_path: Path) -> None:
    make_file(db_path)
    state_file(db_path, "preview").write_bytes(orjson.dumps({"stamp": "old"}))
    app = PartnerApp(db_path=db_path)
    assert app.preview is None
    assert app.store_open
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown_companies(app, Stage.PROSPECT) == ["Co 0", "Co 1", "Co 2"]


async def test_work_after_open_waits_while_a_key_is_answered(db_path: Path) -> None:
    make_file(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.store.hooks.pause == app.session._wait_until_answered
        assert app.session.answered.is_set()
        seen: list[bool] = []
        original = app.on_event

        async def spy(event):  # type: ignore[no-untyped-def]
            await original(event)
            if isinstance(event, events.Key):
                seen.append(app.session.answered.is_set())

        app.on_event = spy  # type: ignore[method-assign]
        await pilot.press("down")
        await pilot.pause()
        assert seen and not any(seen)  # while the key was being answered, the work waited
        assert app.session.answered.is_set()  # and after the screen answered, it goes on


async def test_a_key_aimed_at_a_preview_of_a_file_replaced_since_is_dropped(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_file(db_path)
    monkeypatch.setattr(PartnerApp, "_after_first_paint", lambda self: None)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook) as pilot:
        assert shown_companies(app, Stage.PROSPECT)[0] == "Co 0"  # the preview
        # Another program replaces the file before the app has read it (a sync tool:
        # a new file renamed over it; the app's writer lock is on the path, not on this).
        elsewhere = db_path.with_name("elsewhere") / db_path.name
        elsewhere.parent.mkdir()
        elsewhere.write_bytes(db_path.read_bytes())
        with PartnerStore(elsewhere) as other:
            other.partners.delete(ids[0])
        os.replace(elsewhere, db_path)
        theirs = db_path.read_bytes()
        await pilot.press("shift+right")  # aimed at "Co 0", which is gone
        await pilot.pause()
        assert app.session.changed_since_preview
        assert shown_companies(app, Stage.PROSPECT) == ["Co 1", "Co 2"]
        assert shown_companies(app, Stage.ENGAGE) == []  # "Co 1" was not moved instead
        assert any("Press the key again" in n.message for n in toasts)
        await pilot.press("shift+right")  # pressed again, on the board as it is now
        await pilot.pause()
        assert shown_companies(app, Stage.ENGAGE) == ["Co 1"]
    assert db_path.read_bytes() != theirs
