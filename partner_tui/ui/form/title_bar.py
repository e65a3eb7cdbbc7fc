"""The form's header: Textual's Header with the partner's name and "saved" in its very first
paint. Textual's fills the title in from a watcher that runs after that paint, so the form
opened showing an empty header and needed a second layout and paint to say whose it is
(bench/form_open.py waits for "— saved")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Header
from textual.widgets._header import HeaderTitle  # Textual pinned <8.3 (pyproject.toml)


class TitledHeader(Header):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, HeaderTitle):
                widget.update(self.format_title())
            yield widget
