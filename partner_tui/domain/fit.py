"""Step 1, Identify: the five fit criteria, each rated 0-5, and the fit score."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Rating = int  # 0..5, bounded by Field below


class FitCriteria(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    complementary: int = Field(0, ge=0, le=5, title="Complementary products/services")
    target_market: int = Field(0, ge=0, le=5, title="Similar target market")
    brand_reputation: int = Field(0, ge=0, le=5, title="Good brand reputation")
    growth_trajectory: int = Field(0, ge=0, le=5, title="Growth trajectory")
    cultural_fit: int = Field(0, ge=0, le=5, title="Cultural fit")

    @classmethod
    def items(cls) -> list[tuple[str, str]]:
        return [(name, f.title or name) for name, f in cls.model_fields.items()]

    @property
    def rated(self) -> bool:
        return any(getattr(self, name) for name in type(self).model_fields)

    @property
    def score(self) -> int:
        """Fit score 0-100: the five ratings' share of the 25 possible points.

        An integer percentage reads at a glance on a card ("fit 84") and sorts cleanly.
        """
        total = sum(getattr(self, name) for name in type(self).model_fields)
        return round(total * 100 / 25)
