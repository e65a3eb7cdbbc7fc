"""Read the data file back as a second program would, once the app has saved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from partner_tui.app import PartnerApp
from partner_tui.store.partner_store import PartnerStore


@contextmanager
def read_back(app: PartnerApp, db_path: Path) -> Iterator[PartnerStore]:
    """Wait for the app's background writes, then open the file read-only: what the
    test then sees is on disk, not only in the app's memory."""
    app.store.flush()
    with PartnerStore(db_path, read_only=True) as store:
        yield store
