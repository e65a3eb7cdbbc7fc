"""The store's rooms agree on what each table holds (the layers themselves are an
import-linter contract in pyproject.toml, run by tests/unit/test_import_hygiene.py)."""

from __future__ import annotations

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
