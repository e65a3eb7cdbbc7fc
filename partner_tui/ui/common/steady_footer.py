"""A Footer that rebuilds its keys only when they actually change.

Textual's Footer recomposes (about 20 new widgets, each styled) on every focus change,
because bindings *might* differ. Moving between the board's columns never changes them,
yet each rebuild cost ~40 ms of every move and every arrow key. This one compares what
it would show with what it shows and keeps its widgets when they match.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    DEFAULT_CSS = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None

    def _signature(self, screen: Screen[Any]) -> tuple[Any, ...]:
        return tuple(
            (key, b.action, b.description, b.show, enabled, tooltip)
            for key, (_node, b, enabled, tooltip) in screen.active_bindings.items()
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        signature = self._signature(screen)
        if signature == self._shown and self._bindings_ready:
            return
        self._shown = signature
        super().bindings_changed(screen)
