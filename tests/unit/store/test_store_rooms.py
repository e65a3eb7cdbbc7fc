"""The store's rooms agree on what each table holds (the layers themselves are an
import-linter contract in pyproject.toml, run by tests/unit/test_import_hygiene.py)."""

from __future__ import annotations

import ast
from pathlib import Path

from partner_tui.store.file.schema import KEYED_BY_ID, TABLES
from partner_tui.store.merge.table_rules import SPECS
from partner_tui.store.records.load import TABLE_MODELS


def test_every_table_the_merge_validates_is_cleaned_by_the_same_model_as_it_is_read() -> None:
    # records/ cleans each record's text by TABLE_MODELS; merge/ validates a merged record
    # by SPECS. A table added to one and not the other would be read uncleaned or merged
    # unchecked.
    merged = {name: spec.model for name, spec in SPECS.items() if spec.model is not None}
    assert merged == TABLE_MODELS


def test_every_table_with_a_model_is_a_table_of_the_file() -> None:
    known = set(TABLES) | set(KEYED_BY_ID)
    assert set(TABLE_MODELS) <= known, set(TABLE_MODELS) - known


PACKAGE = Path(__file__).resolve().parents[3] / "partner_tui"
# The rooms that may read TinyDB's storage directly: the Storage itself and the tables.
STORAGE_ROOMS = (PACKAGE / "store" / "file", PACKAGE / "store" / "records")


def raw_storage_reads(source: str) -> list[int]:
    """Lines calling `<something named storage>.read()`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "read"
            and "storage" in ast.unparse(node.func.value).lower()
        ):
            lines.append(node.lineno)
    return lines


def test_raw_storage_reads_stay_in_the_file_and_records_rooms() -> None:
    # TinyDB is the storage layer only (docs/layout.md): records are read through the
    # tables (records/), never by reading the storage's whole data elsewhere.
    assert raw_storage_reads("x = self._storage.read() or {}\n") == [1]  # the check works
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if not any(path.is_relative_to(room) for room in STORAGE_ROOMS)
        and (lines := raw_storage_reads(path.read_text(encoding="utf-8")))
    }
    assert found == {}
