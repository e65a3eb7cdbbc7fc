"""Program tiers (docs/tiers.md): a partner's tier in a month is the highest tier whose
threshold its trailing-12-month revenue reaches, that revenue being what its won deals
earned in the 12 whole months before that month, net of refunds (payouts.py's revenue
rule, deal_figures.revenue_by_month: a refund comes off its month's revenue). A tier is
known on the month's first day and holds for the whole month.

A tier may set the revenue share percent: in a month its tier sets one, the partner's own
flat percent is replaced by it (steps, when the partner has them, are kept: they are the
partner's contract). A month's tier reads only earlier months, so a change of tier
recomputes only forward: no past month's figure ever changes because of it.

The tier table is text, like the steps ('Registered 0; Silver 50k; Gold 250k at 25%'), so
the Settings screen, a hand edit and the docs spell it the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from partner_tui.domain.deal_figures import revenue_by_month
from partner_tui.domain.money import format_cents, parse_money, parse_percent
from partner_tui.domain.payouts import DealFacts, PayoutTerms, from_cents, to_cents
from partner_tui.domain.safe_text import clean_line
from partner_tui.domain.share_steps import percent_text

TRAILING_MONTHS = 12
MAX_TIERS = 8
DEFAULT_TIERS = "Registered 0; Silver 50,000; Gold 250,000"

_TIER = re.compile(
    r"(?P<name>[^\d;][^;]*?)\s+(?:from\s+)?(?P<amount>[$€£]?\s*[0-9][0-9,._]*(?:\.[0-9]+)?\s*[kKmM]?)"
    r"(?:\s*(?:at|@)\s*(?P<percent>[0-9]+(?:\.[0-9]+)?)\s*%)?",
)


@dataclass(frozen=True)
class Tier:
    name: str
    threshold_cents: int  # trailing-12-month revenue from which the tier applies
    percent_hundredths: int | None = None  # the revenue share it sets; None: the partner's


@functools.lru_cache(maxsize=64)  # the table is read once per partner: parse it once
def parse_tiers(text: str) -> tuple[Tier, ...]:
    """'Registered 0; Silver 50,000; Gold 250k at 25%' -> the tiers, lowest first; ''
    -> () (no tiers). The first threshold is 0 (every partner has a tier), thresholds
    rise strictly, names differ. ValueError says what is wrong."""
    cleaned = text.strip()
    if not cleaned:
        return ()
    tiers: list[Tier] = []
    for item in (part.strip() for part in cleaned.split(";")):
        if not item:
            continue
        found = _TIER.fullmatch(item)
        if found is None:
            raise ValueError(f"{item!r} is not a tier (write: Silver 50,000 at 15%)")
        name = " ".join(found.group("name").split())
        threshold = to_cents(parse_money(found.group("amount")))
        percent = found.group("percent")
        hundredths = to_cents(parse_percent(percent)) if percent is not None else None
        if tiers and threshold <= tiers[-1].threshold_cents:
            raise ValueError(f"{name}: thresholds must rise from tier to tier")
        if any(t.name.lower() == name.lower() for t in tiers):
            raise ValueError(f"{name}: two tiers with one name")
        tiers.append(Tier(name, threshold, hundredths))
    if not tiers:
        return ()
    if tiers[0].threshold_cents != 0:
        raise ValueError(f"{tiers[0].name}: the first tier starts at 0 (every partner has a tier)")
    if len(tiers) > MAX_TIERS:
        raise ValueError(f"at most {MAX_TIERS} tiers")
    return tuple(tiers)


def tier_text(tier: Tier) -> str:
    """'Gold 250,000 at 25%' (plain numbers: the table's own spelling)."""
    amount = format_cents(from_cents(tier.threshold_cents), "").removesuffix(".00")
    extra = f" at {percent_text(tier.percent_hundredths)}" if tier.percent_hundredths is not None else ""
    return f"{tier.name} {amount}{extra}"


def tiers_text(tiers: Sequence[Tier]) -> str:
    return "; ".join(tier_text(t) for t in tiers)


def stored_tier_table(rules: Mapping[str, object]) -> tuple[Tier, ...]:
    """ProgramRules.tier_table of stored rules (the settings record's "rules", a file's
    own spelling), read as the model reads its `tiers`: cleaned as a single line, put in
    the one spelling, parsed; the default when left out. TypeError for a value only
    validation reads. Reading it needs no Settings model (`show`: docs/cli-speed.md);
    tests/unit/speedups/test_stored_figures.py holds it equal to the model's."""
    value = rules.get("tiers", DEFAULT_TIERS)
    if not isinstance(value, str):
        raise TypeError("tiers")
    return parse_tiers(tiers_text(parse_tiers(clean_line(value))))


def tier_for(revenue_cents: int, tiers: Sequence[Tier]) -> int:
    """The index of the highest tier whose threshold `revenue_cents` reaches (0 when none
    is above the first)."""
    found = 0
    for n, tier in enumerate(tiers):
        if revenue_cents >= tier.threshold_cents:
            found = n
    return found


# (from month, tier index): the tier changes to that index in that month; before the
# first entry the partner is in tier 0.
Schedule = tuple[tuple[int, int], ...]


def tier_schedule(deals: Sequence[DealFacts], tiers: Sequence[Tier]) -> Schedule:
    """Every month in which the partner's tier changes, and to which tier: the tier of
    month M is tier_for(revenue of months M-12..M-1). After the partner's last change of
    revenue (a close, an end) its trailing revenue is constant 12 months later, so the
    schedule is finite and holds for ever after."""
    if len(tiers) < 2:
        return ()
    # A refund changes the revenue of its month (net of refunds): a change like a close.
    events = [m for f in deals if f.won and f.close is not None
              for m in (f.close, (f.end + 1) if f.end is not None else f.close,
                        f.refund if f.refund is not None else f.close)]
    if not events:
        return ()
    first, last_event = min(events), max(events)
    last = last_event + TRAILING_MONTHS + 1
    revenue = revenue_by_month(deals, first, last)
    changes: list[tuple[int, int]] = []
    current = 0
    trailing = 0
    for offset in range(len(revenue) + 1):
        month = first + offset
        # trailing = revenue of months month-12 .. month-1
        index = tier_for(trailing, tiers)
        if index != current:
            changes.append((month, index))
            current = index
        if offset < len(revenue):
            trailing += revenue[offset]
            if offset >= TRAILING_MONTHS:
                trailing -= revenue[offset - TRAILING_MONTHS]
    return tuple(changes)


def tier_worth_showing(index: int) -> bool:
    """Whether a partner's tier (its index in the table) is worth showing where a tier is
    a mark beside the partner: only above the first tier, which is every partner's. The
    one rule for the board's cards and the statements (their note and *Tier:* line)."""
    return index > 0


def tier_in(schedule: Schedule, month: int) -> int:
    """The tier index in force in `month`."""
    found = 0
    for start, index in schedule:
        if start > month:
            break
        found = index
    return found


def trailing_revenue(deals: Iterable[DealFacts], month: int) -> int:
    """The partner's revenue in the 12 whole months before `month` (cents), net of
    refunds (it may be below 0: the first tier)."""
    return sum(revenue_by_month(deals, month - TRAILING_MONTHS, month - 1))


def tier_percents(schedule: Schedule, tiers: Sequence[Tier]) -> tuple[tuple[int, int], ...]:
    """The schedule as PayoutTerms.tier_percents: (from month, percent in hundredths, or
    -1 for the partner's own percent), () when no tier sets a percent."""
    if all(t.percent_hundredths is None for t in tiers):
        return ()
    def percent(index: int) -> int:
        value = tiers[index].percent_hundredths
        return -1 if value is None else value

    runs = [(-(10**9), percent(0))] + [(month, percent(index)) for month, index in schedule]
    return tuple(runs)


def tiered_terms(
    terms: PayoutTerms, deals: Sequence[DealFacts], tiers: Sequence[Tier],
    schedule: Schedule | None = None,
) -> tuple[PayoutTerms, Schedule]:
    """The partner's terms with its tiers' percents in them (when a tier sets one, the
    partner has a revenue share and no steps), and its tier schedule (`schedule`: worked
    out already from these deals and tiers). The one place the store and partner_figures
    put a tier into the payout rules."""
    if schedule is None:
        schedule = tier_schedule(deals, tiers)
    percents = tier_percents(schedule, tiers)
    if percents and terms.share_enabled and not terms.steps:
        terms = replace(terms, tier_percents=percents)
    return terms, schedule


def tier_change_text(tiers: Sequence[Tier], was: int, now: int, revenue_cents: int,
                     symbol: str = "$") -> str:
    """'Tier: Registered → Silver (trailing 12 months' revenue $61,000.00)'."""
    return (f"Tier: {tiers[was].name} → {tiers[now].name} (trailing 12 months' revenue "
            f"{format_cents(from_cents(revenue_cents), symbol)})")
