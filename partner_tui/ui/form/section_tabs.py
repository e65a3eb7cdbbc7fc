"""The form's tabs as one widget: a tab per section of the playbook, each section built the
first time it is shown, and the keys that step between them (F2…F11, ctrl+pgdn/pgup).

The widget owns its keys: every field of the form sits inside it, so they act wherever the
cursor is. The screen composes it with `build` (makes a section's widget) and `built`
(called at once when a section was just mounted, to fill it): called directly, not
posted as a message, so keys typed right after a jump land in a section already filled.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.await_remove import AwaitRemove
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane, Tabs

from partner_tui.ui.form.keys import SECTION_BINDINGS
from partner_tui.ui.form.sections import SECTIONS, Section

# A tab's width beyond its label (Textual's Tab has one column of padding each side).
TAB_PADDING = 2


def tab_labels(active: str, width: int) -> dict[str, str]:
    """Each section's tab label, so that every tab fits on one bar of `width` columns
    (a bar wider than the screen scrolls, and 'F8 Metrics' ... go out of sight): the
    open section with its whole title; the others whole if all fit, else by their first
    word ('F3 Fit') from the left for as many as fit, the rest by their key alone ('F3')."""
    def label(section: Section, how: str) -> str:
        key = section.key.upper()
        if section.id == active or how == "whole":
            return f"{key} {section.title}"
        return f"{key} {section.title.split()[0]}" if how == "word" else key

    def cells(labels: dict[str, str]) -> int:
        return sum(len(text) + TAB_PADDING for text in labels.values())

    whole = {section.id: label(section, "whole") for section in SECTIONS}
    if cells(whole) <= width:
        return whole
    labels = {section.id: label(section, "key") for section in SECTIONS}
    for section in SECTIONS:
        worded = {**labels, section.id: label(section, "word")}
        if cells(worded) > width:
            break
        labels = worded
    return labels


class SectionTabs(Widget, can_focus=False):
    DEFAULT_CSS = "SectionTabs { height: 1fr; }"
    BINDINGS = SECTION_BINDINGS

    def __init__(
        self,
        build: Callable[[Section], Widget],
        built: Callable[[str], None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._build = build
        self._built_callback = built
        # Sections mounted (or being mounted: a second call while mounting does nothing).
        self._built: set[str] = set()
        # The sections built on demand, by tab id; those forgotten, still being removed.
        self._on_demand: dict[str, Widget] = {}
        self._removing: list[AwaitRemove] = []

    def compose(self) -> ComposeResult:
        # Labelled for this width at once: relabelled after the first paint, the tab bar
        # would be laid out and painted twice.
        labels = tab_labels(SECTIONS[0].id, self.app.size.width)
        with TabbedContent(id="sections"):
            for index, section in enumerate(SECTIONS):
                with TabPane(labels[section.id], id=section.id):
                    if index == 0:
                        self._built.add(section.id)
                        self._first = self._build(section)
                        yield self._first

    @property
    def active(self) -> str:
        return self.query_one("#sections", TabbedContent).active

    def is_built(self, tab_id: str) -> bool:
        return tab_id in self._built

    def sections(self) -> list[Widget]:
        """The section widgets built (none of those forgotten and still being removed)."""
        return [self._first, *self._on_demand.values()]

    async def ensure(self, tab_id: str) -> None:
        """Build a section on its first showing, filled from the partner as last saved."""
        if tab_id in self._built:
            return
        self._built.add(tab_id)
        # A section forgotten (forget_sections) leaves its pane before it is built again.
        while self._removing:
            await self._removing.pop()
        section = next(section for section in SECTIONS if section.id == tab_id)
        widget = self._on_demand[tab_id] = self._build(section)
        await self.query_one(f"#{tab_id}", TabPane).mount(widget)
        self._built_callback(tab_id)

    def forget_sections(self) -> None:
        """Back to a form just opened: the first section in view, the others to be built
        again (for another partner, kept_form.py) when first shown."""
        self._built = {SECTIONS[0].id}
        for widget in self._on_demand.values():
            self._removing.append(widget.remove())
        self._on_demand.clear()
        tabs = self.query_one("#sections", TabbedContent)
        if tabs.active != SECTIONS[0].id:
            tabs.active = SECTIONS[0].id
            self._label_tabs()

    # -- the keys -----------------------------------------------------------------------------
    async def action_section(self, index: int) -> None:
        await self.turn_to(SECTIONS[index].id)

    async def action_next_section(self) -> None:
        await self._step(1)

    async def action_previous_section(self) -> None:
        await self._step(-1)

    async def _step(self, step: int) -> None:
        ids = [section.id for section in SECTIONS]
        index = ids.index(self.active) if self.active in ids else 0
        await self.turn_to(ids[(index + step) % len(ids)])

    async def turn_to(self, tab_id: str, focus: Widget | None = None) -> None:
        """Show a section (built first if need be) with the cursor in it."""
        # Built before it is shown; keys typed meanwhile wait in the app's queue.
        await self.ensure(tab_id)
        self.show(tab_id, focus)

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """A tab chosen on the tab bar (arrows or mouse) is built on demand too."""
        self._label_tabs()
        if event.pane.id:
            await self.ensure(event.pane.id)

    def on_resize(self, _event: events.Resize) -> None:
        self._label_tabs()

    def _label_tabs(self) -> None:
        """Every tab on the bar at this width (tab_labels)."""
        if not self.size.width:
            return  # not laid out yet: compose labelled the tabs for the app's width
        tabs = self.query_one("#sections", TabbedContent)
        # Before the bar has settled its active tab (at mount) it is the first one.
        active = tabs.active or SECTIONS[0].id
        for tab_id, text in tab_labels(active, self.size.width).items():
            tab = tabs.get_tab(tab_id)
            if str(tab.label) != text:
                tab.label = text

    def show(self, tab_id: str, focus: Widget | None = None) -> None:
        """Show a built section and put the cursor in it (its first field, or `focus`);
        the tab bar when nothing in it takes the cursor (read-only), so these keys still
        act (they are bound here, on the cursor's way up)."""
        self.query_one("#sections", TabbedContent).active = tab_id
        pane = self.query_one(f"#{tab_id}", TabPane)
        if focus is None or not focus.focusable:  # not given, or locked (read-only)
            focus = next((w for w in pane.query("*") if w.focusable), None)
        target = focus
        # Synchronously (Widget.focus() is deferred): keys already typed after the
        # switch key must land here, not in the section just hidden.
        self.screen.set_focus(target or self.query_one(Tabs))

    def section_of(self, widget: Widget) -> str:
        for ancestor in widget.ancestors:
            if isinstance(ancestor, TabPane) and ancestor.id:
                return ancestor.id
        return SECTIONS[0].id
