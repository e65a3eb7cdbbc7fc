"""The report's escaping (exchange/markdown.py md, md_line) is the regular expressions'
it replaced, made cheaper: held equal to them over arbitrary text, whitespace of every
kind (the ones str.split splits on) and Markdown's active characters included."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.exchange.markdown import _LINE_START, _NUMBERED, _SPECIAL, md, md_line, quoted

# Every character str.split() splits on (Unicode whitespace, the separators included).
_WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_ACTIVE = "\\`*_[]<>|~#>+-=.)0123456789"
_texts = st.text(
    st.one_of(
        st.sampled_from(_WHITESPACE), st.sampled_from(_ACTIVE), st.characters(),
        st.just(" "), st.just("a"),
    ),
    max_size=40,
)
# ASCII alone (md reads an ASCII text's controls and active characters from its bytes),
# short and as long as a note (md looks for two spaces in a long text by a pattern).
_ascii = st.one_of(st.characters(max_codepoint=127), st.sampled_from(_ACTIVE), st.just(" "),
                   st.just("a"))
_ascii_texts = st.one_of(st.text(_ascii, max_size=40), st.text(_ascii, min_size=190, max_size=260),
                         st.text(st.sampled_from("ab "), min_size=190, max_size=260))


def _md_by_patterns(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_line_by_patterns(text: str) -> str:
    return _NUMBERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", _md_by_patterns(text)))


@given(st.one_of(_texts, _ascii_texts))
def test_md_is_the_patterns(text: str) -> None:
    assert md(text) == _md_by_patterns(text)


@given(st.one_of(_texts, _ascii_texts))
def test_md_line_is_the_patterns(text: str) -> None:
    assert md_line(text) == _md_line_by_patterns(text)


@given(st.one_of(_texts, _ascii_texts))
def test_a_quote_is_each_line_escaped(text: str) -> None:
    assert quoted(text) == [
        f"> {_md_line_by_patterns(line)}" if line.strip() else ">" for line in text.splitlines()]


def test_examples() -> None:
    assert md("  *Acme*  | [Beta]\t\u00a0x ") == "\\*Acme\\* \\| \\[Beta\\] x"
    assert md_line("12. x") == "12\\. x"
    assert md_line("- 1. x") == "\\- 1. x"
    assert md_line("a\\b") == "a\\\\b"
    assert md("**a\x01  b") == "\\*\\*a\x01 b"
    assert quoted("# a\n\n2) b") == ["> \\# a", ">", "> 2\\) b"]
    assert quoted("- plain words") == ["> \\- plain words"]
