"""`m` (the desktop mail client) and `e` ($EDITOR) on the outreach screen."""

from __future__ import annotations

import contextlib
import sys
import webbrowser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from partner_tui import os_compat
from partner_tui.app import PartnerApp
from partner_tui.domain.partner import ActivityKind
from partner_tui.outreach.clipboard import LAST_COPY_FILE
from partner_tui.ui.dialogs.confirm import ConfirmDialog
from partner_tui.ui.outreach.screen import OutreachScreen
from tests.helpers.reading import read_back
from tests.helpers.toasts import Toasts
from tests.ui.outreach.test_outreach_screen import FILLED, open_outreach, seed, settle


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A Linux desktop whose mail client records the links it is handed."""
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(os_compat, "PLATFORM", "linux")
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    return opened


async def test_m_opens_the_filled_email_in_the_mail_client(
    db_path: Path, desktop: list[str], frozen_clock: object
) -> None:
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("m")
        await pilot.pause()
        (url,) = desktop
        parts = urlsplit(url)
        fields = parse_qs(parts.query)
        subject, body = FILLED.split("\n\n", 1)
        assert (parts.scheme, parts.path) == ("mailto", "jane@acme.io")
        assert fields["subject"] == [subject.removeprefix("Subject: ")]
        assert fields["body"] == [body.replace("\n", "\r\n")]
        assert any(n.title == "Mail client" for n in toasts)
        # As after a copy: logged, and no move to Engage is offered (no response yet).
        assert not isinstance(app.screen, ConfirmDialog)
        with read_back(app, db_path) as saved:
            (activity,) = saved.partners.get(partner_id).activities
    assert activity.kind is ActivityKind.OUTREACH
    assert activity.text.startswith("Outreach email opened in the mail client (template:")


async def test_m_over_ssh_says_the_clipboard_is_the_way(
    db_path: Path, desktop: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50022 10.0.0.1 22")
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("m")
        await pilot.pause()
        assert desktop == []
        (note,) = [n for n in toasts if n.title == "No desktop"]
        assert "SSH session" in note.message and "Press c to copy" in note.message
        assert isinstance(app.screen, OutreachScreen)
        assert app.store.partners.get(partner_id).activities == []


async def test_m_when_no_program_takes_the_link(
    db_path: Path, desktop: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("m")
        await pilot.pause()
        assert any(n.title == "Not opened" for n in toasts)
        assert app.store.partners.get(partner_id).activities == []


def editor_script(tmp_path: Path, action: str) -> str:
    """An $EDITOR that edits its file with a line of Python (a person typing, scripted)."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\npath = Path(sys.argv[1])\n" + action,
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


@pytest.fixture
def suspended(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Pilot's headless driver cannot hand the terminal over; record that the app asked."""
    calls: list[bool] = []

    @contextlib.contextmanager
    def suspend(self: PartnerApp):
        calls.append(True)
        yield

    monkeypatch.setattr(PartnerApp, "suspend", suspend)
    return calls


async def test_e_edits_the_draft_in_the_editor_and_copies_what_was_saved(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suspended: list[bool]
) -> None:
    monkeypatch.setenv("EDITOR", editor_script(
        tmp_path, "path.write_text(path.read_text().replace('Hi Jane', 'Dear Jane'))"))
    monkeypatch.delenv("VISUAL", raising=False)
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("e")
        await settle(app, pilot)
        edited = FILLED.replace("Hi Jane", "Dear Jane")
        assert suspended == [True]
        assert app.clipboard == edited
        assert (tmp_path / "state" / LAST_COPY_FILE).read_text(encoding="utf-8") == edited
        assert any(n.title == "Edited email copied" for n in toasts)
        assert not isinstance(app.screen, ConfirmDialog)  # no Engage offered, as after c
        with read_back(app, db_path) as saved:
            (activity,) = saved.partners.get(partner_id).activities
    assert activity.text.startswith("Outreach email edited and copied")


async def test_e_cancelled_in_the_editor_copies_nothing(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suspended: list[bool]
) -> None:
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "sys.exit(1)"))
    monkeypatch.delenv("VISUAL", raising=False)
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await open_outreach(app, pilot, partner_id)
        await pilot.press("e")
        await settle(app, pilot)
        assert app.clipboard == ""
        assert not (tmp_path / "state" / LAST_COPY_FILE).exists()
        (note,) = [n for n in toasts if n.title == "Not copied"]
        assert "exited with status 1" in note.message
        assert app.store.partners.get(partner_id).activities == []


async def test_m_and_e_are_typed_into_the_template_when_it_has_the_cursor(
    db_path: Path, desktop: list[str]
) -> None:
    partner_id = seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_outreach(app, pilot, partner_id)
        screen.query_one("#subject").focus()
        await pilot.press("end", "m", "e")
        await pilot.pause()
        assert desktop == []
        assert screen.template_dirty
