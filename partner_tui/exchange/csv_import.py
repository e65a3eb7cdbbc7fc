"""Partners from CSV: every row checked, every problem reported with its line, all or
nothing (the rules are in csv_format.py)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
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
DELIMITERS = (",", ";", "\t")
DUPLICATES_SHOWN = 5


class CSVFileError(Exception):
    """The file as a whole cannot be imported (not UTF-8, no header, no company column)."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedCSV:
    """What a CSV file holds: partners ready to add, or the reasons it cannot be imported."""

    partners: list[Partner] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # any problem: import nothing
    warnings: list[str] = field(default_factory=list)  # said, but the import goes ahead

    @property
    def ok(self) -> bool:
        return not self.problems


# -- reading the file -------------------------------------------------------------------------
def read_text(path: Path) -> str:
    """The file's text: UTF-8 with or without a byte-order mark.

    Raises CSVFileError for a file that is not UTF-8; OSError passes through.
    """
    raw = path.read_bytes()
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        # Zip (.xlsx, .ods) or OLE (.xls): the commonest wrong file handed to an importer.
        raise CSVFileError(
            f"{path}: this is a spreadsheet workbook, not a CSV file; "
            "save it as 'CSV UTF-8 (comma delimited)' and import that"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CSVFileError(
            f"{path}: this file is UTF-16 text; save it as 'CSV UTF-8' and try again"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CSVFileError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save it as 'CSV UTF-8' and try again"
        ) from None


def _rows(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) for each record; quoted cells may span lines."""
    source = io.StringIO(text, newline="")
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    last = 0
    while True:
        start = last + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                # Python's csv stops at 128 KiB a cell; no field may hold that much anyway.
                raise CSVFileError(
                    f"line {start}: a cell is longer than {csv.field_size_limit():,} "
                    "characters (the longest field, notes, holds 100,000)"
                ) from None
            raise CSVFileError(f"line {start}: not valid CSV ({exc})") from None
        last = reader.line_num
        yield start, row


def _first_row(text: str, delimiter: str) -> tuple[int, list[str]] | None:
    for line, row in _rows(text, delimiter):
        if any(cell.strip() for cell in row):
            return line, row
    return None


def _dialect(text: str) -> tuple[str, str]:
    """(delimiter, text): commas, or the semicolons or tabs a spreadsheet set to another
    locale writes. Excel's 'sep=;' first line is honoured and blanked (line numbers stay)."""
    first, newline, rest = text.partition("\n")
    hint = re.fullmatch(r"sep=(.)\r?", first)
    if hint:
        return hint.group(1), newline + rest
    for delimiter in DELIMITERS:
        try:
            found = _first_row(text, delimiter)
        except CSVFileError:
            continue
        if found and "company" in {_header_key(name) for name in found[1]}:
            return delimiter, text
    return ",", text


def _header_key(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return ALIASES.get(key, key)


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
    if "archive_reason" in fields and stage is not Stage.ARCHIVED:
        problems.append("archive_reason: only an archived partner has one (set stage to archived)")

    try:
        partner = new_partner(company, stage, **fields)
    except ValidationError as exc:
        for path, message in field_messages(exc).items():
            top = path.split(".")[0]
            column = columns.get(top, _FIELD_COLUMN.get(top, top))
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
    delimiter, text = _dialect(text)
    rows = _rows(text, delimiter)
    header: list[str] | None = None
    header_line = 0
    for line, row in rows:
        if any(cell.strip() for cell in row):
            header, header_line = row, line
            break
    if header is None:
        raise CSVFileError(
            "the file is empty: expected a header row naming the columns, at least 'company'"
        )
    keys = [_header_key(name) for name in header]
    seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key and key in seen:
            first, again = header[seen[key]].strip(), header[i].strip()
            what = (f"the column {again!r} appears twice" if first == again
                    else f"the columns {first!r} and {again!r} both mean {key!r}")
            raise CSVFileError(f"line {header_line}: {what}")
        if key:
            seen[key] = i
    if "company" not in seen:
        found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "nothing"
        raise CSVFileError(
            f"line {header_line}: no 'company' column in the header row (found {found}); "
            f"the columns are: {', '.join(COLUMNS)}"
        )
    ignored = [header[i].strip() or f"column {i + 1} (no name)"
               for i, key in enumerate(keys) if key not in KNOWN_COLUMNS]
    has_date_column = "next_action_date" in seen

    known_names = {name.strip().lower() for name in existing_companies}
    first_line: dict[str, int] = {}
    duplicates: list[str] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank line, or a row of empty cells a spreadsheet left behind
        if len(row) > len(header):
            extra = row[len(header):]
            if any(cell.strip() for cell in extra):
                result.problems.append(RowProblem(
                    line, f"{len(row)} cells but the header has {len(header)} columns "
                    "(a comma inside a value needs quotes around the value)"))
                continue
        cells = {keys[i]: value for i, value in enumerate(row[: len(header)])
                 if keys[i] in KNOWN_COLUMNS}
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
    if ignored:
        result.warnings.append("ignored unknown column(s): " + ", ".join(
            repr(name) for name in ignored) + f" (known: {', '.join(COLUMNS + EXTRA_COLUMNS)})")
    # Duplicates are imported (two offices of one company are two partners), but said,
    # briefly: re-importing a whole file would otherwise print one warning per row.
    result.warnings.extend(duplicates[:DUPLICATES_SHOWN])
    if len(duplicates) > DUPLICATES_SHOWN:
        result.warnings.append(
            f"... and {len(duplicates) - DUPLICATES_SHOWN} more companies already named "
            "(imported as separate partners)")
    return result
