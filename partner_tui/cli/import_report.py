"""What `import --dry-run` prints: how the file was read (which column fills which field,
which columns are left out), what was noticed, and the partners that would be added (the first 20, and how many).
Data from the file passes through for_terminal before it is printed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from partner_tui.cli.import_matching import dry_run_matches
from partner_tui.cli.partner_text import line
from partner_tui.domain.money import format_money
from partner_tui.exchange.import_limits import SHOWN

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner
    from partner_tui.exchange.csv_check import CSVCheck
    from partner_tui.exchange.csv_import import ParsedCSV
    from partner_tui.exchange.partner_matching import ImportPlan


def how_it_was_read(file: Path, source: str, plan: Any, notes: list[str]) -> list[str]:
    """A dry run's first lines, for partners and accounts alike: what the file was read
    as, which column fills which field, the columns left out, and what was noticed."""
    out = [f"{line(str(file))}: read as {source}."]
    if plan.used:
        width = max(len(line(header)) for header, _ in plan.used) + 2
        out.append("Columns read:")
        out += [f"  {line(repr(header)):<{width}} -> {field}" for header, field in plan.used]
    if plan.ignored:
        out.append(f"Columns ignored: {line(plan.ignored_text())}")
    if notes:
        out.append("Noticed:")
        out += [f"  {line(note)}" for note in notes]
    return out


def source_name(parsed: CSVCheck | ParsedCSV) -> str:
    source = parsed.columns.source
    return f"a {source.name}" if source is not None else "partner-tui's CSV columns"


def _partner_line(number: int, p: Partner, currency: str) -> str:
    kind = p.partner_type.value if p.partner_type else ""
    if kind and p.subtype:
        kind += f" ({p.subtype})"
    contact = p.contact_name
    if p.contact_email:
        contact = f"{contact} <{p.contact_email}>" if contact else p.contact_email
    next_action = " ".join(
        x for x in (p.next_action_date.isoformat() if p.next_action_date else "", p.next_action)
        if x
    )
    parts = [
        p.stage.value + (f" ({p.archive_reason.value})" if p.archive_reason else ""),
        kind,
        contact,
        p.website or "",
        f"owner {p.owner}" if p.owner else "",
        format_money(p.potential_value, currency) if p.potential_value else "",
        f"next: {next_action}" if next_action else "",
    ]
    return f"  line {number:<5} {line(p.company)} — " + line(" · ".join(x for x in parts if x))


def dry_run_report(
    file: Path,
    db: Path,
    parsed: CSVCheck | ParsedCSV,
    currency: str = "$",
    matches: ImportPlan | None = None,
) -> list[str]:
    """`parsed`: the streamed check (a file into an empty database: everything is added),
    or the whole file parsed and `matches`, what it would add, update and leave as it is."""
    out = how_it_was_read(file, source_name(parsed), parsed.columns, parsed.notes)
    if matches is not None:
        count, shown = len(matches.added), matches.added[:SHOWN]
    else:  # the streamed check keeps the first SHOWN partners and counts the rest
        count, shown = parsed.count, parsed.shown  # type: ignore[union-attr]
    out.append(f"Would add {count:,} partner{'s' if count != 1 else ''} to {line(str(db))}:")
    out += [_partner_line(number, partner, currency) for number, partner in shown]
    if count > len(shown):
        out.append(f"  ... and {count - len(shown):,} more")
    if matches is not None:
        out += dry_run_matches(matches, db, currency)
    out.append("Nothing was changed (--dry-run).")
    return out
