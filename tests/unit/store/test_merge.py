"""The record-level three-way merge, one rule at a time, at its edges."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from partner_tui.domain.partner import Activity
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate
from partner_tui.store.merge.notes import NOTE_LIMIT
from partner_tui.store.merge.table_rules import SPECS, TableSpec
from partner_tui.store.merge.three_way import merge_files
from partner_tui.store.records.settings import SETTINGS_KEY
from tests.helpers.merging import (
    T0,
    add,
    at,
    clone,
    demo_templates,
    edit,
    edit_template,
    file_of,
    log,
    merge_notes,
    merged,
    model,
    move,
    partner,
    partners_of,
    save_settings,
)

ACME = partner("Acme", contact_email="ann@acme.io", notes="first call went well")
BETA = partner("Beta", Stage.ENGAGE)
GAMMA = partner("Gamma")


@pytest.fixture
def base() -> dict:
    return file_of([ACME, BETA, GAMMA], demo_templates(), Settings())


def both_ways(base: dict, ours: dict, theirs: dict) -> dict:
    """The merged file, checked to be the same whichever side is "ours"."""
    one, other = merged(base, ours, theirs), merged(base, theirs, ours)
    assert one.data == other.data
    return one.data


# -- records added and deleted -------------------------------------------------------------
def test_partners_added_on_both_sides_are_both_kept(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    mine, yours = add(ours, "Delta", at(1)), add(theirs, "Epsilon", at(2))
    result = partners_of(both_ways(base, ours, theirs))
    assert {mine.id, yours.id} <= set(result)
    assert len(result) == 5


def test_deleted_on_one_side_and_untouched_on_the_other_is_deleted(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    del ours["partners"][BETA.id]
    edit(theirs, ACME.id, at(1), notes="other partner edited")
    assert BETA.id not in both_ways(base, ours, theirs)["partners"]


def test_deleted_on_one_side_but_edited_on_the_other_is_kept_with_a_note(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    del ours["partners"][BETA.id]
    edit(theirs, BETA.id, at(1), contact_name="Bo")
    result = merged(base, ours, theirs)
    kept = partners_of(result.data)[BETA.id]
    assert kept.contact_name == "Bo"
    assert merge_notes(kept) == [
        "merge: deleted on one side but changed on the other, so it was kept"
    ]
    assert [(c.key, c.field) for c in result.clashes] == [(BETA.id, "")]
    assert BETA.id in result.changed_keys("partners")  # ours had deleted it


def test_deleted_on_both_sides_stays_deleted(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    del ours["partners"][GAMMA.id], theirs["partners"][GAMMA.id]
    assert GAMMA.id not in both_ways(base, ours, theirs)["partners"]


# -- fields -----------------------------------------------------------------------------------
def test_different_fields_changed_on_each_side_are_both_kept(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    edit(ours, ACME.id, at(1), contact_email="jane@acme.io")
    edit(theirs, ACME.id, at(2), potential_value=Decimal("12500"))
    acme = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert (acme.contact_email, acme.potential_value) == ("jane@acme.io", Decimal("12500.00"))
    assert merge_notes(acme) == []
    assert acme.updated_at == at(2)  # the later of the two


@pytest.mark.parametrize("later", ["ours", "theirs"])
def test_a_clash_goes_to_the_later_change_and_the_other_value_is_logged(
    base: dict, later: str
) -> None:
    ours, theirs = clone(base), clone(base)
    edit(ours, ACME.id, at(2 if later == "ours" else 1), contact_email="ours@acme.io")
    edit(theirs, ACME.id, at(1 if later == "ours" else 2), contact_email="theirs@acme.io")
    result = merged(base, ours, theirs)
    acme = partners_of(result.data)[ACME.id]
    winner, loser = ("ours", "theirs") if later == "ours" else ("theirs", "ours")
    assert acme.contact_email == f"{winner}@acme.io"
    assert merge_notes(acme) == [f"merge: contact email was {loser}@acme.io on the other side"]
    assert acme.activities[-1].date == T0.date()  # the day of the merge
    (clash,) = result.clashes
    assert (clash.name, clash.field, clash.kept, clash.lost) == (
        "Acme", "contact_email", f"{winner}@acme.io", f"{loser}@acme.io"
    )


def test_a_clash_at_the_same_instant_is_settled_the_same_either_way(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    edit(ours, ACME.id, at(1), notes="ours")
    edit(theirs, ACME.id, at(1), notes="theirs")
    acme = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert acme.notes in ("ours", "theirs") and len(merge_notes(acme)) == 1


def test_checklist_items_ticked_on_each_side_both_win(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    acme = model(base, ACME.id)
    agreed = acme.agreement.responsibilities.model_copy(update={"agreed": True})
    agreement = acme.agreement.model_copy(update={"responsibilities": agreed})
    edit(ours, ACME.id, at(1), agreement=agreement,
         execution=acme.execution.model_copy(update={"support_setup": True}))
    other = acme.agreement.model_copy(
        update={"term_and_termination": acme.agreement.term_and_termination.model_copy(
            update={"agreed": True, "note": "12 months"})}
    )
    edit(theirs, ACME.id, at(2), agreement=other,
         fit=acme.fit.model_copy(update={"complementary": 4}))
    result = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert result.agreement.responsibilities.agreed
    assert result.agreement.term_and_termination.agreed
    assert result.agreement.term_and_termination.note == "12 months"
    assert result.execution.support_setup and result.fit.complementary == 4
    assert merge_notes(result) == []


def test_a_field_left_out_is_its_default(base: dict) -> None:
    """Stored records leave defaults out: writing one out at its default is no change."""
    ours, theirs = clone(base), clone(base)
    stored = ours["partners"][ACME.id]
    ours["partners"][ACME.id] = {**stored, "subtype": "", "updated_at": "2026-03-01T09:01:00Z"}
    edit(theirs, ACME.id, at(2), subtype="CRM integration")
    result = merged(base, ours, theirs)
    assert partners_of(result.data)[ACME.id].subtype == "CRM integration"
    assert result.clashes == []


def test_a_long_losing_value_is_logged_whole_in_parts(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    long_notes = "".join(f"{i:05d} " for i in range(5_000))  # 30,000 characters
    edit(ours, ACME.id, at(1), notes=long_notes)
    edit(theirs, ACME.id, at(2), notes="short")
    acme = partners_of(merged(base, ours, theirs).data)[ACME.id]
    notes = merge_notes(acme)
    assert acme.notes == "short" and len(notes) == 4
    assert all(len(n) <= NOTE_LIMIT for n in notes)
    prefix, suffix = "merge: notes was ", " on the other side"
    pieces = [n.removeprefix(prefix).rsplit(suffix, 1)[0] for n in notes]
    assert "".join(pieces) == long_notes
    assert notes[0].endswith("(part 1 of 4)")


# -- growing lists and sets -------------------------------------------------------------------
def test_activities_logged_on_both_sides_are_all_kept_in_date_order(base: dict) -> None:
    """Two people who each log "same on both" made two entries (each has its own id)."""
    ours, theirs = clone(base), clone(base)
    log(ours, ACME.id, "call with Ann", at(60 * 24 * 2))
    log(ours, ACME.id, "same on both", at(60 * 24 * 3))
    log(theirs, ACME.id, "email sent", at(60 * 24 * 1))
    log(theirs, ACME.id, "same on both", at(60 * 24 * 3))
    acme = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert [a.text for a in acme.activities] == [
        "email sent", "call with Ann", "same on both", "same on both"
    ]
    assert len({a.id for a in acme.activities}) == 4


def test_an_entry_both_sides_hold_is_kept_once(base: dict) -> None:
    """The same entry (one id) on both sides, each side logging more after it."""
    logged_once = clone(base)
    log(logged_once, ACME.id, "Left voicemail", at(1))
    log(logged_once, ACME.id, "Left voicemail", at(2))
    ours, theirs = clone(logged_once), clone(logged_once)
    log(ours, ACME.id, "ours", at(60 * 24 * 3))
    log(theirs, ACME.id, "theirs", at(60 * 24 * 4))
    acme = partners_of(both_ways(logged_once, ours, theirs))[ACME.id]
    assert [a.text for a in acme.activities] == ["Left voicemail", "Left voicemail", "ours", "theirs"]
    # Without a base (a file added on both branches) the shared entries are still one each.
    acme = partners_of(both_ways({}, ours, theirs))[ACME.id]
    assert [a.text for a in acme.activities] == ["Left voicemail", "Left voicemail", "ours", "theirs"]


def test_a_list_changed_on_one_side_only_is_taken_as_it_is(base: dict) -> None:
    """An undo that took an entry back, on a side where nobody else touched the list."""
    with_entry = clone(base)
    log(with_entry, ACME.id, "logged then undone", at(1))
    ours, theirs = clone(with_entry), clone(with_entry)
    ours["partners"][ACME.id] = clone(base)["partners"][ACME.id]  # undone
    edit(theirs, BETA.id, at(2), notes="elsewhere")
    acme = partners_of(merged(with_entry, ours, theirs).data)[ACME.id]
    assert acme.activities == []


def test_tags_merge_as_a_set(base: dict) -> None:
    tagged = clone(base)
    edit(tagged, ACME.id, at(0.5), tags=["crm", "eu", "old"])
    ours, theirs = clone(tagged), clone(tagged)
    edit(ours, ACME.id, at(1), tags=["crm", "eu", "old", "priority"])
    edit(theirs, ACME.id, at(2), tags=["eu", "crm", "api"])  # removed "old", reordered
    acme = partners_of(both_ways(tagged, ours, theirs))[ACME.id]
    assert acme.tags == ["crm", "eu", "api", "priority"]


# -- moves -----------------------------------------------------------------------------------
def test_moves_on_both_sides_keep_the_later_with_both_in_the_history(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    move(ours, ACME.id, Stage.ENGAGE, at(1), position=5)
    move(theirs, ACME.id, Stage.NEGOTIATE, at(2), position=7)
    acme = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert (acme.stage, acme.position) == (Stage.NEGOTIATE, 7)
    assert [h.stage for h in acme.stage_history] == [
        Stage.PROSPECT, Stage.ENGAGE, Stage.NEGOTIATE
    ]
    assert merge_notes(acme) == ["merge: stage was engage on the other side"]


def test_a_later_move_beats_an_earlier_move_with_a_later_edit(base: dict) -> None:
    """The stage clash goes by the moves' times, so the stage agrees with its history."""
    ours, theirs = clone(base), clone(base)
    move(ours, ACME.id, Stage.NEGOTIATE, at(1), position=5)
    log(ours, ACME.id, "called after the move", at(60 * 24 * 3))  # the later record
    move(theirs, ACME.id, Stage.ENGAGE, at(2), position=7)
    acme = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert (acme.stage, acme.position) == (Stage.ENGAGE, 7)
    assert acme.stage_history[-1].stage is acme.stage
    assert merge_notes(acme) == ["merge: stage was negotiate on the other side"]


