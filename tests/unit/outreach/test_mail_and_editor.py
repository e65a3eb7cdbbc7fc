"""The headless halves of `m` and `e` on the outreach screen: the mailto: link, whether a
desktop is there to open it, and the editor round trip."""

from __future__ import annotations

import sys
import webbrowser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from partner_tui.outreach import editor, mail_client
from partner_tui.outreach.editor import edit_text, editor_command
from partner_tui.outreach.mail_client import mailto_url, no_desktop_reason, open_mail_client

SUBJECT = "Partnership Opportunity: Lumen Desk + Acme & Co?"
BODY = "Hi Jane,\n\n50% more reach #growth, 1+1=3 — grüße\nBest,\nSam"


def test_mailto_has_to_subject_and_body_percent_encoded() -> None:
    url = mailto_url("jane@acme.io", SUBJECT, BODY)
    assert url.startswith("mailto:jane@acme.io?subject=")
    # Nothing a mail client would split on is left raw: no space, &, #, +, ? or newline.
    query = url.split("?", 1)[1]
    for raw in (" ", "#", "+", "\n", "?"):
        assert raw not in query
    assert query.count("&") == 1  # between subject and body, nowhere else
    assert "%20" in query and "%0D%0A" in query and "gr%C3%BC%C3%9Fe" in query


def test_mailto_reads_back_as_the_draft_with_crlf_line_breaks() -> None:
    url = mailto_url("jane@acme.io", SUBJECT, BODY)
    parts = urlsplit(url)
    fields = parse_qs(parts.query)
    assert unquote(parts.path) == "jane@acme.io"
    assert fields["subject"] == [SUBJECT]
    assert fields["body"] == [BODY.replace("\n", "\r\n")]


def test_mailto_without_an_address_leaves_to_empty() -> None:
    assert mailto_url(None, "Hi", "") == "mailto:?subject=Hi"
    assert mailto_url("", "", "") == "mailto:"


def test_an_address_with_odd_characters_is_encoded_but_keeps_its_at() -> None:
    assert mailto_url("o'neil+partners@acme.io", "", "") == "mailto:o%27neil%2Bpartners@acme.io"


@pytest.mark.parametrize(
    ("env", "platform", "says"),
    [
        ({"DISPLAY": ":0"}, "linux", None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", None),
        ({}, "linux", "no desktop"),
        ({"DISPLAY": "  "}, "linux", "no desktop"),
        ({"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.2 5122 10.0.0.1 22"}, "linux", "SSH"),
        ({"SSH_TTY": "/dev/pts/3"}, "darwin", "SSH"),
        ({}, "darwin", None),
        ({}, "win32", None),
    ],
)
def test_no_desktop_reason(env: dict[str, str], platform: str, says: str | None) -> None:
    reason = no_desktop_reason(env, platform)
    if says is None:
        assert reason is None
    else:
        assert reason is not None and says in reason


def test_open_mail_client_hands_the_link_to_the_opener() -> None:
    opened: list[str] = []
    assert open_mail_client("mailto:a@b.co", lambda url: opened.append(url) or True)
    assert opened == ["mailto:a@b.co"]


def test_open_mail_client_uses_webbrowser_and_never_raises(monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    assert open_mail_client("mailto:a@b.co")
    assert opened == ["mailto:a@b.co"]

    def broken(_url: str) -> bool:
        raise webbrowser.Error("no runnable browser")

    monkeypatch.setattr(webbrowser, "open", broken)
    assert open_mail_client("mailto:a@b.co") is False
    monkeypatch.setattr(webbrowser, "open", lambda _url: False)
    assert open_mail_client("mailto:a@b.co") is False


def test_webbrowser_children_get_no_terminal(capfd) -> None:
    """A helper started for the link writes nowhere near the app's screen or keys."""
    seen: list[dict[str, object]] = []

    def spawn(url: str) -> bool:
        process = webbrowser.subprocess.Popen([sys.executable, "-c", "print('noise')"])
        seen.append({"returncode": process.wait()})
        return True

    assert open_mail_client("mailto:a@b.co", spawn)
    assert seen == [{"returncode": 0}]
    assert isinstance(webbrowser.subprocess, mail_client._Detached)
    out, err = capfd.readouterr()
    assert "noise" not in out + err


# -- the editor -------------------------------------------------------------------------------
def test_editor_command_prefers_visual_then_editor_then_a_fallback(monkeypatch) -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vim"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "nano -R"}) == ["nano", "-R"]
    monkeypatch.setattr(editor.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert editor_command({}) == ["/usr/bin/nano"]
    monkeypatch.setattr(editor.shutil, "which", lambda name: None)
    assert editor_command({"EDITOR": "  "}) is None


def test_edit_text_returns_what_was_saved_and_removes_the_file() -> None:
    paths: list[Path] = []

    def run(argv: list[str]) -> int:
        path = Path(argv[-1])
        paths.append(path)
        assert argv[:-1] == ["my-editor", "--flag"]
        assert path.read_text(encoding="utf-8") == "Hi [Name],\n"
        path.write_text("Hi Jane,\n\n", encoding="utf-8")
        return 0

    edited = edit_text("Hi [Name],", ["my-editor", "--flag"], run)
    assert edited.text == "Hi Jane,"
    assert not paths[0].exists()


@pytest.mark.parametrize(
    ("code", "content", "problem"),
    [(1, "changed", "exited with status 1"), (0, "  \n", "left empty")],
)
def test_edit_text_cancelled_or_emptied_gives_nothing(
    code: int, content: str, problem: str
) -> None:
    def run(argv: list[str]) -> int:
        Path(argv[-1]).write_text(content, encoding="utf-8")
        return code

    edited = edit_text("draft", ["ed"], run)
    assert edited.text is None and problem in edited.problem


def test_edit_text_with_a_missing_editor_says_so() -> None:
    def run(argv: list[str]) -> int:
        raise FileNotFoundError(2, "No such file or directory")

    edited = edit_text("draft", ["no-such-editor"], run)
    assert edited.text is None and "no-such-editor" in edited.problem
