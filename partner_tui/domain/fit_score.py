"""Step 1, Identify: the fit score, the five criteria's ratings as a share of the points
possible. The rule only (no pydantic): board cards score raw records with it before
pydantic is imported, and FitCriteria (fit_criteria.py) scores with the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable

# The playbook's five criteria, by field name, in the playbook's order.
FIT_FIELDS: tuple[str, ...] = (
    "complementary",
    "target_market",
    "brand_reputation",
    "growth_trajectory",
    "cultural_fit",
)
MAX_RATING = 5


def fit_score(ratings: Iterable[int]) -> int:
    """0-100: an integer percentage reads at a glance on a card ("fit 84") and sorts cleanly."""
    return round(sum(ratings) * 100 / (MAX_RATING * len(FIT_FIELDS)))
