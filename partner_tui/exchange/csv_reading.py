"""Reading a hostile CSV file, whatever it imports: partners (csv_import.py) or deals
(deals_csv.py). The care every import takes, once (the file's text is csv_import.read_text:
UTF-8 with or without a byte-order mark; a workbook, UTF-16 or another encoding refused
with a line number):

- commas, or the semicolons or tabs of a spreadsheet set to another locale, and Excel's
  'sep=;' first line (sniff_dialect);
- quoted cells that span lines, with physical line numbers (csv_rows);
- for a file of simple columns (deals): header names matched case-insensitively, spaces
  and hyphens as underscores, known other spellings, a repeated column or a missing
  required one stopping the import, unknown columns ignored with a warning (read_header).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from partner_tui.exchange.csv_columns import CSVFileError

DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def csv_rows(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
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


def first_row(text: str, delimiter: str) -> tuple[int, list[str]] | None:
    """The first row with a value in it (the header), or None."""
    for line, row in csv_rows(text, delimiter):
        if any(cell.strip() for cell in row):
            return line, row
    return None


def header_key(name: str, aliases: Mapping[str, str]) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return aliases.get(key, key)


def sniff_dialect(text: str, is_header: Callable[[list[str]], bool]) -> tuple[str, str]:
    """(delimiter, text): commas, or the semicolons or tabs a spreadsheet set to another
    locale writes (the one whose first row `is_header`, e.g. names the required column).
    Excel's 'sep=;' first line is honoured and blanked (line numbers stay)."""
    first, newline, rest = text.partition("\n")
    hint = re.fullmatch(r"sep=(.)\r?", first)
    if hint:
        return hint.group(1), newline + rest
    for delimiter in DELIMITERS:
        try:
            found = first_row(text, delimiter)
        except CSVFileError:
            continue
        if found and is_header(found[1]):
            return delimiter, text
    return ",", text


def header_row(rows: Iterator[tuple[int, list[str]]], required: str) -> tuple[list[str], int]:
    """(the header row, its line): the first row with a value in it, taken from `rows`."""
    for line, row in rows:
        if any(cell.strip() for cell in row):
            return row, line
    raise CSVFileError(
        f"the file is empty: expected a header row naming the columns, at least {required!r}"
    )


@dataclass
class CSVTable:
    """A CSV file's header, understood, and its rows still to read."""

    header: list[str]
    keys: list[str]  # each column's name, as the importer knows it ('' if unnamed)
    rows: Iterator[tuple[int, list[str]]]
    ignored: list[str] = field(default_factory=list)  # columns not known, as written

    def has(self, key: str) -> bool:
        return key in self.keys

    def records(self, known: frozenset[str]) -> Iterator[tuple[int, dict[str, str] | str]]:
        """(line, cells by column) for each row with a value, or (line, problem) for a row
        with more cells than the header."""
        width = len(self.header)
        for line, row in self.rows:
            if not any(cell.strip() for cell in row):
                continue  # blank line, or a row of empty cells a spreadsheet left behind
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                yield line, (
                    f"{len(row)} cells but the header has {width} columns "
                    "(a comma inside a value needs quotes around the value)"
                )
                continue
            yield line, {
                self.keys[i]: value
                for i, value in enumerate(row[:width])
                if self.keys[i] in known
            }


def read_header(
    text: str,
    required: str,
    aliases: Mapping[str, str],
    known: frozenset[str],
    columns_hint: tuple[str, ...],
) -> CSVTable:
    """The file's header row, checked: every column named once, `required` among them.
    Raises CSVFileError with the header's line number."""
    delimiter, text = sniff_dialect(
        text, lambda header: required in {header_key(name, aliases) for name in header}
    )
    rows = csv_rows(text, delimiter)
    header, header_line = header_row(rows, required)
    keys = [header_key(name, aliases) for name in header]
    seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key and key in seen:
            first, again = header[seen[key]].strip(), header[i].strip()
            what = (f"the column {again!r} appears twice" if first == again
                    else f"the columns {first!r} and {again!r} both mean {key!r}")
            raise CSVFileError(f"line {header_line}: {what}")
        if key:
            seen[key] = i
    if required not in seen:
        found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "nothing"
        raise CSVFileError(
            f"line {header_line}: no {required!r} column in the header row (found {found}); "
            f"the columns are: {', '.join(columns_hint)}"
        )
    ignored = [header[i].strip() or f"column {i + 1} (no name)"
               for i, key in enumerate(keys) if key not in known]
    return CSVTable(header, keys, rows, ignored)
