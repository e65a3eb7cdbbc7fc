"""The JSON export of an unchanged file written from what its last export kept, the file
not read (speedups/kept_json_export.py), is the store's export: on any day and at any
time (the kept figures' month and the document's time filled in), never after the file
changed, and a kept part damaged, another program's or another file's, or planted as a
link reads as nothing kept. It imports no pydantic."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.cli import export_from_file
from partner_tui.cli.export_stream import Exported
from partner_tui.domain import clock
from partner_tui.exchange.json_export import instant_json
from partner_tui.speedups import file_board, kept_json_export, kept_json_partners
from partner_tui.speedups.state_cache import kept_file
from tests.helpers.fresh_cli import FreshCli

Cli = Callable[..., tuple[int, str, str]]


def _kept_export(db: Path) -> bytes | None:
    """The export written from what is kept alone, or None when it cannot be."""
    chunks = export_from_file.kept_json_chunks_of(db, Exported())
    if chunks is None:
        return None
    return b"".join(c.encode() if isinstance(c, str) else c for c in chunks)


def _stores_export(cli: Cli, db: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """`export --format json` through the store: nothing kept read, the file validated."""
    with monkeypatch.context() as slow:
        slow.setattr(export_from_file, "kept_json_chunks_of", lambda db, counted: None)
        slow.setattr(file_board, "known_valid_board", lambda db: None)
        code, out, _ = cli("--db", db, "export", "--format", "json")
    assert code == 0
    return out


def _made(cli: Cli, db: Path) -> None:
    assert cli("--db", db, "demo")[0] == 0  # deals, payments, templates, settings
    assert cli("--db", db, "list")[0] == 0  # read through the store: now known valid
    assert cli("--db", db, "export", "--format", "json")[0] == 0  # the file read: kept


def test_the_kept_export_is_the_stores_on_any_day_and_time(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _made(cli, db_path)
    start = clock.today()

    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(days=st.integers(0, 70), seconds=st.integers(0, 86399),
           micro=st.integers(0, 999999))
    def check(days: int, seconds: int, micro: int) -> None:
        today = start + timedelta(days=days)
        now = datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(
            seconds=seconds, microseconds=micro)
        with monkeypatch.context() as day:
            day.setattr(clock, "today", lambda: today)
            day.setattr(clock, "now", lambda: now)
            # A new month's figures are kept by the first export of that month.
            assert cli("--db", db_path, "export", "--format", "json")[0] == 0
            kept = _kept_export(db_path)
            assert kept is not None
            code, printed, _ = cli("--db", db_path, "export", "--format", "json")
            assert code == 0
            slow = _stores_export(cli, db_path, monkeypatch).encode()
            assert printed.encode() == kept == slow
            assert json.loads(kept)["exported_at"] == now.isoformat()

    check()


def test_a_changed_file_is_read_and_its_export_kept_again(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _made(cli, db_path)
    assert _kept_export(db_path) is not None
    partner = json.loads(cli("--db", db_path, "export", "--format", "json")[1])["partners"][1]
    assert cli("--db", db_path, "log", partner["id"], "called them")[0] == 0
    assert _kept_export(db_path) is None  # kept for the file before: not this one
    target = tmp_path / "out.json"
    code, _, said = cli("--db", db_path, "export", "--format", "json", "-o", target)
    assert code == 0 and said.startswith("Exported ")
    assert "called them" in target.read_text(encoding="utf-8")
    kept = _kept_export(db_path)  # kept again, for the file as it is now
    assert kept == target.read_bytes() == _stores_export(cli, db_path, monkeypatch).encode()
    code, _, kept_said = cli("--db", db_path, "export", "--format", "json", "-o", target)
    assert code == 0 and kept_said == said  # the same count said


STAGES = ["prospect", "engage", "negotiate", "active"]
# A change by the command line: `log` a note, or `move` to a stage, on the nth partner.
CHANGES = st.lists(
    st.tuples(st.integers(0, 24), st.sampled_from(["log", "move"]),
              st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
              st.sampled_from(STAGES)),
    min_size=1, max_size=4,
)


def test_each_export_after_changes_is_the_stores(
    cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Any changes by `log` and `move` one after the other (each store's close carries
    the kept partners' texts to the file it wrote: kept_json_partners.carry_texts), each
    followed by an export: that export (only the changed partners' texts made, to the
    kept MORE file or the whole part written again at any share) is the store's
    export, and the next export of the unchanged file, written from what it kept, is
    the same."""

    @settings(max_examples=6, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(changes=CHANGES, share=st.sampled_from([0, 16, 1000]))
    def check(changes: list[tuple[int, str, str, str]], share: int) -> None:
        monkeypatch.setattr(kept_json_partners, "MORE_SHARE", share)
        db = tmp_path_factory.mktemp("db") / "partners.json"
        _made(cli, db)
        ids = [p["id"] for p in json.loads(_kept_export(db) or b"")["partners"]]
        for n, how, note, stage in changes:
            if how == "log":
                assert cli("--db", db, "log", ids[n], f"note {note}")[0] == 0
            else:
                assert cli("--db", db, "move", ids[n], stage)[0] in (0, 1)  # (already there)
            code, printed, _ = cli("--db", db, "export", "--format", "json")
            assert code == 0
            assert printed == _stores_export(cli, db, monkeypatch)
            assert _kept_export(db) == printed.encode()

    check()


# A change through the store: `log` a note on the nth partner, the currency symbol set,
# or the playbook's template saved with a subject (then the file's own).
STORE_CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("log"), st.integers(0, 24), st.text(max_size=8)),
        st.tuples(st.just("currency"), st.integers(0, 0), st.sampled_from(["$", "€", "kr"])),
        st.tuples(st.just("template"), st.integers(0, 0), st.text(max_size=8)),
    ),
    min_size=1, max_size=5,
)


