"""`import --dry-run`, streamed: every row is read and checked as the import would, but only
what the report shows is kept (the first SHOWN partners and bad rows, counts, the
companies' names for the duplicate notes), so checking 100,000 rows takes tens of
megabytes, not the gigabyte a list of 100,000 partners would (each built partner holds
the whole playbook: about 12 KB). Every bad row can still be written out, as it is met
(`on_problem`: the `--errors FILE`).

The rows are read by the import's own parts (csv_import, csv_rows.RowReader): the same
columns, the same checks, the same line numbers. A CRM export of people (contacts, one
row per person, merged per company) is checked by the import itself (csv_import.parse_csv)
since its rows only become partners once merged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from partner_tui.exchange import csv_import
from partner_tui.exchange.crm_sources import is_report_footer
from partner_tui.exchange.csv_columns import ColumnPlan, plan_columns
from partner_tui.exchange.csv_import import ParsedCSV
from partner_tui.exchange.csv_reading import RowProblem, csv_rows, header_row
from partner_tui.exchange.csv_rows import RowReader
from partner_tui.exchange.import_limits import SHOWN

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner


@dataclass(frozen=True)
class _Named:
    """What the duplicate notes read of a partner: its company."""

    company: str


@dataclass
class CSVCheck:
    """What a dry run says: how the file was read, what would be added (the first SHOWN),
    and what is wrong (the first SHOWN bad rows, and how many there are)."""

    columns: ColumnPlan = field(default_factory=ColumnPlan)
    notes: list[str] = field(default_factory=list)
    count: int = 0  # partners that would be added
    shown: list[tuple[int, Partner]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # the first SHOWN
    problem_count: int = 0
    bad_lines: int = 0  # rows with at least one problem

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def warnings(self) -> list[str]:
        return ParsedCSV(notes=self.notes, columns=self.columns).warnings


def check_csv(
    text: str,
    existing_companies: Iterable[str] = (),
    mapping: Mapping[str, str] | None = None,
    on_problem: Callable[[RowProblem], object] | None = None,
) -> CSVCheck:
    """Every row checked as parse_csv checks it, nothing kept but what the report shows.
    Raises CSVFileError for the file."""
    mapping = mapping or {}
    delimiter, text = csv_import._dialect(text, mapping)
    rows = csv_rows(text, delimiter)
    header, header_line = header_row(rows, "company")
    plan = plan_columns(header, header_line, mapping)
    if plan.source is not None and not plan.source.rows_are_companies:
        return _from_parsed(csv_import.parse_csv(text, existing_companies, mapping), on_problem)
    check = CSVCheck(columns=plan)
    reader = RowReader(plan)
    names: list[tuple[int, _Named]] = []
    last_bad = 0

    def problem(found: RowProblem) -> None:
        nonlocal last_bad
        check.problem_count += 1
        if found.line != last_bad:
            check.bad_lines += 1
            last_bad = found.line
        if len(check.problems) < SHOWN:
            check.problems.append(found)
        if on_problem is not None:
            on_problem(found)

    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if plan.source is not None and is_report_footer(row):
            check.notes.append(f"the report's footer from line {line} on is not data: skipped")
            break
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            problem(RowProblem(
                line, f"{len(row)} cells but the header has {len(header)} columns "
                "(a comma inside a value needs quotes around the value)"))
            continue
        partner, problems = reader.read(plan.cells(row[: len(header)]), line)
        for message in problems:
            problem(RowProblem(line, message))
        if partner is not None:
            check.count += 1
            names.append((line, _Named(partner.company)))
            if len(check.shown) < SHOWN:
                check.shown.append((line, partner))
    check.notes.extend(reader.warnings())
    check.notes.extend(csv_import._duplicates(names, existing_companies))  # type: ignore[arg-type]
    return check


def _from_parsed(parsed: ParsedCSV, on_problem: Callable[[RowProblem], object] | None) -> CSVCheck:
    check = CSVCheck(columns=parsed.columns, notes=parsed.notes, count=len(parsed.partners))
    check.shown = list(zip(parsed.lines, parsed.partners, strict=True))[:SHOWN]
    check.problems = parsed.problems[:SHOWN]
    check.problem_count = len(parsed.problems)
    check.bad_lines = len({p.line for p in parsed.problems})
    for found in parsed.problems if on_problem is not None else []:
        on_problem(found)  # type: ignore[misc]
    return check

