"""Step 1, Identify: the five fit criteria, each rated 0-5, as a partner's record holds them
(the score they make is the rule in fit_score.py)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from partner_tui.domain.fit_score import FIT_FIELDS, MAX_RATING, fit_score

Rating = int  # 0..5, bounded by Field below


class FitCriteria(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    complementary: int = Field(0, ge=0, le=MAX_RATING, title="Complementary products/services")
    target_market: int = Field(0, ge=0, le=MAX_RATING, title="Similar target market")
    brand_reputation: int = Field(0, ge=0, le=MAX_RATING, title="Good brand reputation")
    growth_trajectory: int = Field(0, ge=0, le=MAX_RATING, title="Growth trajectory")
    cultural_fit: int = Field(0, ge=0, le=MAX_RATING, title="Cultural fit")

    @classmethod
    def items(cls) -> list[tuple[str, str]]:
        return [(name, f.title or name) for name, f in cls.model_fields.items()]

    # FIT_FIELDS: the model's fields (tests/unit/domain/test_rules.py holds them equal),
    # a tuple to read where model_fields is a property pydantic makes on every call.
    @property
    def rated(self) -> bool:
        return any(getattr(self, name) for name in FIT_FIELDS)

    @property
    def score(self) -> int:
        """Fit score 0-100 (see fit_score.py)."""
        return fit_score(getattr(self, name) for name in FIT_FIELDS)
