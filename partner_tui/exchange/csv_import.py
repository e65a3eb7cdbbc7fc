"""Partners from CSV: every row checked, every problem reported with its line, all or
nothing (the rules are in csv_format.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from partner_tui.domain.errors import field_messages
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.partner_types import parse_partner_type
from partner_tui.domain.stages import Stage
from partner_tui.exchange.csv_cells import (
    parse_amount,
    parse_date,
    parse_reason,
    parse_stage,
    split_next_action,
)
from partner_tui.exchange.csv_format import COLUMNS, EXTRA_COLUMNS, KNOWN_COLUMNS, unneutralise
from partner_tui.exchange.csv_reading import CSVFileError, RowProblem, read_header, read_text
from partner_tui.exchange.csv_terms import column_of, terms_from_cells

# The reading care every import shares (csv_reading.py), named here for the importers' callers.
__all__ = ["CSVFileError", "ParsedCSV", "RowProblem", "parse_csv", "read_text"]

# Other spellings people put in a header row.
ALIASES = {
    "company_name": "company",
    "partner": "company",
    "partner_name": "company",
    "organization": "company",
    "organisation": "company",
    "partner_type": "type",
    "email": "contact_email",
    "e_mail": "contact_email",
    "contact": "contact_name",
    "url": "website",
}
DUPLICATES_SHOWN = 5


@dataclass
class ParsedCSV:
    """What a CSV file holds: partners ready to add, or the reasons it cannot be imported."""

    partners: list[Partner] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # any problem: import nothing
    warnings: list[str] = field(default_factory=list)  # said, but the import goes ahead

    @property
    def ok(self) -> bool:
        return not self.problems


# Which CSV column a model field came from, for messages.
_FIELD_COLUMN = {"partner_type": "type", "next_action_date": "next_action_date"}


def _row_to_partner(
    cells: dict[str, str], has_date_column: bool
) -> tuple[Partner | None, list[str]]:
    """Build one partner from its cells, or say every reason it cannot be built."""
    problems: list[str] = []
    fields: dict[str, Any] = {}
    columns: dict[str, str] = {}

    def cell(name: str) -> str:
        value = cells.get(name, "")
        # Trim first, so " '=x" loses its guard like "'=x" does; notes are kept as written.
        return unneutralise(value if name == "notes" else value.strip())

    def convert(column: str, target: str, parse: Any) -> None:
        text = cell(column)
        if not text:
            return
        try:
            fields[target] = parse(text)
            columns[target] = column
        except ValueError as exc:
            problems.append(f"{column}: {exc}")

    company = cell("company")
    stage = Stage.PROSPECT
    if cell("stage"):
        try:
            stage = parse_stage(cell("stage"))
        except ValueError as exc:
            problems.append(f"stage: {exc}")
    convert("type", "partner_type", parse_partner_type)
    convert("potential_value", "potential_value", parse_amount)
    convert("archive_reason", "archive_reason", parse_reason)
    plain = ("contact_name", "contact_email", "website", "subtype", "contact_linkedin", "owner")
    for name in plain:
        if cell(name):
            fields[name] = cell(name)
            columns[name] = name
    if cells.get("notes"):
        fields["notes"] = cell("notes")
    if has_date_column:
        if cell("next_action"):
            fields["next_action"] = cell("next_action")
        convert("next_action_date", "next_action_date", parse_date)
    elif cell("next_action"):
        try:
            text, when = split_next_action(cell("next_action"))
        except ValueError as exc:
            problems.append(f"next_action: {exc}")
        else:
            if text:
                fields["next_action"] = text
            if when is not None:
                fields["next_action_date"] = when
                columns["next_action_date"] = "next_action"
    models = terms_from_cells(cell, problems)
    if models:
        fields["models"] = models
    if "archive_reason" in fields and stage is not Stage.ARCHIVED:
        problems.append("archive_reason: only an archived partner has one (set stage to archived)")

    try:
        partner = new_partner(company, stage, **fields)
    except ValidationError as exc:
        for path, message in field_messages(exc).items():
            top = path.split(".")[0]
            column = column_of(path) or columns.get(top, _FIELD_COLUMN.get(top, top))
            if column == "company" and not company:
                message = "is required (this row has no company name)"
            problems.append(f"{column}: {message}")
        return None, _in_column_order(problems)
    return (None if problems else partner), _in_column_order(problems)


def _in_column_order(problems: list[str]) -> list[str]:
    """A row's problems in the order of the columns (company first), as a person reads."""
    order = {name: i for i, name in enumerate(COLUMNS + EXTRA_COLUMNS)}
    return sorted(problems, key=lambda text: order.get(text.split(":")[0], len(order)))


# -- the whole file ----------------------------------------------------------------------------
def parse_csv(text: str, existing_companies: Iterable[str] = ()) -> ParsedCSV:
    """Read every row; collect every problem with its line. Raises CSVFileError for the file."""
    result = ParsedCSV()
    table = read_header(text, "company", ALIASES, KNOWN_COLUMNS, COLUMNS)
    has_date_column = table.has("next_action_date")

    known_names = {name.strip().lower() for name in existing_companies}
    first_line: dict[str, int] = {}
    duplicates: list[str] = []
    for line, cells in table.records(KNOWN_COLUMNS):
        if isinstance(cells, str):
            result.problems.append(RowProblem(line, cells))
            continue
        partner, problems = _row_to_partner(cells, has_date_column)
        result.problems.extend(RowProblem(line, p) for p in problems)
        if partner is not None:
            name = partner.company.lower()
            if name in known_names:
                duplicates.append(f"line {line}: {partner.company!r} is already in the database")
            elif name in first_line:
                duplicates.append(
                    f"line {line}: {partner.company!r} is also on line {first_line[name]}")
            first_line.setdefault(name, line)
            result.partners.append(partner)
    if table.ignored:
        known = ", ".join(COLUMNS + EXTRA_COLUMNS)
        result.warnings.append("ignored unknown column(s): " + ", ".join(
            repr(name) for name in table.ignored) + f" (known: {known})")
    # Duplicates are imported (two offices of one company are two partners), but said,
    # briefly: re-importing a whole file would otherwise print one warning per row.
    result.warnings.extend(duplicates[:DUPLICATES_SHOWN])
    if len(duplicates) > DUPLICATES_SHOWN:
        result.warnings.append(
            f"... and {len(duplicates) - DUPLICATES_SHOWN} more companies already named "
            "(imported as separate partners)")
    return result
