"""The exports of a file known valid, read from its records (cli/export_from_file.py,
exchange/json_records.py, the Markdown report a partner at a time), write the very bytes
the store's exports write: for the demo program (deals, payments, templates, settings)
and for a file typed by hand (values in forms only the models' rules turn into theirs)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from partner_tui.speedups import file_board
from partner_tui.speedups.file_board import known_valid_board
from tests.helpers.fresh_cli import FreshCli

Cli = Callable[..., tuple[int, str, str]]

FORMATS = ("json", "md", "csv", "ics")


def _hand_typed(db: Path) -> None:
    """The demo's records rewritten as a person may type them: each still valid."""
    data = json.loads(db.read_text(encoding="utf-8"))
    for n, record in enumerate(data["partners"].values()):
        record["company"] = f"  {record['company']}\t"
        record["website"] = f"example{n}.com"
        record["contact_email"] = f" Person{n}@Example.COM "
        record["potential_value"] = [12, "12.5", "1E+3", None][n % 4]
        record["notes"] = "line one\x1b[31m red\nline two\u202e"
        record["created_at"] = "2026-01-05T08:00:00+00:00"
        record["tags"] = [" a ", "a", "b"]
        record.setdefault("models", {})["revenue_share"] = {
            "enabled": True, "percent": 10, "steps": "20%x12,10%x6"}
        record["fit"] = {"complementary": 4}
        for change in record.get("stage_history") or []:
            change["entered_at"] = change["entered_at"].replace("Z", "+00:00")
        if n % 2:
            record["activities"] = [{"id": f"a{n}", "date": "2026-02-01", "text": "called\tthem"}]
    db.write_text(json.dumps(data, indent=1), encoding="utf-8")


@pytest.mark.parametrize("typed_by_hand", [False, True])
def test_the_exports_of_a_file_known_valid_are_the_stores_bytes(
    db_path: Path, cli: Cli, frozen_clock: object, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, typed_by_hand: bool,
) -> None:
    assert cli("--db", db_path, "demo")[0] == 0
    if typed_by_hand:
        _hand_typed(db_path)
    assert cli("--db", db_path, "list")[0] == 0  # read once through the store: now known
    assert known_valid_board(db_path) is not None

    def exports() -> dict[str, tuple[bytes, str]]:
        out: dict[str, tuple[bytes, str]] = {}
        for fmt in FORMATS:
            target = tmp_path / f"export.{fmt}"  # the same name: "Exported ... to" it
            code, _, said = cli("--db", db_path, "export", "--format", fmt, "-o", target)
            assert code == 0
            printed = cli("--db", db_path, "export", "--format", fmt)[1]
            out[fmt] = (target.read_bytes(), printed + said)
        return out

    fast = exports()
    monkeypatch.setattr(file_board, "known_valid_board", lambda db: None)
    slow = exports()
    assert fast == slow
    document = json.loads(fast["json"][0])
    assert document["deals"] and document["payments"] and document["figures"]
    if typed_by_hand:  # the models' rules, not the stored text
        partner = document["partners"][0]
        assert partner["website"].startswith("https://example")
        assert partner["tags"] == ["a", "b"] and "\x1b" not in partner["notes"]


def test_the_csv_and_calendar_exports_of_a_file_known_valid_never_import_pydantic(
    tmp_path: Path,
) -> None:
    """Importing pydantic and the models costs about the program's own start: the CSV
    export reads its rows from the records by the models' rules on plain values
    (exchange/csv_records.py, domain/terms_choices.py), the calendar its entries
    (speedups/file_board.py). A fresh interpreter per command."""
    run = FreshCli(tmp_path, ("pydantic",))
    assert "pydantic" in run("demo")
    run("list")  # read through the store once: now known valid
    assert run("export", "--format", "csv", "-o", tmp_path / "out.csv") == ""
    assert run("export", "--format", "ics", "-o", tmp_path / "out.ics") == ""
    assert run("export", "--format", "ics", "--events", "-o", tmp_path / "events.ics") == ""


def test_the_terms_defaults_read_without_pydantic_are_the_models() -> None:
    from partner_tui.domain.partnership_models import ReferralFee, RevenueShare
    from partner_tui.domain.terms_choices import FEE_DEFAULTS, SHARE_DEFAULTS

    for model, defaults in ((RevenueShare, SHARE_DEFAULTS), (ReferralFee, FEE_DEFAULTS)):
        declared = {name: field.default for name, field in model.model_fields.items()}
        assert defaults == declared
        assert [type(v) for v in defaults.values()] == [type(v) for v in declared.values()]


def test_the_json_export_after_one_partner_changed_is_the_stores_bytes(
    db_path: Path, cli: Cli, frozen_clock: object, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each partner's text kept from the last export (speedups/kept_json_partners.py):
    after `log` changed one partner, the export is still the store's."""
    assert cli("--db", db_path, "demo")[0] == 0
    assert cli("--db", db_path, "list")[0] == 0
    first = json.loads(cli("--db", db_path, "export", "--format", "json")[1])
    assert cli("--db", db_path, "export", "--format", "json")[0] == 0  # kept now
    partner = first["partners"][len(first["partners"]) // 2]["id"]
    assert cli("--db", db_path, "log", partner, "called them")[0] == 0
    assert known_valid_board(db_path) is not None
    fast = cli("--db", db_path, "export", "--format", "json")[1]
    again = cli("--db", db_path, "export", "--format", "json")[1]
    monkeypatch.setattr(file_board, "known_valid_board", lambda db: None)
    slow = cli("--db", db_path, "export", "--format", "json")[1]
    assert fast == slow == again
    assert "called them" in fast and fast != json.dumps(first)


def test_the_json_export_of_partners_kept_imports_no_partner_or_deal_model(
    tmp_path: Path,
) -> None:
    """A file known valid with partners only (no deals, payments or templates of its
    own), exported once: the next export writes each partner's kept text and figures and
    imports neither the partner's model nor the deals' (the settings' and templates' it
    still writes). A fresh interpreter per command."""
    run = FreshCli(tmp_path, ("partner_tui.domain.partner", "partner_tui.domain.deals",
                              "partner_tui.store.parts.deals"))
    db = run.db
    run("demo")
    data = json.loads(db.read_text(encoding="utf-8"))
    for table in ("deals", "payments", "templates"):
        data[table] = {}
    db.write_text(json.dumps(data), encoding="utf-8")
    run("list")  # read through the store once: now known valid
    first = run("export", "--format", "json", "-o", tmp_path / "first.json")
    assert "partner_tui.domain.partner" in first  # each partner read from its record
    assert run("export", "--format", "json", "-o", tmp_path / "out.json") == ""
    kept, made = (json.loads((tmp_path / f"{name}.json").read_bytes()) for name in ("out", "first"))
    assert kept["partners"] == made["partners"] and kept["figures"] == made["figures"]
    assert kept["partners"] and kept["figures"] and kept["deals"] == kept["payments"] == []
