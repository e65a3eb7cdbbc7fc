"""The form's tabs: one per section of the playbook, each built the first time it is shown
(building them all up front costs ~1 s of styling on a slow machine), and the keys that
step between them.

The base of PartnerFormScreen, kept apart so the screen holds the partner and its saving.
"""

from __future__ import annotations

from textual import events, on
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane

from partner_tui.ui.common.screen import PartnerScreen
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


class SectionTabs(PartnerScreen):
    # Each section's field widgets, by tab id, once built (PartnerFormScreen fills it).
    _sections: dict[str, list[Widget]]

    def _make_section(self, section: Section) -> Widget:
        raise NotImplementedError

    def _register_section(self, tab_id: str) -> None:
        """A section was just built: load it and find its widgets (PartnerFormScreen)."""
        raise NotImplementedError

    async def _ensure_section(self, tab_id: str) -> None:
        """Build a section on its first showing, filled from the partner as last saved."""
        if tab_id in self._sections:
            return
        self._sections[tab_id] = []  # claimed: a second call while mounting does nothing
        section = next(section for section in SECTIONS if section.id == tab_id)
        await self.query_one(f"#{tab_id}", TabPane).mount(self._make_section(section))
        self._register_section(tab_id)

    async def action_section(self, index: int) -> None:
        await self._open_section(SECTIONS[index].id)

    async def action_next_section(self) -> None:
        await self._step_section(1)

    async def action_previous_section(self) -> None:
        await self._step_section(-1)

    async def _step_section(self, step: int) -> None:
        ids = [section.id for section in SECTIONS]
        current = self.query_one("#sections", TabbedContent).active
        index = ids.index(current) if current in ids else 0
        await self._open_section(ids[(index + step) % len(ids)])

    async def _open_section(self, tab_id: str) -> None:
        # Built before it is shown; keys typed meanwhile wait in the app's queue.
        await self._ensure_section(tab_id)
        self._activate(tab_id)

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """A tab chosen on the tab bar (arrows or mouse) is built on demand too."""
        self._label_tabs()
        if event.pane.id:
            await self._ensure_section(event.pane.id)

    def on_resize(self, _event: events.Resize) -> None:
        self._label_tabs()

    def _label_tabs(self) -> None:
        """Every tab on the bar at this width (tab_labels)."""
        tabs = self.query_one("#sections", TabbedContent)
        for tab_id, text in tab_labels(tabs.active, self.size.width).items():
            tab = tabs.get_tab(tab_id)
            if str(tab.label) != text:
                tab.label = text

    def _activate(self, tab_id: str, focus: Widget | None = None) -> None:
        """Show a built section and put the cursor in it (its first field, or `focus`)."""
        self.query_one("#sections", TabbedContent).active = tab_id
        pane = self.query_one(f"#{tab_id}", TabPane)
        target = focus or next((w for w in pane.query("*") if w.focusable), None)
        if target is not None:
            # Synchronously (Widget.focus() is deferred): keys already typed after the
            # switch key must land here, not in the section just hidden.
            self.set_focus(target)

    def _section_of(self, widget: Widget) -> str:
        for ancestor in widget.ancestors:
            if isinstance(ancestor, TabPane) and ancestor.id:
                return ancestor.id
        return SECTIONS[0].id
