"""One CSV row as a partner, or every reason it cannot be one.

partner-tui's own files are read strictly (csv_format.py's rules). A CRM export's values
are read in its own words (crm_values.py): its stages and account types, amounts with a
currency code, days with a time, websites as domains. A CRM value with no playbook
meaning (a custom stage, an account type that is no kind of partner) never stops an
import: it is noted, and said once for the whole file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from partner_tui.domain.errors import field_messages
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.partner_types import parse_partner_type
from partner_tui.domain.safe_text import clean_line, clean_text
from partner_tui.domain.stages import Stage
from partner_tui.domain.web_domain import website_of_domain
from partner_tui.exchange.crm_values import crm_amount, crm_date, crm_stage, crm_type
from partner_tui.exchange.csv_cells import (
    parse_amount,
    parse_date,
    parse_reason,
    parse_stage,
    split_next_action,
)
from partner_tui.exchange.csv_columns import MAPPABLE_FIELDS, ColumnPlan
from partner_tui.exchange.csv_format import unneutralise
from partner_tui.exchange.csv_terms import column_of, terms_from_cells

_PLAIN = ("contact_email", "subtype", "contact_linkedin", "owner")
# Which CSV field a model field came from, for messages.
_FIELD_COLUMN = {"partner_type": "type"}
_ORDER = {name: i for i, name in enumerate(MAPPABLE_FIELDS)}


@dataclass
class RowReader:
    plan: ColumnPlan
    # A customised CRM stage -> the lines it is on, and the stage it was read as.
    guessed_stages: dict[tuple[str, Stage], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    not_partner_types: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def crm(self) -> bool:
        return self.plan.source is not None

    def read(self, cells: dict[str, str], line: int) -> tuple[Partner | None, list[str]]:
        """Build one partner from its cells (keyed by field), or say every reason it cannot
        be built, in the order of the columns (company first), as a person reads."""
        problems: list[tuple[str, str]] = []
        fields: dict[str, Any] = {}
        columns: dict[str, str] = {}  # model field -> the CSV field it came from

        def cell(name: str) -> str:
            value = cells.get(name, "")
            # Trim first, so " '=x" loses its guard like "'=x" does; notes are kept as written.
            # Cleaned first (the stored text rule): a stray control character in a stage or
            # an amount is dropped, never a reason to refuse the row.
            if name == "notes":
                return unneutralise(clean_text(value))
            return unneutralise(clean_line(value).strip())

        def convert(column: str, target: str, parse: Any) -> Any:
            text = cell(column)
            if not text:
                return None
            try:
                fields[target] = parse(text)
                columns[target] = column
            except ValueError as exc:
                problems.append((column, str(exc)))
            return fields.get(target)

        company = cell("company")
        stage = self._stage(cell("stage"), line, fields, problems)
        if self.crm:
            self._crm_type(cell("type"), line, fields)
            convert("website", "website", website_of_domain)
            convert("potential_value", "potential_value", crm_amount)
        else:
            convert("type", "partner_type", parse_partner_type)
            convert("potential_value", "potential_value", parse_amount)
        convert("archive_reason", "archive_reason", parse_reason)
        if cell("crm_id"):
            # A CRM's record id is kept with the CRM's name: two CRMs may number alike.
            crm = self.plan.source.crm.value.casefold() if self.plan.source else ""
            fields["crm_id"] = f"{crm}:{cell('crm_id')}" if crm else cell("crm_id")
            columns["crm_id"] = "crm_id"
        plain = (*_PLAIN, "contact_name") if self.crm else (*_PLAIN, "contact_name", "website")
        for name in plain:
            if cell(name):
                fields[name] = cell(name)
                columns[name] = name
        name = " ".join(part for part in (cell("first_name"), cell("last_name")) if part)
        if name and "contact_name" not in fields:
            fields["contact_name"] = name
            columns["contact_name"] = "first_name" if cell("first_name") else "last_name"
        if cells.get("notes"):
            fields["notes"] = cell("notes")
        self._next_action(cell, convert, fields, columns, problems)
        models = terms_from_cells(cell, problems)
        if models:
            fields["models"] = models
        if "archive_reason" in columns and stage is not Stage.ARCHIVED:
            problems.append(
                ("archive_reason", "only an archived partner has one (set stage to archived)")
            )

        try:
            partner = new_partner(company, stage, **fields)
        except ValidationError as exc:
            for path, message in field_messages(exc).items():
                top = path.split(".")[0]
                column = column_of(path) or columns.get(top, _FIELD_COLUMN.get(top, top))
                if column == "company" and not company:
                    message = "is required (this row has no company name)"
                problems.append((column, message))
            return None, self._said(problems)
        return (None if problems else partner), self._said(problems)

    def _said(self, problems: list[tuple[str, str]]) -> list[str]:
        ordered = sorted(problems, key=lambda p: _ORDER.get(p[0], len(_ORDER)))
        return [f"{self.plan.label(column)}: {message}" for column, message in ordered]

    def _stage(
        self, text: str, line: int, fields: dict[str, Any], problems: list[tuple[str, str]]
    ) -> Stage:
        if not text:
            return Stage.PROSPECT
        if self.crm:
            stage, reason, standard = crm_stage(text)
            if not standard:
                self.guessed_stages[(text, stage)].append(line)
            if reason is not None:
                fields["archive_reason"] = reason
            return stage
        try:
            return parse_stage(text)
        except ValueError as exc:
            problems.append(("stage", str(exc)))
            return Stage.PROSPECT

    def _crm_type(self, text: str, line: int, fields: dict[str, Any]) -> None:
        if not text:
            return
        found = crm_type(text)
        if found is None:
            self.not_partner_types[text].append(line)
            return
        fields["partner_type"], subtype = found
        if subtype:
            fields["subtype"] = subtype

    def _next_action(
        self,
        cell: Any,
        convert: Any,
        fields: dict[str, Any],
        columns: dict[str, str],
        problems: list[tuple[str, str]],
    ) -> None:
        if "next_action_date" in self.plan.headers:
            if cell("next_action"):
                fields["next_action"] = cell("next_action")
            convert("next_action_date", "next_action_date", crm_date if self.crm else parse_date)
        elif cell("next_action"):
            try:
                text, when = split_next_action(cell("next_action"))
            except ValueError as exc:
                problems.append(("next_action", str(exc)))
            else:
                if text:
                    fields["next_action"] = text
                if when is not None:
                    fields["next_action_date"] = when
                    columns["next_action_date"] = "next_action"

    def warnings(self) -> list[str]:
        """What the CRM's values could not say in the playbook's words, once per value."""
        said = []
        stage, kind = self.plan.label("stage"), self.plan.label("type")
        for (value, read_as), lines in self.guessed_stages.items():
            said.append(
                f"{stage} {value!r} ({lines_text(lines)}) is not a standard stage: "
                f"read as {read_as.value}"
            )
        for value, lines in self.not_partner_types.items():
            said.append(
                f"{kind} {value!r} ({lines_text(lines)}) is not a kind of partner: type left empty"
            )
        return said


def lines_text(lines: list[int], shown: int = 5) -> str:
    listed = ", ".join(str(n) for n in lines[:shown])
    more = f" and {len(lines) - shown} more" if len(lines) > shown else ""
    return f"line{'s' if len(lines) > 1 else ''} {listed}{more}"