def test_both_moving_a_card_to_one_stage_enter_it_once_at_the_earlier_time(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    move(ours, ACME.id, Stage.ENGAGE, at(1), position=5)
    move(theirs, ACME.id, Stage.ENGAGE, at(2), position=5)
    move(theirs, ACME.id, Stage.NEGOTIATE, at(3), position=2)
    acme = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert [(h.stage, h.entered_at) for h in acme.stage_history] == [
        (Stage.PROSPECT, T0), (Stage.ENGAGE, at(1)), (Stage.NEGOTIATE, at(3))
    ]
    assert acme.stage is Stage.NEGOTIATE


def test_a_move_wins_over_a_later_reorder_without_a_note(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    move(ours, ACME.id, Stage.ARCHIVED, at(1), position=3)
    edit(ours, ACME.id, at(1), archive_reason=ArchiveReason.DECLINED)
    edit(theirs, ACME.id, at(2), position=-1.0)  # reordered in its column, later
    acme = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert (acme.stage, acme.archive_reason, acme.archived_from) == (
        Stage.ARCHIVED, ArchiveReason.DECLINED, Stage.PROSPECT
    )
    assert merge_notes(acme) == []


def test_the_place_on_the_board_is_never_half_of_each_side(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    move(ours, BETA.id, Stage.ARCHIVED, at(2), position=1)
    edit(ours, BETA.id, at(2), archive_reason=ArchiveReason.PAUSED)
    move(theirs, BETA.id, Stage.ACTIVE, at(1), position=4)
    beta = partners_of(both_ways(base, ours, theirs))[BETA.id]
    assert (beta.stage, beta.archive_reason, beta.archived_from) == (
        Stage.ARCHIVED, ArchiveReason.PAUSED, Stage.ENGAGE
    )
    assert "merge: stage was active on the other side" in merge_notes(beta)


# -- a merged record that its model refuses ---------------------------------------------------
def test_a_merge_the_model_refuses_keeps_the_later_record_and_logs_the_rest(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    edit(ours, ACME.id, at(1), tags=[f"ours-{i}" for i in range(30)])
    log(ours, ACME.id, "ours logged this", at(1))
    edit(theirs, ACME.id, at(2), tags=[f"theirs-{i}" for i in range(30)])  # 60 > 50 tags
    acme = partners_of(both_ways(base, ours, theirs))[ACME.id]
    assert acme.tags == [f"theirs-{i}" for i in range(30)]
    assert "ours logged this" in [a.text for a in acme.activities]
    (note,) = merge_notes(acme)
    assert note.startswith("merge: tags was ours-0, ours-1") and note.endswith("on the other side")


# -- templates and settings -------------------------------------------------------------------
def test_a_template_clash_keeps_the_losing_text_as_a_copy(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    edit_template(ours, PLAYBOOK_TEMPLATE_ID, at(1), body="Our words")
    edit_template(theirs, PLAYBOOK_TEMPLATE_ID, at(2), body="Their words", subject="New subject")
    result = merged(base, ours, theirs)
    data = both_ways(base, ours, theirs)
    templates = {t.id: t for t in map(OutreachTemplate.model_validate, data["templates"].values())}
    playbook = templates.pop(PLAYBOOK_TEMPLATE_ID)
    assert (playbook.body, playbook.subject) == ("Their words", "New subject")
    assert playbook.builtin
    (copy,) = [t for t in templates.values() if t.id != "short"]
    assert copy.name == "Playbook: partnership opportunity (other side)"
    assert (copy.body, copy.builtin) == ("Our words", False)
    assert [(c.table, c.field) for c in result.clashes] == [("templates", "body")]
    assert result.changed_keys("templates") == {PLAYBOOK_TEMPLATE_ID, copy.id}


def test_templates_added_on_both_sides_and_edits_to_different_fields_are_kept(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    edit_template(ours, "short", at(1), subject="Hello [Name]")
    edit_template(theirs, "short", at(2), body="Longer words")
    data = both_ways(base, ours, theirs)
    short = OutreachTemplate.model_validate(data["templates"]["short"])
    assert (short.subject, short.body) == ("Hello [Name]", "Longer words")
    assert len(data["templates"]) == 2


def test_a_value_left_out_is_told_as_its_default(base: dict) -> None:
    """The settings' currency is "$" when left out: losing it says "$", not "empty"."""
    save_settings(base, at(0.5), currency_symbol="€")
    ours, theirs = clone(base), clone(base)
    save_settings(ours, at(1))
    del ours["settings"][SETTINGS_KEY]["currency_symbol"]  # back to "$", left out
    save_settings(theirs, at(2), currency_symbol="CHF")
    (clash,) = merged(base, ours, theirs).clashes
    assert (clash.field, clash.kept, clash.lost) == ("currency_symbol", "CHF", "$")
    assert clash.text == "merge: currency symbol was $ on the other side"


def test_settings_merge_field_by_field_and_report_a_clash(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    targets = Settings().targets.model_copy(update={"prospect": 30})
    save_settings(ours, at(1), targets=targets, currency_symbol="€")
    save_settings(theirs, at(2), currency_symbol="CHF",
                  tools=Settings().tools.model_copy(update={"crm": Decimal("99")}))
    result = merged(base, ours, theirs)
    raw = dict(result.data["settings"][SETTINGS_KEY])
    assert raw.pop("updated_at") == "2026-03-01T09:02:00Z"
    settings = Settings.model_validate(raw)
    assert (settings.targets.prospect, settings.tools.crm, settings.currency_symbol) == (
        30, Decimal("99.00"), "CHF"
    )
    (clash,) = result.clashes
    assert (clash.table, clash.field, clash.lost) == ("settings", "currency_symbol", "€")


# -- the result as a whole ---------------------------------------------------------------------
def test_merging_a_version_with_itself_gives_it_back_untouched(base: dict) -> None:
    ours = clone(base)
    edit(ours, ACME.id, at(1), notes="changed")
    result = merge_files(base, ours, clone(ours))
    assert result.data == ours and result.clashes == [] and result.changed == {}
    assert all(result.data["partners"][k] is ours["partners"][k] for k in ours["partners"])


def test_changed_names_what_differs_from_ours_and_the_rest_is_ours_own(base: dict) -> None:
    ours, theirs = clone(base), clone(base)
    edit(ours, ACME.id, at(1), notes="ours")
    edit(theirs, BETA.id, at(1), notes="theirs")
    new = add(theirs, "Zeta", at(2))
    del theirs["partners"][GAMMA.id]
    result = merge_files(base, ours, theirs)
    assert result.changed == {"partners": {BETA.id, new.id, GAMMA.id}}
    assert result.data["partners"][ACME.id] is ours["partners"][ACME.id]


def test_without_a_base_two_versions_of_one_record_combine(base: dict) -> None:
    """A file added on both branches: no common ancestor, defaults stand in for it."""
    ours, theirs = clone(base), clone(base)
    edit(ours, ACME.id, at(1), website="acme.io")
    edit(theirs, ACME.id, at(2), owner="Sam")
    acme = partners_of(both_ways(None, ours, theirs))[ACME.id]
    assert (acme.website, acme.owner) == ("https://acme.io", "Sam")


def test_every_side_must_be_at_the_current_schema(base: dict) -> None:
    old = {**clone(base), "meta": {"1": {"schema_version": 1}}}
    with pytest.raises(ValueError, match="theirs is at schema 1"):
        merge_files(base, clone(base), old)


def test_a_clash_note_is_an_activity_like_any_other(base: dict) -> None:
    planned = clone(base)
    edit(planned, ACME.id, at(0.5), next_action="Call Ann")
    ours, theirs = clone(planned), clone(planned)
    edit(ours, ACME.id, at(1), next_action="Send the contract")
    edit(theirs, ACME.id, at(2), next_action="")  # done and cleared, later
    acme = partners_of(merged(planned, ours, theirs).data)[ACME.id]
    assert acme.next_action == ""
    (entry,) = [a for a in acme.activities if a.text.startswith("merge:")]
    text = "merge: next action was Send the contract on the other side"
    assert entry.model_dump(exclude={"id"}) == Activity(date=T0.date(), text=text).model_dump(
        exclude={"id"}
    )


# -- a table added later ----------------------------------------------------------------------
class Deal(BaseModel):
    """A made-up table's record: what a later issue's table looks like to the merge."""

    model_config = ConfigDict(extra="forbid")

    id: str
    customer: str = Field(min_length=1)
    amount: str = "0.00"
    status: str = "registered"
    updated_at: str = ""
    events: list[dict[str, str]] = Field(default_factory=list)


def deal(**fields: object) -> dict:
    return {"id": "d1", "customer": "Initech", "updated_at": "2026-03-01T09:00:00Z", **fields}


def test_a_table_added_later_needs_one_line_of_spec(
    base: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = TableSpec(Deal, grows={"events": "at"}, title="customer")
    monkeypatch.setitem(SPECS, "deals", spec)
    base["deals"] = {"d1": deal()}
    ours, theirs = clone(base), clone(base)
    ours["deals"]["d1"] = deal(
        status="won", amount="100.00", updated_at="2026-03-01T09:05:00Z",
        events=[{"at": "2026-03-01T09:05:00Z", "what": "won"}],
    )
    theirs["deals"]["d1"] = deal(
        amount="250.00", updated_at="2026-03-01T09:01:00Z",
        events=[{"at": "2026-03-01T09:01:00Z", "what": "repriced"}],
    )
    theirs["deals"]["d2"] = deal(id="d2", customer="Hooli")
    result = merged(base, ours, theirs)
    assert result.data["deals"]["d1"] == deal(
        status="won", amount="100.00", updated_at="2026-03-01T09:05:00Z",
        events=[
            {"at": "2026-03-01T09:01:00Z", "what": "repriced"},
            {"at": "2026-03-01T09:05:00Z", "what": "won"},
        ],
    )
    assert set(result.data["deals"]) == {"d1", "d2"}
    (clash,) = result.clashes
    assert (clash.table, clash.name, clash.field, clash.lost) == (
        "deals", "Initech", "amount", "250.00"
    )
    monkeypatch.delitem(SPECS, "deals")  # without a spec: still merged, field by field
    unspecified = merged(base, ours, theirs)
    assert unspecified.data["deals"]["d1"]["status"] == "won"
    assert set(unspecified.data["deals"]) == {"d1", "d2"}
