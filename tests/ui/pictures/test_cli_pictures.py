"""`partner-tui screenshots`: writes the pictures where asked, and says which scene broke."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.ui import screenshots


def _only_help(monkeypatch: pytest.MonkeyPatch, **change: object) -> None:
    """One quick scene instead of all of them (the full set is tested in test_pictures)."""
    help_scene = next(scene for scene in screenshots.SCENES if scene.name == "help")
    monkeypatch.setattr(screenshots, "SCENES", (dataclasses.replace(help_scene, **change),))


def test_screenshots_writes_svg_pictures_into_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _only_help(monkeypatch)
    out = tmp_path / "pictures"
    assert main(["screenshots", "--out", str(out)]) == 0
    picture = out / "help.svg"
    svg = picture.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "partner-tui" in svg
    assert str(picture) in capsys.readouterr().out


def test_a_scene_whose_keys_no_longer_reach_its_screen_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _only_help(monkeypatch, screen="DashboardScreen")
    assert main(["screenshots", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "scene 'help'" in err and "HelpScreen" in err and "DashboardScreen" in err
    assert not list(tmp_path.glob("*.svg"))
