"""The snapshot tests: the committed pictures in screens/ are what the app draws today.

The one picture system: SCENES (partner_tui/ui/screenshots.py) lists every picture, the
README and the manual show them, and here each session of scenes is drawn again into a
temp folder (same demo data, same frozen day) and compared byte for byte with
screens/*.svg, so a screen that changed without its picture being redrawn fails here.
`partner-tui screenshots` redraws them all (docs/pictures.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.ui.form.sections import SECTIONS
from partner_tui.ui.screenshots import CHECKOUT_SCREENS, SCENES, Scene, generate, sessions

FIX = "run `partner-tui screenshots`, look at screens/*.svg, and commit them"


SESSIONS = sessions(list(SCENES))


@pytest.mark.parametrize("group", SESSIONS, ids=[group[0].name for group in SESSIONS])
async def test_committed_pictures_match_what_the_app_draws(
    tmp_path: Path, group: list[Scene]
) -> None:
    fresh = {path.name: path for path in await generate(tmp_path, group)}
    assert [scene.name + ".svg" for scene in group] == list(fresh), "no screen could be drawn"
    missing = sorted(name for name in fresh if not (CHECKOUT_SCREENS / name).is_file())
    stale = sorted(
        name
        for name in fresh.keys() - set(missing)
        if fresh[name].read_bytes() != (CHECKOUT_SCREENS / name).read_bytes()
    )
    assert not missing, f"pictures never committed: {missing}; {FIX}"
    assert not stale, f"these screens changed since their picture was made: {stale}; {FIX}"


def test_every_committed_picture_is_of_a_scene() -> None:
    scenes = {f"{scene.name}.svg" for scene in SCENES}
    orphans = sorted(p.name for p in CHECKOUT_SCREENS.glob("*.svg") if p.name not in scenes)
    assert not orphans, f"pictures of no current scene: {orphans}; delete them or {FIX}"


def test_a_session_keeps_one_size_and_one_file() -> None:
    """A session is one run of the app: one terminal size, one data file."""
    for group in SESSIONS:
        assert {(scene.size, scene.demo) for scene in group} == {(group[0].size, group[0].demo)}


def test_payouts_help_settings_dialogs_and_the_board_are_drawn_at_80x24() -> None:
    small = {scene.screen for scene in SCENES if scene.size == (80, 24)}
    wanted = {"BoardScreen", "PayoutsScreen", "HelpScreen", "SettingsScreen",
              "ChoiceDialog", "QuickAddScreen"}
    assert wanted <= small


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
