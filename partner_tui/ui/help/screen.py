"""`?` anywhere: every key of every screen, read from the screens' own BINDINGS.

Reading the bindings (instead of keeping a hand-written list) means the help can never
drift from what the keys really do. The app, which knows every screen, hands them over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain_text

Section = tuple[str, list[tuple[str, str]]]


def own_bindings(cls: type) -> list[Binding]:
    """The bindings a partner-tui class declares itself (and inherits from its own kind),
    and those of the widgets it names in HELP_ALSO (their keys act on this screen)."""
    raw: list[BindingType] = []
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("partner_tui") and "BINDINGS" in klass.__dict__:
            raw.extend(klass.__dict__["BINDINGS"])
    bindings = list(Binding.make_bindings(raw))
    for widget in getattr(cls, "HELP_ALSO", ()):
        bindings.extend(own_bindings(widget))
    return bindings


def screen_title(cls: type) -> str:
    """'HELP_TITLE' when a screen sets it, else 'PartnerFormScreen' -> 'Partner form'."""
    title = getattr(cls, "HELP_TITLE", None)
    if isinstance(title, str) and title:
        return title
    name = re.sub(r"(Screen)$", "", cls.__name__) or cls.__name__
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    return words[:1].upper() + words[1:]


def rows(app: App[Any], bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """One row per action: its keys together ('left  h') and what it does."""
    keys: dict[str, list[str]] = {}
    what: dict[str, str] = {}
    for binding in bindings:
        if binding.system:
            continue
        mapped = app._keymap.get(binding.id) if binding.id else None
        # Your own keys (user config) replace the binding's, as Textual does.
        shown = [binding.with_key(key, key_display=None) for key in mapped.split(",")] \
            if mapped else [binding]
        keys.setdefault(binding.action, [])
        for each in shown:
            display = app.get_key_display(each)
            if display not in keys[binding.action]:
                keys[binding.action].append(display)
        text = binding.description or binding.action
        if binding.tooltip and binding.tooltip.lower() != text.lower():
            text = f"{text} — {binding.tooltip}"
        # Prefer the words of a binding shown in the footer over a hidden alias's.
        if binding.action not in what or (binding.show and binding.tooltip):
            what[binding.action] = text
    return [("  ".join(keys[action]), what[action]) for action in keys]


def app_bindings(app: App[Any]) -> list[Binding]:
    bindings = own_bindings(type(app))
    bindings.extend(Binding.make_bindings(App.BINDINGS))
    if app.ENABLE_COMMAND_PALETTE:
        bindings.append(
            Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Commands",
                    tooltip="Command palette: jump to a partner, move it, open a screen")
        )
    return bindings


def help_sections(app: App[Any], screens: Iterable[type[Screen[Any]]]) -> list[Section]:
    """The app's own keys, then each screen's (a screen without keys of its own is left out)."""
    sections: list[Section] = [("Everywhere", rows(app, app_bindings(app)))]
    for cls in screens:
        entries = rows(app, own_bindings(cls))
        if entries:
            sections.append((screen_title(cls), entries))
    return sections


class HelpScreen(ModalScreen[None]):
    HELP_TITLE = "Help"
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close", tooltip="Back to where you were"),
        Binding("q", "close", "Close", show=False, id="help.close.q"),
        Binding("question_mark", "close", "Close", show=False, id="help.close.question"),
    ]

    def __init__(self, screens: Sequence[type[Screen[Any]]]) -> None:
        """`screens`: every screen of the app, in the order its keys are listed."""
        super().__init__()
        self.screens = list(screens)

    def compose(self) -> ComposeResult:
        self.sections = help_sections(self.app, self.screens)
        with VerticalScroll(id="help"):
            yield Static("[b]Keys[/b]  (escape, q or ? closes this)", id="help-title")
            for title, entries in self.sections:
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", min_width=10, no_wrap=True)
                table.add_column()
                for keys, what in entries:
                    table.add_row(plain_text(keys), plain_text(what))
                yield Static(Content.from_markup("[b]$title[/b]", title=title),
                             classes="help-section-title")
                yield Static(table, classes="help-section")
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
