"""Partnership Models: revenue share, referral fee, co-marketing, integration (one or more)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from partner_tui.domain.amount_fields import Money, Percent
from partner_tui.domain.checklist import Checklist
from partner_tui.domain.money import ZERO_CENTS
from partner_tui.domain.share_steps import parse_steps, steps_text
from partner_tui.domain.terms_choices import PaymentTerms, ReferralPayment  # re-exported
from partner_tui.domain.text_fields import SingleLine


class RevenueShare(BaseModel):
    """Partner gets `percent`% of revenue from referred customers."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    enabled: bool = False
    percent: Percent = ZERO_CENTS
    duration_years: int = Field(0, ge=0, le=100)
    minimum_customers: int = Field(0, ge=0, le=1_000_000)
    payment_terms: PaymentTerms = PaymentTerms.MONTHLY
    # Steps and caps (docs/tiers.md): '20% x 12, 10% x 12' replaces the percent by month
    # of each customer; caps of 0 are no cap.
    steps: SingleLine = Field("", max_length=200)
    cap_per_customer: Money = ZERO_CENTS
    cap_per_period: Money = ZERO_CENTS

    @field_validator("steps")
    @classmethod
    def _steps(cls, value: str) -> str:
        return steps_text(parse_steps(value))  # the one spelling; ValueError says why


class ReferralFee(BaseModel):
    """One-time fee per customer."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    enabled: bool = False
    amount: Money = ZERO_CENTS
    payment: ReferralPayment = ReferralPayment.ON_CLOSE


class CoMarketing(Checklist):
    enabled: bool = Field(False, title="Co-marketing")
    joint_webinars: bool = Field(False, title="Joint webinars")
    co_branded_content: bool = Field(False, title="Co-branded content")
    event_sponsorships: bool = Field(False, title="Event sponsorships")
    case_studies: bool = Field(False, title="Case studies")

    @classmethod
    def items(cls) -> list[tuple[str, str]]:
        return [item for item in super().items() if item[0] != "enabled"]

    def total(self) -> int:
        return len(self.items())


class IntegrationRequirements(Checklist):
    enabled: bool = Field(False, title="Integration partnership")
    api_access: bool = Field(False, title="API access")
    documentation: bool = Field(False, title="Documentation")
    support: bool = Field(False, title="Support")
    testing: bool = Field(False, title="Testing")

    @classmethod
    def items(cls) -> list[tuple[str, str]]:
        return [item for item in super().items() if item[0] != "enabled"]

    def total(self) -> int:
        return len(self.items())


class PartnershipModels(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    revenue_share: RevenueShare = Field(default_factory=RevenueShare)
    referral_fee: ReferralFee = Field(default_factory=ReferralFee)
    co_marketing: CoMarketing = Field(default_factory=CoMarketing)
    integration: IntegrationRequirements = Field(default_factory=IntegrationRequirements)

    def enabled_names(self) -> list[str]:
        """Human names of the models in force, e.g. ['Revenue share', 'Co-marketing']."""
        names = []
        if self.revenue_share.enabled:
            names.append("Revenue share")
        if self.referral_fee.enabled:
            names.append("Referral fee")
        if self.co_marketing.enabled:
            names.append("Co-marketing")
        if self.integration.enabled:
            names.append("Integration")
        return names
