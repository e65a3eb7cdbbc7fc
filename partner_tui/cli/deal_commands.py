"""The commands about deals and payouts: import-deals, and the payout statements of export
(--format payouts / payouts-md --period P).

Only arguments, the store and printing are handled here; the work is done by
partner_tui.exchange (deals_csv.py, payout_statement.py).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli.data_file import open_store
from partner_tui.cli.errors import CommandFailed, say, warn
from partner_tui.cli.file_checks import read_import_file
from partner_tui.domain import clock

if TYPE_CHECKING:
    from partner_tui.domain.deals import Deal
    from partner_tui.domain.periods import Period
    from partner_tui.exchange.deals_csv import ParsedDeals
    from partner_tui.store.partner_store import PartnerStore


def run_import_deals(db: Path, file: Path, override: bool, errors: Path | None = None) -> int:
    from partner_tui.cli.data_commands import output_mode

    if errors is not None:
        output_mode(errors, "--errors")  # a pipe or a link: refused before any reading
    text = read_import_file(file, db)
    if not db.exists():
        raise CommandFailed(
            f"{db}: no such database; deals belong to partners, so add partners first "
            "(partner-tui import, or the app)"
        )
    with open_store(db) as store:
        parsed, known = _parse_or_fail(file, text, store, override, errors)
        if parsed.deals:
            store.deals.add_many(parsed.deals, override=override)
        for stored, row in parsed.refunds:  # checked with the rows: each one refunds
            store.deals.refund(stored.id, row.refunded_on or clock.today(), row.refunded_amount)
    if parsed.refunds:
        names = ", ".join(row.customer for _stored, row in parsed.refunds[:20])
        more = f" and {len(parsed.refunds) - 20} more" if len(parsed.refunds) > 20 else ""
        say(f"Refunded {len(parsed.refunds)} deal{'s' if len(parsed.refunds) != 1 else ''} "
            f"already in {db}: {names}{more} (docs/refunds.md: the clawback is in the "
            "refund's period).")
    if known:
        lines = ", ".join(str(parsed.lines[deal.id]) for deal in known[:20])
        more = f" and {len(known) - 20} more" if len(known) > 20 else ""
        say(
            f"Already there: {len(known)} deal{'s' if len(known) != 1 else ''} equal to one "
            f"in {db} (line{'s' if len(known) != 1 else ''} {lines}{more}); not added again."
        )
    if not parsed.deals and parsed.refunds:
        return 0
    if not parsed.deals:
        say(f"Nothing new to import from {file}: every deal is in {db} already.")
        return 0
    count = len(parsed.deals)
    from partner_tui.domain.deals import DealStatus

    statuses = Counter(deal.status.value for deal in parsed.deals)
    partners = len({deal.partner_id for deal in parsed.deals})
    # Closed first, then every other status (a new one is counted too).
    order = ["won", "lost", *(s.value for s in DealStatus if s.value not in ("won", "lost"))]
    detail = ", ".join(f"{statuses[s]} {s}" for s in order if statuses[s])
    say(
        f"Imported {count} deal{'s' if count != 1 else ''} ({detail}) for {partners} "
        f"partner{'s' if partners != 1 else ''} from {file} into {db}."
    )
    return 0


def _parse_or_fail(
    file: Path, text: str, store: PartnerStore, override: bool, errors: Path | None
) -> tuple[ParsedDeals, list[Deal]]:
    """Every row checked (an unknown partner, a registration clash are bad rows); warnings
    printed; any bad row fails the whole import. Returns the rows to add (in `deals`) and
    the deals the file holds already (deal_matching.py), which are not added."""
    from partner_tui.exchange.csv_import import CSVFileError
    from partner_tui.exchange.deal_matching import split_known, split_refunds
    from partner_tui.exchange.deals_csv import (
        PartnerLookup,
        clash_problems,
        parse_deals_csv,
        refund_problems,
    )

    lookup = PartnerLookup({card.id: card.company for card in store.partners.cards()})
    author = store.author() or ""  # yours (your config), not the file's
    try:
        parsed = parse_deals_csv(text, lookup, clock.today(), author)
    except CSVFileError as exc:
        raise CommandFailed(f"{file}: {exc}") from None
    for message in parsed.warnings:
        warn(f"{file}: {message}")
    known: list[Deal] = []
    if not parsed.problems:
        parsed.deals, known = split_known(parsed.deals, parsed.undated, store.deals.of_partner)
        parsed.deals, parsed.refunds, again = split_refunds(parsed.deals, store.deals.of_partner)
        known += again
    problems = list(parsed.problems) + refund_problems(parsed)
    if not override:
        problems += clash_problems(parsed, store.deals.find_clash)
    if problems:
        # The one way imports report bad rows: the first 20 said, every one in --errors.
        from partner_tui.cli.data_commands import errors_file, fail_bad_rows

        problems.sort(key=lambda p: p.line)
        with errors_file(errors) as write_problem:
            for problem in problems if write_problem is not None else []:
                write_problem(problem)
        rows = len({p.line for p in problems})
        fail_bad_rows(file, rows, len(problems), problems, errors, crm=False)
    if not parsed.deals and not known and not parsed.refunds:
        raise CommandFailed(f"{file}: no deals to import (only a header row)")
    return parsed, known


def payouts_text(store: PartnerStore, fmt: str, period: Period, today: date) -> tuple[str, int]:
    """The statement in `fmt` (payouts: CSV; payouts-md: Markdown) and how many partners."""
    from partner_tui.exchange.payout_statement import (
        build_statement,
        statement_csv,
        statement_markdown,
    )

    statement = build_statement(store, period, today)
    if fmt == "payouts":
        return statement_csv(statement), len(statement.lines)
    from partner_tui.profile.your_name import settings_with_your_name

    # The statement is yours: your name (from your config) beside the company.
    settings = settings_with_your_name(store.program.settings())
    return statement_markdown(statement, store, settings, today), len(statement.lines)
