"""Placeholder until the board issue lands: lists nothing, says so honestly."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class BoardScreen(Screen[None]):
    BINDINGS = [("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The board is not built yet.", id="placeholder")
        yield Footer()
