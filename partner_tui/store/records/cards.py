"""PartnerCard: what a board column needs of a partner, read straight from its record.

A fully validated Partner holds ~15 nested pydantic models (about 12 KB); 10,000 of them
would not fit the memory budget, and validating them all would delay the first paint.
A card keeps a reference to the stored dict (records are replaced on change, never
edited in place, so the reference stays true) and reads only the sort keys up front;
everything else is read, leniently, when a card is drawn or searched.
Records are still validated: in full on demand (PartnerStore.get) and all of them once,
before any write (see records/check_before_write.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any

from partner_tui.domain.fit_score import FIT_FIELDS, MAX_RATING, fit_score
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.safe_text import clean_line, clean_text
from partner_tui.domain.search import search_text_of
from partner_tui.domain.stages import PIPELINE, ArchiveReason, Stage

if TYPE_CHECKING:
    from partner_tui.domain.partner_figures import Quiet

# Plain dict lookups: calling an Enum with a bad value raises, and tens of thousands of
# try/excepts at start-up cost a noticeable slice of the first paint.
_STAGES = {s.value: s for s in Stage}
_TYPES = {t.value: t for t in PartnerType}
_REASONS = {r.value: r for r in ArchiveReason}


# What a card on the board draws (and sorts by): all a preview of the board keeps.
DRAWN_FIELDS = (
    "id",
    "stage",
    "position",
    "created_at",
    "company",
    "contact_name",
    "owner",
    "partner_type",
    "subtype",
    "fit",
    "potential_value",
    "next_action",
    "next_action_date",
    "archive_reason",
    "archived_from",
)
# Every field a card reads (drawn, searched, listed); a test holds each to Partner's fields.
CARD_FIELDS_READ = (*DRAWN_FIELDS, "contact_email", "notes", "tags", "activities", "stage_history")


def _pick(table: dict[str, Any], value: object, default: Any = None) -> Any:
    """table[value] for a known string; a damaged value (a list, a number) is `default`."""
    return table.get(value, default) if isinstance(value, str) else default


class PartnerCard:
    """A partner as the board sees it. A damaged field reads as empty here (validation
    reports it); drawing never crashes on a record."""

    __slots__ = ("_raw", "_search", "_touch", "created_at", "id", "position", "stage")

    def __init__(self, raw: dict[str, Any], fallback_id: str = "") -> None:
        self._raw = raw
        record_id = raw.get("id")
        self.id: str = record_id if isinstance(record_id, str) else fallback_id
        self.stage: Stage = _pick(_STAGES, raw.get("stage", "prospect"), Stage.PROSPECT)
        position = raw.get("position", 0.0)
        self.position = float(position) if isinstance(position, int | float) else 0.0
        created = raw.get("created_at")
        self.created_at: str = created if isinstance(created, str) else ""
        self._search: str | None = None
        self._touch: tuple[date | None] | None = None  # (last touch,) once read

    @property
    def record(self) -> dict[str, Any]:
        """The stored record it reads (shared with the store: never change it)."""
        return self._raw

    def _text(self, key: str) -> str:
        # Cleaned here too: a card may come from the last session's board preview, which
        # an older version kept before records were cleaned as they are read.
        value = self._raw.get(key)
        return clean_line(value) if isinstance(value, str) else ""

    def _notes(self) -> str:
        value = self._raw.get("notes")
        return clean_text(value) if isinstance(value, str) else ""

    @property
    def sort_key(self) -> tuple[float, str, str]:
        """Board order: position, then age, then id (the same rule as PartnerStore)."""
        return (self.position, self.created_at, self.id)

    @property
    def on_board(self) -> bool:
        return self.stage in PIPELINE

    @property
    def company(self) -> str:
        return self._text("company")

    @property
    def contact_name(self) -> str:
        return self._text("contact_name")

    @property
    def owner(self) -> str:
        return self._text("owner")

    @property
    def tags(self) -> list[str]:
        tags = self._raw.get("tags")
        return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []

    @property
    def contact_email(self) -> str | None:
        return self._text("contact_email") or None

    @property
    def subtype(self) -> str:
        return self._text("subtype")

    @property
    def next_action(self) -> str:
        return self._text("next_action")

    @property
    def partner_type(self) -> PartnerType | None:
        return _pick(_TYPES, self._raw.get("partner_type"))

    @property
    def archive_reason(self) -> ArchiveReason | None:
        return _pick(_REASONS, self._raw.get("archive_reason"))

    @property
    def archived_from(self) -> Stage | None:
        return _pick(_STAGES, self._raw.get("archived_from"))

    @property
    def potential_value(self) -> Decimal | None:
        """None when not estimated (the record leaves it out)."""
        raw = self._raw.get("potential_value")
        if raw is None:
            return None
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            return None
        return value if value.is_finite() else None

    @property
    def next_action_date(self) -> date | None:
        text = self._raw.get("next_action_date")
        try:
            return date.fromisoformat(text) if isinstance(text, str) and text else None
        except ValueError:
            return None

    @property
    def last_activity(self) -> str:
        """The newest activity's date as stored (ISO), '' when none: sorts as text."""
        entries = self._raw.get("activities")
        if not isinstance(entries, list):
            return ""
        dates = [e.get("date") for e in entries if isinstance(e, dict)]
        return max((d for d in dates if isinstance(d, str)), default="")

    @property
    def last_touch(self) -> date | None:
        """Its latest activity's day, else the day it entered its stage: read from the
        record as the figures read it (domain/deal_facts.last_touch_from_record) on the
        first ask, then kept (the record it reads never changes)."""
        if self._touch is None:
            # Imported here: the figures bring the playbook's models, which the board's
            # first paint and the command line's `list` never need.
            from partner_tui.domain.deal_facts import last_touch_from_record

            self._touch = (last_touch_from_record(self._raw),)
        return self._touch[0]

    def quiet(self, quiet_after: int, today: date) -> Quiet:
        """Whether it has gone quiet as of `today` (no contact for longer than the
        `quiet_after` days its stage allows): the figures' rule, partner_figures.quiet_of."""
        return _quiet_rule()(self.last_touch, quiet_after, today)

    def _ratings(self) -> list[int]:
        fit = self._raw.get("fit")
        ratings = [fit.get(name, 0) for name in FIT_FIELDS] if isinstance(fit, dict) else []
        return [r for r in ratings if isinstance(r, int) and 0 <= r <= MAX_RATING]

    @property
    def fit_score(self) -> int:
        return fit_score(self._ratings())

    @property
    def fit_rated(self) -> bool:
        return any(self._ratings())

    def drawn_fields(self) -> dict[str, Any]:
        """The part of the record a card draws (see speedups/board_preview.py)."""
        raw = self._raw
        return {key: raw[key] for key in DRAWN_FIELDS if key in raw}

    def search_text(self) -> str:
        """Built on the first search, then kept (the record it reads never changes).
        The one cache of a partner's search text: the board's filter reads it here."""
        if self._search is None:
            partner_type = self.partner_type
            self._search = search_text_of(
                self.company,
                self.contact_name,
                self.contact_email or "",
                partner_type.label if partner_type else "",
                self.subtype,
                self._notes(),
                self.tags,
                self.owner,
            )
        return self._search

    def let_go_of_search_text(self) -> None:
        """Drop the kept search text (the store is closing: ~17 MB at 10,000 partners that
        nothing will search again); built again if it is asked for."""
        self._search = None


@cache
def _quiet_rule() -> Callable[[date | None, int, date], Quiet]:
    """partner_figures.quiet_of, imported on the first ask (the figures bring the
    playbook's models, which the board's first paint and `list` never need) and then
    kept: an import statement per card would double what `quiet:` costs at 10,000."""
    from partner_tui.domain.partner_figures import quiet_of

    return quiet_of


def card_from_record(raw: dict[str, Any], fallback_id: str = "") -> PartnerCard:
    return PartnerCard(raw, fallback_id)
