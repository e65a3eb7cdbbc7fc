"""The JSON export's figures as kept text (speedups/kept_figure_texts.py) are the figures
computed fresh, written as the export writes them: on any day of the month, after any
change to one partner's inputs or to the settings; a text is made again only for a
partner whose month part changed; a kept file that is damaged is read as nothing kept."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain import clock
from partner_tui.speedups import kept_figure_texts
from partner_tui.speedups.kept_figure_texts import figures_text
from partner_tui.speedups.state_cache import keep, read_kept
from tests.unit.exchange.test_one_truth import TODAY, programs
from tests.unit.speedups.test_kept_figures import (
    CHANGES,
    MONTH_DAYS,
    change,
    fresh,
    opened,
    trusted_store,
    write_program,
)


def written_fresh(db: Path, day: date, ids: list[str]) -> str:
    """The `figures` object as the export writes it from figures computed fresh (its
    text at its place: json_export writes it at the document's top level)."""
    figures = fresh(db, day)
    whole = orjson.dumps(
        {"figures": {i: figures[i].as_json() for i in ids if i in figures}},
        option=orjson.OPT_INDENT_2,
    ).decode()
    return whole[len('{\n  "figures": '):-len("\n}")]


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(programs(), MONTH_DAYS, MONTH_DAYS, CHANGES, st.data())
def test_kept_figure_texts_are_the_figures_written_fresh_any_day_and_after_any_change(
    monkeypatch: pytest.MonkeyPatch, program: tuple, first: date, later: date, what: str,
    data: st.DataObject,
) -> None:
    people, _, _ = program
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "partners.json"
        with opened(db) as store:
            write_program(store, program)
        assert fresh(db, first)  # read once through the store: now known valid
        ids = data.draw(st.permutations([p.id for p in people]))
        assert figures_text(trusted_store(db), first, ids) == written_fresh(db, first, ids)
        # Another day: every text as kept, the day's two values filled in.
        made: list[Any] = []
        real = kept_figure_texts._made
        monkeypatch.setattr(kept_figure_texts, "_made", lambda *a: made.append(a) or real(*a))
        assert figures_text(trusted_store(db), later, ids) == written_fresh(db, later, ids)
        assert made == []
        changed = data.draw(st.sampled_from(ids))
        with monkeypatch.context() as patch:
            patch.setattr(clock, "today", lambda: TODAY)
            with opened(db) as writer:
                change(writer, what, changed, data.draw)
        assert fresh(db, later)  # validated and remembered
        day = data.draw(MONTH_DAYS)
        assert figures_text(trusted_store(db), day, ids) == written_fresh(db, day, ids)
        if what not in ("tiers", "quiet"):  # those may change everyone's month part
            assert len(made) <= 1


def test_no_partner_is_an_empty_object(db_path: Path) -> None:
    with opened(db_path) as store:
        write_program(store, ([], [], []))
    assert fresh(db_path, TODAY) == {}
    assert figures_text(trusted_store(db_path), TODAY, []) == "{}"


SOME = programs().filter(lambda program: bool(program[0]))


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=SOME)
@pytest.mark.parametrize("damage", [
    {"key": "another"}, {"texts": []}, [], "text",
    {"texts": {"[]": ["a", 1, "b"]}},
])
def test_a_damaged_kept_file_is_nothing_kept(
    tmp_path_factory: pytest.TempPathFactory, damage: Any, program: tuple
) -> None:
    db_path = tmp_path_factory.mktemp("db") / "partners.json"
    with opened(db_path) as store:
        write_program(store, program)
    ids = list(fresh(db_path, TODAY))
    expected = written_fresh(db_path, TODAY, ids)
    assert figures_text(trusted_store(db_path), TODAY, ids) == expected
    kept = read_kept(db_path, kept_figure_texts.KIND)
    assert kept is not None
    if isinstance(damage, dict) and "key" not in damage:
        damage = {"key": kept["key"], **damage}
        if isinstance(damage.get("texts"), dict):  # a text of the wrong shape
            which = next(iter(kept["texts"]))
            damage["texts"] = {which: ["a", 1, "b"]}
    keep(db_path, kept_figure_texts.KIND, damage)
    assert figures_text(trusted_store(db_path), TODAY, ids) == expected


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=SOME)
def test_a_stand_in_in_the_data_writes_the_figures_as_before(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, program: tuple
) -> None:
    db_path = tmp_path_factory.mktemp("db") / "partners.json"
    with opened(db_path) as store:
        write_program(store, program)
    ids = list(fresh(db_path, TODAY))
    with monkeypatch.context() as patch:  # a stand-in the text holds more than once
        patch.setattr(kept_figure_texts, "_QUIET", kept_figure_texts._AS_OF)
        patch.setattr(kept_figure_texts, "_QUIET_TEXT", kept_figure_texts._AS_OF_TEXT)
        assert figures_text(trusted_store(db_path), TODAY, ids) is None
