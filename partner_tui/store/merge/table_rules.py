"""What the merge needs to know about each table: one TableSpec per table.

Every table merges record by record and field by field, the later change winning a
clash; a spec only says what is special about its records. A table added later needs
one line in SPECS (and none at all to merge correctly: unknown tables get DEFAULT_SPEC):

    "deals": TableSpec(Deal, title="customer"),
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from partner_tui.domain.accounts import AccountList
from partner_tui.domain.deals import Deal
from partner_tui.domain.partner import Partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.program import Settings
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.records.settings import SAVED_AT


@dataclass(frozen=True)
class TableSpec:
    # The model a merged record must pass (a record that would not falls back to the later
    # side's whole record); also gives the defaults a compact record leaves out.
    model: type[BaseModel] | None = None
    # Lists that only grow (logs), each with the key its entries are dated by: merged as
    # a union, so an entry added on either side is never lost.
    grows: Mapping[str, str] = field(default_factory=dict)
    # Of those, lists where an entry repeating the one before it in a key says nothing new
    # (list -> key): the repeat is dropped.
    repeats: Mapping[str, str] = field(default_factory=dict)
    # Lists used as sets (tags): added on either side kept, removed on either side removed.
    sets: frozenset[str] = frozenset()
    # Fields that change together (a move): merged as one value.
    together: tuple[tuple[str, ...], ...] = ()
    # A group of `together` fields (named by its first field) whose clash is decided by
    # when each side made its change: the latest new entry of a list (list, time key),
    # not the record's stamp. A move made later wins over an earlier move followed by an
    # edit, and the stage agrees with the stage history.
    decided_by: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Fields whose losing value is not worth telling anyone (a card's place in its column).
    quiet: frozenset[str] = frozenset()
    # Where a clash is written: a list of activities ({date, text}) in the record itself.
    log: str | None = None
    # Keep the losing side of a clash as a copy of the record, under a new id.
    copy_lost: bool = False
    # The field that names a record for people (in notes and reports).
    title: str | None = None
    # The table holds one record (settings): the table's name is enough.
    one_record: bool = False
    # When a record last changed: the later one wins a clash.
    stamp: str = "updated_at"
    # Keys stored beside the model's fields (not validated by the model).
    envelope: frozenset[str] = frozenset()

    def defaults(self) -> dict[str, Any]:
        return json_defaults(self.model) if self.model is not None else {}

    def valid(self, record: dict[str, Any]) -> bool:
        if self.model is None:
            return True
        fields = {k: v for k, v in record.items() if k not in self.envelope}
        try:
            self.model.model_validate(fields)
        except (ValidationError, ValueError, TypeError):
            return False
        return True

    def name_of(self, key: str, record: dict[str, Any] | None) -> str:
        if self.one_record:
            return ""
        title = record.get(self.title) if record and self.title else None
        return title if isinstance(title, str) and title else key


# Where a partner sits on the board: a move changes all of these at once.
CARD_PLACE = ("stage", "position", "archive_reason", "archived_from")
DEAL_STORY = ("status", "closed_on", "paid_on", "ended_on")
# Who reviewed a registration, when, and why it was rejected: one fact. Apart from the
# story, so one side's approval survives the other side's marking it won.
DEAL_REVIEW = ("reviewed_on", "reviewed_by", "rejection_reason")

SPECS: dict[str, TableSpec] = {
    "partners": TableSpec(
        Partner,
        grows={"activities": "date", "stage_history": "entered_at"},
        repeats={"stage_history": "stage"},
        sets=frozenset({"tags"}),
        together=(CARD_PLACE,),
        decided_by={"stage": ("stage_history", "entered_at")},
        quiet=frozenset({"position"}),
        log="activities",
        title="company",
    ),
    "templates": TableSpec(OutreachTemplate, copy_lost=True, title="name"),
    # A deal's status and its dates tell one story (won on, first paid on, left on): merged
    # as one value, so a merge never makes a registered deal with a close date. Each side's
    # extensions of the protection window are kept (a list that only grows).
    "deals": TableSpec(
        Deal, together=(DEAL_STORY, DEAL_REVIEW), grows={"extensions": "on"}, title="customer"
    ),
    "payments": TableSpec(Payment, title="period"),
    # Importing a list replaces it whole: two imports of one list never mix their rows;
    # the later import wins, and the other is told by its time (its rows go unsaid).
    "account_lists": TableSpec(
        AccountList,
        together=(("as_of", "imported_at", "accounts"),),
        quiet=frozenset({"accounts"}),
        title="id",
    ),
    "settings": TableSpec(
        Settings, stamp=SAVED_AT, envelope=frozenset({SAVED_AT}), one_record=True
    ),
}
DEFAULT_SPEC = TableSpec()


def spec_for(table: str) -> TableSpec:
    return SPECS.get(table, DEFAULT_SPEC)


@cache
def json_defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's default as a compact record would leave it out (nested models in
    full). Fields whose default is made per record (an id, a time) have none."""
    optional = {name for name, info in model.model_fields.items() if not info.is_required()}
    dumped = model.model_construct().model_dump(mode="json", include=optional)
    return {
        name: value
        for name, value in dumped.items()
        if model.model_fields[name].default_factory is None or isinstance(value, dict | list)
    }
