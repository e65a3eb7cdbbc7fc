"""The filled email, handed to the desktop's mail client as a `mailto:` link (RFC 6068).

Through the standard library (`webbrowser`: xdg-open on Linux desktops, `open` on macOS,
the registered handler on Windows). Where there is no desktop, over SSH or on a Linux
console, there is nothing to hand it to, and `no_desktop_reason` says so before anything
is tried: a console browser would otherwise take over the terminal the app draws on.

No Textual here: the screen (ui/outreach/send_flow.py) asks, this module answers.
"""

from __future__ import annotations

import os
import subprocess
import webbrowser
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any
from urllib.parse import quote

from partner_tui import os_compat


def mailto_url(to: str | None, subject: str, body: str) -> str:
    """`mailto:to?subject=...&body=...`, every character percent-encoded as UTF-8 except
    the address's `@`; line breaks as CRLF (%0D%0A), as RFC 6068 asks of a body."""
    address = quote((to or "").strip(), safe="@")
    fields = []
    if subject:
        fields.append("subject=" + quote(subject, safe=""))
    if body:
        crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        fields.append("body=" + quote(crlf, safe=""))
    return f"mailto:{address}" + (f"?{'&'.join(fields)}" if fields else "")


def no_desktop_reason(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why no desktop mail client can open from here, or None when one may."""
    env = os.environ if environ is None else environ
    system = os_compat.PLATFORM if platform is None else platform
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"):
        return "this is an SSH session: a mail client would open on the other machine"
    if system.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
        env.get("DISPLAY", "").strip() or env.get("WAYLAND_DISPLAY", "").strip()
    ):
        return "there is no desktop here (DISPLAY and WAYLAND_DISPLAY are unset)"
    return None


class _Detached(ModuleType):
    """`subprocess` for webbrowser's helpers (xdg-open, gio, a browser): no terminal.

    Their complaints ("no method available for opening 'mailto:...'") would be printed
    over the app's screen, and a console program would read its keys.
    """

    def __init__(self) -> None:
        super().__init__("subprocess")

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    def Popen(self, args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        for stream in ("stdin", "stdout", "stderr"):
            kwargs.setdefault(stream, subprocess.DEVNULL)
        kwargs["start_new_session"] = True
        return subprocess.Popen(args, **kwargs)


def open_mail_client(url: str, opener: Callable[[str], bool] | None = None) -> bool:
    """Hand `url` to the desktop; True when a program took it. Never raises."""
    webbrowser.subprocess = _Detached()  # type: ignore[attr-defined]
    try:
        return bool((opener or webbrowser.open)(url))
    except Exception:  # noqa: BLE001 - a broken handler is "not opened", never a crash
        return False
