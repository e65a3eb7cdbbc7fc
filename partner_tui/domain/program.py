"""Program-wide settings: targets, profile, internal resources and tool costs."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from partner_tui.domain.amount_fields import Money
from partner_tui.domain.money import ZERO, ZERO_CENTS
from partner_tui.domain.quiet import QUIET_AFTER_DEFAULTS, quiet_after_of
from partner_tui.domain.targets import StageTargets
from partner_tui.domain.text_fields import SingleLine
from partner_tui.domain.tiers import DEFAULT_TIERS, Tier, parse_tiers, tiers_text

# 52 weeks / 12 months: turns hours per week into hours per month.
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


class Profile(BaseModel):
    """Who is writing: fills [Your name] and [Your Company] in templates."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    your_name: SingleLine = Field("", max_length=200)
    your_company: SingleLine = Field("", max_length=200)

    @property
    def complete(self) -> bool:
        return bool(self.your_name.strip() and self.your_company.strip())


class ProgramResources(BaseModel):
    """Internal Resources Needed (hours per week) and what an hour costs."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    partnership_manager_hours: Decimal = Field(ZERO, ge=0, le=168, decimal_places=1)
    technical_hours: Decimal = Field(ZERO, ge=0, le=168, decimal_places=1)
    marketing_hours: Decimal = Field(ZERO, ge=0, le=168, decimal_places=1)
    legal_notes: SingleLine = Field("As needed", max_length=500)
    hourly_rate: Money = ZERO_CENTS

    @property
    def hours_per_week(self) -> Decimal:
        return self.partnership_manager_hours + self.technical_hours + self.marketing_hours


class ToolCosts(BaseModel):
    """Tools, per month."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    crm: Money = ZERO_CENTS
    partner_portal: Money = ZERO_CENTS
    analytics: Money = ZERO_CENTS

    @property
    def monthly_total(self) -> Decimal:
        return self.crm + self.partner_portal + self.analytics


_QUIET = "days without contact {stage} may go before it counts as quiet (0: never)"


class ProgramRules(BaseModel):
    """How the program is run (docs/program-rules.md): how long a payout line is held
    before it may be paid, and how long a partner may go without contact in each stage
    before it counts as quiet (0: never quiet in that stage); how long a deal
    registration is protected, and how early `due` warns that it will expire."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    # The Settings screen shows every field here: its title as the label, its description
    # beside it (ui/settings/screen.py reads them; a new rule needs no edit there). The
    # quiet days' defaults are the quiet rule's (domain/quiet.py reads stored rules too).
    holding_days: int = Field(30, ge=0, le=365, title="Holding period (days)", description=(
        "days after a period ends before its payouts may be paid: the refund window"))
    quiet_prospect_days: int = Field(
        QUIET_AFTER_DEFAULTS["prospect"], ge=0, le=3650, title="Quiet after, Prospect",
        description=_QUIET.format(stage="a prospect"))
    quiet_engage_days: int = Field(
        QUIET_AFTER_DEFAULTS["engage"], ge=0, le=3650, title="Quiet after, Engage",
        description=_QUIET.format(stage="a partner in Engage"))
    quiet_negotiate_days: int = Field(
        QUIET_AFTER_DEFAULTS["negotiate"], ge=0, le=3650, title="Quiet after, Negotiate",
        description=_QUIET.format(stage="a partner in Negotiate"))
    quiet_active_days: int = Field(
        QUIET_AFTER_DEFAULTS["active"], ge=0, le=3650, title="Quiet after, Active",
        description=_QUIET.format(stage="an active partner"))
    # Deal registration (docs/registrations.md).
    protection_days: int = Field(
        90, ge=1, le=3650, title="Protection (days)",
        description="Days a deal registration is protected, from its approval (or from "
        "the registration while not yet reviewed); then it expires and frees its domain",
    )
    expiry_warning_days: int = Field(
        14, ge=0, le=365, title="Expiry warning (days)",
        description="`due` lists open registrations whose protection ends within this "
        "many days",
    )
    # Program tiers (docs/tiers.md), as text: one spelling in the file and on screen.
    tiers: SingleLine = Field(
        DEFAULT_TIERS, max_length=500, title="Program tiers",
        description=(
            "Program tiers by a partner's revenue in the 12 whole months before a month, "
            "lowest first, separated by ';': 'Registered 0; Silver 50,000; Gold 250,000 at "
            "25%'. The first starts at 0. A tier 'at N%' sets the revenue share percent "
            "from the month it applies (it replaces a partner's flat percent, not its "
            "steps). Empty: no tiers."
        ),
    )

    @field_validator("tiers")
    @classmethod
    def _tiers(cls, value: str) -> str:
        return tiers_text(parse_tiers(value))  # the one spelling; ValueError says why

    def tier_table(self) -> tuple[Tier, ...]:
        return parse_tiers(self.tiers)

    def quiet_after(self, stage: str) -> int:
        """Days without contact a partner in `stage` may go; 0 for never (archived).
        The rule reads plain values (domain/quiet.py): `due` asks it of a stored record."""
        return quiet_after_of(self.__dict__, stage)


class Settings(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", validate_assignment=True)

    targets: StageTargets = Field(default_factory=StageTargets)
    profile: Profile = Field(default_factory=Profile)
    resources: ProgramResources = Field(default_factory=ProgramResources)
    tools: ToolCosts = Field(default_factory=ToolCosts)
    currency_symbol: SingleLine = Field("$", max_length=4)
    rules: ProgramRules = Field(default_factory=ProgramRules)


def monthly_program_cost(settings: Settings) -> Decimal:
    """People (hours/week x rate, per month) plus tools per month."""
    people = settings.resources.hours_per_week * WEEKS_PER_MONTH * settings.resources.hourly_rate
    return (people + settings.tools.monthly_total).quantize(Decimal("0.01"))
