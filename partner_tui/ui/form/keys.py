"""The partner form's keys: saving and closing (the screen's), one key per section (from
SECTIONS) and stepping between sections (the section tabs', ui/form/section_tabs.py)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from partner_tui.ui.form.sections import SECTIONS


def _section_bindings() -> list[Binding]:
    """One key per section (SECTIONS); the footer shows the first, the help them all."""
    first, last = SECTIONS[0], SECTIONS[-1]
    shown = Binding(
        first.key,
        "section(0)",
        "Section",
        key_display=f"{first.key.upper()}…{last.key.upper()}",
        id="form.section.1",
        tooltip=(
            f"Jump to a section: {first.key.upper()} {first.title} … "
            f"{last.key.upper()} {last.title} (the key is on each tab)"
        ),
        priority=True,
    )
    rest = [
        Binding(
            section.key,
            f"section({index})",
            f"Section: {section.title}",
            show=False,
            id=f"form.section.{index + 1}",
            priority=True,
        )
        for index, section in enumerate(SECTIONS)
        if index > 0
    ]
    return [shown, *rest]


FORM_BINDINGS: list[BindingType] = [
    # priority: Inputs and TextAreas must not swallow these (an Input, being a
    # ScrollView, binds ctrl+pageup/pagedown to scroll itself sideways).
    Binding(
        "ctrl+s",
        "save",
        "Save",
        id="form.save",
        tooltip="Check every field and save",
        priority=True,
    ),
    Binding(
        "escape",
        "close",
        "Close",
        id="form.close",
        tooltip="Back to the board (asks first when there are unsaved changes)",
    ),
]

SECTION_BINDINGS: list[BindingType] = [
    # The F-keys before ctrl+pgdn/pgup: at 80 columns the key bar holds them, not those.
    *_section_bindings(),
    Binding(
        "ctrl+pagedown",
        "next_section",
        "Next section",
        key_display="ctrl+pgdn",
        id="form.next_section",
        tooltip="Show the next section",
        priority=True,
    ),
    Binding(
        "ctrl+pageup",
        "previous_section",
        "Prev section",
        key_display="ctrl+pgup",
        id="form.previous_section",
        tooltip="Show the previous section",
        priority=True,
    ),
]
