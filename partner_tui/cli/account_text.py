"""What `accounts list` and `overlap` print: for a person (escaped, one value per line
through partner_text.line), or as JSON for scripts (stable keys, exact money)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from partner_tui.cli.partner_text import line
from partner_tui.domain.account_overlap import Match, Overlap
from partner_tui.domain.accounts import SEPARATOR, Account, AccountList, AccountStatus
from partner_tui.domain.money import CENT, format_money

# The keys of each object `overlap --json` prints (a test pins them).
OVERLAP_KEYS = (
    "partner_id",
    "partner",
    "shared_customers",
    "intros_for_us",
    "intros_for_them",
    "their_accounts",
    "as_of",
)


_PLURALS = {
    AccountStatus.CUSTOMER: "customers",
    AccountStatus.PROSPECT: "prospects",
    AccountStatus.OPPORTUNITY: "opportunities",
}


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def status_counts(account_list: AccountList) -> str:
    """'40 customers, 50 prospects, 10 opportunities' (read from the stored rows)."""
    counts = Counter(row.split(SEPARATOR, 2)[1] for row in account_list.accounts)
    return ", ".join(
        f"{counts.get(status.value, 0):,} {_PLURALS[status] if counts.get(status.value) != 1 else status.value}"
        for status in AccountStatus
    )


def list_summary(account_list: AccountList, whose: str) -> str:
    return (
        f"  {line(whose)}: {plural(len(account_list.accounts), 'account')} "
        f"({status_counts(account_list)}), as of {account_list.as_of.isoformat()}"
    )


def account_line(account: Account, currency: str) -> str:
    parts = [account.status.value, account.owner and f"owner {account.owner}"]
    if account.value is not None:
        parts.append(format_money(account.value, currency))
    rest = " · ".join(p for p in parts if p)
    return f"  {line(account.domain):<28} {line(account.name)} — {line(rest)}"


def overlap_table(rows: Sequence[tuple[str, Overlap]], currency: str) -> list[str]:
    """One line per partner, most open value first: (company, overlap)."""
    head = ("partner", "intros for us", "open value", "intros for them", "shared customers",
            "their accounts", "as of")
    cells = [
        (
            line(company),
            f"{o.intro_count:,}",
            format_money(o.intro_value, currency),
            f"{o.for_them_count:,}",
            f"{o.shared_count:,}",
            f"{o.their_accounts:,}",
            o.as_of.isoformat(),
        )
        for company, o in rows
    ]
    widths = [max(len(r[i]) for r in [head, *cells]) for i in range(len(head))]

    def joined(row: Sequence[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    return [joined(head), *(joined(row) for row in cells)]


def _match_line(match: Match, currency: str, *, value: bool) -> str:
    ours, theirs = match.ours(), match.theirs()
    parts = [f"ours: {ours.status.value}", f"theirs: {theirs.status.value}"]
    if ours.owner:
        parts.append(f"owner {ours.owner}")
    if value and match.open_value:
        parts.append(format_money(match.open_value, currency))
    return f"  {line(ours.domain):<28} {line(ours.name)} — {line(' · '.join(parts))}"


def overlap_details(company: str, found: Overlap, currency: str) -> list[str]:
    out = [
        (f"{line(company)}: their list holds {plural(found.their_accounts, 'account')}, "
        f"as of {found.as_of.isoformat()}."),
        (f"Intros for us ({found.intro_count:,}, open value "
        f"{format_money(found.intro_value, currency)}): our prospects and opportunities "
        "that are their customers"),
    ]
    out += [_match_line(m, currency, value=True) for m in found.intros_for_us]
    out.append(
        f"Intros for them ({found.for_them_count:,}): their prospects and opportunities "
        "that are our customers"
    )
    out += [_match_line(m, currency, value=False) for m in found.intros_for_them]
    out.append(f"Shared customers ({found.shared_count:,})")
    out += [_match_line(m, currency, value=False) for m in found.shared_customers]
    return out


def _money(value: Decimal) -> str:
    return format(value.quantize(CENT), "f")


def _match_entry(match: Match) -> dict[str, Any]:
    ours, theirs = match.ours(), match.theirs()
    return {
        "domain": ours.domain,
        "name": ours.name,
        "their_name": theirs.name,
        "our_status": ours.status.value,
        "their_status": theirs.status.value,
        "our_owner": ours.owner,
        "open_value": _money(match.open_value),
    }


def overlap_entry(company: str, found: Overlap, *, accounts: bool) -> dict[str, Any]:
    """One object of `overlap --json`: counts, or (`accounts`) the matching accounts."""

    def shown(matches: list[Match], count: int) -> Any:
        return [_match_entry(m) for m in matches] if accounts else count

    return {
        "partner_id": found.partner_id,
        "partner": company,
        "shared_customers": shown(found.shared_customers if accounts else [], found.shared_count),
        "intros_for_us": shown(found.intros_for_us if accounts else [], found.intro_count),
        "intros_for_them": shown(found.intros_for_them if accounts else [], found.for_them_count),
        "their_accounts": found.their_accounts,
        "as_of": found.as_of.isoformat(),
    }


def json_text(document: Any) -> str:
    """As json_output.print_json writes: sorted keys, ASCII only (safe on a terminal)."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True)
