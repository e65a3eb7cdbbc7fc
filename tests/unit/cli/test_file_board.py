"""`list`, `due` and `show` read a file known valid as a whole straight as cards and
tables (speedups/file_board.py): they must print exactly what the store would, and must
never serve a file that changed since it was validated, even when its size and
modification time were kept (speedups/trusted_stamp.py)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from partner_tui.domain import clock
from partner_tui.paths import state_file
from partner_tui.speedups import due_plan, file_board, list_table, printed_cache, state_cache
from partner_tui.speedups.file_board import known_valid_board

Cli = Callable[..., tuple[int, str, str]]

READS = [
    ("list",),
    ("list", "--json"),
    ("list", "--stage", "active"),
    ("list", "--stage", "active", "--json"),
    ("due",),
    ("due", "--json"),
    ("due", "--days", "400"),
    ("due", "--days", "400", "--json"),
    ("export", "--format", "csv"),
    ("export", "--format", "md"),
    ("export", "--format", "ics"),
    ("export", "--format", "ics", "--events"),
]


@pytest.fixture
def demo_db(db_path: Path, cli: Cli, frozen_clock: object) -> Path:
    assert cli("--db", db_path, "demo")[0] == 0
    assert cli("--db", db_path, "list")[0] == 0  # read once through the store: now known
    return db_path


def through_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on every read goes through the store (no file known valid, nothing kept)."""
    monkeypatch.setattr(file_board, "known_valid_board", lambda db: None)
    monkeypatch.setattr(file_board, "kept_list_entries", lambda db, listing, today: None)
    monkeypatch.setattr(file_board, "kept_board", lambda db, with_deals: None)
    monkeypatch.setattr(file_board, "one_partner_store", lambda db, partner: None)
    monkeypatch.setattr(printed_cache, "kept_printed", lambda db, query, today: None)
    monkeypatch.setattr(due_plan, "planned_text", lambda db, today, days, as_json: None)
    monkeypatch.setattr(list_table, "kept_lines", lambda db, query, today: None)


def forget_printed(db: Path) -> None:
    """Drop what every query printed for `db` (speedups/printed_cache.py)."""
    for kept in state_file(db, "printed").parent.glob(f"{state_file(db, 'printed').stem}-*"):
        kept.unlink()


def forget_reported(db: Path) -> None:
    """Drop the Markdown reports kept for `db` (the month's, speedups/kept_report_month.py):
    the next report reads the file, and the kept figures and revenue."""
    from partner_tui.speedups.kept_report import FILE, TERMINAL
    from partner_tui.speedups.kept_report_month import kept_month_file

    for way in (FILE, TERMINAL):
        kept_month_file(db, way).unlink(missing_ok=True)


def forget_laid_out(db: Path) -> None:
    """Drop every table `list` laid out for `db` (speedups/list_table.py) and what `due`
    planned (speedups/due_plan.py): the next call reads the kept board."""
    for kind in (list_table.KIND, due_plan.KIND):
        for kept in state_file(db, kind).parent.glob(f"{state_file(db, kind).stem}-*"):
            kept.unlink()


