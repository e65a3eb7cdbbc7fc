"""Account mapping on the command line: `accounts import|list|forget` and `overlap`.

An import reads the whole file first (exchange/accounts_csv.py): one bad row and nothing
changes. It replaces the list held (ours, or the partner's); the same accounts again
change nothing. Read-only commands write nothing; every failure is one `partner-tui:`
line (errors.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from partner_tui.cli.account_text import (
    account_line,
    json_text,
    list_summary,
    overlap_details,
    overlap_entry,
    overlap_table,
    plural,
)
from partner_tui.cli.data_file import open_existing, open_store
from partner_tui.cli.errors import CommandFailed, UsageMistake, say, warn
from partner_tui.cli.file_checks import orphan_backup, read_import_file
from partner_tui.cli.import_report import how_it_was_read
from partner_tui.cli.partner_lookup import find_partner
from partner_tui.cli.partner_text import line
from partner_tui.domain.accounts import OURS
from partner_tui.domain.safe_text import for_terminal

if TYPE_CHECKING:
    from partner_tui.domain.account_overlap import Overlap
    from partner_tui.exchange.accounts_csv import ParsedAccounts
    from partner_tui.store.partner_store import PartnerStore

NO_OUR_LIST = "no account list of ours: import one with `partner-tui accounts import FILE.csv`"
SHOWN_IN_DRY_RUN = 20


def _whose(store: PartnerStore, partner: str | None) -> tuple[str | None, str]:
    """(partner id or None for ours, how messages name the list)."""
    if partner is None or partner.strip().casefold() == OURS:
        return None, "our list"
    if partner in store.accounts.table() and partner not in store.partners:
        return partner, f"the list of partner {partner} (no longer in the file)"
    partner_id = find_partner(store, partner)
    return partner_id, f"{store.partners.card(partner_id).company}'s list"


# -- accounts import ---------------------------------------------------------------------------
def run_accounts_import(
    db: Path, file: Path, partner: str | None, maps: list[str], dry_run: bool, read_only: bool
) -> int:
    from partner_tui.exchange.accounts_csv import ACCOUNT_FIELDS
    from partner_tui.exchange.csv_columns import parse_map

    if read_only and not dry_run:
        raise CommandFailed("accounts import changes the database; it cannot run with --read-only")
    try:
        mapping = parse_map(maps, ACCOUNT_FIELDS)
    except ValueError as exc:
        raise UsageMistake(str(exc)) from None
    notes: list[str] = []
    text = read_import_file(file, db, notes)
    parsed = _parse_or_fail(file, text, mapping, notes, quiet=dry_run)
    if dry_run:
        return _dry_run(db, file, partner, parsed)
    if partner is not None and not db.exists():
        raise CommandFailed(f"{db}: no such database; a partner's list needs its partner there")
    orphan = orphan_backup(db)
    if orphan is not None:
        raise CommandFailed(f"{db} does not exist, but its backup {orphan} does; restore it first")
    with open_store(db) as store:
        partner_id, whose = _whose(store, partner)
        made = store.accounts.replace(partner_id, parsed.accounts)
        held = store.accounts.get(partner_id)
    if parsed.columns.source is not None:
        say(f"Read {file} as a {parsed.columns.source.name}.")
    if made is None:
        day = held.as_of.isoformat() if held is not None else "?"
        say(f"Unchanged: {whose} holds these {plural(len(parsed.accounts), 'account')} "
            f"already (as of {day}).")
        return 0
    say(f"Imported {plural(len(parsed.accounts), 'account')} as {whose} "
        f"(as of {made.as_of.isoformat()}) into {db}.")
    return 0


def _parse_or_fail(
    file: Path, text: str, mapping: dict[str, str], notes: list[str], *, quiet: bool
) -> ParsedAccounts:
    from partner_tui.exchange.accounts_csv import parse_accounts_csv
    from partner_tui.exchange.csv_columns import CSVFileError

    try:
        parsed = parse_accounts_csv(text, mapping)
    except CSVFileError as exc:
        raise CommandFailed(f"{file}: {exc}") from None
    parsed.notes[:0] = notes
    if not parsed.ok:
        rows = len({p.line for p in parsed.problems})
        lines = [
            (f"{file}: {rows} bad row{'s' if rows != 1 else ''}; nothing was imported. "
            "Fix these and run the import again:")
        ]
        lines += [f"  {problem}" for problem in parsed.problems]
        if parsed.columns.source is not None or mapping:
            lines.append("  (to leave a column out of the import: --map 'COLUMN=')")
        raise CommandFailed("\n".join(lines))
    if not quiet:
        for message in parsed.warnings:
            warn(f"{file}: {message}")
        if parsed.no_domain:
            count = len(parsed.no_domain)
            warn(f"{file}: {count} row{'s' if count != 1 else ''} without a usable domain "
                 "left out (an account is matched by its domain, never by its name):\n"
                 + "\n".join(f"  {text}" for text in parsed.no_domain_lines()))
    if not parsed.accounts:
        raise CommandFailed(f"{file}: no account with a usable domain to import")
    return parsed


def _dry_run(db: Path, file: Path, partner: str | None, parsed: ParsedAccounts) -> int:
    """What the import would keep, and nothing written (the database is only read)."""
    whose = "our list" if partner is None else "the partner's list"
    currency = "$"
    if db.exists():
        with open_store(db, read_only=True) as store:
            _partner_id, whose = _whose(store, partner)
            currency = store.program.settings().currency_symbol
    elif partner is not None:
        raise CommandFailed(f"{db}: no such database; a partner's list needs its partner there")
    plan = parsed.columns
    source = f"a {plan.source.name}" if plan.source is not None else "partner-tui's columns"
    out = how_it_was_read(file, source, plan, parsed.notes)
    if parsed.no_domain:
        out.append("Left out, without a usable domain:")
        out += [f"  {line(text)}" for text in parsed.no_domain_lines()]
    out.append(f"Would keep {plural(len(parsed.accounts), 'account')} as {line(whose)}:")
    for account in parsed.accounts[:SHOWN_IN_DRY_RUN]:
        out.append(f"  line {parsed.lines[account.domain]:<5}" + account_line(account, currency))
    if len(parsed.accounts) > SHOWN_IN_DRY_RUN:
        out.append(f"  ... and {len(parsed.accounts) - SHOWN_IN_DRY_RUN:,} more")
    out.append("Nothing was changed (--dry-run).")
    print(for_terminal("\n".join(out)))
    return 0


# -- accounts list, accounts forget ------------------------------------------------------------
def run_accounts_list(db: Path, partner: str | None) -> int:
    with open_existing(db, read_only=True) as store:
        currency = store.program.settings().currency_symbol
        if partner is None:
            held = store.accounts.held()
            if not held:
                say("No account lists are held. Import one with "
                    "`partner-tui accounts import FILE.csv [--partner PARTNER]`.")
                return 0
            out = [f"Account lists in {db}:"]
            for account_list in held:
                pid = account_list.partner_id
                name = "ours" if pid is None else (
                    f"{store.partners.card(pid).company} ({pid})"
                    if pid in store.partners else f"{pid} (no such partner)"
                )
                out.append(list_summary(account_list, name))
            print(for_terminal("\n".join(out)))
            return 0
        partner_id, whose = _whose(store, partner)
        held_list = store.accounts.get(partner_id)
    if held_list is None:
        raise CommandFailed(f"no account list is held as {whose}")
    out = [list_summary(held_list, whose).strip() + ":"]
    out += [account_line(account, currency) for account in held_list.read()]
    print(for_terminal("\n".join(out)))
    return 0


def run_accounts_forget(db: Path, partner: str | None, read_only: bool) -> int:
    if read_only:
        raise CommandFailed("accounts forget changes the database; it cannot run with --read-only")
    with open_existing(db, read_only=False) as store:
        partner_id, whose = _whose(store, partner)
        held = store.accounts.get(partner_id)
        forgotten = store.accounts.forget(partner_id)
    if not forgotten or held is None:
        say(f"No account list is held as {whose}; nothing to forget.")
        return 0
    say(f"Forgot {whose} ({plural(len(held.accounts), 'account')}) in {db}.")
    return 0


# -- overlap -------------------------------------------------------------------------------------
def overlap_document(store: PartnerStore, partner: str | None) -> list[dict[str, Any]]:
    """`overlap --json` (and the MCP's warm_intros): per partner with an account list,
    ranked by the open value it could introduce, the counts; with `partner`, that
    partner's matching accounts themselves. CommandFailed without a list of ours, or
    when `partner` has none."""
    if not store.accounts.has_ours():
        raise CommandFailed(NO_OUR_LIST)
    if partner is not None:
        partner_id, company, found = _one_overlap(store, partner)
        return [overlap_entry(company, found, accounts=True)]
    cards = {card.id: card.company for card in store.partners.cards()}
    return [overlap_entry(cards[o.partner_id], o, accounts=False) for o in _ranked(store, cards)]


def _one_overlap(store: PartnerStore, partner: str) -> tuple[str, str, Overlap]:
    partner_id = find_partner(store, partner)
    company = store.partners.card(partner_id).company
    found = store.accounts.overlap_of(partner_id)
    if found is None:
        raise CommandFailed(
            f"{for_terminal(company, multiline=False)} has no account list: import one "
            f"with `partner-tui accounts import FILE.csv --partner {partner_id}`"
        )
    return partner_id, company, found


def _ranked(store: PartnerStore, cards: dict[str, str]) -> list[Overlap]:
    return sorted(
        store.accounts.overlaps(cards),
        key=lambda o: (-o.intro_value, -o.intro_count, cards[o.partner_id].casefold()),
    )


def run_overlap(db: Path, partner: str | None, as_json: bool) -> int:
    with open_existing(db, read_only=True) as store:
        if as_json:
            print(json_text(overlap_document(store, partner)))
            return 0
        if not store.accounts.has_ours():
            raise CommandFailed(NO_OUR_LIST)
        currency = store.program.settings().currency_symbol
        if partner is not None:
            _, company, found = _one_overlap(store, partner)
            print(for_terminal("\n".join(overlap_details(company, found, currency))))
            return 0
        cards = {card.id: card.company for card in store.partners.cards()}
        ranked = _ranked(store, cards)
    if not ranked:
        say("No partner has an account list yet: import one with "
            "`partner-tui accounts import FILE.csv --partner PARTNER`.")
        return 0
    rows = [(cards[o.partner_id], o) for o in ranked]
    print(for_terminal("\n".join(overlap_table(rows, currency))))
    return 0
