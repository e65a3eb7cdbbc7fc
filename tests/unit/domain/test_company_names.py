"""A company already on the board, whatever case, punctuation and legal suffix."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.company_names import (
    LEGAL_SUFFIXES,
    CompanyIndex,
    company_key,
    similar_companies,
)

BOARD = [("b1", "Beaconly, Inc."), ("a1", "Acme Analytics"), ("z1", "Zürich Datenwerk AG")]
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)


@given(st.lists(words, min_size=1, max_size=3), st.sampled_from(sorted(LEGAL_SUFFIXES)),
       st.sampled_from(["", ",", ".", " -"]))
def test_case_punctuation_and_a_legal_suffix_do_not_matter(
    name: list[str], suffix: str, mark: str
) -> None:
    plain = " ".join(name)
    written = f"{plain.upper()}{mark} {suffix.upper()}."
    if plain.split()[-1] in LEGAL_SUFFIXES:
        return  # the name itself ends like a legal form: nothing to compare
    assert company_key(written) == company_key(plain)


def test_the_same_company_first_then_a_near_spelling() -> None:
    board = [*BOARD, ("b2", "Beaconlly")]
    found = similar_companies("beaconly", board)
    assert [(s.partner_id, s.exact) for s in found] == [("b1", True), ("b2", False)]
    assert [s.partner_id for s in similar_companies("Zurich Datenwerk GmbH", board)] == ["z1"]
    assert similar_companies("Acne", board) == []  # short names: a letter apart is another
    assert similar_companies("Zephyr", board) == []
    assert similar_companies("beaconly", board, skip="b1")[0].partner_id == "b2"


def test_an_index_answers_many_names() -> None:
    index = CompanyIndex(BOARD)
    assert index.similar("ACME ANALYTICS LTD")[0].company == "Acme Analytics"
    assert index.similar("") == [] and index.similar("Inc") == []