def test_list_json_asked_again_reads_its_kept_entries_not_the_file(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = {q: cli("--db", demo_db, *q) for q in (("list", "--json"),
                                                  ("list", "--json", "--stage", "engage"))}

    def unread(db: Path) -> None:
        raise AssertionError("the data file was read")

    monkeypatch.setattr(file_board, "_known_valid_read", unread)
    assert {q: cli("--db", demo_db, *q) for q in first} == first
    # Another query is not kept yet: it reads the file.
    code, out, _err = cli("--db", demo_db, "list", "--json", "--stage", "active")
    assert code != 0 and out == ""  # (main reports what it raised, as for any error)


def test_list_and_due_read_the_kept_board_and_print_what_the_whole_file_gives(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without deals (an open registration is read from the whole file, as a model).
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    data["deals"], data["payments"] = {}, {}
    for record in data["partners"].values():  # a note and a log entry's text: left out
        record["notes"] = "Long notes the board never reads"
    demo_db.write_text(json.dumps(data), encoding="utf-8")
    assert cli("--db", demo_db, "list")[0] == 0  # through the store: validated
    assert cli("--db", demo_db, "list")[0] == 0  # read whole: what list and due read kept
    assert state_file(demo_db, "board").exists()
    reads = [args for args in READS if args[0] in ("list", "due") and "--json" not in args
             or args[0] == "due"]
    assert ("due", "--days", "400", "--json") in reads and ("list",) in reads

    def unread(db: Path) -> None:
        raise AssertionError("the data file was read")

    with monkeypatch.context() as patch:
        patch.setattr(file_board, "_known_valid_read", unread)
        # The kept board itself, not what an earlier call printed (printed_cache.py).
        patch.setattr(printed_cache, "kept_printed", lambda db, query, today: None)
        kept = {args: cli("--db", demo_db, *args) for args in reads}
    through_the_store(monkeypatch)
    assert kept == {args: cli("--db", demo_db, *args) for args in reads}
    assert all(code == 0 for code, _out, _err in kept.values())


def _without_deals(db: Path, cli: Cli) -> str:
    """`db` without deals (due reads the kept board then), read whole once so its board
    is kept; returns a partner's id."""
    data = json.loads(db.read_text(encoding="utf-8"))
    data["deals"], data["payments"] = {}, {}
    db.write_text(json.dumps(data), encoding="utf-8")
    assert cli("--db", db, "list")[0] == 0  # through the store: validated
    assert cli("--db", db, "list")[0] == 0  # read whole: what list and due read kept
    return next(iter(data["partners"]))


def test_a_change_made_through_the_program_carries_the_kept_board_to_the_file_it_wrote(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    partner = _without_deals(demo_db, cli)
    kept_before = state_file(demo_db, "board").read_bytes()
    assert cli("--db", demo_db, "log", partner, "Called them back")[0] == 0
    assert cli("--db", demo_db, "move", partner, "active")[0] == 0
    assert state_file(demo_db, "board").read_bytes() != kept_before  # the new file's
    # (list --json keeps entries of its own, carried the same way once asked)
    reads = [args for args in READS if args[0] == "due" or args[0] == "list"
             and "--json" not in args]

    def unread(db: Path) -> None:
        raise AssertionError("the data file was read")

    with monkeypatch.context() as patch:
        patch.setattr(file_board, "_known_valid_read", unread)
        kept = {args: cli("--db", demo_db, *args) for args in reads}
    through_the_store(monkeypatch)
    assert kept == {args: cli("--db", demo_db, *args) for args in reads}
    assert all(code == 0 for code, _out, _err in kept.values())
    assert "Called them back" not in state_file(demo_db, "board").read_text()  # projections


def test_a_change_carries_the_tables_laid_out_and_the_plan_to_the_file_it_wrote(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    partner = _without_deals(demo_db, cli)
    reads = [args for args in READS if args[0] == "due" or args[0] == "list"
             and "--json" not in args]
    for args in reads:  # laid out and planned for the file
        assert cli("--db", demo_db, *args)[0] == 0

    # A log entry: the first list and due after it read what was carried, nothing else;
    # a stage change: the table is laid out again from the kept board; the plan carried
    # either way (due plans nothing).
    for change, laid_out in ((("log", partner, "Called them back"), True),
                             (("move", partner, "negotiate"), False)):
        assert cli("--db", demo_db, *change)[0] == 0
        forget_printed(demo_db)
        unread = [(file_board, "_known_valid_read"), (due_plan, "plan_of_board")]
        if laid_out:
            unread.append((file_board, "kept_board"))
        kept = _printed_as_the_store_prints(demo_db, cli, monkeypatch, reads, unread)
    assert all(code == 0 and out for code, out, _err in kept.values())


def _unread(*args: object, **kwargs: object) -> None:
    raise AssertionError("the data file or the kept board was read")


def _printed_as_the_store_prints(
    db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, reads: list[tuple[str, ...]],
    unread: list[tuple[object, str]],
) -> dict[tuple[str, ...], tuple[int, str, str]]:
    """What each of `reads` prints of `db` with none of `unread` (module, name) called,
    held to what it prints through the store."""
    with monkeypatch.context() as patch:
        for owner, name in unread:
            patch.setattr(owner, name, _unread)
        printed = {args: cli("--db", db, *args) for args in reads}
    with monkeypatch.context() as patch:
        through_the_store(patch)
        assert printed == {args: cli("--db", db, *args) for args in reads}
    return printed


def test_no_board_is_carried_for_a_file_nobody_lists(
    db_path: Path, cli: Cli, frozen_clock: object
) -> None:
    assert cli("--db", db_path, "demo")[0] == 0
    partner = next(iter(json.loads(db_path.read_text(encoding="utf-8"))["partners"]))
    assert cli("--db", db_path, "log", partner, "Called them back")[0] == 0
    assert not state_file(db_path, "board").exists()


def test_list_and_due_asked_again_print_what_they_printed_without_reading_the_file(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = [args for args in READS if args[0] == "due" or args[0] == "list"
             and "--json" not in args]
    first = {args: cli("--db", demo_db, *args) for args in reads}  # computed, kept
    assert printed_cache.kept_file(demo_db, "due --days 7 --json").exists()

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("the data file or the kept board was read")

    with monkeypatch.context() as patch:
        patch.setattr(file_board, "_known_valid_read", unread)
        patch.setattr(file_board, "kept_board", unread)
        again = {args: cli("--db", demo_db, *args) for args in reads}
    assert again == first
    # Another query is not kept yet: it reads the file.
    assert printed_cache.kept_printed(demo_db, "due --days 5", clock.today()) is None
    through_the_store(monkeypatch)
    assert {args: cli("--db", demo_db, *args) for args in reads} == first
    assert all(code == 0 and out for code, out, _err in first.values())


def test_the_first_list_and_due_of_another_day_read_only_what_is_laid_out_for_the_file(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without deals (a file with deals reads its registrations on the day: not planned).
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    data["deals"], data["payments"] = {}, {}
    names = iter(["[@click=app.quit]x[/] 100%s", "Café 株式会社", "Evil\x1b]52;c;x\x07"])
    for record, name in zip(data["partners"].values(), names):
        record["company"] = name
    demo_db.write_text(json.dumps(data), encoding="utf-8")
    assert cli("--db", demo_db, "list")[0] == 0  # through the store: validated
    reads = [args for args in READS if args[0] == "due" or args[0] == "list"
             and "--json" not in args]
    first = {args: cli("--db", demo_db, *args) for args in reads}  # laid out, planned
    assert all(state_cache.kept_file(demo_db, due_plan.KIND, form).exists()
               for form in due_plan.PARTS)
    today = clock.today()
    # The first call of each day (nothing printed that day): within the plan's horizon
    # (WINDOW days past the look-ahead) nothing but the plan; past it the kept board
    # (the rules, planned anew), then the new plan again.
    for later, read in ((1, False), (due_plan.WINDOW, False), (35, True), (36, False),
                        (400, True)):
        monkeypatch.setattr(clock, "today", lambda later=later: today + timedelta(days=later))
        unread = [] if read else [(file_board, "_known_valid_read"), (file_board, "kept_board")]
        planned = _printed_as_the_store_prints(demo_db, cli, monkeypatch, reads, unread)
    assert all(code == 0 and out for code, out, _err in first.values())
    printed = "".join(out for _code, out, _err in planned.values())
    assert "100%s" in printed and "Caf\\u00e9" in printed and "\x1b" not in printed


def test_what_due_printed_one_day_is_computed_again_the_next(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = clock.today()
    printed = cli("--db", demo_db, "due", "--json")
    assert printed == cli("--db", demo_db, "due", "--json")  # kept for today
    monkeypatch.setattr(clock, "today", lambda: today + timedelta(days=40))
    later = cli("--db", demo_db, "due", "--json")
    assert json.loads(later[1])["today"] == (today + timedelta(days=40)).isoformat()
    through_the_store(monkeypatch)
    assert later == cli("--db", demo_db, "due", "--json")


def _shows(demo_db: Path, cli: Cli) -> list[tuple[str, ...]]:
    """show of a partner by id and by name, with and without --json."""
    listed = json.loads(cli("--db", demo_db, "list", "--json")[1])["partners"]
    active = next(p for p in listed if p["stage"] == "active")
    return [("show", active["id"]), ("show", active["company"], "--json"),
            ("show", listed[-1]["id"], "--json"), ("show", "no such partner")]


def test_a_file_known_valid_is_read_as_cards_and_prints_what_the_store_prints(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert known_valid_board(demo_db) is not None
    reads = [*READS, *_shows(demo_db, cli)]
    fast = {args: cli("--db", demo_db, *args) for args in reads}
    again = {args: cli("--db", demo_db, *args) for args in reads}  # list --json's entries kept
    assert state_file(demo_db, "listed").exists() and state_file(demo_db, "trusted").exists()
    through_the_store(monkeypatch)
    slow = {args: cli("--db", demo_db, *args) for args in reads}
    assert fast == slow == again
    due = json.loads(fast[("due", "--days", "400", "--json")][1])["items"]
    # The demo's active partners have cadence items due: the path without models read them.
    assert {item["kind"] for item in due} >= {"monthly", "quarterly", "next_action"}


def test_due_without_models_reads_the_programs_own_quiet_days(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partner_tui.store.partner_store import PartnerStore

    store = PartnerStore(demo_db)
    try:
        settings = store.program.settings()
        rules = settings.rules.model_copy(
            update={"quiet_prospect_days": 3, "quiet_engage_days": 1, "quiet_active_days": 5}
        )
        store.program.save_settings(settings.model_copy(update={"rules": rules}))
    finally:
        store.close()
    assert cli("--db", demo_db, "list")[0] == 0  # validated and remembered
    assert known_valid_board(demo_db) is not None
    reads = [("due",), ("due", "--json"), ("due", "--days", "400", "--json")]
    fast = {args: cli("--db", demo_db, *args) for args in reads}
    through_the_store(monkeypatch)
    assert fast == {args: cli("--db", demo_db, *args) for args in reads}
    kinds = {item["kind"] for item in json.loads(fast[("due", "--json")][1])["items"]}
    assert "quiet" in kinds


def test_a_file_changed_since_it_was_validated_is_never_read_as_cards(
    demo_db: Path, cli: Cli
) -> None:
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    record = next(iter(data["partners"].values()))
    record["contact_email"] = "not-an-email"  # a hand edit that validation refuses
    demo_db.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert known_valid_board(demo_db) is None
    code, out, err = cli("--db", demo_db, "list")
    assert code == 1 and out == ""
    assert err.startswith("partner-tui:") and "contact_email" in err


def test_an_older_schema_or_no_digest_is_read_through_the_store(
    db_path: Path, cli: Cli, frozen_clock: object
) -> None:
    assert cli("--db", db_path, "demo")[0] == 0
    state_file(db_path, "validated").unlink()  # nothing known: the store checks first
    assert known_valid_board(db_path) is None
    assert cli("--db", db_path, "list")[0] == 0
    assert known_valid_board(db_path) is not None  # ... and remembers it for next time
    data = json.loads(db_path.read_text(encoding="utf-8"))
    meta = next(iter(data["meta"].values()))
    meta["schema_version"] = 1
    db_path.write_text(json.dumps(data), encoding="utf-8")
    assert known_valid_board(db_path) is None


def test_a_file_at_an_older_schema_known_valid_is_migrated_in_memory(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A schema-2 file (log entries without ids): read-only commands leave it at its
    # schema, so it must not send every call through the store for ever.
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    next(iter(data["meta"].values()))["schema_version"] = 2
    for record in data["partners"].values():
        for name in ("activities", "stage_history"):
            for entry in record.get(name) or []:
                entry.pop("id", None)
    demo_db.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert known_valid_board(demo_db) is None  # never validated as it is now
    assert cli("--db", demo_db, "list")[0] == 0  # through the store: validated, remembered
    before = demo_db.read_bytes()
    board = known_valid_board(demo_db)
    assert board is not None
    assert all(
        "id" in entry
        for card in board.cards()
        for entry in [*card.record.get("activities", []), *card.record.get("stage_history", [])]
    )
    reads = [*READS, *_shows(demo_db, cli)]
    fast = {args: cli("--db", demo_db, *args) for args in reads}
    through_the_store(monkeypatch)
    slow = {args: cli("--db", demo_db, *args) for args in reads}
    assert fast == slow
    assert demo_db.read_bytes() == before  # reading never wrote it forward


def test_list_json_kept_for_a_day_is_computed_again_the_next(
    demo_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = clock.today()
    assert cli("--db", demo_db, "list", "--json")[0] == 0  # kept for today
    monkeypatch.setattr(clock, "today", lambda: today + timedelta(days=40))
    fast = cli("--db", demo_db, "list", "--json")
    through_the_store(monkeypatch)
    assert fast == cli("--db", demo_db, "list", "--json")
    # Forty days on: the figures are as of that day, not the kept ones of `today`.
    as_of = {p["figures"]["as_of"] for p in json.loads(fast[1])["partners"]}
    assert as_of == {(today + timedelta(days=40)).isoformat()}


def test_a_hand_edit_that_keeps_size_and_modification_time_is_caught(
    demo_db: Path, cli: Cli
) -> None:
    assert known_valid_board(demo_db) is not None  # hashed once, its stamp kept
    assert known_valid_board(demo_db) is not None  # trusted by its stamp
    assert cli("--db", demo_db, "list", "--json")[0] == 0  # its entries and order kept
    assert cli("--db", demo_db, "list", "--json")[0] == 0  # ... read back alone
    assert cli("--db", demo_db, "due")[0] == 0  # what it printed kept
    assert cli("--db", demo_db, "due")[0] == 0  # ... and printed again
    content = demo_db.read_bytes()
    before = demo_db.stat()
    email = next(iter(json.loads(content)["partners"].values()))["contact_email"].encode()
    with demo_db.open("r+b") as fh:  # in place: the same inode, the same size
        fh.write(content.replace(email, email.replace(b"@", b"#"), 1))  # no longer an email
    os.utime(demo_db, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -d` would
    assert demo_db.stat().st_size == before.st_size
    assert demo_db.stat().st_mtime_ns == before.st_mtime_ns
    assert known_valid_board(demo_db) is None  # its change time moved: hashed, and refused
    for args in (("list",), ("list", "--json"), ("due",)):
        code, _out, err = cli("--db", demo_db, *args)
        assert code == 1 and "contact_email" in err


@pytest.mark.parametrize(
    ("kind", "command"),
    [("trusted", ("list", "--json")), ("listed", ("list", "--json")),
     ("listed board", ("list", "--json")), ("board", ("list",)), ("list_table", ("list",)),
     ("spans", ("due",)), ("printed", ("due", "--json")),
     ("figures", ("export", "--format", "json")), ("revenue", ("export", "--format", "md")),
     ("md-month-report", ("export", "--format", "md"))],
)
def test_the_command_lines_caches_are_never_read_or_written_through_a_link_or_a_pipe(
    demo_db: Path, cli: Cli, precious: Path, kind: str, command: tuple[str, ...]
) -> None:
    from tests.helpers.planted import PRECIOUS

    expected = cli("--db", demo_db, *command)  # the stamp, the entries, the board kept
    cache = (printed_cache.kept_file(demo_db, " ".join(command[:1] + ("--days", "7") + command[1:]))
             if kind == "printed" else state_file(demo_db, kind))
    if kind == "listed board":  # the query's kept text (list_cache.keep_listing)
        cache = state_cache.kept_file(demo_db, "listed", "board")
    if kind == "list_table":  # the query's table laid out
        cache = state_cache.kept_file(demo_db, kind, list_table._part("list"))
    if kind == "md-month-report":  # the month's report cut around its day's parts
        from partner_tui.speedups.kept_report import TERMINAL
        from partner_tui.speedups.kept_report_month import kept_month_file

        cache = kept_month_file(demo_db, TERMINAL)
    assert cache.is_file()
    cache.unlink()
    cache.symlink_to(precious)
    if kind != "printed":  # what the command printed is not kept: it reads the `kind`
        forget_printed(demo_db)
    if kind == "board":  # nor the table laid out: it reads the kept board
        forget_laid_out(demo_db)
    if kind == "revenue":  # nor the report: it reads the file and the kept revenue
        forget_reported(demo_db)
    if kind == "listed":  # nor the query's kept text: it reads the entries
        state_cache.kept_file(demo_db, "listed", "board").unlink()
    assert cli("--db", demo_db, *command) == expected
    assert precious.read_bytes() == PRECIOUS
    assert cache.is_file() and not cache.is_symlink()  # replaced, never written through
    cache.unlink()
    os.mkfifo(cache)  # opened as a pipe, this would wait for a writer for ever
    if kind != "printed":
        forget_printed(demo_db)
    if kind == "board":
        forget_laid_out(demo_db)
    if kind == "revenue":
        forget_reported(demo_db)
    if kind == "listed":
        state_cache.kept_file(demo_db, "listed", "board").unlink()
    assert cli("--db", demo_db, *command) == expected
    assert cache.is_file()
