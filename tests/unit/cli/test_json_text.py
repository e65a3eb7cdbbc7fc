"""`--json` output is written by orjson, then escaped to ASCII (cli/json_output.py): it
must be exactly the text json.dumps(sort_keys=True, indent=2, ensure_ascii=True) gave."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.cli.json_output import json_text

_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)
_LEAF = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _TEXT
_DOCUMENT = st.dictionaries(
    _TEXT,
    st.recursive(_LEAF, lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(_TEXT, inner, max_size=4), max_leaves=20),
    max_size=6,
)


@given(_DOCUMENT)
def test_the_text_is_json_dumps_own(document: dict[str, Any]) -> None:
    assert json_text(document) == json.dumps(
        document, sort_keys=True, indent=2, ensure_ascii=True) + "\n"


def test_characters_beyond_the_basic_plane_and_lone_surrogates() -> None:
    for document in ({"a": "caf\u00e9 \U0001f600 \x1b[31m \x7f \u202e"}, {"b": "\ud800"}):
        text = json_text(document)
        assert text.isascii()
        assert text == json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True) + "\n"


@given(_DOCUMENT)
def test_kept_bytes_print_as_the_text_prints(document: dict[str, Any]) -> None:
    """print_ascii (a kept `list --json` text, as bytes) prints what print_text prints of
    the same text, whichever stream standard output is: one with a binary stream, a
    text-only stand-in, or one that turns line ends into the system's (Windows)."""
    import io
    import sys
    from unittest import mock

    from partner_tui import os_compat
    from partner_tui.cli.json_output import print_ascii, print_text

    text = json_text(document)

    def printed(out: io.TextIOBase, how: Any, data: Any) -> None:
        with mock.patch.object(sys, "stdout", out):
            how(data)

    for windows, newline in ((False, "\n"), (True, "\r\n")):
        with mock.patch.object(os_compat, "WINDOWS", windows):
            outs = [io.TextIOWrapper(io.BytesIO(), "ascii", newline=newline) for _ in range(2)]
            printed(outs[0], print_text, text)
            printed(outs[1], print_ascii, text.encode("ascii"))
            assert outs[0].buffer.getvalue() == outs[1].buffer.getvalue()  # type: ignore[attr-defined]
            stand_ins = [io.StringIO(), io.StringIO()]
            printed(stand_ins[0], print_text, text)
            printed(stand_ins[1], print_ascii, text.encode("ascii"))
            assert stand_ins[0].getvalue() == stand_ins[1].getvalue() == text
