"""The scriptable commands on partners: list, show (read-only) and move, log (through
PartnerStore, exactly as `import`: validation, then the file's lock for the write alone,
what another writer saved meanwhile merged in, an atomic write). All of them work while
the app has the file open.

Text output is for a person; `--json` is for scripts and agents (json_output.py).
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from partner_tui.cli import json_output, partner_text
from partner_tui.cli.data_file import open_existing
from partner_tui.cli.errors import CommandFailed, UsageMistake, say
from partner_tui.cli.partner_lookup import find_partner
from partner_tui.domain import clock
from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.speedups.collector import off_while_reading

if TYPE_CHECKING:
    from partner_tui.cli.shown_partner import ShownPartner
    from partner_tui.domain.partner import Partner
    from partner_tui.domain.partner_figures import PartnerFigures
    from partner_tui.speedups.file_board import FileBoard, FileStore
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.store.records.cards import PartnerCard


class Columns(Protocol):
    """Where `list` reads the board: the store's partners, or a file known valid read as
    cards (speedups/file_board.FileBoard)."""

    def column_cards(self, stage: Stage) -> list[PartnerCard]: ...


def listed_cards(
    board: Columns,
    stage: Stage | None = None,
    owner: str | None = None,
    query: str | None = None,
) -> list[PartnerCard]:
    """The partners `list` gives, in board order (stage by stage, archived last, each
    column in its own order): of one stage, one owner (whole name, any case), holding
    every word of `query` where the board's filter looks."""
    stages = [stage] if stage is not None else [*PIPELINE, Stage.ARCHIVED]
    words = query.lower().split() if query else []
    wanted_owner = " ".join(owner.casefold().split()) if owner else None
    cards: list[PartnerCard] = []
    for card in (card for s in stages for card in board.column_cards(s)):
        if wanted_owner is not None and _owner_key(card) != wanted_owner:
            continue
        if words and not all(word in card.search_text() for word in words):
            continue
        cards.append(card)
    return cards


def _owner_key(card: PartnerCard) -> str:
    return " ".join(str(card.record.get("owner") or "").casefold().split())


def list_entry(card: PartnerCard, figures: PartnerFigures) -> dict[str, Any]:
    """A partner in `list --json`: its summary and its figures (domain/partner_figures.py)."""
    return {**json_output.partner_summary(card), "figures": figures.as_json()}


def list_document(
    store: PartnerStore | FileStore,
    cards: list[PartnerCard],
    today: date,
    listing: str | None = None,
) -> dict[str, Any]:
    """`list --json`: each partner's list_entry. A file known valid (FileStore) keeps
    them per partner for the month (speedups/list_cache.py), and the order of the query
    `listing` they answer."""
    if hasattr(store, "listed"):  # a FileStore (not imported here: a speedup)
        return {"partners": store.listed(cards, today, list_entry, listing)}
    return {"partners": [list_entry(c, store.payouts.figures(c.id, today)) for c in cards]}


@off_while_reading  # read, print, end: see speedups/collector.py
def run_list(db: Path, stage: str | None, as_json: bool) -> int:
    from partner_tui.speedups.file_board import (
        kept_board,
        kept_list_entries,
        known_valid_store,
    )
    from partner_tui.speedups.printed_cache import kept_printed

    wanted = Stage(stage) if stage is not None else None
    listing: str | None = None
    if as_json:
        from partner_tui.speedups.list_cache import listing_name

        listing = listing_name(stage)
    if listing is not None and db.exists():
        # The same query on the same file (its stamp unchanged), any day of the month:
        # its entries as kept, without reading the file (speedups/list_cache.py).
        kept = kept_list_entries(db, listing, clock.today())
        if kept is not None:  # the text json_output.print_json would write
            json_output.print_ascii(kept)
            return 0
    query = "list" + (f" --stage {stage}" if stage is not None else "")
    if not as_json and db.exists():
        # The same query on the same file (its stamp unchanged) and day: what it printed,
        # as kept (speedups/printed_cache.py), without reading the file.
        printed = kept_printed(db, query, clock.today())
        if printed is not None:
            say(printed)
            return 0
        # The same query on the same file (its stamp unchanged), any day: the table as
        # laid out, its days spelled as of today (speedups/list_table.py).
        from partner_tui.speedups.list_table import kept_lines

        laid = kept_lines(db, query, clock.today())
        if laid is not None:
            lines, file, digest = laid
            _say_lines(lines, stage, (file, digest), query)
            return 0
        # What `list` reads of a file known valid, kept the first time it was read
        # (speedups/board_cache.py): the same cards, without parsing the whole file.
        kept_cards = kept_board(db, with_deals=False)
        if kept_cards is not None:
            _say_table(listed_cards(kept_cards, wanted), stage, kept_cards, query)
            return 0
    # A file known valid as a whole is read as cards and its tables (a few times faster
    # at 10,000 partners: no text pass, no lock, no model of a partner); any other is
    # opened, checked and remembered by the store. Either way --json's figures come
    # from the store's Payouts (domain/partner_figures.py).
    fast = known_valid_store(db) if db.exists() else None
    if fast is not None:
        cards = listed_cards(fast.partners, wanted)
        if as_json:
            document = list_document(fast, cards, clock.today(), listing)
    else:
        with open_existing(db, read_only=True) as store:
            cards = listed_cards(store.partners, wanted)
            if as_json:
                document = list_document(store, cards, clock.today())
    if as_json:
        json_output.print_json(document)
        return 0
    _say_table(cards, stage, fast.partners if fast is not None else None, query)
    return 0


