"""PartnerCard: what a board column needs of a partner, read straight from its record.

A fully validated Partner holds ~15 nested pydantic models (about 12 KB); 10,000 of them
would not fit the memory budget, and validating them all would delay the first paint.
A card is a few slotted fields read leniently from the stored dict in microseconds.
Records are still validated: in full on demand (PartnerStore.get) and all of them once,
before any write (see PartnerStore and validated.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from partner_tui.domain.fit import FitCriteria
from partner_tui.domain.partner import search_text_of
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import PIPELINE, ArchiveReason, Stage

_FIT_FIELDS = tuple(FitCriteria.model_fields)
# Plain dict lookups: calling an Enum with a bad value raises, and 40,000 try/excepts
# at start-up cost a noticeable slice of the first paint.
_STAGES = {s.value: s for s in Stage}
_TYPES = {t.value: t for t in PartnerType}
_REASONS = {r.value: r for r in ArchiveReason}


def _pick(table: dict[str, Any], value: object, default: Any = None) -> Any:
    """table[value] for a known string; a damaged value (a list, a number) is `default`."""
    return table.get(value, default) if isinstance(value, str) else default


@dataclass(frozen=True, slots=True)
class PartnerCard:
    id: str
    company: str
    stage: Stage
    position: float
    created_at: str
    partner_type: PartnerType | None
    subtype: str
    contact_name: str
    contact_email: str | None
    potential_value_text: str
    next_action: str
    next_action_date: date | None
    fit_score: int
    fit_rated: bool
    archive_reason: ArchiveReason | None
    archived_from: Stage | None
    search: str

    @property
    def potential_value(self) -> Decimal:
        """Parsed when drawn (only wide cards show it), not for every card at start-up."""
        try:
            value = Decimal(self.potential_value_text)
        except (InvalidOperation, ValueError):
            return Decimal(0)
        return value if value.is_finite() else Decimal(0)

    @property
    def on_board(self) -> bool:
        return self.stage in PIPELINE

    def search_text(self) -> str:
        return self.search

    @property
    def sort_key(self) -> tuple[float, str, str]:
        """Board order: position, then age, then id (the same rule as PartnerStore)."""
        return (self.position, self.created_at, self.id)


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return value if isinstance(value, str) else ""


def card_from_record(raw: dict[str, Any], fallback_id: str = "") -> PartnerCard:
    """Read a stored partner record leniently: a damaged field shows as empty here and
    is reported by validation, never by a crash while drawing."""
    fit = raw.get("fit")
    ratings = [fit.get(name, 0) for name in _FIT_FIELDS] if isinstance(fit, dict) else []
    ratings = [r for r in ratings if isinstance(r, int) and 0 <= r <= 5]
    try:
        due = date.fromisoformat(raw["next_action_date"]) if raw.get("next_action_date") else None
    except (TypeError, ValueError):
        due = None
    position = raw.get("position", 0.0)
    partner_type = _pick(_TYPES, raw.get("partner_type"))
    tags = raw.get("tags")
    tags = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    email = raw.get("contact_email") if isinstance(raw.get("contact_email"), str) else None
    company = _text(raw, "company")
    contact = _text(raw, "contact_name")
    subtype = _text(raw, "subtype")
    record_id = raw.get("id")
    return PartnerCard(
        id=record_id if isinstance(record_id, str) else fallback_id,
        company=company,
        stage=_pick(_STAGES, raw.get("stage", "prospect"), Stage.PROSPECT),
        position=float(position) if isinstance(position, int | float) else 0.0,
        created_at=_text(raw, "created_at"),
        partner_type=partner_type,
        subtype=subtype,
        contact_name=contact,
        contact_email=email,
        potential_value_text=str(raw.get("potential_value", "0")),
        next_action=_text(raw, "next_action"),
        next_action_date=due,
        fit_score=round(sum(ratings) * 100 / 25),
        fit_rated=any(ratings),
        archive_reason=_pick(_REASONS, raw.get("archive_reason")),
        archived_from=_pick(_STAGES, raw.get("archived_from")),
        search=search_text_of(
            company,
            contact,
            email or "",
            partner_type.label if partner_type else "",
            subtype,
            _text(raw, "notes"),
            tags,
        ),
    )
