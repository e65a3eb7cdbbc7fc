"""The committed pictures in screens/ are what the app draws today.

Regenerates every picture into a temp folder (same demo data, same frozen day) and
compares bytes with screens/*.svg, so a screen that changed without its picture being
regenerated fails here.
"""

from __future__ import annotations

from pathlib import Path

from partner_tui.app import PartnerApp
from partner_tui.ui.form.sections import SECTIONS
from partner_tui.ui.screenshots import CHECKOUT_SCREENS, SCENES, generate, sessions

FIX = "run `partner-tui screenshots`, look at screens/*.svg, and commit them"


async def test_committed_pictures_match_what_the_app_draws(tmp_path: Path) -> None:
    fresh = {path.name: path for path in await generate(tmp_path)}
    committed = {path.name: path for path in CHECKOUT_SCREENS.glob("*.svg")}
    assert fresh, "no screen could be drawn"

    missing = sorted(set(fresh) - set(committed))
    stale = sorted(
        name
        for name in fresh.keys() & committed.keys()
        if fresh[name].read_bytes() != committed[name].read_bytes()
    )
    orphans = sorted(set(committed) - set(fresh))
    assert not missing, f"pictures never committed: {missing}; {FIX}"
    assert not stale, f"these screens changed since their picture was made: {stale}; {FIX}"
    assert not orphans, f"pictures of no current scene: {orphans}; delete them or {FIX}"


def test_every_scene_has_its_own_picture_and_sessions_keep_order() -> None:
    names = [scene.name for scene in SCENES]
    assert len(names) == len(set(names))
    grouped = [scene for group in sessions(list(SCENES)) for scene in group]
    assert grouped == list(SCENES)
    # Every scene waits for a screen the app has (its help lists the same classes).
    app_screens = {cls.__name__ for cls in PartnerApp.screen_classes()}
    assert {scene.screen for scene in SCENES} <= app_screens
    # One picture per section of the form, in the form's order (the one list of sections).
    form = [scene.name for scene in SCENES if scene.screen == "PartnerFormScreen"]
    assert form == [f"form-{section.id}" for section in SECTIONS]


def test_the_manual_shows_every_picture() -> None:
    page = (CHECKOUT_SCREENS.parent / "docs" / "pictures.md").read_text(encoding="utf-8")
    unshown = [scene.name for scene in SCENES if f"](../screens/{scene.name}.svg)" not in page]
    assert not unshown, f"docs/pictures.md does not show: {unshown}"
