"""for_terminal: nothing a terminal would act on gets through; ordinary text is untouched."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.safe_text import for_terminal

OSC_52 = "Esc\x1b]52;c;aGFjaw==\x07 Co"


def test_the_osc_52_clipboard_sequence_is_shown_not_run() -> None:
    assert for_terminal(OSC_52) == "Esc\\x1b]52;c;aGFjaw==\\x07 Co"


def test_bidi_overrides_and_c1_controls_are_escaped() -> None:
    assert for_terminal("abc\u202edef\x9b2J") == "abc\\u202edef\\x9b2J"


def test_single_line_escapes_tab_and_newline() -> None:
    assert for_terminal("a\tb\nc", multiline=False) == "a\\tb\\nc"
    assert for_terminal("a\tb\nc") == "a\tb\nc"


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    shown = for_terminal(text)
    assert not any(
        (ord(ch) < 0x20 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F for ch in shown
    )
    assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in shown)


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"])))
def test_ordinary_text_is_unchanged(text: str) -> None:
    if not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in text):
        assert for_terminal(text) == text
