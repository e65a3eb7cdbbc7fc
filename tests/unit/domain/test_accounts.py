"""Account lists and their overlap: normalised domains, stored rows, the three counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from partner_tui.domain import clock
from partner_tui.domain.account_overlap import OurAccounts, overlap, warm_intros
from partner_tui.domain.accounts import (
    Account,
    AccountList,
    AccountStatus,
    account_of_row,
    new_account,
    new_list,
    parse_status,
    rows_of,
)

C, P, O = AccountStatus.CUSTOMER, AccountStatus.PROSPECT, AccountStatus.OPPORTUNITY

_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
_host = st.lists(_label, min_size=2, max_size=4).map(".".join)


@given(
    host=_host,
    scheme=st.sampled_from(["", "http://", "https://", "HTTPS://"]),
    www=st.booleans(),
    port=st.sampled_from(["", ":443", ":8080"]),
    path=st.sampled_from(["", "/", "/about", "/pricing?utm=x", "#top"]),
    upper=st.booleans(),
    spaces=st.sampled_from(["", " ", "  "]),
)
def test_every_spelling_of_a_domain_is_one_account(
    host: str, scheme: str, www: bool, port: str, path: str, upper: bool, spaces: str
) -> None:
    written = f"{spaces}{scheme}{'www.' if www else ''}{host}{port}{path}{spaces}"
    if upper:
        written = written.upper()
    account = new_account("Acme", written, C)
    assert account.domain == host
    # What is stored reads back the same, and normalising again changes nothing.
    assert account_of_row(account.row()) == account
    assert new_account("Acme", account.domain, C).domain == account.domain


@given(
    name=st.text(max_size=40),
    owner=st.text(max_size=20),
    cents=st.one_of(st.none(), st.integers(min_value=0, max_value=10**14)),
)
def test_any_name_and_owner_survive_the_stored_row(
    name: str, owner: str, cents: int | None
) -> None:
    value = None if cents is None else Decimal(cents) / 100
    account = new_account(name, "acme.io", O, owner, value)
    assert "\t" not in account.name + account.owner  # the row's separator stays one
    assert account_of_row(account.row()) == account
    AccountList.model_validate({"id": "ours", "accounts": [account.row()]})


@pytest.mark.parametrize("bad", ["", "   ", "acme", "mailto:x@acme.io", "ftp://acme.io", "a b.io"])
def test_no_usable_domain_is_refused_not_guessed(bad: str) -> None:
    with pytest.raises(ValueError):
        new_account("Acme", bad, C)


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Customer", C),
        ("customer - direct", C),
        ("Closed Won", C),
        ("evangelist", C),
        ("Lead", P),
        ("marketingqualifiedlead", P),
        ("Prospecting", P),
        ("Closed Lost", P),
        ("salesqualifiedlead", O),
        ("Opportunity", O),
        ("Negotiation/Review", O),
        ("Proposal/Price Quote", O),
    ],
)
def test_crm_lifecycle_words_are_read_as_the_three_statuses(
    word: str, status: AccountStatus
) -> None:
    assert parse_status(word) is status


def test_an_unknown_status_names_the_three() -> None:
    with pytest.raises(ValueError, match="customer, prospect, opportunity"):
        parse_status("vendor")


def test_a_stored_list_refuses_a_domain_twice_and_a_bad_row() -> None:
    rows = rows_of([Account("A", "a.io", C), Account("A2", "a.io", P)])
    with pytest.raises(ValidationError, match="twice"):
        AccountList.model_validate({"id": "ours", "accounts": rows})
    for bad in ["A.IO\tcustomer", "a.io\tfriend", "a.io\tcustomer\tA\tB\t12", "a.io"]:
        with pytest.raises(ValidationError):
            AccountList.model_validate({"id": "ours", "accounts": [bad]})
    with pytest.raises(ValidationError, match="id"):
        AccountList.model_validate({"id": "ours", "partner_id": "p1"})


def test_a_new_list_is_sorted_by_domain_and_dated_today() -> None:
    made = new_list("p1", [Account("B", "b.io", C), Account("A", "a.io", P)])
    assert made.id == "p1"
    assert [account.domain for account in made.read()] == ["a.io", "b.io"]
    assert made.as_of == clock.today()


def _ours() -> OurAccounts:
    return OurAccounts(
        rows_of(
            [
                Account("Both", "both.io", C),
                Account("Open deal", "deal.io", O, "Ana", Decimal("5000.00")),
                Account("Lead", "lead.io", P, "Bo"),
                Account("Ours only", "mine.io", C),
                Account("Their lead", "theirlead.io", C),
                Account("Open both", "openboth.io", O, "Ana", Decimal("100.00")),
                Account("Big", "big.io", O, "Cy", Decimal("9000.00")),
            ]
        )
    )


def test_the_three_counts() -> None:
    theirs = rows_of(
        [
            Account("Both", "both.io", C),
            Account("Open deal", "deal.io", C),
            Account("Lead", "lead.io", C),
            Account("Big", "big.io", C),
            Account("Their lead", "theirlead.io", P),
            Account("Open both", "openboth.io", O),
            Account("Stranger", "stranger.io", C),
        ]
    )
    found = overlap("p1", date(2026, 3, 1), theirs, _ours())
    assert [m.domain for m in found.shared_customers] == ["both.io"]
    # Our prospects and opportunities that are their customers, most open value first.
    assert [m.domain for m in found.intros_for_us] == ["big.io", "deal.io", "lead.io"]
    assert [m.domain for m in found.intros_for_them] == ["theirlead.io"]
    assert found.their_accounts == 7
    assert found.intro_value == Decimal("14000.00")
    first = found.intros_for_us[0]
    assert first.ours().owner == "Cy"
    assert first.open_value == Decimal("9000.00")
    assert first.theirs().status is C


def test_a_customer_has_no_open_value() -> None:
    assert Account("A", "a.io", C, value=Decimal("10.00")).open_value == 0
    assert Account("A", "a.io", O, value=Decimal("10.00")).open_value == Decimal("10.00")


def test_warm_intros_ranks_by_open_value() -> None:
    ours = _ours()
    small = overlap("small", date(2026, 3, 1), rows_of([Account("L", "lead.io", C)]), ours)
    big = overlap("big", date(2026, 3, 1), rows_of([Account("B", "big.io", C)]), ours)
    none = overlap("none", date(2026, 3, 1), rows_of([Account("B", "both.io", C)]), ours)
    assert [o.partner_id for o in warm_intros([small, none, big])] == ["big", "small"]


@given(st.one_of(st.text(max_size=40), st.text(alphabet="aAzüÜß.-_%:/@#?[]!$&'()*+,;=~ 1\\", max_size=24)))
def test_whatever_web_domain_accepts_is_stored_and_read_back(text: str) -> None:
    """No domain the import accepts may make a row the file's check refuses (the file
    would then be unreadable)."""
    try:
        account = new_account("A", text, P)
    except ValueError:
        return
    assert account_of_row(account.row()) == account
    AccountList.model_validate({"id": "ours", "accounts": [account.row()]})


_statuses = st.sampled_from(list(AccountStatus))


@given(
    ours=st.dictionaries(st.integers(0, 30), st.tuples(_statuses, st.integers(0, 999))),
    theirs=st.dictionaries(st.integers(0, 30), _statuses),
)
def test_the_counts_are_the_matches_counted(
    ours: dict[int, tuple[AccountStatus, int]], theirs: dict[int, AccountStatus]
) -> None:
    """overlap() counts with regular expressions and sets; the matches it lists are found
    row by row: both ways agree, and agree with the definitions."""
    our_rows = rows_of(
        Account(f"N{i}", f"c{i}.io", status, "Ana", Decimal(value)) for i, (status, value) in ours.items()
    )
    their_rows = rows_of(Account(f"T{i}", f"c{i}.io", status) for i, status in theirs.items())
    found = overlap("p", date(2026, 3, 1), their_rows, OurAccounts(our_rows))
    both = ours.keys() & theirs.keys()
    shared = {i for i in both if ours[i][0] is C and theirs[i] is C}
    for_us = {i for i in both if ours[i][0] is not C and theirs[i] is C}
    for_them = {i for i in both if ours[i][0] is C and theirs[i] is not C}
    assert (found.shared_count, found.intro_count, found.for_them_count) == (
        len(shared), len(for_us), len(for_them),
    )
    assert {m.domain for m in found.shared_customers} == {f"c{i}.io" for i in shared}
    assert {m.domain for m in found.intros_for_us} == {f"c{i}.io" for i in for_us}
    assert {m.domain for m in found.intros_for_them} == {f"c{i}.io" for i in for_them}
    assert found.intro_value == sum((Decimal(ours[i][1]) for i in for_us), Decimal(0))
    assert found.their_accounts == len(theirs)
