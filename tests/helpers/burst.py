"""Type the way people do: a whole key sequence at once, not one key at a time.

`burst` puts every key on the app's queue in one go, as Textual's driver does when a
terminal delivers a burst in one read (a fast typist, a paste without bracketed paste, an
SSH link, a macro), then waits until the app has handled them all. Pilot's `press` waits
after every key, which hides the races a burst shows. The real-terminal version (the
bytes written to a pty in one write) is `PtyApp.send` in torture.py, with `keys_bytes`.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Iterable

from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from partner_tui.app import PartnerApp

Key = tuple[str, str | None]  # (Textual's key name, the character typed)


def typed(text: str) -> list[Key]:
    """Text as the keys that type it: ' ' is ('space', ' '), '@' is ('at', '@')."""
    return [(ch if ch.isalnum() else _character_to_key(ch), ch) for ch in text]


def named(key: str) -> Key:
    """A key by Textual's name ('enter', 'tab', 'ctrl+s', 'n'), as a terminal sends it."""
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    return key, char


def sequence(*parts: str | Iterable[Key]) -> list[Key]:
    """Keys from parts: a str is one key name, a list (from `typed`) many keys."""
    keys: list[Key] = []
    for part in parts:
        keys.extend([named(part)] if isinstance(part, str) else part)
    return keys


async def burst(pilot: Pilot, *parts: str | Iterable[Key], timeout: float = 20) -> None:
    """Post every key at once, then wait until each was handled and the app is still."""
    app = pilot.app
    assert isinstance(app, PartnerApp)
    for key, char in sequence(*parts):
        event = events.Key(key, char)
        event.set_sender(app)
        app.post_message(event)
    await settled(pilot, timeout)


async def one_by_one(pilot: Pilot, *parts: str | Iterable[Key]) -> None:
    """The same keys typed slowly: each handled, and the app still, before the next."""
    app = pilot.app
    assert isinstance(app, PartnerApp)
    for key, char in sequence(*parts):
        event = events.Key(key, char)
        event.set_sender(app)
        app.post_message(event)
        await pilot.pause()  # the screen is still: the next key comes "later"
        while app.key_order.busy:
            await asyncio.sleep(0.01)
    await settled(pilot)


async def settled(pilot: Pilot, timeout: float = 20) -> None:
    """Until the app has no typed key waiting or in hand, and its screen is still."""
    app = pilot.app
    assert isinstance(app, PartnerApp)
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        if not app.key_order.busy:
            await pilot.pause()
            if not app.key_order.busy:
                return
        assert time.monotonic() < deadline, "keys still waiting"
        await asyncio.sleep(0.01)


# -- the same keys as a terminal's bytes (for a real app in a pty) ---------------------------------
# What xterm (and tmux, and most terminals) send. Escape is left out on purpose: a bare ESC
# followed at once by more bytes reads as alt+key in every terminal program.
TERMINAL_BYTES: dict[str, bytes] = {
    "enter": b"\r",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "backspace": b"\x7f",
    "space": b" ",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "shift+right": b"\x1b[1;2C",
    "shift+left": b"\x1b[1;2D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "ctrl+s": b"\x13",
    "ctrl+u": b"\x15",
    "ctrl+z": b"\x1a",
    "slash": b"/",
}


def terminal_bytes(*parts: str | Iterable[Key]) -> bytes:
    """The bytes a terminal sends for these keys (`typed` text as its UTF-8)."""
    out = bytearray()
    for key, char in sequence(*parts):
        if key in TERMINAL_BYTES:
            out += TERMINAL_BYTES[key]
        elif char is not None and len(char) == 1:
            out += char.encode()
        else:
            raise ValueError(f"no terminal bytes for {key!r}")
    return bytes(out)
