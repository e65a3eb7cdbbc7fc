"""Opening the data file for a command: every command that reads or changes partners
goes through here, so each gets the same store (with the speedups) and the same care."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli.errors import CommandFailed

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore


def open_store(db: Path, *, read_only: bool = False) -> PartnerStore:
    # Imported here: the store brings pydantic and the playbook's models, which opening
    # the app from the board's preview does without (see speedups/board_preview.py).
    from partner_tui.profile.your_name import seed_from_file, your_name
    from partner_tui.speedups.store_speedups import store_speedups
    from partner_tui.store.partner_store import PartnerStore

    # With the speedups: records known valid are not validated again, and closing keeps
    # what makes the app's next start fast (the known-valid records, the board preview).
    # Every change it makes is signed with your name.
    store = PartnerStore(db, read_only=read_only, hooks=store_speedups(), author=your_name)
    seed_from_file(store.program.settings().profile.your_name)
    return store


def open_existing(db: Path, *, read_only: bool) -> PartnerStore:
    """The store of a database that must exist already: reading or editing partners
    never creates an empty file by mistake (a typo in --db)."""
    if not db.exists():
        raise CommandFailed(
            f"{db}: no such database; check --db (a new one is made by demo or import)"
        )
    return open_store(db, read_only=read_only)
