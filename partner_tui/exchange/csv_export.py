"""Partners to CSV: the import columns first, every cell safe to open in a spreadsheet."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from partner_tui.domain.money import CENT
from partner_tui.exchange.csv_format import COLUMNS, EXTRA_COLUMNS, neutralise
from partner_tui.exchange.csv_terms import terms_cells

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner


def partner_row(partner: Partner) -> dict[str, str]:
    """One partner as CSV cells (before the formula guard)."""
    return {
        "company": partner.company,
        "type": partner.partner_type.value if partner.partner_type else "",
        "stage": partner.stage.value,
        "contact_name": partner.contact_name,
        "contact_email": partner.contact_email or "",
        "website": partner.website or "",
        # Empty when not set (stored as 0): "0.00" would read as a value someone typed.
        "potential_value": (
            format(partner.potential_value.quantize(CENT), "f")
            if partner.potential_value is not None
            else ""
        ),
        "next_action": partner.next_action,
        "notes": partner.notes,
        "subtype": partner.subtype,
        "next_action_date": (
            partner.next_action_date.isoformat() if partner.next_action_date else ""
        ),
        "contact_linkedin": partner.contact_linkedin or "",
        "owner": partner.owner,
        "archive_reason": partner.archive_reason.value if partner.archive_reason else "",
        **terms_cells(partner),
        "crm_id": partner.crm_id or "",
        "id": partner.id,
    }


# Rows written out at a time when streaming: a few hundred kilobytes.
ROWS_PER_CHUNK = 200


def export_csv(partners: Iterable[Partner]) -> str:
    from partner_tui.exchange.export_order import export_order  # models' order: pydantic

    return "".join(csv_chunks(export_order(partners)))


def csv_chunks(ordered: Iterable[Partner]) -> Iterator[str]:
    """The CSV text, a few rows at a time, partners in the order given (export_order's:
    the command line gives them in board order, one model at a time)."""
    return row_chunks(partner_row(partner) for partner in ordered)


def row_chunks(rows: Iterable[dict[str, str]]) -> Iterator[str]:
    """The CSV text of partner_row's rows (or csv_records.record_row's), a few at a time."""
    header = COLUMNS + EXTRA_COLUMNS
    cells_of = itemgetter(*header)  # a row's cells in the header's order, at C speed
    lines = [csv_line(header)]
    for row in rows:
        lines.append(row_line(cells_of(row)))
        if len(lines) >= ROWS_PER_CHUNK:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


# What makes csv.writer quote a cell (QUOTE_MINIMAL, ',' between cells, '"' around them,
# CRLF at a line's end): the delimiter, the quote or a line break in it.
_NEEDS_QUOTES = re.compile(r'[",\r\n]')


# Over a row's cells joined by commas: a cell after the first that may need the formula
# guard (each starts after a comma; the search jumps from comma to comma).
_GUARD_AFTER_COMMA = re.compile(r",'*[=+\-@\t\r]")


def row_line(cells: Sequence[str]) -> str:
    """csv_line of the cells, each neutralised (the export's line of a row). Most rows
    need neither a guard nor quotes: then the line is the cells joined, which a few
    searches and a count of the commas over the joined row tell, instead of two searches
    a cell (a comma more than the separators is a cell holding one). tests/unit/exchange/
    test_csv_line.py holds it to csv_line of the neutralised cells."""
    joined = ",".join(cells)
    if (
        joined.count(",") == len(cells) - 1
        # A quote or a line break anywhere (`in` scans far faster than a regex class).
        and '"' not in joined and "\n" not in joined and "\r" not in joined
        and neutralise(joined) is joined  # the first cell
        and _GUARD_AFTER_COMMA.search(joined) is None
    ):
        return joined + "\r\n"
    return csv_line([neutralise(cell) for cell in cells])


def csv_line(cells: Sequence[str]) -> str:
    """The line csv.writer(lineterminator="\r\n").writerow(cells) writes, for a row of
    two or more text cells: a cell holding ',', '"' or a line break in quotes, its quotes
    doubled. Searching each cell once at C speed is twice as fast as the writer's own
    scan, character by character, of 17 MB of notes; tests/unit/exchange/test_csv_line.py
    holds it to csv.writer's line for arbitrary cells."""
    return ",".join([
        '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
        for cell in cells
    ]) + "\r\n"
