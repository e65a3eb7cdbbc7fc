"""record_spans.spans_of: in the store's own layout each span is exactly its record."""

from __future__ import annotations

import json
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from partner_tui.speedups.record_spans import spans_of
from partner_tui.store.file.serialize import dumps

# Text that looks like layout: braces, quotes, newlines, the indent of a record's end.
TEXT = st.text(alphabet=st.sampled_from(['a', ' ', '\n', '}', '{', '"', '\\', ':', ',', 'é']),
               max_size=12) | st.sampled_from(["\n    }", "\n  }", '\n    "x": {'])
VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
KEY = st.text(alphabet="0123456789abcdef", min_size=1, max_size=4)


@st.composite
def files(draw: st.DrawFn) -> dict[str, Any]:
    partners = draw(st.dictionaries(KEY, st.dictionaries(TEXT, VALUE, max_size=4), max_size=5))
    owners = [*partners, "gone"]

    def owned(prefix: str) -> dict[str, Any]:
        records = draw(st.dictionaries(KEY, st.dictionaries(TEXT, VALUE, max_size=3),
                                       max_size=6))
        return {prefix + key: {**record, "partner_id": draw(st.sampled_from(owners))}
                for key, record in records.items()}

    data = {"partners": partners, "deals": owned("d"), "payments": owned("p"),
            "settings": {"1": draw(st.dictionaries(TEXT, VALUE, max_size=2))}}
    return {name: table for name, table in data.items() if draw(st.booleans()) or name == "partners"}


@given(files())
def test_each_span_is_its_record_and_its_deals_and_payments_in_file_order(
    data: dict[str, Any],
) -> None:
    content = dumps(data)
    data = orjson.loads(content)  # as the reader has it: in the file's order
    spans = spans_of(content, data)
    assert spans is not None and list(spans) == sorted(data["partners"])
    for pid, (start, end, deals, payments) in spans.items():
        assert orjson.loads(content[start:end]) == data["partners"][pid]
        for name, kept in (("deals", deals), ("payments", payments)):
            # In the table's order, as the store's deal table indexes them.
            mine = [r for r in data.get(name, {}).values() if r["partner_id"] == pid]
            assert [orjson.loads(content[s:e]) for s, e in kept] == mine


@given(files())
def test_bytes_in_another_layout_have_no_spans(data: dict[str, Any]) -> None:
    other = json.dumps(data, sort_keys=True).encode() + b"\n"
    assert spans_of(other, data) is None
