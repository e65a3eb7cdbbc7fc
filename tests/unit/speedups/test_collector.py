"""The one place the cycle collector is paused or frozen (speedups/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from partner_tui.speedups import collector


@pytest.fixture(autouse=True)
def _collector_running() -> Iterator[None]:
    """Each test starts with the collector running, and leaves it as it found it."""
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_resumes_after_the_start_only_if_paused() -> None:
    assert gc.isenabled()
    collector.resume_after_start()  # not paused (tests run apps this way): nothing to do
    assert gc.isenabled()
    collector.pause_for_start()
    try:
        assert not gc.isenabled()
        collector.resume_after_start()
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_reading_a_file_pauses_the_collector_and_restores_it(tmp_path: Path) -> None:
    small = tmp_path / "small.json"
    small.write_bytes(b"{}")
    with collector.while_reading(small):
        assert not gc.isenabled()
    assert gc.isenabled()
    with collector.while_reading(tmp_path / "missing.json"):  # no file yet: a new database
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_reading_command_runs_with_the_collector_off_and_restores_it() -> None:
    seen: list[tuple[bool, int]] = []

    @collector.off_while_reading
    def command() -> int:
        frozen = gc.get_freeze_count()
        with collector.paused_then_frozen(big=True):  # no collection first, no freeze after
            pass
        seen.append((gc.isenabled(), gc.get_freeze_count() - frozen))
        return 0

    assert gc.isenabled()
    assert command() == 0
    assert seen == [(False, 0)]
    assert gc.isenabled()
    # Off again for what reads after the command (the app's own pause is untouched).
    with collector.paused_then_frozen(big=False):
        assert not gc.isenabled()
    assert gc.isenabled()