def _say_table(
    cards: list[PartnerCard], stage: str | None, known: FileBoard | None, query: str
) -> None:
    """Say `list`'s table; of a file known valid (`known`), keep it laid out for the file
    (speedups/list_table.py: any day's table) and what it printed for the file and the
    day (speedups/printed_cache.py)."""
    if known is None:
        _say_lines(partner_text.partner_table(cards, clock.today()), stage, None, query)
        return
    from partner_tui.speedups.list_table import keep_table

    head, rows = partner_text.table_layout(cards) if cards else ("", [])
    keep_table(known.file, known.digest, query, head, rows)
    lines = partner_text.table_lines(head, rows, clock.today()) if rows else []
    _say_lines(lines, stage, (known.file, known.digest), query)


def _say_lines(
    lines: list[str], stage: str | None, known: tuple[Path, str] | None, query: str
) -> None:
    """Say the table's `lines` (none: no partner); of a file known valid (`known`: the
    file and its digest), keep what it printed for the file and the day."""
    today = clock.today()
    text = "\n".join(lines) if lines else f"No partners{f' in {stage}' if stage else ''}."
    if known is not None:
        from partner_tui.speedups.printed_cache import keep_text

        keep_text(known[0], known[1], today, query, text)
    say(text)


def show_document(store: PartnerStore, partner_id: str, today: date) -> dict[str, Any]:
    """`show --json`: the partner's record, its list summary, what is due and its figures
    (domain/partner_figures.py; "roi" and "payout" repeat two of them). A plain function
    of the store, so the MCP tools give the same document."""
    from partner_tui.domain.due_list import due_items
    from partner_tui.speedups.kept_figures import partner_figures_as_of

    found = store.partners.get(partner_id)
    figures = partner_figures_as_of(store, partner_id, today)
    due = sorted(due_items(found, today), key=lambda item: item.sort_key)
    return {
        "partner": json_output.partner_record(found),
        "summary": json_output.partner_summary(store.partners.card(partner_id)),
        "due": [json_output.due_entry(item, today) for item in due],
        "figures": figures.as_json(),
        "roi": None if figures.roi is None else format(figures.roi, "f"),
        "payout": format(figures.payout, "f"),
    }


@off_while_reading
def run_show(db: Path, partner: str, as_json: bool) -> int:
    from partner_tui.domain.due_list import due_items
    from partner_tui.speedups.file_board import known_valid_store, one_partner_store
    from partner_tui.speedups.kept_figures import partner_figures_as_of

    today = clock.today()
    # A file known valid as a whole: no store (see run_list), the partner read from its
    # record (cli/shown_partner.py); only that partner's records read when their places
    # in the file were kept (speedups/record_spans.py).
    fast = (one_partner_store(db, partner) or known_valid_store(db)) if db.exists() else None
    with contextlib.nullcontext(fast) if fast is not None else open_existing(
        db, read_only=True
    ) as store:
        partner_id = find_partner(store, partner)  # type: ignore[arg-type]
        if as_json:
            document = show_document(store, partner_id, today)  # type: ignore[arg-type]
        else:
            found = _shown(store, partner_id, trusted=fast is not None)  # type: ignore[arg-type]
            figures = partner_figures_as_of(store, partner_id, today)  # type: ignore[arg-type]
            currency = _currency(store, trusted=fast is not None)  # type: ignore[arg-type]
    if as_json:
        json_output.print_json(document)
        return 0
    due = sorted(due_items(found, today), key=lambda item: item.sort_key)
    say("\n".join(partner_text.partner_details(found, figures, due, today, currency)))
    return 0


