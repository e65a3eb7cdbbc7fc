"""Success factor 1, Clear Value Proposition: for the partner and for you."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from partner_tui.domain.checklist import Checklist
from partner_tui.domain.text_fields import MultiLine


class ValueForPartner(Checklist):
    revenue_opportunity: bool = Field(False, title="Revenue opportunity")
    customer_value: bool = Field(False, title="Customer value")
    market_expansion: bool = Field(False, title="Market expansion")
    brand_association: bool = Field(False, title="Brand association")


class ValueForYou(Checklist):
    customer_acquisition: bool = Field(False, title="Customer acquisition")
    product_enhancement: bool = Field(False, title="Product enhancement")
    market_credibility: bool = Field(False, title="Market credibility")
    growth_acceleration: bool = Field(False, title="Growth acceleration")


class ValueProposition(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    for_partner: ValueForPartner = Field(default_factory=ValueForPartner)
    for_you: ValueForYou = Field(default_factory=ValueForYou)
    # Fills [Specific value proposition] in the outreach template.
    specific: MultiLine = Field("", max_length=5_000)
