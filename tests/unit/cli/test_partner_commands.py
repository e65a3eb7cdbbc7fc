"""list, show, move, log and due: the scriptable command line, on real files."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from partner_tui.cli.bridge_arguments import ACTIVITY_KINDS
from partner_tui.domain.cadence import Cadence, MonthlyCadence
from partner_tui.domain.partner import ActivityKind, StageChange, new_partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.store.partner_store import PartnerStore
from tests.conftest import FROZEN_NOW
from tests.helpers.seeding import seed_partners

# What --json promises (README, *Bridges*): these keys, no more, no fewer.
SUMMARY_KEYS = {
    "id", "company", "stage", "partner_type", "subtype", "contact_name", "contact_email",
    "website", "owner", "tags", "potential_value", "fit_score", "next_action",
    "next_action_date", "archive_reason", "updated_at",
}
FIGURES_KEYS = {
    "as_of", "source", "leads", "deals_won", "revenue", "revenue_share", "referral_fees", "clawback",
    "payout", "paid", "owed", "internal_cost", "cost", "roi", "customer_satisfaction",
    "commitment", "last_touch", "quiet_days", "tier",
}
DUE_KEYS = {"partner_id", "company", "kind", "what", "item", "due", "days", "overdue"}
HOSTILE = "Evil\x1b]52;c;aGk=\x07 Corp\u202e"


@pytest.fixture
def program(db_path: Path, frozen_clock: object) -> dict[str, str]:
    """Four partners on Monday 2026-03-16 (the frozen clock)."""
    beacon = new_partner(
        "Beacon", Stage.ACTIVE, contact_name="Ola Berg", next_action="Plan the webinar",
        next_action_date=date(2026, 3, 18),
        cadence=Cadence(monthly=MonthlyCadence(review_metrics=True, check_in_call=True,
                                               share_updates=True)),
    ).model_copy(update={"stage_history": [
        StageChange(stage=Stage.ACTIVE, entered_at=FROZEN_NOW.replace(month=2, day=10))]})
    return seed_partners(db_path, [
        new_partner("Acme Analytics", contact_name="Jane Doe", contact_email="jane@acme.io",
                    next_action="Send the proposal", next_action_date=date(2026, 3, 13),
                    potential_value="12500"),
        beacon,
        new_partner("Cobalt", Stage.ENGAGE, next_action="Call Sofia",
                    next_action_date=date(2026, 3, 30)),
        new_partner("Gone", Stage.ARCHIVED, archive_reason=ArchiveReason.PAUSED,
                    next_action="Never", next_action_date=date(2026, 3, 1)),
    ], at_once=True)


def saved(db_path: Path, partner_id: str):
    with PartnerStore(db_path, read_only=True) as store:
        return store.partners.get(partner_id)


# -- list --------------------------------------------------------------------------------
def test_list_in_board_order_with_next_actions(cli, db_path, program) -> None:
    code, out, err = cli("--db", db_path, "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "STAGE", "COMPANY", "CONTACT", "NEXT", "ACTION"]
    assert [line.split()[1] for line in lines[1:]] == ["prospect", "engage", "active", "archived"]
    assert "2026-03-13 (3 days overdue) Send the proposal" in lines[1]
    assert lines[1].startswith(program["Acme Analytics"])


def test_list_json_shape_and_stage_filter(cli, db_path, program) -> None:
    code, out, _ = cli("--db", db_path, "list", "--stage", "engage", "--json")
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["partners"]
    (cobalt,) = document["partners"]
    assert set(cobalt) == SUMMARY_KEYS | {"figures"}
    assert set(cobalt["figures"]) == FIGURES_KEYS
    assert (cobalt["company"], cobalt["stage"], cobalt["next_action_date"]) == (
        "Cobalt", "engage", "2026-03-30")
    _, out, _ = cli("--db", db_path, "list", "--json")
    acme = json.loads(out)["partners"][0]
    assert acme["potential_value"] == "12500.00"  # money as an exact decimal string
    assert datetime.fromisoformat(acme["updated_at"]) == FROZEN_NOW
    assert out == json.dumps(json.loads(out), sort_keys=True, indent=2) + "\n"  # stable


def test_list_of_an_empty_stage_and_a_missing_database(cli, db_path, program, tmp_path) -> None:
    assert cli("--db", db_path, "list", "--stage", "negotiate") == (
        0, "No partners in negotiate.\n", "")
    missing = tmp_path / "typo.json"
    code, _, err = cli("--db", missing, "list")
    assert code == 1 and "no such database" in err and not missing.exists()


# -- show --------------------------------------------------------------------------------
def test_show_by_name_any_case_or_by_id(cli, db_path, program) -> None:
    code, out, _ = cli("--db", db_path, "show", "  acme   ANALYTICS ")
    assert code == 0
    assert out.startswith(f"Acme Analytics  (id {program['Acme Analytics']})")
    assert "Contact:     Jane Doe <jane@acme.io>" in out
    assert "Next action: 2026-03-13 (3 days overdue) Send the proposal" in out
    assert cli("--db", db_path, "show", program["Acme Analytics"])[1] == out


def test_show_json_is_the_record_plus_what_is_due(cli, db_path, program) -> None:
    code, out, _ = cli("--db", db_path, "show", "Beacon", "--json")
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"partner", "summary", "due", "figures", "roi", "payout"}
    assert set(document["figures"]) == FIGURES_KEYS
    assert document["figures"]["source"] == "typed"  # no deals: the figures typed by hand
    assert (document["roi"], document["payout"]) == (
        document["figures"]["roi"], document["figures"]["payout"])
    assert set(document["summary"]) == SUMMARY_KEYS
    assert document["partner"]["id"] == program["Beacon"]
    assert document["partner"]["cadence"]["monthly"]["review_metrics"] is True
    (plan,) = document["due"]  # the monthly cycle (due Mar 10), its one unticked item
    assert set(plan) == DUE_KEYS
    assert (plan["what"], plan["due"], plan["days"], plan["overdue"], plan["item"]) == (
        "Plan activities", "2026-03-10", -6, True, "plan_activities")


def test_an_ambiguous_name_lists_the_candidates_and_exits_2(cli, db_path, program) -> None:
    twin = seed_partners(db_path, [new_partner("ACME analytics", Stage.ENGAGE)])
    code, out, err = cli("--db", db_path, "move", "Acme Analytics", "negotiate")
    assert code == 2 and out == ""
    assert "'Acme Analytics' names 2 partners; give the id" in err
    assert program["Acme Analytics"] in err and twin["ACME analytics"] in err
    assert saved(db_path, program["Acme Analytics"]).stage is Stage.PROSPECT


def test_a_part_of_a_name_is_never_enough_but_is_suggested(cli, db_path, program) -> None:
    code, _, err = cli("--db", db_path, "show", "acme")
    assert code == 1
    assert "no partner is named 'acme'; did you mean" in err and "Acme Analytics" in err
    code, _, err = cli("--db", db_path, "show", "Nobody")
    assert code == 1 and "neither an id nor a company name" in err
    code, _, err = cli("--db", db_path, "show", " ")
    assert code == 2 and "PARTNER is empty" in err


# -- move --------------------------------------------------------------------------------
def test_move_records_the_stage_change(cli, db_path, program) -> None:
    code, out, err = cli("--db", db_path, "move", "acme analytics", "engage")
    assert (code, out, err) == (0, "Moved Acme Analytics from Prospect to Engage.\n", "")
    partner = saved(db_path, program["Acme Analytics"])
    assert partner.stage is Stage.ENGAGE
    assert [h.stage for h in partner.stage_history] == [Stage.PROSPECT, Stage.ENGAGE]
    code, out, _ = cli("--db", db_path, "move", "Acme Analytics", "engage")
    assert code == 0 and "already in Engage; nothing changed" in out


def test_move_json_and_archiving_with_a_reason(cli, db_path, program) -> None:
    code, _, err = cli("--db", db_path, "move", "Cobalt", "archived")
    assert code == 2 and "--reason declined|paused|churned" in err
    code, _, err = cli("--db", db_path, "move", "Cobalt", "active", "--reason", "paused")
    assert code == 2 and "--reason goes with the stage archived" in err
    code, out, _ = cli("--db", db_path, "move", "Cobalt", "archived", "--reason", "declined",
                       "--json")
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"partner", "from", "to", "changed"}
    assert (document["from"], document["to"], document["changed"]) == (
        "engage", "archived", True)
    assert document["partner"]["archive_reason"] == "declined"
    code, out, _ = cli("--db", db_path, "move", "Cobalt", "engage")
    assert code == 0 and out == "Moved Cobalt from Archived to Engage.\n"
    assert saved(db_path, program["Cobalt"]).archive_reason is None


def test_move_works_while_the_app_is_open_and_respects_read_only(
    cli, db_path, program
) -> None:
    before = db_path.read_bytes()
    code, _, err = cli("--db", db_path, "--read-only", "move", "Cobalt", "negotiate")
    assert code == 1 and "cannot run with --read-only" in err
    assert db_path.read_bytes() == before
    with PartnerStore(db_path) as app_store:  # the app has the file open
        code, _, err = cli("--db", db_path, "move", "Cobalt", "negotiate")
        assert (code, err) == (0, "")
        app_store.merge_from_disk()  # what the app does when it sees the file change
        cobalt = next(c for c in app_store.partners.cards() if c.company.startswith("Cobalt"))
        assert cobalt.stage is Stage.NEGOTIATE
    # Reading works meanwhile.
    with PartnerStore(db_path):
        assert cli("--db", db_path, "show", "Cobalt")[0] == 0


def test_move_to_an_unknown_stage_is_a_usage_error(cli, db_path, program) -> None:
    code, out, err = cli("--db", db_path, "move", "Cobalt", "won")
    assert code == 2 and "invalid choice: 'won'" in err


# -- log ---------------------------------------------------------------------------------
def test_log_adds_an_activity(cli, db_path, program) -> None:
    code, out, _ = cli("--db", db_path, "log", "Cobalt", "Talked pricing", "--kind", "call")
    assert (code, out) == (0, "Logged a call on Cobalt (2026-03-16).\n")
    code, out, _ = cli("--db", db_path, "log", "Cobalt", "Sent deck", "--kind", "email",
                       "--date", "2026-03-12", "--json")
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"partner", "activity"}
    assert document["activity"] == {"date": "2026-03-12", "kind": "email", "text": "Sent deck"}
    partner = saved(db_path, program["Cobalt"])
    assert [(a.date.isoformat(), a.kind, a.text) for a in partner.activities] == [
        ("2026-03-16", ActivityKind.CALL, "Talked pricing"),
        ("2026-03-12", ActivityKind.EMAIL, "Sent deck"),
    ]


def test_log_refuses_empty_text_and_bad_dates(cli, db_path, program) -> None:
    before = db_path.read_bytes()
    code, _, err = cli("--db", db_path, "log", "Cobalt", "   ")
    assert code == 2 and "TEXT is empty" in err
    code, _, err = cli("--db", db_path, "log", "Cobalt", "x", "--date", "16/03/2026")
    assert code == 2 and "is not a date (use YYYY-MM-DD)" in err
    code, _, err = cli("--db", db_path, "log", "Cobalt", "x" * 10_001)
    assert code == 1 and "the activity cannot be logged" in err
    assert db_path.read_bytes() == before


def test_activity_kinds_offered_are_the_domains() -> None:
    assert set(ACTIVITY_KINDS) == {kind.value for kind in ActivityKind}


# -- due ---------------------------------------------------------------------------------
def test_due_on_a_fixed_day(cli, db_path, program) -> None:
    code, out, err = cli("--db", db_path, "due")
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "Overdue:",
        "  Tue 2026-03-10  Beacon: Plan activities (monthly cadence)  (6 days overdue)",
        "  Fri 2026-03-13  Acme Analytics: Send the proposal  (3 days overdue)",
        # Active, last touch Feb 10: quiet after 30 days (from Mar 13).
        "  Fri 2026-03-13  Beacon: No contact for 34 days  (3 days overdue)",
        "Next 7 days:",
        "  Wed 2026-03-18  Beacon: Plan the webinar",
    ]  # Cobalt's Mar 30 is further; archived Gone is never due


def test_due_days_and_nothing_due(cli, db_path, program) -> None:
    code, out, _ = cli("--db", db_path, "due", "--days", "14")
    assert code == 0 and "Cobalt: Call Sofia" in out
    with PartnerStore(db_path) as store:
        for partner_id in (program["Acme Analytics"], program["Beacon"]):
            store.partners.delete(partner_id)
    assert cli("--db", db_path, "due", "--days", "0") == (
        0, "Nothing is overdue or due today.\n", "")
    assert cli("--db", db_path, "due", "--days", "1")[1] == (
        "Nothing is overdue or due in the next 1 day.\n")


def test_due_json(cli, db_path, program) -> None:
    code, out, _ = cli("--db", db_path, "due", "--days", "2", "--json")
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"today", "until", "days", "items"}
    assert (document["today"], document["until"], document["days"]) == (
        "2026-03-16", "2026-03-18", 2)
    with_contact = DUE_KEYS | {"contact_name", "contact_email"}
    assert [set(item) for item in document["items"]] == [with_contact] * 4
    acme = document["items"][1]
    assert (acme["company"], acme["kind"], acme["days"], acme["contact_email"]) == (
        "Acme Analytics", "next_action", -3, "jane@acme.io")
    quiet = document["items"][2]
    assert (quiet["company"], quiet["kind"], quiet["what"], quiet["item"]) == (
        "Beacon", "quiet", "No contact for 34 days", None)


@pytest.mark.parametrize("days", ["-1", "x", "99999"])
def test_due_bad_days_is_a_usage_error(cli, db_path, program, days: str) -> None:
    code, _, err = cli("--db", db_path, "due", "--days", days)
    assert code == 2 and "--days" in err


# -- nothing raw from the data reaches the terminal -----------------------------------
def test_control_characters_in_data_are_escaped_in_every_output(cli, db_path, frozen_clock) -> None:
    seed_partners(db_path, [new_partner(
        HOSTILE, contact_name="Ann\x1b[2J", next_action="Call\x9b", notes="line\x1b]0;x\x07",
        next_action_date=date(2026, 3, 16),
    )])
    # Stored cleaned (domain/text_fields.py): the name a person types is what is left.
    shown = "Evil]52;c;aGk= Corp"
    for args in (["list"], ["list", "--json"], ["show", shown], ["show", shown, "--json"],
                 ["due"], ["due", "--json"], ["move", shown, "engage"]):
        code, out, err = cli("--db", db_path, *args)
        assert code == 0, (args, err)
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in out + err, (args, raw)
    _, out, _ = cli("--db", db_path, "list")
    assert shown in out  # what is left of the sequence is shown, harmless
