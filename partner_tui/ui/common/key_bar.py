"""The key bar at the foot of every screen: the most used keys that fit, then `? Help`.

Why not Textual's Footer: it lays out one widget per key and lets what does not fit run
off the edge, so at 80 columns the board lost Quit, Dashboard and Templates, and its compact
groups ran into their neighbours (`Stage/ Filter`, a stray letter after `palette`). This bar
is one line of text: keys in the order the screen declares them (what a person needs
first), as many whole entries as the width holds, and `? Help` (every key of every screen)
always at the right; when keys were left out it says `? more`. It also draws once per
change instead of restyling a widget per key (see the board's key refresh).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

HELP_ACTIONS = {"help", "app.help"}
GAP = "  "


@dataclass(frozen=True)
class Entry:
    keys: str  # as shown: "n", "⏎", "⇧←→"
    description: str
    key: str  # the key a click sends (the first of a group)
    enabled: bool

    @property
    def width(self) -> int:
        return cell_len(self.keys) + 1 + cell_len(self.description)


def joined_keys(displays: list[str]) -> str:
    """A group's keys in one word: '⇧←', '⇧→' -> '⇧←→' (the shared prefix said once)."""
    if len(displays) < 2:
        return "".join(displays)
    prefix = displays[0]
    for display in displays[1:]:
        while not display.startswith(prefix):
            prefix = prefix[:-1]
    if not prefix or any(len(d) == len(prefix) for d in displays):
        return "".join(displays)
    return prefix + "".join(d[len(prefix) :] for d in displays)


def fit(entries: list[Entry], help_entry: Entry | None, width: int) -> list[Entry]:
    """The entries that fit, whole and in order, beside the help entry at the right."""
    room = width - 1 - (help_entry.width + len(GAP) if help_entry else 0)
    shown: list[Entry] = []
    used = 0
    for entry in entries:
        need = entry.width + (len(GAP) if shown else 0)
        if used + need > room:
            break
        shown.append(entry)
        used += need
    return shown


class KeyBar(Widget, can_focus=False):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        & > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
        & > .key-bar--description { color: $footer-description-foreground; }
        & > .key-bar--disabled { color: $text-disabled; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[Entry] = []
        self._help: Entry | None = None
        # (first cell, last cell + 1, key) of each entry drawn: a click sends its key.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        entries, help_entry = self._read(screen)
        if (entries, help_entry) != (self._entries, self._help):
            self._entries, self._help = entries, help_entry
            self.refresh()

    def _read(self, screen: Screen[Any]) -> tuple[list[Entry], Entry | None]:
        """The screen's shown keys as entries, a group's keys as one."""
        get_display = self.app.get_key_display
        help_entry: Entry | None = None
        # In the screen's order; a group sits where its first key is.
        items: list[Entry | list[tuple[Binding, bool]]] = []
        groups: dict[Binding.Group, list[tuple[Binding, bool]]] = {}
        # The screen's own order (what it needs first), whatever widget bound a key first:
        # its keys, then those of the widgets it is composed of (HELP_ALSO), in its order.
        own = [screen.BINDINGS, *(w.BINDINGS for w in getattr(screen, "HELP_ALSO", ()))]
        declared: dict[tuple[str, str], int] = {}
        for b in (b for bindings in own for b in Binding.make_bindings(bindings)):
            declared.setdefault((b.key, b.action), len(declared))
        actives = sorted(
            screen.active_bindings.values(),
            key=lambda a: declared.get((a.binding.key, a.binding.action), len(declared)),
        )
        for active in actives:
            binding = active.binding
            if not binding.show or not binding.description:
                continue
            if binding.action in HELP_ACTIONS:
                help_entry = help_entry or Entry(get_display(binding), "Help", binding.key, True)
            elif binding.group is None:
                display = get_display(binding)
                items.append(Entry(display, binding.description, binding.key, active.enabled))
            elif binding.group in groups:
                groups[binding.group].append((binding, active.enabled))
            else:
                groups[binding.group] = [(binding, active.enabled)]
                items.append(groups[binding.group])
        entries = [item if isinstance(item, Entry) else _group_entry(item, get_display)
                   for item in items]
        return entries, help_entry

    def render(self) -> Text:
        width = self.size.width
        label = "Help"
        shown = fit(self._entries, self._help_as(label), width)
        if len(shown) < len(self._entries):
            label = "more"  # the rest are in the help
            shown = fit(self._entries, self._help_as(label), width)
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        off_style = self.get_component_rich_style("key-bar--disabled")
        line = Text(" ", no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str]] = []
        for index, entry in enumerate(shown):
            if index:
                line.append(GAP)
            start = line.cell_len
            line.append(entry.keys, key_style if entry.enabled else off_style)
            line.append(" " + entry.description, text_style if entry.enabled else off_style)
            spans.append((start, line.cell_len, entry.key))
        help_entry = self._help_as(label)
        if help_entry is not None:
            pad = max(len(GAP), width - 1 - line.cell_len - help_entry.width)
            line.append(" " * pad)
            start = line.cell_len
            line.append(help_entry.keys, key_style)
            line.append(" " + help_entry.description, text_style)
            spans.append((start, line.cell_len, help_entry.key))
        self._spans = spans
        return line

    def _help_as(self, label: str) -> Entry | None:
        if self._help is None:
            return None
        return Entry(self._help.keys, label, self._help.key, True)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


def _group_entry(members: list[tuple[Binding, bool]], get_display: Any) -> Entry:
    first = members[0][0]
    assert first.group is not None
    keys = joined_keys([get_display(binding) for binding, _ in members])
    return Entry(keys, first.group.description, first.key, any(on for _, on in members))
