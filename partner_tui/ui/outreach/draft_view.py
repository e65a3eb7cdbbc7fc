"""Text with its [Placeholders] marked: gaps in a filled draft, or every slot in a template."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from partner_tui.domain.templates import PLACEHOLDER, Gap

# Theme variables, so the marks follow the user's theme.
UNFILLED_STYLE = "bold $text-warning on $warning-muted"
UNKNOWN_STYLE = "bold underline $text-error on $error-muted"
SLOT_STYLE = "bold $text-accent"


def marked_gaps(text: str, gaps: Iterable[Gap], offset: int = 0) -> Content:
    """The filled text with each gap styled: unknown placeholders differ from empty ones.

    offset: where `text` starts relative to the gaps' positions (gaps index the text
    they were found in; a caller that prefixes "Subject: " shifts them).
    """
    content = Content(text)
    for gap in gaps:
        style = UNKNOWN_STYLE if gap.unknown else UNFILLED_STYLE
        content = content.stylize(style, gap.start + offset, gap.end + offset)
    return content


def marked_slots(text: str) -> Content:
    """A template's text with every placeholder styled (the library's preview)."""
    content = Content(text)
    for match in PLACEHOLDER.finditer(text):
        content = content.stylize(SLOT_STYLE, match.start(), match.end())
    return content


def literal(text: str) -> str:
    """Text for a widget that reads markup (the shared dialogs), shown exactly as written.

    Textual's own `escape` leaves "[Name]" alone (it only escapes lower-case tags), yet the
    parser would still swallow it as a tag: every bracket is escaped here.
    """
    return text.replace("[", "\\[")
