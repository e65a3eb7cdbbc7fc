"""What the app said in toasts, collected through Textual's public routes.

Tests do not read the app's private collection of notifications (a rule in
tests/unit/test_no_private_notifications.py). Instead, `Toasts` sees every
`Notify` message as it is posted (run_test's `message_hook`: the notification exactly as
Textual made it, after PartnerApp.notify turned it into plain text) and forgets what the
app clears (`App.clear_notifications`, wrapped on this one app). Unlike Textual's own
collection, nothing expires with time: a test on a slow machine sees the same list.

    toasts = Toasts(app)
    async with app.run_test(size=(120, 40), message_hook=toasts.hook) as pilot:
        ...
        assert toasts.messages == ["Saved"]
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import App
from textual.message import Message
from textual.notifications import Notification, Notify


class Toasts:
    def __init__(self, app: App[object]) -> None:
        self._app = app
        self._said: list[Notification] = []
        self._hooked = False
        clear = app.clear_notifications

        def clear_too() -> None:
            self._said.clear()
            clear()

        # The app clears its notices (a "Not saved" made untrue); the list follows.
        app.clear_notifications = clear_too  # type: ignore[method-assign]

    def hook(self, message: Message) -> None:
        """For `app.run_test(message_hook=...)`: called with every message posted."""
        self._hooked = True
        if isinstance(message, Notify):
            self._said.append(message.notification)

    @property
    def said(self) -> list[Notification]:
        """Every notification since the app started or last cleared them, oldest first."""
        if not self._hooked:
            raise AssertionError("Toasts sees nothing: pass message_hook=toasts.hook to run_test")
        return list(self._said)

    def __iter__(self) -> Iterator[Notification]:
        return iter(self.said)

    def __len__(self) -> int:
        return len(self.said)

    @property
    def messages(self) -> list[str]:
        return [str(n.message) for n in self.said]

    @property
    def titles(self) -> list[str]:
        return [n.title for n in self.said]

    @property
    def last(self) -> Notification:
        said = self.said
        assert said, "nothing was said"
        return said[-1]
