"""What known_valid keeps (speedups/known_valid.save_known_valid): written without
orjson's output buffer (~16 MB for 110,000 hashes), the very bytes orjson wrote, read back
as the same hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.speedups import known_valid, state_cache

hex_hashes = st.binary(min_size=12, max_size=12).map(lambda b: b.hex())


def _orjsons(hashes: list[str], file: str | None) -> bytes:
    """What save_known_valid wrote before: orjson over a sorted set."""
    return orjson.dumps({"rules": known_valid._stamp(), "records": sorted(set(hashes)), "file": file})


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """(Each example of a property test writes over the last one's: the same file.)"""
    monkeypatch.setenv("PARTNER_TUI_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "data.json"


@given(
    st.lists(hex_hashes, max_size=40).flatmap(
        lambda drawn: st.lists(st.sampled_from(drawn), max_size=60) if drawn else st.just([])
    ) | st.lists(hex_hashes, max_size=40),
    st.none() | st.text(max_size=20),
)
@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_kept_hashes_are_the_bytes_orjson_wrote(
    state: Path, hashes: list[str], file: str | None
) -> None:
    known_valid.save_known_valid(state, hashes, file)
    assert state_cache._read(state, known_valid.KIND) == _orjsons(hashes, file)
    kept = known_valid.load_known_valid(state)
    assert kept.records == set(hashes) and kept.file == file


@pytest.mark.parametrize("odd", ['ab"cd', "ab\\cd", "ab,cd", "AB", "é", "x\n"])
def test_hashes_that_are_not_hex_are_kept_through_orjson(state: Path, odd: str) -> None:
    hashes = [hashlib.blake2b(b"x", digest_size=12).hexdigest(), odd, odd]
    known_valid.save_known_valid(state, hashes, "digest")
    assert state_cache._read(state, known_valid.KIND) == _orjsons(hashes, "digest")
    assert known_valid.load_known_valid(state).records == set(hashes)
