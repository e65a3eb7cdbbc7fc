"""A registration clash that only a merge can make.

Two people, each on their own copy of the file, register the same customer domain (for
the same partner or two different ones). Each registration was checked against what its
writer had, so neither saw the other; merged, both would earn payouts for one customer.
The merge keeps both deals (nothing is lost), and the rule is the one the Deals tab and
`import-deals` apply (domain/deals.registration_clash): the first registration wins. The
partner of every later one gets a line in its activity log naming the first, so the
clash is seen and settled in the Deals tab (mark the later deal lost, or delete it).

Only a deal that claims its domain takes part: a live registration (registered or
approved, not expired on the day of the merge, by the merged settings' protection
window) or a won deal (domain/registration.claims_domain); a rejected, lost or expired one
frees it. The review facts themselves (status, reviewed_on/by, the reason) and each side's
extensions are merged by table_rules.py's deal spec, which keeps both sides' facts.

Pure, like merge/three_way.py, and the same whichever side is "ours": which deal came first goes
by its registration (registered_on, then created_at, then id), never by side.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from partner_tui.domain.deals import Deal
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.registration import claims_domain
from partner_tui.store.merge.notes import MERGE_PREFIX, logged

Table = dict[str, dict[str, Any]]


def registration_notes(
    base: Table, ours: Table, theirs: Table, merged: Table, partners: Table,
    rules: ProgramRules | None = None, day: date | None = None,
) -> list[tuple[str, str, str]]:
    """(later deal's id, its partner's id, the note) for every deal added on one side whose
    customer domain a deal added on the other side registered first. Tables are `deals`
    (base, ours, theirs, merged) and the merged `partners`; `rules` and `day` say which
    registrations are live (default: the default rules, today)."""
    added_ours = [k for k in ours if k not in base and k not in theirs]
    added_theirs = [k for k in theirs if k not in base and k not in ours]
    if not added_ours or not added_theirs:
        return []
    by_domain: dict[str, tuple[list[str], list[str]]] = {}
    claim = _claimer(rules or ProgramRules(), day or date.today())
    for side, keys in enumerate((added_ours, added_theirs)):
        for key in keys:
            domain = claim(merged.get(key))
            if domain:
                by_domain.setdefault(domain, ([], []))[side].append(key)
    notes: list[tuple[str, str, str]] = []
    for domain, (mine, others) in sorted(by_domain.items()):
        if not mine or not others:
            continue  # one writer's own deals: checked when they were registered
        first, *later = sorted(mine + others, key=lambda k: _order(merged[k]))
        for key in later:
            deal = merged[key]
            if deal.get("override"):
                continue  # registered over the first on purpose (and logged then)
            notes.append((key, str(deal.get("partner_id", "")),
                          _text(domain, merged[first], deal, partners)))
    return notes


def log_registration_notes(
    notes: list[tuple[str, str, str]],
    partners: Table,
    day: date,
    author: str | None,
) -> set[str]:
    """Write each note into its partner's activity log (in `partners`, the merged table);
    returns the ids of the partners changed."""
    changed: set[str] = set()
    for _deal, partner_id, text in notes:
        record = partners.get(partner_id)
        if record is None:
            continue  # the partner is gone; its deal still is in the file
        partners[partner_id] = logged(record, "activities", [text], day, author)
        changed.add(partner_id)
    return changed


def _claimer(rules: ProgramRules, day: date) -> Callable[[dict[str, Any] | None], str]:
    def claim(deal: dict[str, Any] | None) -> str:
        """The customer domain a deal claims (claims_domain), or ''."""
        if deal is None or not deal.get("customer_domain"):
            return ""
        try:
            model = Deal.model_validate(deal)
        except (ValidationError, ValueError):  # a merged record is valid; belt and braces
            return "" if deal.get("status") in ("lost", "rejected") else str(deal["customer_domain"])
        return model.customer_domain if claims_domain(model, rules, day) else ""

    return claim


def _order(deal: dict[str, Any]) -> tuple[str, str, str]:
    return (str(deal.get("registered_on", "")), str(deal.get("created_at", "")),
            str(deal.get("id", "")))


def _text(domain: str, first: dict[str, Any], later: dict[str, Any], partners: Table) -> str:
    company = str((partners.get(str(first.get("partner_id", ""))) or {}).get("company", "?"))
    return (
        f"{MERGE_PREFIX}{domain} was registered first by {company} on "
        f"{first.get('registered_on', '?')} ({first.get('customer', '?')}), on another copy "
        f"of the file; this partner's deal for {later.get('customer', '?')} "
        f"({later.get('registered_on', '?')}) came later. Both are kept: the first "
        "registration wins, so mark this one lost or delete it in the Deals tab."
    )
