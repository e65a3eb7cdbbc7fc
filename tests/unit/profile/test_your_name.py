"""Your name: per person (your user config), else git's user.name, else the login name;
every change you make is signed with it, and the form and the Markdown report show it."""

from __future__ import annotations

import importlib
import shutil
from datetime import date
from pathlib import Path

import orjson
import pytest

from partner_tui.cli.data_file import open_store
from partner_tui.domain.partner import Activity, ActivityKind, new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import Stage
from partner_tui.exchange.markdown import export_markdown
from partner_tui.profile import user_config, your_name
from partner_tui.store.partner_store import PartnerStore


def test_the_name_you_gave_is_kept_in_your_config_folder(tmp_path: Path) -> None:
    your_name.save_your_name("  Maya Okafor\n")
    config = tmp_path / "config" / "config.json"  # PARTNER_TUI_CONFIG_DIR (tests/conftest)
    assert orjson.loads(config.read_bytes()) == {"your_name": "Maya Okafor"}
    your_name.forget()
    assert (your_name.your_name(), your_name.given_name()) == ("Maya Okafor", "Maya Okafor")


def test_without_a_name_given_git_then_the_login_name_stand_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(your_name, "git_user_name", lambda: "Git Person")
    monkeypatch.setattr(your_name, "login_name", lambda: "login")
    assert your_name.your_name() == "Git Person"
    assert your_name.given_name() == ""  # outreach's [Your name] asks for yours instead
    your_name.forget()
    monkeypatch.setattr(your_name, "git_user_name", lambda: "")
    assert your_name.your_name() == "login"
    your_name.save_your_name("Maya")  # a name given wins over both
    assert your_name.your_name() == "Maya"


def test_git_user_name_is_read_from_git_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    real = importlib.reload(your_name)  # the real git_user_name, not the tests' stand-in
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Ada Lovelace\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)
    assert real.git_user_name() == "Ada Lovelace"
    gitconfig.write_text("")
    assert real.git_user_name() == ""


def test_no_login_name_is_no_name(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.reload(your_name)

    def no_user() -> str:
        raise KeyError("uid not in the password database")

    monkeypatch.setattr(real.getpass, "getuser", no_user)
    assert real.login_name() == ""


def test_a_name_in_an_older_file_is_only_offered_never_taken(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        settings = store.program.settings()
        store.program.save_settings(settings.model_copy(
            update={"profile": settings.profile.model_copy(update={"your_name": "Old Name"})}
        ))
    with open_store(db_path):  # the command line takes nothing from the file
        pass
    assert your_name.given_name() == ""
    assert not user_config.config_file().exists()
    assert your_name.offered_name("Old Name") == "Old Name"  # the app offers it
    your_name.save_your_name("Maya")
    assert your_name.offered_name("Old Name") == ""  # yours now: nothing offered


def test_the_command_line_signs_its_changes_with_your_name(db_path: Path) -> None:
    your_name.save_your_name("Maya Okafor")
    with PartnerStore(db_path) as store:
        acme = store.partners.add(new_partner("Acme"))  # nobody known here
    with open_store(db_path) as store:
        store.partners.move(acme.id, Stage.ENGAGE)
    with PartnerStore(db_path, read_only=True) as store:
        history = store.partners.get(acme.id).stage_history
    assert [(c.stage, c.author) for c in history] == [
        (Stage.PROSPECT, None), (Stage.ENGAGE, "Maya Okafor")
    ]


def test_the_markdown_report_shows_who_moved_and_logged(frozen_clock: object) -> None:
    partner = new_partner("Acme")
    history = [c.model_copy(update={"author": "Maya"}) for c in partner.stage_history]
    partner = partner.model_copy(update={
        "stage_history": history,
        "activities": [Activity(date=date(2026, 3, 16), kind=ActivityKind.CALL,
                                text="Called Jane", author="Sam")],
    })
    report = export_markdown([partner], Settings(), date(2026, 3, 16))
    assert "- **Stage history:** Prospect 2026-03-16 (Maya)" in report
    assert "- **Last activity:** 2026-03-16 call (Sam): Called Jane" in report
