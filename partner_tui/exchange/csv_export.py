"""Partners to CSV: the import columns first, every cell safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from partner_tui.domain.money import CENT
from partner_tui.domain.partner import Partner
from partner_tui.exchange.csv_format import COLUMNS, EXTRA_COLUMNS, neutralise
from partner_tui.exchange.csv_terms import terms_cells
from partner_tui.exchange.export_order import export_order


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
    return "".join(csv_chunks(export_order(partners)))


def csv_chunks(ordered: Iterable[Partner]) -> Iterator[str]:
    """The CSV text, a few rows at a time, partners in the order given (export_order's:
    the command line gives them in board order, one model at a time)."""
    return row_chunks(partner_row(partner) for partner in ordered)


def row_chunks(rows: Iterable[dict[str, str]]) -> Iterator[str]:
    """The CSV text of partner_row's rows (or csv_records.record_row's), a few at a time."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    header = COLUMNS + EXTRA_COLUMNS
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow([neutralise(row[name]) for name in header])
        if count % ROWS_PER_CHUNK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
