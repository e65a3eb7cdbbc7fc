"""The partner: one company in the pipeline, with every checklist of the playbook."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from partner_tui.domain import clock
from partner_tui.domain.activity_kinds import ActivityKind
from partner_tui.domain.agreement import Agreement
from partner_tui.domain.amount_fields import Money
from partner_tui.domain.cadence import Cadence
from partner_tui.domain.challenges import Challenges
from partner_tui.domain.email import check_email
from partner_tui.domain.execution import Execution
from partner_tui.domain.fit_criteria import FitCriteria
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.partnership_models import PartnershipModels
from partner_tui.domain.records import Record, new_id
from partner_tui.domain.safe_text import clean_line
from partner_tui.domain.search import search_text_of
from partner_tui.domain.stages import PIPELINE, ArchiveReason, Stage, live_since_of
from partner_tui.domain.text_fields import MultiLine, SingleLine
from partner_tui.domain.value_proposition import ValueProposition
from partner_tui.domain.web_domain import normalise_url  # the website's rule (re-exported)

# Who made a change: a person's name (user config, else git's user.name, else the login).
# Optional: records from before it was kept, and changes made without a name, have none.
Author = Annotated[SingleLine, Field(max_length=200)]


# Every log entry has its own id: a merge keeps two equal entries (two "Sent reminder"
# the same day) apart and never doubles one (store/entry_ids.py).
EntryId = Annotated[SingleLine, Field(min_length=1, max_length=64)]


class StageChange(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    id: EntryId = Field(default_factory=new_id)
    stage: Stage
    entered_at: datetime
    author: Author | None = None


class Activity(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    id: EntryId = Field(default_factory=new_id)
    date: date
    kind: ActivityKind = ActivityKind.NOTE
    # Multi-line: an entry may quote other text (a note, a value replaced by a merge).
    text: MultiLine = Field(min_length=1, max_length=10_000)
    author: Author | None = None


def has_visible_text(text: str) -> bool:
    """True when at least one character would show: not a space, not a format or
    control character (categories Z*, Cf, Cc)."""
    return any(not unicodedata.category(ch).startswith(("Z", "C")) for ch in text)


class Partner(Record):
    # Overview
    company: SingleLine = Field(min_length=1, max_length=200)
    partner_type: PartnerType | None = None
    subtype: SingleLine = Field("", max_length=100)
    contact_name: SingleLine = Field("", max_length=200)
    contact_email: SingleLine | None = None
    contact_linkedin: SingleLine | None = None
    website: SingleLine | None = None
    owner: SingleLine = Field("", max_length=200)
    # The partner's record in the CRM it was imported from ("hubspot:1234",
    # "salesforce:001..."): a second import of the export updates it instead of adding it.
    crm_id: SingleLine | None = Field(None, max_length=200)
    tags: list[SingleLine] = Field(default_factory=list, max_length=50)
    # None: not estimated yet (a CSV cell left empty), apart from an estimate of zero.
    potential_value: Money | None = None
    next_action: SingleLine = Field("", max_length=500)
    next_action_date: date | None = None

    # Pipeline place
    stage: Stage = Stage.PROSPECT
    # Order inside the stage's column; smaller is higher. Floats let a card slot
    # between two others without renumbering the column.
    position: float = 0.0
    stage_history: list[StageChange] = Field(default_factory=list)
    archive_reason: ArchiveReason | None = None
    archived_from: Stage | None = None

    # The playbook's checklists
    fit: FitCriteria = Field(default_factory=FitCriteria)
    outreach_approach: OutreachApproach | None = None
    value_proposition: ValueProposition = Field(default_factory=ValueProposition)
    agreement: Agreement = Field(default_factory=Agreement)
    models: PartnershipModels = Field(default_factory=PartnershipModels)
    execution: Execution = Field(default_factory=Execution)
    metrics: Metrics = Field(default_factory=Metrics)
    challenges: Challenges = Field(default_factory=Challenges)
    cadence: Cadence = Field(default_factory=Cadence)
    notes: MultiLine = Field("", max_length=100_000)
    activities: list[Activity] = Field(default_factory=list)

    @field_validator("company")
    @classmethod
    def _company_not_blank(cls, value: str) -> str:
        value = value.strip()
        if not has_visible_text(value):
            # Zero-width spaces, soft hyphens, BOMs and control characters alone would
            # make a card with no name on it.
            raise ValueError("is required")
        return value

    @field_validator("contact_email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        if isinstance(value, str):
            # Runs before the field's own cleaning: a control character must not get the
            # address refused (the rule is to remove it, not to refuse it).
            value = clean_line(value)
            return check_email(value) if value.strip() else None
        return value  # None, or a wrong type that str validation reports

    @field_validator("website", "contact_linkedin")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return normalise_url(value)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        seen: list[str] = []
        for tag in value:
            tag = tag.strip()
            if tag and tag not in seen:
                seen.append(tag)
        return seen

    # -- derived, never stored ------------------------------------------------
    @property
    def fit_score(self) -> int:
        return self.fit.score

    @property
    def on_board(self) -> bool:
        return self.stage in PIPELINE

    @property
    def live_since(self) -> date:
        """When the partner last entered Active (for the cadence), else when created."""
        return live_since_of(
            ((change.stage, change.entered_at) for change in self.stage_history),
            self.created_at,
        )

    def entered_stage_at(self) -> datetime:
        return self.stage_history[-1].entered_at if self.stage_history else self.created_at

    def search_text(self) -> str:
        """What '/' filters on: company, contact, type, notes, tags, owner (lower-cased)."""
        return search_text_of(
            self.company,
            self.contact_name,
            self.contact_email or "",
            self.partner_type.label if self.partner_type else "",
            self.subtype,
            self.notes,
            self.tags,
            self.owner,
        )

    @property
    def fit_rated(self) -> bool:
        return self.fit.rated


def new_partner(company: str, stage: Stage = Stage.PROSPECT, **fields: object) -> Partner:
    """A partner entering the pipeline now: its first stage is in its history."""
    at = clock.now()
    return Partner(
        company=company,
        stage=stage,
        stage_history=[StageChange(stage=stage, entered_at=at)],
        created_at=at,
        updated_at=at,
        **fields,
    )


def rank_by_potential_value(partners: list[Partner]) -> list[Partner]:
    """The playbook's 'Prioritize: rank by potential value'; fit score breaks ties."""
    return sorted(partners, key=lambda p: (-(p.potential_value or 0), -p.fit_score, p.company.lower()))


