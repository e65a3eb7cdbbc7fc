"""What `list` laid out and `due` planned for a file, carried through a change made by
the program to the file it wrote (board_cache.carry_board, list_table.carry_tables,
due_plan.carry_plan): held here to what the cards and the rules give the new file, for
arbitrary partners, changes (a log entry, a record changed, a partner added or gone),
days and look-aheads."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli import partner_text
from partner_tui.cli.due_command import report_text
from partner_tui.cli.partner_commands import listed_cards
from partner_tui.domain.stages import Stage
from partner_tui.speedups import board_cache, due_plan, list_table, state_cache
from partner_tui.speedups.board_cache import projection
from tests.unit.speedups.test_due_plan import DAYS, RECORD, RULES, TEXT, board_of

# What a change does to one partner: nothing, a log entry (the usual change: no column
# of the table), one field the table shows, a new record under its id, or the partner
# deleted.
CHANGES = st.sampled_from(["same", "log", "field", "record", "gone"])
FIELDS = {
    "company": TEXT, "contact_name": TEXT, "next_action": TEXT,
    "next_action_date": DAYS.map(date.isoformat), "position": st.floats(0, 100),
}
STAGES: list[Stage | None] = [None, *Stage]


def _query(stage: Stage | None) -> str:
    return "list" + (f" --stage {stage.value}" if stage is not None else "")


@st.composite
def changed_files(
    draw: st.DrawFn, changes: st.SearchStrategy[str] = CHANGES
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A file's partners before and after a change to some of them (and some added)."""
    before = {raw["id"]: raw for raw in draw(st.lists(RECORD, max_size=10))}
    after: dict[str, Any] = {}
    for pid, raw in before.items():
        change = draw(changes)
        if change == "same":
            after[pid] = raw
        elif change == "log":
            entry = {"date": draw(DAYS).isoformat(), "author": "Sam"}
            after[pid] = {**raw, "activities": [*raw.get("activities", []), entry]}
        elif change == "field":
            field = draw(st.sampled_from(sorted(FIELDS)))
            after[pid] = {**raw, field: draw(FIELDS[field])}
        elif change == "record":
            after[pid] = {**draw(RECORD), "id": pid}
    if changes is CHANGES:
        after.update((raw["id"], raw) for raw in draw(st.lists(RECORD, max_size=2)))
    return before, after


def _carried(file: Path, before: dict[str, Any], after: dict[str, Any],
             rules: dict[str, Any]) -> tuple[board_cache.Carried, dict[str, Any]]:
    """The board kept for the file `before`, carried to the file `after` (digests "one"
    and "two"), as a store's close does."""
    old = board_of(list(before.values()), rules)
    board_cache.keep_board(file, "one", old.data)
    tables = {"partners": after, "settings": old.data["settings"], "deals": {}}
    carried = board_cache.carry_board(file, "two", tables)
    assert carried is not None and carried.before == "one"
    return carried, tables


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_files(), RULES)
def test_the_board_carried_names_the_partners_changed_with_what_they_were(
    files: tuple[dict[str, Any], dict[str, Any]], rules: dict[str, Any]
) -> None:
    before, after = files
    with tempfile.TemporaryDirectory() as folder:
        carried, _tables = _carried(Path(folder) / "partners.json", before, after, rules)
    changed = {pid: projection(before[pid]) if pid in before else None
               for pid, raw in after.items()
               if pid not in before or projection(before[pid]) != projection(raw)}
    assert carried.changed == changed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_files(), RULES, DAYS)
