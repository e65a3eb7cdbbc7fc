"""Shared fixtures: every test gets its own data file and state folder, and a frozen clock."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from partner_tui.domain import clock

# CI decides the same way twice: the same examples on every run (derandomize). On your
# own machine, explore: HYPOTHESIS_PROFILE=explore runs ten times the examples.
# No profile times a test: on a shared 2-core machine one draw or one example may take
# seconds while another job runs, which says nothing about the code (hypothesis' "too
# slow" health check and its deadline failed tests only under load).
UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("local", **UNTIMED)
settings.register_profile("ci", derandomize=True, print_blob=True, **UNTIMED)
settings.register_profile("explore", max_examples=1000, **UNTIMED)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "local")
)

FROZEN_NOW = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
FROZEN_TODAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches a real home folder or the real clipboard, and nobody is
    anybody: no name given, git's and the login's not asked (tests of your name say one)."""
    monkeypatch.setenv("PARTNER_TUI_DB", str(tmp_path / "env-default" / "partners.json"))
    monkeypatch.setenv("PARTNER_TUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PARTNER_TUI_CONFIG_DIR", str(tmp_path / "config"))
    from partner_tui.profile import your_name

    monkeypatch.setattr(your_name, "git_user_name", lambda: "")
    monkeypatch.setattr(your_name, "login_name", lambda: "")
    your_name.forget()
    import pyperclip

    def _no_clipboard(*_a: object, **_k: object) -> None:
        raise pyperclip.PyperclipException("no clipboard in tests")

    # The app copies with the function determine_clipboard picks (clipboard.py), never
    # through pyperclip.copy; both are stood in for.
    monkeypatch.setattr(pyperclip, "determine_clipboard", _no_clipboard)
    monkeypatch.setattr(pyperclip, "copy", _no_clipboard)
    monkeypatch.setattr(pyperclip, "paste", _no_clipboard)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "partners.json"


@pytest.fixture
def precious(tmp_path: Path) -> Path:
    """Another file of the user's (tests.helpers.planted): a planted link's target."""
    from tests.helpers.planted import make_precious

    return make_precious(tmp_path)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Freeze domain time at FROZEN_NOW (a Monday) so dates and snapshots are stable."""
    monkeypatch.setattr(clock, "now", lambda: FROZEN_NOW)
    monkeypatch.setattr(clock, "today", lambda: FROZEN_TODAY)
    return FROZEN_NOW