def placeholder_values(
    partner: Partner, your_name: str, your_company: str, figures: Any = None
) -> dict[str, str]:
    """Everything an outreach template can name: the playbook's words and any field, and
    the partner's figures (`figures`, a PartnerFigures: [leads_generated], [deals_closed],
    [revenue_attributed] say what the rest of the app says, from deals when it has any)."""
    values: dict[str, str] = {}
    for name, value in partner.model_dump(mode="json").items():
        # An empty optional field is a known placeholder that is unfilled, not unknown.
        if value is None:
            values[name] = ""
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            values[name] = str(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            values[name] = ", ".join(value)
    values.update(
        {
            "Your Company": your_company,
            "Your name": your_name,
            "Partner Company": partner.company,
            "Company": partner.company,
            "Name": partner.contact_name.split()[0] if partner.contact_name.strip() else "",
            "Contact name": partner.contact_name,
            "Specific value proposition": partner.value_proposition.specific,
            "Partner type": partner.partner_type.label if partner.partner_type else "",
            "Potential value": str(partner.potential_value) if partner.potential_value else "",
        }
    )
    if figures is not None:
        values.update({
            "leads_generated": str(figures.leads),
            "deals_closed": str(figures.deals_won),
            "revenue_attributed": format(figures.revenue, "f"),
        })
    return values