def test_a_table_carried_prints_the_new_files_table_on_any_day(
    files: tuple[dict[str, Any], dict[str, Any]], rules: dict[str, Any], today: date
) -> None:
    before, after = files
    old, new = board_of(list(before.values()), rules), board_of(list(after.values()), rules)
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "partners.json"
        for stage in STAGES:
            cards = listed_cards(old, stage)
            head, rows = partner_text.table_layout(cards) if cards else ("", [])
            list_table.keep_table(file, "one", _query(stage), head, rows)
        carried, tables = _carried(file, before, after, rules)
        list_table.carry_tables(file, carried, "two", tables)
        kept = {stage: list_table.kept_table(file, "two", _query(stage)) for stage in STAGES}
    logged = all(pid in before and projection({**before[pid], "activities": []})
                 == projection({**raw, "activities": []}) for pid, raw in after.items())
    for stage, table in kept.items():
        if table is None:  # a row, a stage or a place changed, or a partner added or gone
            assert not logged or len(after) != len(before)
            continue
        head, rows = table
        printed = partner_text.table_lines(head, rows, today) if rows else []
        assert printed == partner_text.partner_table(listed_cards(new, stage), today)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_files(), RULES, DAYS, st.integers(0, 40), st.integers(-2, 10),
       st.integers(0, 20), st.integers(0, 12))
def test_a_plan_carried_is_the_plan_of_the_new_file_and_prints_what_the_rules_print(
    files: tuple[dict[str, Any], dict[str, Any]], rules: dict[str, Any], made: date,
    reach: int, served: int, later: int, days: int,
) -> None:
    before, after = files
    old, new = board_of(list(before.values()), rules), board_of(list(after.values()), rules)
    horizon, last_day = made + timedelta(days=reach), made + timedelta(days=served)
    plan = due_plan.plan_of_board(old, made, horizon, last_day=last_day)
    if plan is None:  # (a value the plan cannot hold: the rules print it on the day)
        return
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "partners.json"
        due_plan.keep_plan(file, "one", plan)
        carried, tables = _carried(file, before, after, rules)
        due_plan.carry_plan(file, carried, "two", tables)
        kept = {part: state_cache.kept_text(file, due_plan.KIND, part,
                                            {"key": due_plan._key("two"), "form": part})
                for part in plan}
    for form in due_plan.PARTS:  # (each form is planned on its own: one may not be held)
        planned = due_plan.plan_of_board(new, made, horizon, (form,), last_day=last_day)
        keys = form + due_plan.KEYS
        assert {form: kept[form], keys: kept[keys]} == (planned or dict.fromkeys((form, keys)))
    today = made + timedelta(days=later)
    until = today + timedelta(days=days)
    for as_json, form in ((False, "report"), (True, "json")):
        part = due_plan.PlanPart.of_text(kept[form]) if kept[form] else None
        if part is not None and part.covers(today, until):
            printed = due_plan.report_text(part, today, days, as_json)
            assert printed == report_text(new, today, days, as_json)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_files(st.sampled_from(["same", "log"])), RULES)
def test_a_log_entry_carries_every_table_and_the_plan(
    files: tuple[dict[str, Any], dict[str, Any]], rules: dict[str, Any]
) -> None:
    before, after = files
    old = board_of(list(before.values()), rules)
    plan = due_plan.plan_of_board(old, date(2026, 3, 16), date(2026, 4, 1))
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "partners.json"
        cards = listed_cards(old)
        head, rows = partner_text.table_layout(cards) if cards else ("", [])
        list_table.keep_table(file, "one", "list", head, rows)
        if plan is not None:
            due_plan.keep_plan(file, "one", plan)
        carried, tables = _carried(file, before, after, rules)
        list_table.carry_tables(file, carried, "two", tables)
        due_plan.carry_plan(file, carried, "two", tables)
        assert list_table.kept_table(file, "two", "list") is not None
        for form in due_plan.PARTS if plan is not None else ():
            assert state_cache.kept_text(file, due_plan.KIND, form,
                                         {"key": due_plan._key("two"), "form": form})


def test_nothing_is_carried_from_a_board_kept_under_other_settings(tmp_path: Path) -> None:
    file = tmp_path / "partners.json"
    board_cache.keep_board(file, "one", {"partners": {}, "settings": {"1": {"rules": {}}}})
    tables = {"partners": {}, "settings": {"1": {"rules": {"quiet_active_days": 3}}}}
    assert board_cache.carry_board(file, "two", tables) is None
