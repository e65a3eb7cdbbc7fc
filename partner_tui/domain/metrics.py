"""Step 5, Measurement: per-partner metrics and the ROI rule."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from partner_tui.domain.amount_fields import Money, Percent
from partner_tui.domain.metric_rates import (  # noqa: F401 - re-exported: their old home
    lead_to_deal_rate,
    roi_percent,
)
from partner_tui.domain.money import ZERO_CENTS


class Metrics(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    leads_generated: int = Field(0, ge=0, le=10_000_000, title="Leads generated")
    deals_closed: int = Field(0, ge=0, le=10_000_000, title="Deals closed")
    revenue_attributed: Money = Field(ZERO_CENTS, title="Revenue attributed")
    customer_satisfaction: Percent | None = Field(None, title="Customer satisfaction %")
    # What running this partnership costs us (people, tools, events), excluding payouts.
    internal_cost: Money = Field(ZERO_CENTS, title="Internal cost")
