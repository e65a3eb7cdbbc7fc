"""The baseline: a bare Textual app that paints one line. Every figure is a ratio to it."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static


class Bare(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("x", "flip", "Flip")]

    def compose(self) -> ComposeResult:
        yield Static("Prospect bare app ready", id="line")

    def action_flip(self) -> None:
        line = self.query_one("#line", Static)
        text = str(line.render())
        line.update("Prospect bare app flipped" if "ready" in text else "Prospect bare app ready")


if __name__ == "__main__":
    Bare().run()
