"""`due` on the first call of a day prints from the file's plan (speedups/due_plan.py):
every item the due rules give the board, kept in the report's order with its text, the
day filled in. Held here to what the rules print over the same board
(cli/due_command.report_text), for arbitrary partners, settings, days and look-aheads,
with the plan kept and read back as the command does."""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli.due_command import report_text
from partner_tui.domain.cadence_rule import CHECKLIST_ITEMS
from partner_tui.domain.quiet import QUIET_AFTER_DEFAULTS
from partner_tui.domain.stages import Stage
from partner_tui.speedups import due_plan
from partner_tui.speedups.due_plan import PlanPart, keep_plan, kept_part, plan_of_board
from partner_tui.speedups.file_board import FileBoard
from partner_tui.store.records.cards import PartnerCard
from partner_tui.store.records.partner_index import PartnerIndex

# A few months: items fall due, and partners turn quiet, on the very day asked.
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 4, 30))
INSTANTS = DAYS.map(lambda d: datetime(d.year, d.month, d.day, 9, tzinfo=timezone.utc).isoformat())
# Plain text most of the time; any text (controls, escapes, %, the plan's separator,
# other scripts) sometimes.
TEXT = st.one_of(
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20),
    st.text(max_size=20),
    st.sampled_from(
        ["Café 株式会社", "100% \x1f%s", "[@click=app.quit]x[/]", "Evil\x1b]52;c;x\x07"]),
)


def _ticks(period: str) -> st.SearchStrategy[dict[str, bool]]:
    items = CHECKLIST_ITEMS[period]
    return st.fixed_dictionaries({}, optional={n: st.booleans() for n, _t in items})


CADENCE = st.fixed_dictionaries({}, optional={
    "monthly": _ticks("monthly"), "quarterly": _ticks("quarterly"),
    "monthly_last_completed": DAYS.map(date.isoformat),
    "quarterly_last_completed": DAYS.map(date.isoformat),
})
RECORD = st.fixed_dictionaries(
    {
        "id": st.uuids().map(lambda u: u.hex[:12]),
        "stage": st.sampled_from([s.value for s in Stage]),
        "created_at": INSTANTS,
    },
    optional={
        "position": st.floats(0, 100),
        "company": TEXT,
        "contact_name": TEXT,
        "contact_email": TEXT,
        "next_action": TEXT,
        "next_action_date": DAYS.map(date.isoformat),
        "cadence": CADENCE,
        "activities": st.lists(st.fixed_dictionaries(
            {"date": DAYS.map(date.isoformat)},
            optional={"author": st.sampled_from(["program", "Sam"])}), max_size=3),
        "stage_history": st.lists(st.fixed_dictionaries(
            {"stage": st.sampled_from([s.value for s in Stage]), "entered_at": INSTANTS}),
            max_size=2),
    },
)
RULES = st.fixed_dictionaries({}, optional={
    f"quiet_{stage}_days": st.integers(0, 20) for stage in QUIET_AFTER_DEFAULTS
})


def board_of(
    records: list[dict[str, Any]], rules: dict[str, Any], deals: bool = False
) -> FileBoard:
    partners = {raw["id"]: raw for raw in records}
    cards = {key: PartnerCard(raw, key) for key, raw in partners.items()}
    settings_table = {"1": {"rules": rules}}
    data: dict[str, Any] = {"partners": partners, "settings": settings_table}
    if deals:
        data["deals"] = {"d1": {"id": "d1", "partner_id": records[0]["id"] if records else ""}}
    return FileBoard(PartnerIndex(cards), settings_table, data, Path("unused.json"), "d")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RECORD, max_size=12), RULES, DAYS, st.integers(0, 40) | st.integers(0, 400),
       st.integers(-3, 60), st.integers(-30, 30) | st.just(0), st.integers(-3, 30),
       st.sampled_from([1, 100, due_plan.FIRST_READ]))
