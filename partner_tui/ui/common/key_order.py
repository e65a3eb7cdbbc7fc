"""Keys in the order typed: a key, and the focus change or screen it brings, is done
before the next key is delivered. The app's one place that orders input (PartnerApp.on_event).

Why, in Textual 8.2.8 (app.py `App.on_event`, widget.py `Widget.focus`, screen.py
`Screen._update_auto_focus`):

- The app hands a key to the focused widget by *posting* it to that widget's queue, then
  at once takes the next key from its own queue. A key the widget does not use (tab,
  backspace, enter, arrows: bindings) travels back up the DOM and runs its binding when it
  reaches the app, by which time the keys typed after it were already posted to the old
  widget: `Sam Rivera<tab>Northwind` puts every word in the first field.
- `Widget.focus()` is deferred (App.call_later), and a pushed screen takes the focus only
  after it has composed and resumed, so letters typed right after the key that opens a
  screen reach the screen below (run its commands) or the new screen with nothing focused.

A fast typist, a paste in a terminal without bracketed paste, an SSH link that delivers
keys in bunches or a macro all type faster than that round trip.

The remedy: the app admits one typed key (or paste) at a time and queues the rest. After a
key is delivered, KeyOrder follows it up the focused widget's ancestors (a callback posted
to each in turn runs only after the key was handled there, and after it has bubbled on),
then waits until neither the app nor any widget of the top screen has messages waiting:
the focus change, the new screen's mount and resume, what the key's handlers posted. Only
then is the next key delivered. Screens that open a dialog only after some work (a copy
in a thread) hold the keys meanwhile (`hold`), so the dialog gets the keys typed after.

Actions that open a screen await it (`await app.push_screen(...)`, the app's `open_*`;
tests/unit/test_screens_opened_awaited.py keeps it so): the screen is mounted before the
key's handler returns, so there is less for the wait above to cover, but a focus change
is still deferred and a key still travels up the DOM after the next one was posted.

Remove this when Textual delivers input in order through focus changes and screen pushes;
tests/ui/app/test_key_order.py shows whether it still does not.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

# A key is delivered after this long even if the app is still busy with the one before:
# a slow handler delays keys but never swallows them.
SETTLE_LIMIT = 3.0
# Rounds of "wait for whoever has messages": each round's messages may post more.
MAX_ROUNDS = 25
# How often a wait for one widget checks that the widget is still there to answer.
POLL = 0.05

Deliver = Callable[[events.Event], Awaitable[None]]


def escape_then_key(event: events.Key) -> tuple[events.Key, events.Key] | None:
    """An escape and the letter typed at once, when they reached the app as one key.

    A terminal sends escape as a bare ESC byte, and Textual (like every terminal program)
    reads ESC and the byte right after it as alt+that key. A person who presses escape and
    then `d` fast, a burst, or an SSH link that delivers both in one packet, gives the app
    `alt+d`: the form stayed open and the `d` went into the field it had focus. Nothing in
    this app is bound to alt+letter (a keymap may bind one: PartnerApp checks first;
    tests/ui/app/test_escape_then_key.py fails on a binding that does), so alt+letter is
    read as what was typed, as vim reads an escape sequence it does not know: escape, then
    the letter. (Textual's reader loses the escape itself after other keys, ESC then `?`,
    enter or a digit, and reads ESC, a letter, ESC as `^` and the letter: nothing to split
    here; docs/keys.md "Escape, then a key, fast" says so.)"""
    char = event.character
    if not event.key.startswith("alt+") or char is None or len(char) != 1 or not char.isalpha():
        return None
    if event.key not in (f"alt+{char}", f"alt+shift+{char.lower()}"):
        return None  # (alt with ctrl or another modifier: not an escape and a letter)
    return events.Key("escape", "\x1b"), events.Key(char, char)


def is_typed(event: events.Event) -> bool:
    """A key or a paste straight from the terminal (not one on its way through the DOM)."""
    return isinstance(event, events.Key | events.Paste) and not event.is_forwarded


class KeyOrder:
    def __init__(self, app: App[Any], deliver: Deliver) -> None:
        self._app = app
        # Textual's own handling of one typed key (App.on_event), run by the app.
        self._deliver = deliver
        self._waiting: deque[events.Event] = deque()
        self._in_flight = False
        self._holds = 0
        self._settling: asyncio.Task[None] | None = None

    @property
    def busy(self) -> bool:
        """A key is being handled, waiting its turn, or keys are held."""
        return self._in_flight or bool(self._waiting) or self._holds > 0

    async def admit(self, event: events.Event) -> None:
        """A typed key or paste: delivered now if nothing is before it, else queued."""
        if self.busy:
            self._waiting.append(event)
            return
        await self._run(event)

    def hold(self) -> Callable[[], None]:
        """Keys typed from now on wait until the returned `release` is called (e.g. while a
        copy runs in a thread and ends in a question): they go to what is on screen then."""
        self._holds += 1
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            self._holds -= 1
            if not self._in_flight and not self._holds and self._waiting:
                # What the holder opened last (a dialog) mounts and takes the focus first.
                self._in_flight = True
                self._settling = asyncio.create_task(self._settle(self._app.screen))

        return release

    def close(self) -> None:
        """The app is leaving: keys still queued are dropped with it."""
        self._waiting.clear()
        if self._settling is not None:
            self._settling.cancel()

    # -- one key at a time ------------------------------------------------------------------
    async def _run(self, event: events.Event) -> None:
        self._in_flight = True
        app = self._app
        # Where App.on_event forwards it (unless a priority binding takes it first).
        target: MessagePump = app.focused or app.screen
        try:
            await self._deliver(event)
        finally:
            self._settling = asyncio.create_task(self._settle(target))

    async def _settle(self, target: MessagePump) -> None:
        try:
            await asyncio.wait_for(self._quiet(target), SETTLE_LIMIT)
        except TimeoutError:
            pass
        finally:
            self._settling = None
            self._in_flight = False
            self._next()

    def _next(self) -> None:
        if self._in_flight or self._holds or not self._waiting:
            return
        event = self._waiting.popleft()
        self._in_flight = True  # reserved: no other key starts before this one runs
        if not self._app.call_later(self._run, event):
            self._in_flight = False  # the app is closing

    # -- waiting until the key has done everything it does ------------------------------------
    async def _quiet(self, target: MessagePump) -> None:
        # Up the DOM in turn: a callback queued behind the key on a widget runs once the
        # widget handled it, and by then the key, if not stopped, is queued on the parent.
        chain = target.ancestors_with_self if not target.is_dom_root else [target]
        for node in chain:
            if isinstance(node, MessagePump):
                await _processed(node)
        for _ in range(MAX_ROUNDS):
            pending = [node for node in self._nodes() if node.message_queue_size]
            if not pending:
                return
            await asyncio.gather(*(_processed(node) for node in pending))

    def _nodes(self) -> list[MessagePump]:
        """The app and the top screen with every widget in it (read again each round: the
        key may have opened or closed a screen)."""
        app = self._app
        try:
            screen = app.screen
        except Exception:  # no screen: the app is starting or leaving
            return [app]
        return [app, *screen.walk_children(with_self=True)]


async def _processed(node: MessagePump) -> None:
    """Wait until `node` has handled every message queued on it before now."""
    done = asyncio.Event()
    if not node.call_later(done.set):
        return  # closed: nothing more will be handled there
    while not done.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), POLL)
        if not (node.is_dom_root or node.is_attached):
            return  # removed meanwhile (or the app is leaving): it will not answer
