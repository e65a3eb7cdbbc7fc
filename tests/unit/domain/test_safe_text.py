"""The text rules: what a stored field may hold (clean_line, clean_text), and what is
printed (for_terminal, json_for_terminal). Nothing a terminal would act on gets through;
ordinary text is untouched."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.safe_text import clean_line, clean_text, for_terminal, json_for_terminal
from tests.helpers.hostile import (
    OSC_52,
    OSC_52_STORED,
    hostile_text,
    unsafe_in_line,
    unsafe_in_text,
    unsafe_on_terminal,
)


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


# -- the stored text rule: clean_line and clean_text ------------------------------------------
def test_the_osc_52_sequence_loses_its_controls_and_keeps_its_visible_rest() -> None:
    assert clean_line(OSC_52) == OSC_52_STORED
    assert clean_text(OSC_52) == OSC_52_STORED


def test_a_single_line_turns_tabs_and_line_breaks_into_spaces() -> None:
    assert clean_line("Acme\tLabs\r\nGmbH\rX\nY") == "Acme Labs GmbH X Y"


def test_a_single_line_loses_bidi_overrides_and_isolates_and_keeps_marks() -> None:
    assert clean_line("abc\u202etxt.exe\u2066x\u2069") == "abctxt.exex"
    assert clean_line("שלום\u200f Co\u200e") == "שלום\u200f Co\u200e"


def test_a_multi_line_text_keeps_tab_newline_and_isolates_and_makes_cr_a_newline() -> None:
    assert clean_text("a\tb\r\nc\rd\ne\x1b[2J\x9b\x7f") == "a\tb\nc\nd\ne[2J"
    assert clean_text("\u2067עברית\u2069") == "\u2067עברית\u2069"


def test_clean_text_is_returned_as_it_is() -> None:
    for text in ("Acme", "Zoë 株式会社", "x" * 500, "é" * 100):
        assert clean_line(text) is text and clean_text(text) is text
    notes = "line one\n\tline two"
    assert clean_text(notes) is notes


@given(hostile_text)
def test_nothing_unsafe_is_left_and_cleaning_twice_changes_nothing(text: str) -> None:
    line, multi = clean_line(text), clean_text(text)
    assert unsafe_in_line(line) == [] and unsafe_in_text(multi) == []
    assert clean_line(line) == line and clean_text(multi) == multi
    # Nothing else is lost: spaces (where a line broke) and newlines aside, exactly the
    # characters the rule allows are kept, in order.
    assert [ch for ch in text if ch != " " and not unsafe_in_line(ch)] == [
        ch for ch in line if ch != " "
    ]
    assert [ch for ch in text if ch != "\n" and not unsafe_in_text(ch)] == [
        ch for ch in multi if ch != "\n"
    ]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf"))))
def test_text_without_controls_is_stored_as_it_is(text: str) -> None:
    assert clean_line(text) == text and clean_text(text) == text


# -- JSON on a terminal --------------------------------------------------------------------------
@given(hostile_text)
def test_json_for_terminal_is_inert_and_means_the_same(text: str) -> None:
    document = json.dumps({"company": text, "notes": [text]}, ensure_ascii=False)
    shown = json_for_terminal(document)
    assert unsafe_on_terminal(shown) == []
    assert json.loads(shown) == json.loads(document)


@given(st.text(st.characters(max_codepoint=0x7F)), st.integers(0, 300))
def test_a_short_and_a_long_ascii_field_are_cleaned_by_one_rule(text: str, length: int) -> None:
    # clean_line checks a short ASCII field by str.isprintable, a long one by the byte loop
    # (safe_text.SHORT): both the very rule the regular expressions apply.
    from partner_tui.domain import safe_text

    field = (text * (length // max(len(text), 1) + 1))[:length] if text else "x" * length
    expected = safe_text._NOT_IN_LINE.sub("", safe_text._LINE_BREAK.sub(" ", field))
    assert clean_line(field) == expected
    assert (clean_line(field) is field) == (expected == field)