def test_the_plan_prints_what_the_rules_print_on_any_day_up_to_its_horizon(
    records: list[dict[str, Any]], rules: dict[str, Any], today: date, days: int,
    past: int, earlier: int, served: int, first_read: int,
) -> None:
    board = board_of(records, rules)
    until = today + timedelta(days=days)
    # A plan made `earlier` days before (0: that very day; < 0: a clock set back), as far
    # as `past` days beyond this look-ahead: items fall due and partners turn quiet
    # between the two days, on the horizon's very day and after; serving days up to
    # `served` days after this one (its quiet partners by then).
    horizon = until + timedelta(days=past)
    last_day = today + timedelta(days=served)
    plan = plan_of_board(board, today - timedelta(days=earlier), horizon, last_day=last_day)
    assert plan is not None
    with tempfile.TemporaryDirectory() as folder:  # kept and read back, as `due` does
        file = Path(folder) / "partners.json"
        keep_plan(file, "digest", plan)
        with pytest.MonkeyPatch.context() as patch:  # a first read short of the items
            patch.setattr(due_plan, "FIRST_READ", first_read)
            kept = {form: kept_part(file, "digest", form, today, until)
                    for form in due_plan.PARTS}
        assert kept_part(file, "another file's digest", "json", today, until) is None
    for as_json, form in ((False, "report"), (True, "json")):
        part = kept[form]
        if past < 0 or served < 0:  # past the horizon or the days served: the rules
            assert part is None
            with pytest.raises(ValueError):
                due_plan.report_text(PlanPart.of_text(plan[form]), today, days, as_json)
            continue
        assert part is not None
        printed = due_plan.report_text(part, today, days, as_json)
        assert printed == report_text(board, today, days, as_json)


@given(st.lists(RECORD, min_size=1, max_size=4), DAYS)
def test_a_partner_quiet_since_long_ago_or_never_is_printed_as_the_rule_says(
    records: list[dict[str, Any]], today: date
) -> None:
    # Last touches at the ends of the calendar: turning quiet past date.max is never.
    records[0] = {**records[0], "stage": "engage",
                  "activities": [{"date": date.max.isoformat()}]}
    records[-1] = {**records[-1], "stage": "active", "activities": [{"date": "0001-01-01"}]}
    board = board_of(records, {"quiet_engage_days": 5})
    plan = plan_of_board(board, today, date.max)
    assert plan is not None
    for days in (0, 7):
        for as_json, form in ((False, "report"), (True, "json")):
            printed = due_plan.report_text(PlanPart.of_text(plan[form]), today, days, as_json)
            assert printed == report_text(board, today, days, as_json)


def test_a_file_with_deals_is_not_planned_its_registrations_are_read_on_the_day() -> None:
    record = {"id": "p1", "stage": "engage", "created_at": "2026-01-01T09:00:00+00:00"}
    day, horizon = date(2026, 12, 1), date(2026, 12, 31)
    assert plan_of_board(board_of([record], {}, deals=True), day, horizon) is None
    assert plan_of_board(board_of([record], {}), day, horizon) is not None


def test_a_day_reads_only_the_items_due_by_its_look_ahead() -> None:
    records = [
        {"id": f"p{n}", "stage": "prospect", "created_at": "2026-01-01T09:00:00+00:00",
         "company": f"C{n}", "next_action_date": f"2026-12-{n + 1:02d}"}
        for n in range(20)
    ]
    board = board_of(records, {})
    plan = plan_of_board(board, date(2026, 11, 20), date(2026, 12, 31))
    assert plan is not None
    for form, as_json in (("json", True), ("report", False)):
        head, _, items = plan[form].partition("\n")
        fifth_end = json.loads(head)["cuts"][4][1]  # the end of Dec 5th's items
        # The items due after Dec 5th made unreadable, their length (and the report's
        # separators) kept: never read.
        unread = items[:fifth_end] + "".join(
            c if c in (due_plan.ITEM_SEP, due_plan.KEY_SEP) else "?" for c in items[fifth_end:])
        part = PlanPart.of_text(head + "\n" + unread)
        text = due_plan.report_text(part, date(2026, 12, 1), 4, as_json)
        assert text == report_text(board, date(2026, 12, 1), 4, as_json)
        assert text.count("C4") == 1 and "C5" not in text
        if as_json:
            with pytest.raises(ValueError):  # a day later, the sixth is read: not an entry
                due_plan.report_text(part, date(2026, 12, 1), 5, as_json)
        else:  # a day later, the sixth is read: its title the unreadable one
            assert "???" in due_plan.report_text(part, date(2026, 12, 1), 5, as_json)
    assert due_plan.report_text(PlanPart.of_text(plan["report"]), date(2026, 11, 1), 0, False) == (
        "Nothing is overdue or due today.")


