"""plain(), plain_text() and plain_highlight(): data shown as written, never as markup, with
what draws nothing shown as an escape (the stored text keeps it)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.fuzzy import Matcher

from partner_tui.domain.safe_text import for_screen, screen_escapes
from partner_tui.ui.common.plain import ESCAPE_STYLE, plain, plain_highlight, plain_text

MARKUP = ["[/]", "[b]", "[@click=app.quit]x[/]", '[link="http://evil.example"]v[/]',
          "[on red]", "\\[", "\\", "[", "]", "$name"]
markup_like = st.lists(
    st.one_of(st.sampled_from(MARKUP), st.text(max_size=4)), max_size=8
).map("".join)


@given(markup_like)
def test_markup_is_shown_as_typed(text: str) -> None:
    content = plain(text)
    assert content.plain == for_screen(text)
    assert plain_text(text).plain == for_screen(text)
    # No link, no action, nothing but the escapes' own style.
    assert {str(span.style) for span in content.spans} <= {ESCAPE_STYLE}


def test_look_alikes_are_told_apart() -> None:
    names = ["Acme", "Acme\u200b", "Ac\u200dme", "\u202eemcA", "Acme\ufeff", "Acme\u2066"]
    shown = [plain(name).plain for name in names]
    assert len(set(shown)) == len(names)
    assert shown[1] == "Acme\\u200b"
    # Each escape stands out from a backslash typed in a name.
    escaped = plain("Acme\u200b")
    assert [(s.start, s.end, s.style) for s in escaped.spans] == [(4, 10, ESCAPE_STYLE)]
    assert plain("Acme\\u200b").spans == []


def test_prose_keeps_tabs_newlines_and_ordinary_letters() -> None:
    text = "Notes:\n\tcall Zoë\n\tمرحبا — 東京 ❤️"
    assert for_screen(text) == text
    assert screen_escapes(text) == []
    assert plain(text).plain == text


def test_marks_land_on_the_same_letters_after_escapes() -> None:
    text = "x\u200b[Company] y"
    content = plain(text, [(2, 11, "bold")])
    span = next(s for s in content.spans if s.style == "bold")
    assert content.plain[span.start:span.end] == "[Company]"


def test_the_palette_highlight_reads_no_markup() -> None:
    content = plain_highlight(Matcher("jump"), "Jump to [/]Acme[@click=app.quit]")
    assert content.plain == "Jump to [/]Acme[@click=app.quit]"
    assert plain_highlight(Matcher("zzz"), "[/]").plain == "[/]"


def test_content_the_program_built_passes_through() -> None:
    built = plain("x").stylize("bold")
    assert plain(built) is built
