"""Kept figures (speedups/kept_figures.py) through the command line: a file not known
valid never reads them, and only a whole file's records are measured for them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from partner_tui.speedups import kept_figures
from partner_tui.speedups.file_board import FileStore, known_valid_store
from partner_tui.speedups.kept_figures import trusted
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.seeding import seed_demo

Cli = Callable[..., tuple[int, str, str]]


def test_a_file_not_known_valid_never_reads_kept_figures(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli,
    frozen_clock: object,
) -> None:
    seed_demo(db_path)
    assert cli("--db", db_path, "list", "--json")[0] == 0  # validated
    assert cli("--db", db_path, "list", "--json")[0] == 0  # known valid: figures kept
    assert cli("--db", db_path, "export", "--format", "json")[0] == 0
    # Edited by hand (valid, but not by this program): the kept figures are never read.
    data = json.loads(db_path.read_text(encoding="utf-8"))
    typed = next(
        pid for pid, raw in data["partners"].items()
        if not any(d.get("partner_id") == pid for d in data.get("deals", {}).values())
    )
    data["partners"][typed]["metrics"]["revenue_attributed"] = "4242.00"
    db_path.write_text(json.dumps(data), encoding="utf-8")

    def unread(*args: object) -> dict[str, Any]:
        raise AssertionError("kept figures read for a file not known valid")

    with monkeypatch.context() as patch:
        patch.setattr(kept_figures, "load", unread)
        code, out, _err = cli("--db", db_path, "list", "--json")
        assert code == 0
        entry = next(p for p in json.loads(out)["partners"] if p["id"] == typed)
        assert entry["figures"]["revenue"] == "4242.00"
    # Validated by that read, and remembered: now known valid, its changed partner's
    # figures are computed again (its inputs are not those kept), the others read.
    code, out, _err = cli("--db", db_path, "export", "--format", "json")
    assert code == 0 and json.loads(out)["figures"][typed]["revenue"] == "4242.00"
    with PartnerStore(db_path, read_only=True) as store:
        assert not trusted(store)  # a store that validates its file


def test_a_kept_board_or_one_partners_spans_never_keep_figures(
    db_path: Path, cli: Cli, frozen_clock: object,
) -> None:
    """Only a whole file's records are read for figures kept: a board of projections
    would measure partners by what it left out."""
    from partner_tui.speedups.file_board import kept_board, one_partner_store

    seed_demo(db_path)
    listed = cli("--db", db_path, "list", "--json")[1]  # validated
    some = json.loads(listed)["partners"][0]["id"]
    for _ in range(2):  # read whole: the kept board and the spans kept
        assert cli("--db", db_path, "list")[0] == 0
        assert cli("--db", db_path, "show", some)[0] == 0
    # (The demo has deals: a board is kept for `list`, not for `due`.)
    board = kept_board(db_path, with_deals=False)
    assert board is not None and not trusted(FileStore(board))
    one = one_partner_store(db_path, some)
    assert one is not None and not trusted(one)
    whole = known_valid_store(db_path)
    assert whole is not None and trusted(whole)


def test_a_kept_text_that_would_act_on_a_terminal_is_never_printed(
    db_path: Path, cli: Cli, frozen_clock: object,
) -> None:
    """What list --json prints from the state folder as it is kept is what json_text
    writes: ASCII, with no raw control character. Anything else there is not printed."""
    import orjson

    from partner_tui.paths import state_file

    seed_demo(db_path)
    for _ in range(2):
        assert cli("--db", db_path, "list", "--json")[0] == 0
    code, expected, _err = cli("--db", db_path, "list", "--json")  # from what is kept
    assert code == 0
    cache = state_file(db_path, "listed")
    kept = orjson.loads(cache.read_bytes())
    entry = next(iter(kept["partners"].values()))
    entry[1][0] = entry[1][0].replace('"company": "', '"company": "\x1b]0;owned\x07\x1b[2J', 1)
    cache.write_bytes(orjson.dumps(kept))
    code, out, _err = cli("--db", db_path, "list", "--json")
    assert code == 0 and out == expected and "\x1b" not in out
    # The query's own kept text (what is printed without parsing the entries) alike.
    from partner_tui.speedups.state_cache import kept_file

    for _ in range(2):
        assert cli("--db", db_path, "list", "--json")[1] == expected
    text = kept_file(db_path, "listed", "board")
    head, _, body = text.read_bytes().partition(b"\n")
    assert b'"company": "' in body
    text.write_bytes(head + b"\n" + body.replace(b'"company": "', b'"company": "\x1b[2J', 1))
    code, out, _err = cli("--db", db_path, "list", "--json")
    assert code == 0 and out == expected and "\x1b" not in out


def test_the_same_query_prints_its_kept_text_without_parsing_the_kept_entries(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The next `list --json` (and `--stage`) reads its query's kept text alone: the
    entries kept as JSON (megabytes at 10,000 partners) are not parsed, and what it
    prints is what the computed path printed."""
    seed_demo(db_path)
    printed: dict[tuple[str, ...], str] = {}
    for query in (("list", "--json"), ("list", "--json", "--stage", "active")):
        for _ in range(2):  # validated, then computed from the file known valid and kept
            code, out, _err = cli("--db", db_path, *query)
            assert code == 0
        printed[query] = out

    def unread(*args: object) -> dict[str, Any]:
        raise AssertionError("the kept entries were parsed")

    monkeypatch.setattr(kept_figures, "load", unread)
    for query, expected in printed.items():
        assert cli("--db", db_path, *query)[1] == expected


def test_a_percent_sign_in_the_data_prints_as_it_is_from_the_kept_text(
    db_path: Path, cli: Cli, frozen_clock: object, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kept text is a %-format: a % the data holds is printed as the computed path
    prints it, never read as a place for a value."""
    seed_demo(db_path)
    with PartnerStore(db_path) as store:
        partner = store.partners.all()[0]
        store.partners.update(partner.model_copy(update={"company": "100% %s %(x)s %% %d"}))
    computed = cli("--db", db_path, "list", "--json")[1]
    assert "100% %s %(x)s %% %d" in computed

    def unread(*args: object) -> dict[str, Any]:
        raise AssertionError("the kept entries were parsed")

    for _ in range(2):
        assert cli("--db", db_path, "list", "--json")[1] == computed
    monkeypatch.setattr(kept_figures, "load", unread)  # from the kept text alone now
    assert cli("--db", db_path, "list", "--json")[1] == computed
