"""The merge over random edit scripts made on two copies of one file.

Each script is a list of edits, each made on "ours" or "theirs" at its own instant (or
all at one instant, so ties are settled too): add a partner, change a field, tick a fit
rating, move, log an activity, delete; edit, add or delete a template; change settings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from partner_tui.domain.partner import Partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.merge.notes import clash_text
from partner_tui.store.merge.value_rules import FieldClash
from partner_tui.store.records.settings import SETTINGS_KEY, settings_fields
from tests.helpers.merging import (
    add,
    at,
    clone,
    demo_templates,
    edit,
    edit_template,
    file_of,
    log,
    merged,
    model,
    move,
    partner,
    save_settings,
    save_template,
)

BASE = file_of(
    [partner(f"Base {i}", stage, notes=f"base {i}") for i, stage in enumerate(Stage)],
    demo_templates(),
    Settings(),
)
FIELD_VALUES: dict[str, list[Any]] = {
    "contact_email": ["ann@acme.io", "bo@beta.io", None],
    "notes": ["short", "a longer note\nwith lines", ""],
    "potential_value": [Decimal("100"), Decimal("2500.50"), Decimal("0")],
    "website": ["https://a.example.com", "https://b.example.com", None],
    "next_action": ["Call", "Send deck", ""],
    "tags": [["crm"], ["crm", "eu"], []],
}
FIT = ["complementary", "target_market", "cultural_fit"]
SIMPLE = [*FIELD_VALUES]

edits = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 3)),
    st.tuples(st.just("field"), st.integers(0, 9), st.sampled_from(SIMPLE), st.integers(0, 2)),
    st.tuples(st.just("fit"), st.integers(0, 9), st.sampled_from(FIT), st.integers(0, 2)),
    st.tuples(st.just("move"), st.integers(0, 9), st.integers(0, len(Stage) - 1)),
    st.tuples(st.just("log"), st.integers(0, 9), st.sampled_from(["call", "demo", "sent"])),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("template"), st.sampled_from(["playbook", "short"]), st.integers(0, 2)),
    st.tuples(st.just("new template"), st.integers(0, 2)),
    st.tuples(st.just("delete template"), st.integers(0, 3)),
    st.tuples(st.just("settings"), st.sampled_from(["currency_symbol", "prospect"]),
              st.integers(0, 2)),
)
# "both": the same edit made on each side, as two people would (the same partner, field
# or template, often with different values): where clashes come from.
scripts = st.lists(
    st.tuples(st.sampled_from(["ours", "theirs", "both", "both"]), edits, st.integers(0, 4)),
    min_size=1,
    max_size=30,
)


def apply(data: dict, step: tuple, n: int, when: Any) -> None:
    kind, *args = step
    args = [*args]
    ids = sorted(data["partners"])
    target = ids[args[0] % len(ids)] if ids and kind in ("field", "fit", "move", "log",
                                                           "delete") else None
    if kind == "add" or (target is None and kind in ("field", "fit", "move", "log", "delete")):
        add(data, f"Added {n}", when)
    elif kind == "field":
        edit(data, target, when, **{args[1]: FIELD_VALUES[args[1]][args[2]]})
    elif kind == "fit":
        fit = model(data, target).fit.model_copy(update={args[1]: args[2]})
        edit(data, target, when, fit=fit)
    elif kind == "move":
        stage = list(Stage)[args[1]]
        if model(data, target).stage is not stage:
            move(data, target, stage, when, position=float(n))
    elif kind == "log":
        log(data, target, f"{args[1]} {n}", when)
    elif kind == "delete":
        del data["partners"][target]
    elif kind == "template" and args[0] in data["templates"]:
        edit_template(data, args[0], when, body=f"words {args[1]}")
    elif kind == "new template":
        save_template(data, OutreachTemplate(name=f"New {n}", body=f"b {args[0]}"), when)
    elif kind == "delete template":
        user = sorted(k for k in data["templates"] if k != "playbook")
        if user:
            del data["templates"][user[args[0] % len(user)]]
    elif kind == "settings":
        if args[0] == "currency_symbol":
            save_settings(data, when, currency_symbol=["€", "CHF", "$"][args[1]])
        else:
            targets = Settings().targets.model_copy(update={"prospect": 10 + args[1]})
            save_settings(data, when, targets=targets)


def sides(script: list, same_instant: bool) -> tuple[dict, dict]:
    ours, theirs = clone(BASE), clone(BASE)
    for n, (side, step, other_value) in enumerate(script, start=1):
        when = at(1 if same_instant else n)
        if side in ("ours", "both"):
            apply(ours, step, n, when)
        if side in ("theirs", "both"):
            apply(theirs, with_value(step, other_value), n, at(1 if same_instant else n + 0.5))
    return ours, theirs


def with_value(step: tuple, value: int) -> tuple:
    """The same edit with another value (its last number), for the other side."""
    if isinstance(step[-1], int) and step[0] not in ("add", "delete", "delete template"):
        return (*step[:-1], value % (3 if step[0] != "move" else len(Stage)))
    return step


def partners(data: dict) -> dict[str, Partner]:
    return {key: Partner.model_validate(raw) for key, raw in data["partners"].items()}


@settings(max_examples=200, deadline=None)
@given(scripts, st.booleans())
def test_merge_of_random_edits_keeps_every_change(script: list, same_instant: bool) -> None:
    ours, theirs = sides(script, same_instant)
    result = merged(BASE, ours, theirs)
    data = result.data
    # Valid, and the same whichever side is "ours"; a side merged with itself is itself.
    merged_partners = partners(data)
    for raw in data["templates"].values():
        OutreachTemplate.model_validate(raw)
    Settings.model_validate(settings_fields(data["settings"][SETTINGS_KEY]))
    assert merged(BASE, theirs, ours).data == data
    assert merged(BASE, ours, clone(ours)).data == ours
    before, mine, other = partners(BASE), partners(ours), partners(theirs)
    for key in before.keys() | mine.keys() | theirs["partners"].keys():
        check_partner(key, before.get(key), mine.get(key), other.get(key), merged_partners)
    for clash in result.clashes:
        if clash.table == "partners" and clash.field:
            notes = [a.text for a in merged_partners[clash.key].activities]
            path = tuple(clash.field.split("."))
            assert clash_text(FieldClash(path, clash.kept, clash.lost)) in notes
    check_templates(BASE["templates"], ours["templates"], theirs["templates"], data)
    check_settings(ours, theirs, data)


def check_partner(
    key: str, base: Partner | None, ours: Partner | None, theirs: Partner | None,
    result: dict[str, Partner],
) -> None:
    present = [p for p in (ours, theirs) if p is not None]
    if base is None or len(present) == 2:
        assert key in result, "a partner added, or kept on both sides, was lost"
    elif not present:
        assert key not in result
    else:
        (kept,) = present
        assert (key in result) == (kept != base), "deleted vs edited decided wrongly"
    if key not in result:
        return
    merged = result[key]
    for side in present:  # no activity lost, nor a stage it went through
        assert all(a in merged.activities for a in side.activities)
        for h in side.stage_history:  # (entered at that time, or earlier on the other side)
            assert any(m.stage is h.stage and m.entered_at <= h.entered_at
                       for m in merged.stage_history)
    if base is None or len(present) < 2:
        return
    for name in SIMPLE:
        check_field(name, getattr(base, name), getattr(ours, name), getattr(theirs, name),
                    getattr(merged, name), merged)
    check_field("stage", *(place(p) for p in (base, ours, theirs, merged)), merged)
    for name in FIT:
        check_field(f"fit {name}", getattr(base.fit, name), getattr(ours.fit, name),
                    getattr(theirs.fit, name), getattr(merged.fit, name), merged)


def place(p: Partner) -> tuple[Any, ...]:
    """Where a card is, bar its order in the column (a move changes all of it)."""
    return (p.stage, p.archive_reason, p.archived_from)


def check_field(name: str, base: Any, ours: Any, theirs: Any, merged: Any, p: Partner) -> None:
    if ours == base:
        assert merged == theirs, f"{name}: their one-sided change was not kept"
    elif theirs == base:
        assert merged == ours, f"{name}: our one-sided change was not kept"
    elif ours != theirs and name not in ("tags", "stage"):  # sets and moves have own rules
        assert merged in (ours, theirs)
        assert any(a.text.startswith(f"merge: {name.replace('_', ' ')} was") for a in p.activities)


def check_templates(base: dict, ours: dict, theirs: dict, data: dict) -> None:
    result = data["templates"]
    for key in ours.keys() | theirs.keys():
        if key not in base or (key in ours and key in theirs):
            assert key in result
    for key in ours.keys() & theirs.keys() & base.keys():
        o, t, b = ours[key]["body"], theirs[key]["body"], base[key]["body"]
        if o != b and t != b and o != t:  # a clash: the losing words are kept as a copy
            bodies = {r["body"] for r in result.values()}
            assert {o, t} <= bodies
        elif o != b or t != b:
            assert result[key]["body"] == (o if o != b else t)


def check_settings(ours: dict, theirs: dict, data: dict) -> None:
    base_s = Settings.model_validate(settings_fields(BASE["settings"][SETTINGS_KEY]))
    mine = Settings.model_validate(settings_fields(ours["settings"][SETTINGS_KEY]))
    other = Settings.model_validate(settings_fields(theirs["settings"][SETTINGS_KEY]))
    result = Settings.model_validate(settings_fields(data["settings"][SETTINGS_KEY]))
    for get in (lambda s: s.currency_symbol, lambda s: s.targets.prospect):
        if get(mine) == get(base_s):
            assert get(result) == get(other)
        elif get(other) == get(base_s):
            assert get(result) == get(mine)
        else:
            assert get(result) in (get(mine), get(other))
