"""Partners from CSV: every row checked, every problem reported with its line, all or
nothing (the rules are in csv_format.py)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from partner_tui.domain.partner import Partner
from partner_tui.exchange.crm_merge import merge_same_company
from partner_tui.exchange.crm_sources import detect_source, is_report_footer
from partner_tui.exchange.csv_columns import (
    ColumnPlan,
    CSVFileError,
    names_a_company,
    plan_columns,
)
from partner_tui.exchange.csv_format import COLUMNS, EXTRA_COLUMNS
from partner_tui.exchange.csv_reading import RowProblem, csv_rows, header_row, sniff_dialect
from partner_tui.exchange.csv_rows import RowReader, lines_text

__all__ = ["CSVFileError", "ParsedCSV", "RowProblem", "parse_csv", "read_text"]

DUPLICATES_SHOWN = 5


@dataclass
class ParsedCSV:
    """What a CSV file holds: partners ready to add, or the reasons it cannot be imported."""

    partners: list[Partner] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # any problem: import nothing
    notes: list[str] = field(default_factory=list)  # said, but the import goes ahead
    lines: list[int] = field(default_factory=list)  # each partner's line in the file
    # Each partner's `id` cell (our own export carries it; "" where there is none).
    ids: list[str] = field(default_factory=list)
    columns: ColumnPlan = field(default_factory=ColumnPlan)  # which column filled what

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def ignored_columns(self) -> str | None:
        """The warning about columns left out, or None when every column was read."""
        plan = self.columns
        if not plan.ignored:
            return None
        known = "" if plan.source else f" (known: {', '.join(COLUMNS + EXTRA_COLUMNS)})"
        return f"ignored column(s): {plan.ignored_text()}{known}"

    @property
    def warnings(self) -> list[str]:
        """Everything said before an import goes ahead: ignored columns first, then notes."""
        ignored = self.ignored_columns
        return ([ignored] if ignored else []) + self.notes


# -- reading the file -------------------------------------------------------------------------
def read_text(path: Path, notes: list[str] | None = None) -> str:
    """The file's text: UTF-8 with or without a byte-order mark; or, for a CRM export
    only, Windows-1252 (Salesforce exports ISO-8859-1 unless told otherwise), said in
    `notes`.

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
        western = _western_crm_export(raw)
        if western is not None:
            if notes is not None:
                notes.append(
                    "read as Western European text (Windows-1252), not UTF-8, as a CRM "
                    "exports it by default; check that accented names look right"
                )
            return western
        line = raw[: exc.start].count(b"\n") + 1
        raise CSVFileError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save it as 'CSV UTF-8' and try again"
        ) from None


def _western_crm_export(raw: bytes) -> str | None:
    """The text of a CRM export written in Windows-1252 / ISO-8859-1, or None. Only a
    header a CRM writes makes the guess safe: any other file is refused as before."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    first = next((line for line in text.splitlines() if line.strip()), "")
    headers = next(csv.reader([first], delimiter=_dialect(first, {})[0]), [])
    return text if detect_source(headers) is not None else None


def _dialect(text: str, mapping: Mapping[str, str]) -> tuple[str, str]:
    """(delimiter, text): the one whose header row names a company (csv_reading.py)."""
    return sniff_dialect(text, lambda header: names_a_company(header, mapping))


# -- the whole file ----------------------------------------------------------------------------
def parse_csv(
    text: str, existing_companies: Iterable[str] = (), mapping: Mapping[str, str] | None = None
) -> ParsedCSV:
    """Read every row; collect every problem with its line. Raises CSVFileError for the file.

    mapping: `--map` as {CSV column (casefolded): field, or "" to leave it out}."""
    mapping = mapping or {}
    result = ParsedCSV()
    delimiter, text = _dialect(text, mapping)
    rows = csv_rows(text, delimiter)
    header, header_line = header_row(rows, "company")
    plan = result.columns = plan_columns(header, header_line, mapping)
    reader = RowReader(plan)
    people = plan.source is not None and not plan.source.rows_are_companies
    no_company: list[int] = []
    ids: dict[int, str] = {}
    adopted: set[str] = set()

    read: list[tuple[int, Partner]] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank line, or a row of empty cells a spreadsheet left behind
        if plan.source is not None and is_report_footer(row):
            result.notes.append(f"the report's footer from line {line} on is not data: skipped")
            break
        if len(row) > len(header):
            extra = row[len(header):]
            if any(cell.strip() for cell in extra):
                result.problems.append(RowProblem(
                    line, f"{len(row)} cells but the header has {len(header)} columns "
                    "(a comma inside a value needs quotes around the value)"))
                continue
        cells = plan.cells(row[: len(header)])
        if people and not cells.get("company", "").strip():
            no_company.append(line)  # a person with no company is nobody's partner
            continue
        ids[line] = cells.get("id", "").strip()
        partner, problems = reader.read(cells, line)
        result.problems.extend(RowProblem(line, p) for p in problems)
        if partner is not None:
            if _usable_id(ids[line]) and ids[line] not in adopted:
                # Our own export's id: the partner keeps it in this file too.
                adopted.add(ids[line])
                partner = partner.model_copy(update={"id": ids[line]})
            read.append((line, partner))
    result.notes.extend(reader.warnings())
    if no_company:
        result.notes.append(
            f"{len(no_company)} row{'s' if len(no_company) > 1 else ''} without a company "
            f"skipped ({lines_text(no_company)}): a contact or opportunity of no company"
        )
    if people:
        read, merged = merge_same_company(read)
        if merged:
            result.notes.append(merged)
    result.lines = [line for line, _ in read]
    result.ids = [ids.get(line, "") for line in result.lines]
    result.partners = [partner for _, partner in read]
    result.notes.extend(_duplicates(read, existing_companies))
    return result


def _usable_id(text: str) -> bool:
    return 0 < len(text) <= 64 and all(ch.isalnum() or ch in "-_" for ch in text)


def _duplicates(read: list[tuple[int, Partner]], existing_companies: Iterable[str]) -> list[str]:
    """Duplicates are imported (two offices of one company are two partners), but said,
    briefly: re-importing a whole file would otherwise print one warning per row."""
    known_names = {name.strip().lower() for name in existing_companies}
    first_line: dict[str, int] = {}
    duplicates: list[str] = []
    for line, partner in read:
        name = partner.company.lower()
        if name in known_names:
            duplicates.append(f"line {line}: {partner.company!r} is already in the database")
        elif name in first_line:
            duplicates.append(
                f"line {line}: {partner.company!r} is also on line {first_line[name]}"
            )
        first_line.setdefault(name, line)
    said = duplicates[:DUPLICATES_SHOWN]
    if len(duplicates) > DUPLICATES_SHOWN:
        said.append(
            f"... and {len(duplicates) - DUPLICATES_SHOWN} more companies already named "
            "(imported as separate partners)")
    return said