def _shown(store: PartnerStore | FileStore, partner_id: str, *, trusted: bool) -> ShownPartner:
    """What `show` prints of the partner: read from its stored record in a file known
    valid (no model built: cli/shown_partner.py), else from its model."""
    from partner_tui.cli.shown_partner import NotReadable, ShownPartner, shown_of_record

    if trusted:
        try:
            return shown_of_record(store.partners.card(partner_id).record)
        except (NotReadable, ValueError, TypeError):
            pass  # a value only validation reads: the model reads it
    return ShownPartner.of_partner(store.partners.get(partner_id))


def _currency(store: PartnerStore | FileStore, *, trusted: bool) -> str:
    """The program's currency symbol: read from the stored settings of a file known
    valid (cli/shown_partner.currency_of_settings: no Settings model), else the model's."""
    from partner_tui.cli.shown_partner import NotReadable, currency_of_settings

    if trusted:
        with contextlib.suppress(NotReadable, ValueError, TypeError):
            return currency_of_settings(store.partners.data.get("settings"))  # type: ignore[union-attr]
    return store.program.settings().currency_symbol


def apply_move(
    store: PartnerStore, partner: str, stage_name: str, reason: str | None
) -> dict[str, Any]:
    """Move `partner` (an id or a name) to a stage; `move --json`'s answer."""
    from partner_tui.domain.stages import ArchiveReason

    stage = _stage(stage_name)
    if stage is Stage.ARCHIVED and reason is None:
        raise UsageMistake("moving to archived needs --reason declined|paused|churned")
    if reason is not None and stage is not Stage.ARCHIVED:
        raise UsageMistake("--reason goes with the stage archived only")
    before = store.partners.get(find_partner(store, partner))
    if stage is Stage.ARCHIVED:
        assert reason is not None
        after = store.partners.archive(before.id, _archive_reason(reason, ArchiveReason))
    else:
        after = store.partners.move(before.id, stage)
    changed = after.stage is not before.stage or after.archive_reason != before.archive_reason
    return {
        "partner": json_output.partner_summary(store.partners.card(after.id)),
        "from": before.stage.value,
        "to": after.stage.value,
        "changed": changed,
    }


def moved_text(document: dict[str, Any]) -> str:
    """What a person reads after a move."""
    company = partner_text.line(document["partner"]["company"])
    before, after = Stage(document["from"]), Stage(document["to"])
    if document["changed"]:
        return f"Moved {company} from {before.label} to {after.label}."
    return f"{company} is already in {after.label}; nothing changed."


def run_move(db: Path, partner: str, stage_name: str, reason: str | None, as_json: bool) -> int:
    with open_existing(db, read_only=False) as store:
        document = apply_move(store, partner, stage_name, reason)
    if as_json:
        json_output.print_json(document)
    else:
        say(moved_text(document))
    return 0


def apply_log(
    store: PartnerStore, partner: str, text: str, kind: str, day: str | None
) -> dict[str, Any]:
    """Add an activity to `partner`'s log; `log --json`'s answer."""
    from pydantic import ValidationError

    from partner_tui.domain.errors import one_line
    from partner_tui.domain.partner import Activity, ActivityKind

    when = _day(day) if day is not None else clock.today()
    if not text.strip():
        raise UsageMistake("TEXT is empty: say what happened")
    try:
        activity = Activity(date=when, kind=ActivityKind(kind), text=text.strip())
    except ValueError as exc:  # pydantic's ValidationError, or a kind that is none
        message = one_line(exc) if isinstance(exc, ValidationError) else str(exc)
        raise CommandFailed(f"the activity cannot be logged: {message}") from None
    found: Partner = store.partners.get(find_partner(store, partner))
    found = store.partners.update(
        found.model_copy(update={"activities": [*found.activities, activity]}),
        label=f"log {kind} on {found.company}",
    )
    return {
        "partner": json_output.partner_summary(store.partners.card(found.id)),
        "activity": json_output.activity_entry(activity),
    }


def run_log(db: Path, partner: str, text: str, kind: str, day: str | None, as_json: bool) -> int:
    with open_existing(db, read_only=False) as store:
        document = apply_log(store, partner, text, kind, day)
    if as_json:
        json_output.print_json(document)
    else:
        company = partner_text.line(document["partner"]["company"])
        say(f"Logged a {kind} on {company} ({document['activity']['date']}).")
    return 0


def _stage(name: str) -> Stage:
    try:
        return Stage(name)
    except ValueError:
        stages = ", ".join(stage.value for stage in Stage)
        raise UsageMistake(f"STAGE {name!r} is not a stage (one of: {stages})") from None


def _archive_reason(name: str, reasons: Any) -> Any:
    try:
        return reasons(name)
    except ValueError:
        choices = ", ".join(reason.value for reason in reasons)
        raise UsageMistake(f"--reason {name!r} is not a reason (one of: {choices})") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageMistake(f"--date {text!r} is not a date (use YYYY-MM-DD)") from None
