"""The registration workflow's rules (domain/registration.py): the review, the protection
window and its expiry, extensions, and which deals block a customer domain."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.deals import REJECTION_REASONS, Deal, DealStatus, rejection_reason
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.registration import (
    RegistrationState,
    ReviewRefused,
    approved,
    claims_domain,
    days_left,
    expiring,
    extended,
    protection_ends,
    registration_clash,
    registration_state,
    rejected,
)

RULES = ProgramRules()
REGISTERED_ON = date(2026, 1, 5)


def deal(**fields: object) -> Deal:
    base: dict[str, object] = {
        "partner_id": "p1", "customer": "Acme", "customer_domain": "acme.io",
        "registered_on": REGISTERED_ON,
    }
    return Deal.model_validate({**base, **fields})


# -- the window ---------------------------------------------------------------------------------
def test_an_unreviewed_registration_is_protected_90_days_from_the_registration() -> None:
    open_deal = deal()
    assert protection_ends(open_deal, RULES) == date(2026, 4, 5)
    assert registration_state(open_deal, RULES, date(2026, 4, 4)) is RegistrationState.REGISTERED
    assert registration_state(open_deal, RULES, date(2026, 4, 5)) is RegistrationState.EXPIRED
    assert days_left(open_deal, RULES, date(2026, 4, 4)) == 1


def test_an_approval_restarts_the_window_and_an_extension_adds_to_it() -> None:
    ok = approved(deal(), date(2026, 2, 1), "Ann")
    assert (ok.status, ok.reviewed_on, ok.reviewed_by) == (
        DealStatus.APPROVED, date(2026, 2, 1), "Ann"
    )
    assert protection_ends(ok, RULES) == date(2026, 2, 1) + timedelta(days=90)
    longer = extended(ok, 30, date(2026, 4, 20), "Bob")
    assert protection_ends(longer, RULES) == date(2026, 2, 1) + timedelta(days=120)
    assert longer.extensions[-1].author == "Bob" and longer.extensions[-1].days == 30


def test_the_window_follows_the_setting_at_once() -> None:
    short = ProgramRules(protection_days=10)
    assert registration_state(deal(), short, date(2026, 1, 15)) is RegistrationState.EXPIRED


def test_won_lost_and_rejected_deals_have_no_window() -> None:
    won = deal(status="won", closed_on="2026-02-01")
    no = rejected(deal(), "duplicate", date(2026, 1, 6), "Ann")
    for closed in (won, deal(status="lost", closed_on="2026-02-01"), no):
        assert protection_ends(closed, RULES) is None
        assert registration_state(closed, RULES, date(2030, 1, 1)).value == closed.status.value


# -- reviews --------------------------------------------------------------------------------------
def test_a_rejection_needs_a_reason_in_the_list_or_own_words() -> None:
    assert rejection_reason("Worked_by sales") == "already worked by our sales"
    assert rejection_reason("  they asked  twice ") == "they asked twice"
    with pytest.raises(ValueError):
        rejection_reason("  ")
    no = rejected(deal(), "outside-territory", date(2026, 1, 6), "Ann")
    assert no.rejection_reason == REJECTION_REASONS["outside-territory"]
    with pytest.raises(ValueError, match="needs a reason"):
        deal(status="rejected", reviewed_on="2026-01-06")


def test_a_review_must_fit_the_status() -> None:
    won = deal(status="won", closed_on="2026-02-01")
    with pytest.raises(ReviewRefused):
        approved(won, date(2026, 2, 2), "Ann")
    with pytest.raises(ReviewRefused):
        rejected(won, "duplicate", date(2026, 2, 2), "Ann")
    with pytest.raises(ReviewRefused):
        extended(won, 10, date(2026, 2, 2), "Ann")
    with pytest.raises(ReviewRefused):
        extended(deal(), 0, date(2026, 2, 2), "Ann")
    with pytest.raises(ValueError, match="review date"):
        deal(status="approved")
    with pytest.raises(ValueError, match="before the registration"):
        deal(status="approved", reviewed_on="2026-01-01")
    # A rejected registration may be approved after all: the reason goes.
    again = approved(rejected(deal(), "duplicate", date(2026, 1, 6), "Ann"), date(2026, 1, 7), "B")
    assert (again.status, again.rejection_reason) == (DealStatus.APPROVED, "")


# -- clashes --------------------------------------------------------------------------------------
def test_only_a_live_registration_or_a_won_deal_blocks_a_domain() -> None:
    today = date(2026, 2, 1)
    new = deal(partner_id="p2", registered_on="2026-02-01")
    live = deal()
    assert registration_clash(new, [live], RULES, today) == live
    no = rejected(deal(), "duplicate", date(2026, 1, 6), "Ann")
    lost = deal(status="lost", closed_on="2026-01-20")
    assert registration_clash(new, [no, lost], RULES, today) is None
    expired = deal(registered_on="2025-06-01")
    assert registration_clash(new, [expired], RULES, today) is None
    won = deal(registered_on="2025-06-01", status="won", closed_on="2025-07-01")
    assert registration_clash(new, [expired, won], RULES, today) == won
    # A rejected or lost registration never asks, so never clashes.
    assert registration_clash(no, [live, won], RULES, today) is None


days = st.integers(min_value=0, max_value=800)


@st.composite
def registrations(draw: st.DrawFn) -> Deal:
    """Any deal on acme.io: open, reviewed, extended, won, lost or refunded, at any date."""
    registered = REGISTERED_ON + timedelta(days=draw(days))
    status = draw(st.sampled_from(list(DealStatus)))
    fields: dict[str, object] = {"registered_on": registered, "status": status,
                                 "partner_id": draw(st.sampled_from(["p1", "p2", "p3"]))}
    if status in (DealStatus.APPROVED, DealStatus.REJECTED):
        fields["reviewed_on"] = registered + timedelta(days=draw(st.integers(0, 60)))
    if status is DealStatus.REJECTED:
        fields["rejection_reason"] = "duplicate"
    if status in (DealStatus.WON, DealStatus.LOST, DealStatus.REFUNDED):
        fields["closed_on"] = registered + timedelta(days=draw(st.integers(0, 200)))
    if status is DealStatus.REFUNDED:  # refunded in full, some days after the close
        fields["refunded_on"] = fields["closed_on"] + timedelta(days=draw(st.integers(0, 90)))
    made = deal(**fields)
    if status in (DealStatus.REGISTERED, DealStatus.APPROVED):
        for more in draw(st.lists(st.integers(1, 120), max_size=3)):
            made = extended(made, more, registered, "Ann")
    return made


@given(registrations(), st.integers(min_value=0, max_value=1200),
       st.integers(min_value=1, max_value=400))
def test_expired_is_exactly_an_open_registration_past_its_window(
    registration: Deal, offset: int, protection: int
) -> None:
    rules = ProgramRules(protection_days=protection)
    today = REGISTERED_ON + timedelta(days=offset)
    state = registration_state(registration, rules, today)
    start = registration.reviewed_on if registration.status is DealStatus.APPROVED else (
        registration.registered_on
    )
    added = sum(e.days for e in registration.extensions)
    past = today >= start + timedelta(days=protection + added)
    is_open = registration.status in (DealStatus.REGISTERED, DealStatus.APPROVED)
    assert (state is RegistrationState.EXPIRED) == (is_open and past)
    if state is not RegistrationState.EXPIRED:
        assert state.value == registration.status.value
    # An extension never shortens a window, and one long enough makes it live again.
    if is_open:
        later = extended(registration, 3650, today, "Bob")
        assert registration_state(later, rules, today) is not RegistrationState.EXPIRED


@given(st.lists(registrations(), max_size=6), registrations(),
       st.integers(min_value=0, max_value=1200))
def test_a_clash_is_the_earliest_deal_that_claims_the_domain(
    others: list[Deal], new: Deal, offset: int
) -> None:
    today = REGISTERED_ON + timedelta(days=offset)
    found = registration_clash(new, others, RULES, today)
    claiming = [o for o in others if o.id != new.id and claims_domain(o, RULES, today)]
    if new.status in (DealStatus.REJECTED, DealStatus.LOST) or not claiming:
        assert found is None
        return
    assert found in claiming
    assert found.registered_on == min(o.registered_on for o in claiming)
    state = registration_state(found, RULES, today)
    assert state in (RegistrationState.REGISTERED, RegistrationState.APPROVED,
                     RegistrationState.WON)


@given(st.lists(registrations(), max_size=8), st.integers(min_value=0, max_value=1200),
       st.integers(min_value=0, max_value=60))
def test_expiring_lists_exactly_the_live_ones_within_the_warning(
    deals: list[Deal], offset: int, warning: int
) -> None:
    rules = ProgramRules(expiry_warning_days=warning)
    today = REGISTERED_ON + timedelta(days=offset)
    listed = expiring(deals, rules, today)
    assert [e.ends_on for e in listed] == sorted(e.ends_on for e in listed)
    ids = {e.deal.id for e in listed}
    for one in deals:
        left = days_left(one, rules, today)
        soon = left is not None and 0 < left <= warning
        assert (one.id in ids) == soon
