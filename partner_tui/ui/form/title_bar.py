"""The form's header: Textual's Header with the partner's name and "saved" in its very first
paint. Textual's fills the title in from a watcher that runs after that paint, so the form
opened showing an empty header and needed a second layout and paint to say whose it is
(bench/form_open.py waits for "— saved")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle  # Textual pinned <8.3 (pyproject.toml)


class TitledHeader(Header):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, HeaderTitle):
                widget.update(self.format_title())
            yield widget

    def _on_mount(self, event: Mount) -> None:
        """Textual's Header's watch of the titles, which lets a title set while the
        header has no title widget pass. The kept form (ui/form/kept_form.py) is built off
        screen and stays installed: a title set while it is half built, or torn down as
        the app ends on a signal, raised NoMatches in Textual's watcher, and the app
        ended with an error (exit code 1) after saving."""
        event.prevent_default()  # instead of Header's, which lets only NoScreen pass

        def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass  # not built yet, or gone: the next compose or title says it

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