def test_a_kept_head_is_taken_only_for_the_same_settings_and_templates(
    cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Any changes through the store (partners, the settings, the templates), each
    followed by an export of the changed file: the settings' and templates' JSON forms
    are taken as kept (kept_json_export.kept_head) exactly when those two tables are
    the ones the last export made them from, and the export is the store's either way."""
    from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID
    from partner_tui.speedups.store_speedups import store_speedups
    from partner_tui.store.partner_store import PartnerStore

    heads: list[bool] = []
    kept_head = kept_json_export.kept_head

    def seen_head(*args: object) -> object:
        found = kept_head(*args)  # type: ignore[arg-type]
        heads.append(found is not None)
        return found

    monkeypatch.setattr(kept_json_export, "kept_head", seen_head)

    @settings(max_examples=8, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(changes=STORE_CHANGES)
    def check(changes: list[tuple[str, int, str]]) -> None:
        db = tmp_path_factory.mktemp("db") / "partners.json"
        _made(cli, db)
        ids = [p["id"] for p in json.loads(_kept_export(db) or b"")["partners"]]
        kept_tables = _settings_and_templates(db)  # those the last kept head was made from
        for how, n, text in changes:
            bytes_before = db.read_bytes()
            if how == "log":  # through the command line (its store's close carries)
                assert cli("--db", db, "log", ids[n], f"note {text}")[0] == 0
            else:
                with PartnerStore(db, hooks=store_speedups()) as store:
                    program = store.program
                    if how == "currency":
                        program.save_settings(
                            program.settings().model_copy(update={"currency_symbol": text}))
                    else:
                        playbook = program.templates()[0]
                        assert playbook.id == PLAYBOOK_TEMPLATE_ID
                        program.save_template(playbook.model_copy(update={"subject": text}))
            same = kept_tables == _settings_and_templates(db)
            heads.clear()
            code, printed, _ = cli("--db", db, "export", "--format", "json")
            assert code == 0
            # Asked only by an export that reads the file known valid (not the unchanged
            # file's, from the state folder alone, nor one through the store): after `log`.
            assert all(h == same for h in heads)
            assert heads == [same] or how != "log" or db.read_bytes() == bytes_before
            assert printed == _stores_export(cli, db, monkeypatch)
            if heads:  # the file read known valid: its export kept
                assert _kept_export(db) == printed.encode()
                kept_tables = _settings_and_templates(db)

    check()


def _settings_and_templates(db: Path) -> object:
    data = orjson.loads(db.read_bytes())
    return data.get("settings"), data.get("templates")


def test_a_file_changed_behind_its_stamp_is_read(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bytes rewritten by hand (another stamp): the kept export is not vouched for."""
    _made(cli, db_path)
    data = json.loads(db_path.read_text(encoding="utf-8"))
    first = next(iter(data["partners"].values()))
    first["company"] = "Renamed By Hand"
    db_path.write_text(json.dumps(data), encoding="utf-8")
    assert _kept_export(db_path) is None
    printed = cli("--db", db_path, "export", "--format", "json")[1]
    assert "Renamed By Hand" in printed
    assert printed == _stores_export(cli, db_path, monkeypatch)


DAMAGES = ["garbage", "another program", "another file", "templates", "link",
           "partners uncounted", "figures gone"]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_kept_part_is_nothing_kept(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, damage: str,
) -> None:
    _made(cli, db_path)
    assert _kept_export(db_path) is not None
    document = kept_file(db_path, kept_json_export.KIND)
    content = document.read_bytes()
    if damage == "garbage":
        document.write_bytes(b"\x00" * len(content))
    elif damage == "another program":
        document.write_bytes(content.replace(b'"key":"', b'"key":"x', 1))
    elif damage == "another file":
        document.write_bytes(content.replace(b'"file":"', b'"file":"0', 1))
    elif damage == "templates":
        kept = orjson.loads(content)
        kept["templates"] = {"playbook": kept["templates"][0]}
        document.write_bytes(orjson.dumps(kept))
    elif damage == "link":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_bytes(content)
        document.unlink()
        document.symlink_to(elsewhere)
    elif damage == "partners uncounted":  # an index without the file's count of partners
        partners = kept_file(db_path, kept_json_partners.KIND, kept_json_partners.PART)
        text = partners.read_bytes()
        partners.write_bytes(text.replace(b',"count":', b',"counted":', 1))
    else:
        for kept in kept_file(db_path, "json-figures").parent.glob("*.json"):
            kept.unlink()
    assert _kept_export(db_path) is None
    printed = cli("--db", db_path, "export", "--format", "json")[1]
    assert printed == _stores_export(cli, db_path, monkeypatch)
    if damage != "link":  # made again by the export that read the file
        assert _kept_export(db_path) == printed.encode()


@given(moment=st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)),
                                                     timezone(timedelta(minutes=330))])))
def test_an_instants_json_form_is_the_models(moment: datetime) -> None:
    """The playbook's template's times are written by instant_json on the kept path."""
    from pydantic import TypeAdapter

    assert instant_json(moment) == TypeAdapter(datetime).dump_python(moment, mode="json")


def test_the_kept_export_imports_no_pydantic(tmp_path: Path) -> None:
    """The demo's program (deals, payments, templates of its own) exported once: the
    next export of the unchanged file imports neither pydantic nor any model, and writes
    what the first wrote (but its time). A fresh interpreter per command."""
    run = FreshCli(tmp_path, ("pydantic", "partner_tui.domain.program"))
    run("demo")
    run("list")  # read through the store once: now known valid
    assert "pydantic" in run("export", "--format", "json", "-o", tmp_path / "first.json")
    assert run("export", "--format", "json", "-o", tmp_path / "kept.json") == ""
    first, kept = (json.loads((tmp_path / f"{n}.json").read_bytes()) for n in ("first", "kept"))
    for document in (first, kept):  # the time of each export, the playbook's made with it
        document.pop("exported_at")
        playbook = document["templates"][0]
        times = playbook.pop("created_at"), playbook.pop("updated_at")
        assert playbook["id"] == "playbook"
        assert document is first or times[0] == times[1]
    assert kept == first and kept["deals"] and kept["payments"] and kept["templates"]
    assert date.fromisoformat(kept["figures"][kept["partners"][0]["id"]]["as_of"])


def test_the_export_after_a_log_imports_no_pydantic(tmp_path: Path) -> None:
    """A file of partners only (no deal nor payment: those are validated), exported,
    then `log` on one partner: the export of the changed file reads it, and takes the
    settings' and templates' JSON forms, the changed partner's text (made by the log's
    close) and every figure as kept, importing neither pydantic nor any model; it writes
    what the store's export does (but its time)."""
    import subprocess
    import sys

    run = FreshCli(tmp_path, ("pydantic", "partner_tui.domain.program"))
    bench = Path(__file__).resolve().parents[3] / "bench" / "make_db.py"
    subprocess.run([sys.executable, str(bench), "30", str(run.db)], check=True,
                   capture_output=True, timeout=120)
    run("list")  # read through the store once: now known valid
    run("export", "--format", "json", "-o", tmp_path / "first.json")  # the file read: kept
    partner = json.loads((tmp_path / "first.json").read_bytes())["partners"][7]["id"]
    run("log", partner, "called them back")
    assert run("export", "--format", "json", "-o", tmp_path / "changed.json") == ""
    changed = json.loads((tmp_path / "changed.json").read_bytes())
    assert "called them back" in json.dumps(changed["partners"][7])
    assert run("export", "--format", "json", "-o", tmp_path / "kept.json") == ""
    assert (tmp_path / "kept.json").read_bytes() != b""
    # The store's export, nothing kept (a fresh state folder, the file validated).
    store = FreshCli(tmp_path / "other", ("pydantic",))
    store.db = run.db
    assert "pydantic" in store("export", "--format", "json", "-o", tmp_path / "store.json")
    for document in (changed, stored := json.loads((tmp_path / "store.json").read_bytes())):
        document.pop("exported_at")
        playbook = document["templates"][0]
        playbook.pop("created_at"), playbook.pop("updated_at")
    assert changed == stored
