"""The Markdown report's reading of a stored partner, without building its model.

The report of a file known valid as a whole (speedups/file_board.py: every record passed
validation once) validated 10,000 partners into models to read a score of their fields:
about a third of the export's time. This reads those fields straight from a record, each
value as the model reads it:

- text through the field's own rule (domain/safe_text.py's clean_line or clean_text, as
  text_fields declares them), then the model's field validators where it has one (the
  company's strip, the address's and the website's rules, web_domain.normalise_url);
- choices by their values, days and instants in the one spelling this program writes
  (anything else is left to validation), amounts by the money rule (money.cents);
- each section (fit, agreement, models, execution, challenges, cadence, metrics) by its
  own model: validated when the record holds it, else the model's default, made once
  from its fields' defaults (default_of) and shared (a stored record leaves out a section
  at its default, store/records/stored_form.py);
- the stage history's and the activity log's entries as (stage, entered_at, author) and
  (date, kind, text, author), the fields of StageChange and Activity the report reads.

A record in a form only validation reads raises (NotReadable, ValueError, TypeError,
AttributeError), and the caller validates it instead. tests/unit/exchange/
test_report_records.py holds a ReportPartner equal to the validated Partner field by field,
its report section, its measure and its figures (made from it when none are given)
equal, over arbitrary valid partners as this program writes them and as a person may
type them. A ReportPartner is read, never changed, and
never written anywhere but into the report.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel

from partner_tui.domain.activity_kinds import ActivityKind
from partner_tui.domain.email import check_email
from partner_tui.domain.money import cents
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.safe_text import clean_line, clean_text, plain_line
from partner_tui.domain.stages import PIPELINE, ArchiveReason, Stage, live_since_of
from partner_tui.domain.web_domain import normalise_url

if TYPE_CHECKING:
    from partner_tui.domain.agreement import Agreement
    from partner_tui.domain.cadence import Cadence
    from partner_tui.domain.challenges import Challenges
    from partner_tui.domain.execution import Execution
    from partner_tui.domain.fit_criteria import FitCriteria
    from partner_tui.domain.metrics import Metrics
    from partner_tui.domain.partnership_models import PartnershipModels

# The Partner fields a ReportPartner holds: what the report (exchange/markdown.py) and the
# program's measure (domain/program_metrics.py) read of a partner. A test holds them to
# Partner's fields.
REPORT_FIELDS_READ = (
    "id", "company", "partner_type", "subtype", "contact_name", "contact_email", "website",
    "potential_value", "next_action", "next_action_date", "stage", "stage_history",
    "archive_reason", "archived_from", "fit", "agreement", "models", "execution",
    "challenges", "cadence", "metrics", "notes", "activities", "created_at",
)
# The sections among them: each its own model, read by that model.
SECTIONS = ("fit", "agreement", "models", "execution", "challenges", "cadence", "metrics")

_STAGES = {s.value: s for s in Stage}
_TYPES = {t.value: t for t in PartnerType}
_REASONS = {r.value: r for r in ArchiveReason}
_KINDS = {k.value: k for k in ActivityKind}
# The spellings this program writes (pydantic's JSON form); any other is validation's to read.
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6}|\.\d{3})?(?:Z|[+-]\d\d:\d\d)?")
_AMOUNT = re.compile(r"\d{1,13}(?:\.\d{1,2})?")


class NotReadable(ValueError):
    """A record value in a form only validation reads: validate the record instead."""


class StageStep(NamedTuple):
    """A stage-history entry as the report and the measure read it (StageChange's fields)."""

    stage: Stage
    entered_at: datetime
    author: str | None


class LoggedActivity(NamedTuple):
    """An activity-log entry as the report and the measure read it (Activity's fields)."""

    date: date
    kind: ActivityKind
    text: str
    author: str | None


class ReportPartner:
    """A partner's fields the report and the measure read, each the value its validated
    model holds (a Partner's, for what they read; the entries as StageStep and
    LoggedActivity). Read it, never change it: the sections left at their default are
    shared."""

    __slots__ = (*REPORT_FIELDS_READ, "fit_score", "fit_rated")

    id: str
    company: str
    partner_type: PartnerType | None
    subtype: str
    contact_name: str
    contact_email: str | None
    website: str | None
    potential_value: Decimal | None
    next_action: str
    next_action_date: date | None
    stage: Stage
    stage_history: list[StageStep]
    archive_reason: ArchiveReason | None
    archived_from: Stage | None
    fit: FitCriteria
    agreement: Agreement
    models: PartnershipModels
    execution: Execution
    challenges: Challenges
    cadence: Cadence
    metrics: Metrics
    notes: str
    activities: list[LoggedActivity]
    created_at: datetime
    # Partner's derived fields, by the same rules: FitCriteria's score and rated (read
    # once: the section's default is shared), live_since and on_board.
    fit_score: int
    fit_rated: bool

    @property
    def live_since(self) -> date:
        """When the partner last entered Active, else when created (the dashboard's
        measure reads it; the report's totals do not)."""
        return live_since_of(
            ((step.stage, step.entered_at) for step in self.stage_history), self.created_at)

    @property
    def on_board(self) -> bool:
        return self.stage in PIPELINE

    def entered_stage_at(self) -> datetime:
        """Partner's own (its last touch reads it, when the figures are made from the
        partner: partner_figures.figures_of_partner)."""
        from partner_tui.domain.partner import Partner

        return Partner.entered_stage_at(self)  # type: ignore[arg-type]


def _optional_line(value: object, key: str) -> str | None:
    if value is None:
        return None
    if type(value) is not str:
        raise NotReadable(key)
    return clean_line(value)


def _choice(table: dict[str, Any], value: object, key: str) -> Any:
    """A choice (an enum) by its value; None when left out."""
    if value is None:
        return None
    found = table.get(value) if type(value) is str else None
    if found is None:
        raise NotReadable(key)
    return found


def _day(value: object, key: str) -> date | None:
    if value is None:
        return None
    if type(value) is not str or not _DAY.fullmatch(value):
        raise NotReadable(key)
    return date.fromisoformat(value)


def _instant(value: object, key: str) -> datetime:
    if type(value) is not str or not _INSTANT.fullmatch(value):
        raise NotReadable(key)
    return datetime.fromisoformat(value)


def _amount(value: object) -> Decimal | None:
    """Money (amount_fields.Money): the stored cents, or an integer, by the money rule."""
    if value is None:
        return None
    if type(value) is int:
        return cents(Decimal(value))
    if type(value) is not str or not _AMOUNT.fullmatch(value):
        raise NotReadable("potential_value")
    return cents(Decimal(value))


def _history(value: object) -> list[StageStep]:
    if value is None:
        return []
    if type(value) is not list:
        raise NotReadable("stage_history")
    steps = []
    for entry in value:
        get = entry.get
        stage, when, author = _STAGES.get(get("stage")), get("entered_at"), get("author")
        if stage is None or type(when) is not str or not _INSTANT.fullmatch(when):
            raise NotReadable("stage_history")
        if author is not None:
            if type(author) is not str:
                raise NotReadable("stage_history")
            author = clean_line(author)
        steps.append(StageStep(stage, datetime.fromisoformat(when), author))
    return steps


def _activities(value: object) -> list[LoggedActivity]:
    if value is None:
        return []
    if type(value) is not list:
        raise NotReadable("activities")
    logged = []
    for entry in value:
        text = entry.get("text")
        if type(text) is not str:
            raise NotReadable("activities")
        kind = entry.get("kind")
        logged.append(LoggedActivity(
            _day(entry.get("date"), "activities") or _missing("activities"),
            ActivityKind.NOTE if kind is None else _choice(_KINDS, kind, "activities"),
            clean_text(text),
            _optional_line(entry.get("author"), "activities")))
    return logged


def _missing(key: str) -> Any:
    raise NotReadable(key)


def default_of(model: type[BaseModel]) -> BaseModel:
    """The instance `model`'s default factory makes (the model called with nothing),
    made from its fields' own defaults (a nested model's the same way) without building
    its validator: pydantic builds one per model on first use, 25 ms for the sections'
    dozen, where the report of a file whose records leave them out needs none.
    tests/unit/exchange/test_report_records.py holds each equal to the factory's."""
    values = {}
    for name, info in model.model_fields.items():
        factory = info.default_factory
        if isinstance(factory, type) and issubclass(factory, BaseModel):
            values[name] = default_of(factory)
        else:
            values[name] = info.get_default(call_default_factory=True)
    return model.model_construct(_fields_set=set(), **values)


class ReportRecords:
    """`read(record)`: the ReportPartner of a stored record. Each section's default is
    made once, the model's default (default_of), and shared: read them, never change
    them."""

    def __init__(self) -> None:
        from partner_tui.domain.partner import Partner
        from partner_tui.domain.text_fields import clean_stored

        self._clean = clean_stored
        fields = Partner.model_fields
        self._models: dict[str, type[BaseModel]] = {
            name: fields[name].annotation for name in SECTIONS  # type: ignore[misc]
        }
        self._defaults: dict[str, Any] = {
            name: default_of(self._models[name]) for name in SECTIONS
        }
        self._all_defaults = tuple(self._defaults[name] for name in SECTIONS)
        self._default_fit: tuple[int, bool] = (self._defaults["fit"].score,
                                               self._defaults["fit"].rated)

    def _section(self, name: str, value: object) -> Any:
        """A section the record holds, read by its own model."""
        if type(value) is not dict:
            raise NotReadable(name)
        model = self._models[name]
        return model.model_validate(self._clean(model, value))

    def read(self, raw: dict[str, Any]) -> ReportPartner:
        """The fields the report reads of the partner `raw` validates to (NotReadable,
        ValueError, TypeError or AttributeError: validate it instead)."""
        get = raw.get
        partner = ReportPartner()
        # The single-line texts by their rule (clean_line), which returns printable ASCII
        # as it is: nearly every record's, so all are checked at once (plain_line).
        email, website = get("contact_email"), get("website")
        texts = (get("id"), get("company"), get("subtype", ""), get("contact_name", ""),
                 get("next_action", ""), "" if email is None else email,
                 "" if website is None else website)
        if type(texts[0]) is not str:
            raise NotReadable("id")  # the model would make one up
        plain = plain_line("".join(texts))  # TypeError for a value that is not text
        if not plain:
            texts = tuple(clean_line(text) for text in texts)
        (partner.id, company, partner.subtype, partner.contact_name, partner.next_action,
         email, website) = texts
        partner.company = company.strip()
        # Partner._email after the text rule (an empty address is none), then the field's
        # text rule; Partner._url (normalise_url: an empty address is none).
        # (The rule gives printable ASCII back as printable ASCII: the text rule's again.)
        partner.contact_email = (
            None if not email.strip() else check_email(email) if plain
            else clean_line(check_email(email)))
        partner.website = normalise_url(website)
        partner.partner_type = _choice(_TYPES, get("partner_type"), "partner_type")
        partner.potential_value = _amount(get("potential_value"))
        partner.next_action_date = _day(get("next_action_date"), "next_action_date")
        stage = get("stage")
        partner.stage = Stage.PROSPECT if stage is None else _choice(_STAGES, stage, "stage")
        stored_history = get("stage_history")
        history = _history(stored_history)
        partner.stage_history = history
        partner.archive_reason = _choice(_REASONS, get("archive_reason"), "archive_reason")
        partner.archived_from = _choice(_STAGES, get("archived_from"), "archived_from")
        defaults = self._defaults
        if raw.keys().isdisjoint(SECTIONS):  # every section at its default: most records
            sections = self._all_defaults
        else:
            sections = tuple(
                defaults[name] if value is None and name not in raw
                else self._section(name, value)
                for name, value in zip(SECTIONS, map(get, SECTIONS), strict=True)
            )
        fit = sections[0]
        (partner.fit, partner.agreement, partner.models, partner.execution, partner.challenges,
         partner.cadence, partner.metrics) = sections
        partner.fit_score, partner.fit_rated = (
            self._default_fit if fit is defaults["fit"] else (fit.score, fit.rated))
        notes = get("notes")
        if notes is not None and type(notes) is not str:
            raise NotReadable("notes")
        partner.notes = clean_text(notes) if notes else ""
        partner.activities = _activities(get("activities"))
        created_text = get("created_at")
        if history and created_text == stored_history[0]["entered_at"]:
            created = history[0].entered_at  # the same text (a new partner's): read once
        else:
            created = _instant(created_text, "created_at")
        partner.created_at = created
        return partner
