"""Pictures of every screen, made by the app itself: `partner-tui screenshots`.

The real PartnerApp runs headless (Textual's `run_test`, 120x40 or 80x24) on a fresh copy
of the demo program (or an empty file); each scene presses the keys a user would press to
reach a screen and saves Textual's SVG export as `screens/<scene>.svg`.

SCENES is the one list of pictures: the README and the manual show them, and the snapshot
tests (tests/ui/pictures/test_pictures.py) draw each one again and compare it byte for byte
with screens/. One command redraws them all: `partner-tui screenshots` (docs/pictures.md).

The output is deterministic, so a test can regenerate the pictures and fail when a
screen changed but its picture was not updated:
- the demo data is built for a FIXED day and the domain clock is frozen to that day
  (dates such as "due in 3 days" would otherwise change every morning);
- the database path the app shows is always `partners.json` (not a temp folder);
- cursors stop blinking, animations are off, NO_COLOR is ignored, and a picture is
  taken only once two exports in a row agree (the screen has finished laying out);
- Rich names the SVG's CSS classes after a hash of the picture itself, so the same
  screen gives the same bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from partner_tui.domain import clock
from partner_tui.os_compat.files import new_file_mode
from partner_tui.os_compat.plain_files import user_folder
from partner_tui.profile import your_name
from partner_tui.store.file.atomic_write import atomic_write
from partner_tui.ui.form.sections import SECTIONS as FORM_SECTIONS

# The day every picture is taken on (a Monday, like the tests' frozen clock).
PICTURE_DAY = date(2026, 3, 16)
PICTURE_NOW = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
SIZE = (120, 40)
SMALL = (80, 24)  # the smallest terminal the app is laid out for
TITLE = "partner-tui"
# What the header shows as the data file, whatever temp folder the pictures use.
SHOWN_DB_PATH = Path("partners.json")
# `screens/` at the top of the source checkout: where README links the pictures.
CHECKOUT_SCREENS = Path(__file__).resolve().parents[2] / "screens"


def default_out() -> Path:
    """The checkout's screens/ when run from a source checkout, else ./screens."""
    if (CHECKOUT_SCREENS.parent / "pyproject.toml").is_file():
        return CHECKOUT_SCREENS
    return Path("screens")


@dataclass(frozen=True)
class Scene:
    """One picture: which keys reach the screen, and which screen must then be on top.

    Consecutive scenes with the same `session` are taken in one run of the app (starting
    the app is the slow part); each one's keys are pressed where the previous one ended.
    A scene without a session, or the first of its session, starts from the board.
    """

    name: str  # the file name, without .svg
    keys: tuple[str, ...]  # pressed in order, as a user would
    screen: str  # class name of the screen that must be on top when the picture is taken
    session: str = ""
    size: tuple[int, int] = SIZE  # the terminal's columns and lines (the same in a session)
    demo: bool = True  # the demo program, or an empty file (the same in a session)


# Keys to reach the Active column, where Northwind CRM has every checklist filled in.
_TO_ACTIVE = ("right", "right", "right")
_FORM = (*_TO_ACTIVE, "enter")

SCENES: tuple[Scene, ...] = (
    Scene("board", (), "BoardScreen", session="board"),
    Scene(  # "channel" matches a card or two in every column
        "board-filter",
        ("slash", *"channel"),
        "BoardScreen",
        session="board",
    ),
    *(  # one picture per section of the partner form, reached with its own key
        Scene(
            f"form-{section.id}",
            # The key twice: switching sections moves the cursor to the first field, but
            # Textual may then blur that field when it hides the old section, so which
            # field has the cursor would vary; a second press (no switch) settles it.
            (*_FORM, section.key, section.key) if index == 0 else (section.key, section.key),
            "PartnerFormScreen",
            session="form",
        )
        for index, section in enumerate(FORM_SECTIONS)
    ),
    Scene(  # Parley Chat (Engage): a partner whose every placeholder is filled
        "outreach",
        ("right", "o"),
        "OutreachScreen",
    ),
    Scene("templates", ("t",), "TemplateLibraryScreen"),
    Scene("dashboard", ("d",), "DashboardScreen"),
    # Last month's payouts, then the deals behind Kestrel's revenue share.
    Scene("payouts", ("p",), "PayoutsScreen", session="payouts"),
    Scene("payouts-deals", ("down", "enter"), "DealsBehind", session="payouts"),
    Scene("settings", ("d", "s"), "SettingsScreen"),
    Scene("help", ("question_mark",), "HelpScreen"),
    # The smallest terminal: the board, its dialogs and the screens with wide tables.
    *(
        Scene(name, keys, screen, session="small", size=SMALL)
        for name, keys, screen in (
            ("board-80x24", (), "BoardScreen"),
            ("dialog-archive-80x24", ("x",), "ChoiceDialog"),
            ("dialog-new-80x24", ("escape", "n"), "QuickAddScreen"),
            ("payouts-80x24", ("escape", "p"), "PayoutsScreen"),
            ("help-80x24", ("question_mark",), "HelpScreen"),
            ("settings-80x24", ("escape", "escape", "d", "s"), "SettingsScreen"),
        )
    ),
    Scene("board-empty-80x24", (), "BoardScreen", size=SMALL, demo=False),
)


# Who the pictures' person is (the demo's partnership manager).
PICTURE_AUTHOR = "Maya Okafor"


class SceneFailed(RuntimeError):
    """The keys did not lead to the screen the scene expects (a key or screen changed)."""


