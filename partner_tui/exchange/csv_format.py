"""Partners in CSV: the columns of DESIGN.md and the formula guard, shared by reading
(csv_import.py) and writing (csv_export.py) so an export always imports back exactly.

Rules (README's `cli` section says the same):
- A header row, columns in any order, only `company` required. Header names are matched
  case-insensitively; spaces and hyphens count as underscores ("Contact Email" works), and
  a few common other names are understood (csv_columns.ALIASES), and so are the
  columns of HubSpot and Salesforce exports (crm_sources.py).
- Commas separate values; semicolons or tabs are used instead when the header row only
  makes sense that way, and Excel's "sep=;" first line is honoured.
- Columns: company, type, stage, contact_name, contact_email, website, potential_value,
  next_action, notes, then the extras that export also writes: subtype, next_action_date,
  contact_linkedin, owner, archive_reason, and the payout terms (TERMS_COLUMNS). Any
  other column is ignored with a warning.
- `next_action`: when the file has a `next_action_date` column (every export has one),
  `next_action` is plain text and the date comes from that column. Without it, a
  `next_action` cell may be a date alone (`2026-12-01`), text alone, or `text | 2026-12-01`.
- Blank lines and rows whose cells are all empty are skipped. Surrounding spaces are
  trimmed from every cell except `notes`, which is kept exactly.
- Formula-looking cells: export puts an apostrophe before any cell that starts with
  = + - @ tab or CR (or with apostrophes followed by one of those), so a spreadsheet shows
  text instead of running it. Import removes exactly one such apostrophe, so the round
  trip is exact; any other text, formula-looking or not, is imported literally.
- Line numbers are physical lines of the file (1 = the header), correct even when a
  quoted cell holds line breaks.
"""

from __future__ import annotations

import re

COLUMNS: tuple[str, ...] = (
    "company",
    "type",
    "stage",
    "contact_name",
    "contact_email",
    "website",
    "potential_value",
    "next_action",
    "notes",
)
# A partner's payout terms (csv_terms.py): a percent turns revenue share on, a fee the
# referral fee.
TERMS_COLUMNS: tuple[str, ...] = (
    "revenue_share_percent",
    "revenue_share_years",
    "minimum_customers",
    "payment_terms",
    "referral_fee",
    "referral_payment",
    # Steps and caps (docs/tiers.md): '20% x 12, 10% x 12'; amounts, blank for no cap.
    "revenue_share_steps",
    "cap_per_customer",
    "cap_per_period",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "subtype",
    "next_action_date",
    "contact_linkedin",
    "owner",
    "archive_reason",
    *TERMS_COLUMNS,
    # Who the row is: the partner's record in a CRM, and its id in the file it was exported
    # from (an import of the file again updates the partner instead of adding it).
    "crm_id",
    "id",
)
KNOWN_COLUMNS = frozenset(COLUMNS + EXTRA_COLUMNS)

# A spreadsheet runs a cell as a formula when it starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_GUARD = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value: str) -> str:
    """What export writes: a leading apostrophe before formula-looking text."""
    return "'" + value if _NEEDS_GUARD.match(value) else value


def unneutralise(value: str) -> str:
    """What import reads: the apostrophe export added, removed (exact inverse of neutralise)."""
    return value[1:] if _GUARDED.match(value) else value
