"""Is this company already on the board? A name as people type it compared with the names
the file holds: case, punctuation, accents and legal suffixes (Inc, GmbH, Ltd...) do not
matter ("beaconly" is "Beaconly, Inc."), and a near spelling ("Beaconlly") is offered as a
possible match, found by rapidfuzz's ratio of the two names so cleaned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Legal forms a company's name may end with (any case, with or without dots).
LEGAL_SUFFIXES = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "llp", "lp",
    "ltd", "limited", "plc", "gmbh", "ag", "kg", "ug", "se", "sa", "sas", "sarl", "srl",
    "spa", "bv", "nv", "oy", "oyj", "ab", "as", "asa", "aps", "pty", "pte", "kk", "sl",
    "group", "holding", "holdings",
})
# How alike two cleaned names must be (0-100) to be offered as a possible match.
NEAR = 88


@dataclass(frozen=True)
class SimilarCompany:
    partner_id: str
    company: str
    exact: bool  # the same name once cleaned (else a near spelling)


def company_key(name: str) -> str:
    """The name as compared: lower case, no accents or punctuation, no legal suffix."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ")
    words = re.sub(r"[^\w]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def similar_companies(
    name: str, companies: Iterable[tuple[str, str]], *, limit: int = 3, skip: str = ""
) -> list[SimilarCompany]:
    """The partners (id, company) whose name is the same as `name` or near it, the same
    first; `skip`: a partner's own id (the form renaming it)."""
    return CompanyIndex(companies).similar(name, limit=limit, skip=skip)


class CompanyIndex:
    """Many names looked up against one file's companies (an import): each company's
    cleaned name is made once."""

    def __init__(self, companies: Iterable[tuple[str, str]]) -> None:
        self._keys: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._by_key: dict[str, list[str]] = {}
        for partner_id, company in companies:
            key = company_key(company)
            if key:
                self._keys[partner_id], self._names[partner_id] = key, company
                self._by_key.setdefault(key, []).append(partner_id)

    def similar(self, name: str, *, limit: int = 3, skip: str = "") -> list[SimilarCompany]:
        key = company_key(name)
        if not key:
            return []
        exact = [
            SimilarCompany(pid, self._names[pid], exact=True)
            for pid in self._by_key.get(key, []) if pid != skip
        ]
        if len(exact) >= limit:
            return exact[:limit]
        near = process.extract(
            key, self._keys, scorer=fuzz.ratio, score_cutoff=NEAR, limit=limit + 1,
        )
        found = [SimilarCompany(pid, self._names[pid], exact=False)
                 for other, _, pid in near if other != key and pid != skip]
        return exact + found[: limit - len(exact)]