def test_a_look_ahead_past_the_horizon_is_not_read_from_the_plan() -> None:
    """Items due on the horizon's very day are in the plan; a look-ahead one day past it
    is left to the rules (and planned anew), still printing what they print."""
    records = [
        {"id": f"p{n}", "stage": "prospect", "created_at": "2026-01-01T09:00:00+00:00",
         "company": f"C{n}", "next_action_date": f"2026-12-{n + 10:02d}"}
        for n in range(3)
    ]
    board = board_of(records, {})
    horizon = due_plan.horizon_of(date(2026, 12, 1), 9)  # Dec 10th + WINDOW days
    plan = plan_of_board(board, date(2026, 12, 1), horizon)
    assert plan is not None
    part = PlanPart.of_text(plan["json"])
    last = (horizon - date(2026, 12, 1)).days
    text = due_plan.report_text(part, date(2026, 12, 1), last, True)
    assert text == report_text(board, date(2026, 12, 1), last, True)
    with pytest.raises(ValueError):
        due_plan.report_text(part, date(2026, 12, 1), last + 1, True)
    with pytest.raises(ValueError):  # another day, the same look-ahead
        due_plan.report_text(part, date(2026, 12, 2), last, True)
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "partners.json"
        keep_plan(file, "d", plan)
        assert kept_part(file, "d", "json", date(2026, 12, 1), horizon) is not None
        assert kept_part(file, "d", "json", date(2026, 12, 1), horizon + timedelta(1)) is None
        assert kept_part(file, "d", "report", horizon + timedelta(1), horizon) is None


def test_a_plan_kept_by_another_program_or_damaged_is_not_read(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partner_tui.speedups import state_cache

    record = {"id": "p1", "stage": "engage", "created_at": "2026-01-01T09:00:00+00:00",
              "next_action_date": "2026-12-01"}
    day = date(2026, 12, 1)

    def plan() -> dict[str, str]:
        made = plan_of_board(board_of([record], {}), day, date(2026, 12, 31))
        assert made is not None
        return made

    keep_plan(db_path, "d1", plan())
    assert kept_part(db_path, "d1", "json", day, day) is not None
    kept = state_cache.kept_file(db_path, due_plan.KIND, "json")
    head, _, rest = kept.read_bytes().partition(b"\n")
    kept.write_bytes(head + b"\nnot the plan's cuts\n" + rest)
    assert kept_part(db_path, "d1", "json", day, day) is None
    assert kept_part(db_path, "d1", "report", day, day) is not None  # each form its own part
    keep_plan(db_path, "d1", plan())
    monkeypatch.setattr(due_plan, "LAYOUT", due_plan.LAYOUT + 1)
    assert kept_part(db_path, "d1", "json", day, day) is None


def test_a_plan_holds_the_partners_quiet_by_its_last_day_only() -> None:
    """A partner turning quiet after the last day a plan serves is not in it (a file whose
    partners were all touched one day has them turn quiet on one day); a day after that
    last day is left to the rules."""
    records = [
        {"id": "p1", "stage": "engage", "created_at": "2026-01-01T09:00:00+00:00",
         "company": "Soon", "activities": [{"date": "2026-11-20"}]},
        {"id": "p2", "stage": "engage", "created_at": "2026-01-01T09:00:00+00:00",
         "company": "Later", "activities": [{"date": "2026-11-28"}]},
    ]
    board = board_of(records, {"quiet_engage_days": 14})  # quiet Dec 5th and Dec 13th
    day = date(2026, 12, 1)
    plan = plan_of_board(board, day, due_plan.horizon_of(day, 30), ("json", "report"),
                         last_day=due_plan.last_day_of(day))
    assert plan is not None
    for form, as_json in (("json", True), ("report", False)):
        part = PlanPart.of_text(plan[form])
        assert "Later" not in plan[form]
        for later in range(due_plan.WINDOW + 1):  # every day served: the rules' text
            today = day + timedelta(days=later)
            days = 30 - later
            assert due_plan.report_text(part, today, days, as_json) == report_text(
                board, today, days, as_json)
        with pytest.raises(ValueError):  # the day after the last served
            due_plan.report_text(part, due_plan.last_day_of(day) + timedelta(1), 0, as_json)
