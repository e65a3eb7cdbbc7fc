"""A big file parsed in slices (store/file/parse_pieces.py) reads exactly as the whole file
does, or is not read in slices at all."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partner_tui.store.file import parse_pieces
from partner_tui.store.file.parse import parse_json
from partner_tui.store.file.parse_pieces import parse_in_pieces
from partner_tui.store.file.serialize import dumps

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=10,
)
# Names and keys that look like the layout's own cuts, inside strings.
tricky = st.sampled_from(['a', ',\n    "x', ': {', '\n  }', '"', '\\', 'deals'])
files = st.dictionaries(
    st.text(max_size=6) | tricky,
    st.dictionaries(st.text(max_size=8) | tricky, st.dictionaries(st.text(max_size=5) | tricky, json_values, max_size=4), max_size=12)
    | json_values,
    min_size=1,
    max_size=5,
)


@pytest.fixture(autouse=True)
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices of a few bytes, so that small files take every path a 73 MB file takes."""
    monkeypatch.setattr(parse_pieces, "PIECES_FROM", 0)
    monkeypatch.setattr(parse_pieces, "SLICE", 40)


@given(files)
@settings(max_examples=150)
def test_a_file_in_the_programs_layout_reads_as_the_whole_file_does(data: dict) -> None:
    raw = dumps(data)
    parsed = parse_in_pieces(raw)
    assert parsed is None or parsed == orjson.loads(raw)
    if raw.startswith(b'{\n  "'):
        assert parsed == orjson.loads(raw)  # (the layout's files are all read in slices)


@given(files, st.integers(0, 10_000), st.binary(min_size=1, max_size=3))
@settings(max_examples=150)
def test_a_damaged_file_reads_as_the_whole_file_would(data: dict, at: int, junk: bytes) -> None:
    """Bytes changed anywhere: read in slices only if the result is the whole file's."""
    raw = bytearray(dumps(data))
    at %= len(raw)
    raw[at : at + len(junk)] = junk
    try:
        whole = orjson.loads(bytes(raw))
    except orjson.JSONDecodeError:
        whole = None
    parsed = parse_in_pieces(bytes(raw))
    assert parsed is None or parsed == whole


@pytest.mark.parametrize(
    "raw",
    [
        b'{"deals": {"a": {"x": 1}}}',  # not the layout: parsed whole
        b'{\n  "deals": {\n    "a": {}\n  }\n} trailing',
        b'{\n  "deals": {\n    "a": {"n": "one\n    \\"b\\": 2"}\n  }\n}',  # a raw newline
        b'[\n  "deals"\n]',
    ],
)
def test_anything_not_in_slices_is_left_to_the_whole_files_parse(raw: bytes) -> None:
    assert parse_in_pieces(raw) is None


def test_a_raw_control_character_is_still_read_leniently() -> None:
    raw = b'{\n  "deals": {\n    "a": {\n      "n": "x\ty"\n    },\n    "b": {}\n  }\n}\n'
    assert parse_json(raw) == {"deals": {"a": {"n": "x\ty"}, "b": {}}}


def test_a_broken_big_file_gets_the_whole_files_message() -> None:
    raw = dumps({"deals": {str(i): {"n": i} for i in range(50)}})[:-8]
    with pytest.raises(orjson.JSONDecodeError) as caught:
        parse_json(raw)
    with pytest.raises(orjson.JSONDecodeError) as direct:
        orjson.loads(raw)
    assert str(caught.value) == str(direct.value)


@given(files, st.text(alphabet=" \t\r\n", max_size=4))
@settings(max_examples=100)
def test_whatever_whitespace_ends_the_file_it_reads_as_the_whole_file_does(
    data: dict, tail: str
) -> None:
    """The end of the file is found without a copy of it: any JSON whitespace after the
    closing brace, or none."""
    raw = dumps(data).rstrip(b"\n") + tail.encode()
    parsed = parse_in_pieces(raw)
    assert parsed is None or parsed == orjson.loads(raw)
    if raw.startswith(b'{\n  "'):
        assert parsed == orjson.loads(raw)
    assert parse_in_pieces(raw + b"x") is None
