"""The data file the app works on: opened here, and nowhere else in the UI.

A StoreSession starts in one of three ways:
- a store handed in (the pictures, embedders): used as it is;
- the board's first screen as the last session left it, when the file has not changed
  since (speedups/board_preview.py): the board paints from it and the file is read right
  after the first paint, or sooner if a key needs it;
- otherwise the store opens at once, before any screen: a bad or locked file is reported
  by the command line and the app never starts.

It also answers for what goes wrong with the file while the app runs: a save that failed,
a record check that found the file unusable, another program that changed the file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from partner_tui.speedups.collector import resume_after_start
from partner_tui.speedups.board_preview import BoardPreview, read_preview
from partner_tui.store.errors import ChangedOnDisk, DatabaseUnreadable, StoreError
from partner_tui.store.lock import WriterLock, data_file
from partner_tui.store.shared_folder import open_folder_warning

if TYPE_CHECKING:
    # Imported when the store opens: it brings pydantic and the playbook's models, which
    # the first paint from a preview does without.
    from partner_tui.store.partner_store import PartnerStore

# The safe answer first, highlighted: an enter typed ahead drops nothing.
CONFLICT_CHOICES: list[tuple[str, str]] = [
    ("later", "Decide later"),
    ("reload", "Reload theirs (drop my unsaved change)"),
    ("mine", "Keep mine (theirs is copied aside first)"),
]


class StoreSession:
    def __init__(
        self,
        app: App[Any],
        db_path: Path,
        *,
        read_only: bool = False,
        store: PartnerStore | None = None,
        data_changed: Callable[[], None],
    ) -> None:
        self._app = app
        self.db_path = db_path
        # Called when every screen must show the data anew (file read, reloaded).
        self._data_changed = data_changed
        self._store = store
        self.read_only = store.read_only if store is not None else read_only
        self.preview: BoardPreview | None = None
        self._lock: WriterLock | None = None
        # A store that failed to open after the first paint: the command line reports it.
        self.open_error: StoreError | None = None
        # The file was replaced between the first paint (from the preview) and its read.
        self.changed_since_preview = False
        # Clear from a key or a click until the screen has answered it: the store's work
        # after open waits meanwhile (StoreHooks.pause, see speedups/store_speedups.py).
        self.answered = threading.Event()
        self.answered.set()
        self._conflict_open = False
        # Others may replace the file: said once, when the app is up (see PartnerApp).
        self.folder_warning = open_folder_warning(db_path) if store is None else None
        if store is None:
            self.preview = read_preview(data_file(db_path))
            if self.preview is not None and not read_only:
                # Taken now, as the store would: a second writer is refused before it paints.
                self._lock = WriterLock(data_file(db_path))
                self._lock.acquire()
            if self.preview is None:
                self._open()

    # -- the store -------------------------------------------------------------------------
    @property
    def store(self) -> PartnerStore:
        """The data. After a first paint from a preview it opens on first use: right
        after that paint (open_after_first_paint), or sooner if a key or a click needs
        it. Either way every screen then shows the real data, not the preview."""
        if self._store is None:
            self._open()
            self._data_changed()
        assert self._store is not None
        return self._store

    @property
    def is_open(self) -> bool:
        return self._store is not None

    @property
    def blocked(self) -> StoreError | None:
        """What the background record check found wrong with the file, if anything."""
        return self._store.blocked if self._store is not None else None

    def _open(self) -> None:
        from partner_tui.speedups.store_speedups import store_speedups
        from partner_tui.store.partner_store import PartnerStore

        try:
            store = PartnerStore(
                self.db_path,
                read_only=self.read_only,
                write_behind=True,
                on_error=self._on_error_from_thread,
                # First paint does not wait for validating thousands of records; saving does.
                verify_in_background=True,
                lock=self._lock,
                hooks=store_speedups(pause=self._wait_until_answered),
            )
        except StoreError as exc:
            if self._lock is not None:
                self._lock.release()
            if self.preview is not None:
                self.open_error = exc
            raise
        self._store = store
        if self.preview is not None:
            # Read after the first paint: is it still the file the preview showed?
            self.changed_since_preview = not self.preview.still_shows(data_file(self.db_path))
        self.preview = None

    def open_after_first_paint(self) -> bool:
        """Read the file (after a preview), then check records and warm caches in the
        background. False when the file cannot be opened (the command line says why)."""
        resume_after_start()  # the command line paused the collector for the start
        try:
            store = self.store
        except StoreError:
            return False
        store.start_background()
        return True

    def ready_for_a_key(self) -> bool:
        """Every key acts on the real data: one pressed before the file was read after a
        preview (within a fraction of a second of the start) waits for it. If the file
        changed in between, the key was aimed at a board that is no longer there: False,
        the key is dropped, and the person sees the board as the file has it now."""
        if self._store is not None:
            return True
        preview = self.preview
        self.store  # noqa: B018 - opens it
        if preview is not None and self.changed_since_preview:
            self._app.notify(
                f"{self.db_path.name} changed on disk just as the app started; the board "
                "now shows it as it is. Press the key again.",
                title="Not done",
                severity="warning",
            )
            return False
        return True

    def close(self) -> None:
        """Save what is pending and free the writer lock (see the command line)."""
        if self._store is not None:
            self._store.close()
        elif self._lock is not None:
            self._lock.release()

    # -- the store's work after open waits while a key is answered ----------------------------
    def input_arrived(self) -> None:
        """A key or a click: the store's background work waits until the screen answered."""
        if self.answered.is_set():
            self.answered.clear()
            self._app.call_after_refresh(self.answered.set)

    def _wait_until_answered(self) -> None:
        # Bounded: the work must finish even if a refresh never comes (app leaving).
        self.answered.wait(timeout=1.0)

    # -- store errors from the background writer ----------------------------------------------
    def _on_error_from_thread(self, error: StoreError) -> None:
        try:
            self._app.call_from_thread(self.on_store_error, error)
        except RuntimeError:
            pass  # not running yet: the app's on_mount looks at `blocked` itself

    def on_store_error(self, error: StoreError) -> None:
        """A save failed (disk full, file changed by someone else): say so, lose nothing."""
        if isinstance(error, ChangedOnDisk):
            self._resolve_conflict()
            return
        if isinstance(error, DatabaseUnreadable):
            # Found by the background check: nothing was or will be written over the file.
            # The command line's store.close() raises it again and prints the one line.
            # After a refresh: leaving while the board is still mounting trips its Header.
            self._app.call_after_refresh(self._app.exit, return_code=1)
            return
        self._app.notify(str(error), title="Not saved", severity="error", timeout=15)

    # -- another program changed the file ----------------------------------------------------
    def _resolve_conflict(self) -> None:
        if self._conflict_open:
            return
        self._conflict_open = True
        from partner_tui.ui.dialogs.confirm import ChoiceDialog

        self._app.push_screen(
            ChoiceDialog(
                f"{self.db_path.name} was changed on disk by another program.",
                CONFLICT_CHOICES,
            ),
            self._conflict_decided,
        )

    def _conflict_decided(self, choice: str | None) -> None:
        self._conflict_open = False
        notify = self._app.notify
        try:
            if choice == "reload":
                self.store.reload()
                notify("Reloaded the file from disk.", title="Reloaded")
            elif choice == "mine":
                aside = self.store.keep_mine()
                notify(f"Saved yours; theirs was copied to {aside}", title="Saved")
            else:
                notify(
                    "Your change is not saved yet; it will be offered again on the next save.",
                    severity="warning",
                )
                return
        except StoreError as exc:
            notify(str(exc), title="Not saved", severity="error", timeout=15)
            return
        self._data_changed()
