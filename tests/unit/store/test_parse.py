"""The lenient read (json strict=False) lets in raw control characters inside strings and
nothing else orjson refuses."""

from __future__ import annotations

import orjson
import pytest

from partner_tui.store.file.parse import parse_json


def test_raw_control_characters_inside_strings_are_read() -> None:
    assert parse_json(b'{"a": "x\ty\x1b", "b": [1, 2.5, null, true]}') == {
        "a": "x\ty\x1b", "b": [1, 2.5, None, True]
    }


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": "x\ty", "b": NaN}',  # not JSON, though Python's json reads it
        b'{"a": "x\ty", "b": Infinity}',
        b'{"a": "x\ty",}',  # a trailing comma
        b'{"a": "x\ty", "b": "\\ud800"}',  # a lone surrogate: could not be written back
        b'{"a": "\xff\t"}',  # not UTF-8
    ],
)
def test_anything_else_wrong_is_refused_with_orjsons_message(raw: bytes) -> None:
    with pytest.raises(orjson.JSONDecodeError) as caught:
        parse_json(raw)
    with pytest.raises(orjson.JSONDecodeError) as direct:
        orjson.loads(raw)
    assert str(caught.value) == str(direct.value)
