"""Text from the data, as widgets receive it: plain text, never markup.

A company name, a note or a template comes from a CSV, a CRM, a teammate's commit or an
agent. Handed to a widget as a `str` it would be parsed as Textual/Rich markup: `[/]`
raises MarkupError (the app ends), `[@click=app.quit]` runs an action when clicked,
`[link="http://..."]` sends a hyperlink of the data's choosing to the terminal. So every
text that holds data reaches `notify`, `Label`, `Static`, `Option`, `Hit` and `Button`
through `plain()`, and DataTable cells and column labels through `plain_text()`; markup
stays only in the program's own literals. tests/unit/test_plain_text_rule.py walks the
package and fails on a call site that skips these.

Both also show what draws nothing or reorders text (bidi controls, zero-width
characters) as a highlighted escape (`\\u202e`), so two names that differ only in them
can be told apart (domain/safe_text.for_screen). The stored text is untouched.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.style import Style

from partner_tui.domain.safe_text import screen_escapes

# How an escape stands out from the same letters typed with a backslash.
ESCAPE_STYLE = "reverse"

# A stretch of the original text to style: (start, end, style), offsets into that text.
Mark = tuple[int, int, "str | Style"]


class _Shown:
    """`text` with its escapes in place, and where each original offset lands."""

    def __init__(self, text: str) -> None:
        escapes = screen_escapes(text)
        self.text = text
        self.at = [index for index, _ in escapes]
        self.escapes: list[tuple[int, int]] = []  # (start, end) in the shown text
        pieces: list[str] = []
        last = shift = 0
        for index, escape in escapes:
            pieces += [text[last:index], escape]
            self.escapes.append((index + shift, index + shift + len(escape)))
            shift += len(escape) - 1
            last = index + 1
        pieces.append(text[last:])
        self.shown = "".join(pieces) if escapes else text
        self._widths = [end - start for start, end in self.escapes]

    def offset(self, original: int) -> int:
        """Where the character at `original` (or the end) starts in the shown text."""
        before = bisect_left(self.at, original)
        return original + sum(self._widths[:before]) - before


def plain(text: str | Content, marks: Iterable[Mark] = ()) -> Content:
    """`text` as Content shown exactly as written: no markup, no links, no actions, its
    invisible characters as escapes; `marks` style stretches of it (offsets into `text`).
    Content the program built itself is returned as it is. (Content passes through
    `notify`, whose default `markup=True` keeps Content as it is.)"""
    if isinstance(text, Content):
        return text
    shown = _Shown(text)
    content = Content(shown.shown)
    for start, end, style in marks:
        content = content.stylize(style, shown.offset(start), shown.offset(end))
    for start, end in shown.escapes:
        content = content.stylize(ESCAPE_STYLE, start, end)
    return content


def plain_text(text: str, *, justify: str | None = None, style: str = "") -> Text:
    """`text` as a rich Text for a DataTable cell or column label (DataTable measures
    and renders rich Text, and parses a `str` cell or label as markup)."""
    shown = _Shown(text)
    cell = Text(shown.shown, style=style, justify=justify, end="")  # type: ignore[arg-type]
    for start, end in shown.escapes:
        cell.stylize(RichStyle(reverse=True), start, end)
    return cell


def plain_highlight(matcher: Matcher, text: str) -> Content:
    """`plain(text)` with the letters the palette's query matched highlighted
    (Textual's `Matcher.highlight` parses its candidate as markup)."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return plain(text)
    style = matcher.match_style
    return plain(text, [(i, i + 1, style) for i in offsets if not text[i].isspace()])