@contextlib.contextmanager
def frozen_clock(now: datetime = PICTURE_NOW) -> Iterator[None]:
    """Freeze the domain clock for the duration (everything asks `clock.now()`)."""
    saved = clock.now, clock.today
    clock.now = lambda: now  # type: ignore[assignment]
    clock.today = lambda: now.date()  # type: ignore[assignment]
    try:
        yield
    finally:
        clock.now, clock.today = saved  # type: ignore[assignment]


@contextlib.contextmanager
def _picture_environment(state: Path) -> Iterator[None]:
    """The same pictures on every machine, and nothing written to the user's home.

    NO_COLOR would turn every picture grey; the state folder is where screens keep
    things such as the last copied text.
    """
    # The demo's partnership manager is the one at the keyboard: [Your name] in outreach.
    config = state.parent / "config"
    changes = {
        "PARTNER_TUI_STATE_DIR": str(state),
        "PARTNER_TUI_CONFIG_DIR": str(config),
        "NO_COLOR": None,
    }
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        your_name.forget()
        your_name.save_your_name(PICTURE_AUTHOR)
        yield
    finally:
        your_name.forget()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def make_demo_database(path: Path, today: date = PICTURE_DAY) -> Path:
    """A database file holding the demo program as it stands on `today`."""
    from partner_tui.exchange.demo import load_demo
    from partner_tui.store.partner_store import PartnerStore

    with PartnerStore(path) as store:
        load_demo(store, today)
    return path


def make_empty_database(path: Path) -> Path:
    """A database file with nothing in it yet: the board a new user first sees."""
    from partner_tui.store.partner_store import PartnerStore

    with PartnerStore(path):
        pass
    return path


def sessions(scenes: list[Scene]) -> list[list[Scene]]:
    """Group consecutive scenes that share a session (see Scene)."""
    groups: list[list[Scene]] = []
    for scene in scenes:
        if groups and scene.session and groups[-1][-1].session == scene.session:
            groups[-1].append(scene)
        else:
            groups.append([scene])
    return groups


async def _settled_picture(app: Any, pilot: Any, tries: int = 40) -> str:
    """The screen's SVG once two exports in a row agree.

    Some screens lay out in more than one refresh (an Input learns its width, a table
    fills in), so one pause is not always enough; comparing exports waits exactly as long
    as the screen needs, instead of guessing a delay.
    """
    await pilot.pause()
    picture = app.export_screenshot(title=TITLE)
    for _ in range(tries):
        await pilot.pause()
        again = app.export_screenshot(title=TITLE)
        if again == picture:
            return picture
        picture = again
    raise SceneFailed(f"the screen {type(app.screen).__name__} kept changing; no stable picture")


async def capture(scenes: list[Scene], db_file: Path) -> list[str]:
    """Run the app once on a copy of `db_file`, at the first scene's size; return one SVG
    per scene, in order."""
    from textual.widgets import Input, TextArea

    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.app import PartnerApp

    pictures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="partner-tui-shot-") as tmp:
        copy = Path(tmp) / "partners.json"
        atomic_write(copy, db_file.read_bytes())
        # The store is handed in so the app shows a stable path, not the temp folder.
        store = PartnerStore(copy, write_behind=True)
        app = PartnerApp(db_path=SHOWN_DB_PATH, store=store)
        app.animation_level = "none"
        async with app.run_test(size=scenes[0].size) as pilot:
            await pilot.pause()
            for scene in scenes:
                for key in scene.keys:
                    await pilot.press(key)
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                on_top = type(app.screen).__name__
                if on_top != scene.screen:
                    raise SceneFailed(
                        f"scene {scene.name!r}: keys {list(scene.keys)} led to {on_top}, "
                        f"not {scene.screen}"
                    )
                # A blinking cursor would make the picture depend on the instant it is taken.
                for widget in app.screen.query("Input, TextArea"):
                    if isinstance(widget, Input | TextArea):
                        widget.cursor_blink = False
                await pilot.wait_for_scheduled_animations()
                pictures.append(await _settled_picture(app, pilot))
        store.close()
    return pictures


async def generate(out_dir: Path, scenes: list[Scene] | None = None) -> list[Path]:
    """Write one SVG per scene into `out_dir`; returns the files written."""
    scenes = list(SCENES) if scenes is None else scenes
    user_folder(out_dir)  # the repository's screens/: shared, the umask's permissions
    written: list[Path] = []
    with (
        tempfile.TemporaryDirectory(prefix="partner-tui-pictures-") as tmp,
        frozen_clock(),
        _picture_environment(Path(tmp) / "state"),
    ):
        demo_file = make_demo_database(Path(tmp) / "demo" / "partners.json")
        empty_file = make_empty_database(Path(tmp) / "empty" / "partners.json")
        for group in sessions(scenes):
            db_file = demo_file if group[0].demo else empty_file
            for scene, svg in zip(group, await capture(group, db_file), strict=True):
                target = out_dir / f"{scene.name}.svg"
                # "\n" line ends: the same bytes on every platform (encoded, never a text
                # stream); the umask's permissions, as any file of the repository.
                atomic_write(target, svg.encode("utf-8"), mode=new_file_mode())
                written.append(target)
    return written


def main(out_dir: Path | None = None) -> int:
    """`partner-tui screenshots [--out DIR]`: regenerate every picture."""
    out = out_dir or default_out()
    try:
        written = asyncio.run(generate(out))
    except SceneFailed as exc:
        # A key or a screen changed: say which scene, so its keys in SCENES get fixed.
        print(f"partner-tui: cannot draw the pictures: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
