"""record_spans.spans_of: in the store's own layout each span is exactly its record."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain import clock
from partner_tui.speedups.record_spans import kept_spans, spans_of
from partner_tui.store.partner_store import PartnerStore
from partner_tui.speedups.file_board import known_valid_board, one_partner_store
from partner_tui.speedups.known_valid import file_digest, load_known_valid
from tests.unit.exchange.test_one_truth import TODAY, programs
from tests.unit.exchange.test_one_truth import partners as drawn_partners
from tests.unit.speedups.test_kept_figures import change, opened, write_program
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


# -- carried by a store's close --------------------------------------------------------------------
CHANGES = st.sampled_from(["log", "typed", "terms", "deal", "refund", "tiers", "quiet", "add"])


def _known_digest(db: Path) -> str:
    digest = load_known_valid(db.resolve()).file
    assert digest is not None
    return digest


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(programs(), st.lists(st.tuples(CHANGES, st.integers(0, 3)), min_size=1, max_size=3),
       st.data())
def test_spans_carried_by_a_close_are_those_found_in_the_file_and_show_reads_them(
    monkeypatch: pytest.MonkeyPatch, program: tuple, changes: list[tuple[str, int]],
    data: st.DataObject,
) -> None:
    """After any changes through the store, each close (the file now known valid) keeps
    the new file's spans as keep_spans would find them in its bytes, before anything
    reads it; `show`'s one-partner store over them gives the partner and figures the
    store computes."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "partners.json"
        with opened(db) as store:
            write_program(store, program)
        with opened(db, read_only=True):
            pass  # validated: known valid
        assert known_valid_board(db) is not None  # read whole once: spans kept
        content = db.read_bytes()
        for n, (what, which) in enumerate(changes):
            with monkeypatch.context() as patch:
                patch.setattr(clock, "today", lambda: TODAY)
                with opened(db) as writer:
                    ids = [card.id for card in writer.partners.cards()]
                    if what == "add":
                        writer.partners.add_many([data.draw(drawn_partners(90 + n))])
                    else:
                        change(writer, what, ids[which % len(ids)], data.draw)
            file = db.resolve()
            content, before = file.read_bytes(), content
            if content == before:
                continue  # nothing written (a change to what it was): nothing to carry
            if _known_digest(db) != file_digest(content):
                # A change of the settings alone leaves the file not known valid (the
                # close remembers records): the next reader validates it, nothing carried.
                assert what in ("tiers", "quiet")
                continue
            kept = kept_spans(file, file_digest(content))
            assert kept is not None  # carried: nothing read the new file yet
            parsed = orjson.loads(content)
            found = spans_of(content, parsed)
            assert found is not None
            assert kept["partners"] == orjson.loads(orjson.dumps(found))
            assert kept["settings"] == (parsed.get("settings") or {})
            with PartnerStore(db, read_only=True) as plain:
                for pid in parsed["partners"]:
                    one = one_partner_store(db, pid)
                    assert one is not None
                    assert one.partners.get(pid) == plain.partners.get(pid)
                    assert one.payouts.figures(pid, TODAY) == plain.payouts.figures(pid, TODAY)
