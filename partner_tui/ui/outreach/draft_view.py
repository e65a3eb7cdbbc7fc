"""Text with its [Placeholders] marked: gaps in a filled draft, or every slot in a template."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from partner_tui.domain.templates import PLACEHOLDER, Gap
from partner_tui.ui.common.plain import plain

# Theme variables, so the marks follow the user's theme.
UNFILLED_STYLE = "bold $text-warning on $warning-muted"
UNKNOWN_STYLE = "bold underline $text-error on $error-muted"
SLOT_STYLE = "bold $text-accent"


def marked_gaps(text: str, gaps: Iterable[Gap], offset: int = 0) -> Content:
    """The filled text with each gap styled: unknown placeholders differ from empty ones.

    offset: where `text` starts relative to the gaps' positions (gaps index the text
    they were found in; a caller that prefixes "Subject: " shifts them).
    """
    return plain(
        text,
        [
            (gap.start + offset, gap.end + offset, UNKNOWN_STYLE if gap.unknown else UNFILLED_STYLE)
            for gap in gaps
        ],
    )


def marked_slots(text: str) -> Content:
    """A template's text with every placeholder styled (the library's preview)."""
    return plain(text, [(m.start(), m.end(), SLOT_STYLE) for m in PLACEHOLDER.finditer(text)])
