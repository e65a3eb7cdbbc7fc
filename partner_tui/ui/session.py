"""The data file the app works on: opened here, and nowhere else in the UI.

A StoreSession starts in one of three ways:
- a store handed in (the pictures, embedders): used as it is;
- the board's first screen as the last session left it (speedups/board_preview.py): the
  board paints from it and the file is read right after the first paint, or sooner if a
  key needs it. If the file changed since (another writer, `git pull`), reading it shows
  the change like any other writer's;
- otherwise the store opens at once, before any screen: a bad file is reported by the
  command line and the app never starts.

Every change reaches the screens one way: the session publishes a DataChanged
(store/data_changed.py) on its `data_changed` signal, which every screen subscribes to
(ui/common/screen.py): this app's own changes as the store stores them ("local"), the
file read after a first paint from the preview ("opened"), and other writers' changes
("disk"). Other processes write the same file (a second app, a `serve` tab, `import`,
`git pull`): the session watches it (a cheap stat, WATCH_EVERY seconds) and merges their
changes into what the app holds in a Textual thread worker, off the screen's thread. It also
answers for what goes wrong with the file while the app runs: a save that failed, a
record check that found the file unusable, another writer's file that cannot be read.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.signal import Signal

from partner_tui.speedups.board_preview import BoardPreview, read_preview
from partner_tui.speedups.collector import resume_after_start
from partner_tui.store.data_changed import DataChanged
from partner_tui.store.errors import DatabaseLocked, StoreError
from partner_tui.store.file.lock import data_file
from partner_tui.store.file.shared_folder import open_folder_warning
from partner_tui.ui.common.plain import plain

if TYPE_CHECKING:
    # Imported when the store opens: it brings pydantic and the playbook's models, which
    # the first paint from a preview does without.
    from partner_tui.store.merge.three_way import MergeResult
    from partner_tui.store.partner_store import PartnerStore

# How often the file is looked at (seconds): another writer's change shows within this
# plus the time to read and merge it (at 10,000 partners about 0.4 s).
WATCH_EVERY = 0.3


class StoreSession:
    def __init__(
        self,
        app: App[Any],
        db_path: Path,
        *,
        read_only: bool = False,
        store: PartnerStore | None = None,
    ) -> None:
        self._app = app
        self.db_path = db_path
        # Every change to the data, whoever made it: screens subscribe (PartnerScreen).
        self.data_changed: Signal[DataChanged] = Signal(app, "data-changed")
        # Changes are made on the app's thread; one made elsewhere is handed over to it.
        self._app_thread = threading.get_ident()
        self._store = store
        if store is not None:
            store.on_change(self._stored_here)
        self.read_only = store.read_only if store is not None else read_only
        self.preview: BoardPreview | None = None
        # A store that failed to open after the first paint: the command line reports it.
        self.open_error: StoreError | None = None
        # The file was changed between the last session and its read by this one.
        self.changed_since_preview = False
        # Clear from a key or a click until the screen has answered it: the store's work
        # after open waits meanwhile (StoreHooks.pause, see speedups/store_speedups.py).
        self.answered = threading.Event()
        self.answered.set()
        self._merging = False
        # The unusable file last told about (its error's text): told once, not each look.
        self._told: str | None = None
        # Others may replace the file: said once, when the app is up (see PartnerApp).
        self.folder_warning = open_folder_warning(db_path) if store is None else None
        if store is None:
            self.preview = read_preview(data_file(db_path))
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
            self.publish(DataChanged("opened"))
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
        from partner_tui.profile.your_name import your_name
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
                hooks=store_speedups(pause=self._wait_until_answered),
                author=your_name,
            )
        except StoreError as exc:
            if self.preview is not None:
                self.open_error = exc
            raise
        store.on_change(self._stored_here)
        self._store = store
        if self.preview is not None:
            self.changed_since_preview = not self.preview.still_shows(data_file(self.db_path))
        self.preview = None

    def open_after_first_paint(self) -> bool:
        """Read the file (after a preview), then check records and warm caches in the
        background, and watch the file for other writers' changes. False when the file
        cannot be opened (the command line says why)."""
        resume_after_start()  # the command line paused the collector for the start
        try:
            store = self.store
        except StoreError:
            return False
        store.start_background()
        self._app.set_interval(WATCH_EVERY, self.look_at_the_file, name="watch the data file")
        return True

    def close(self) -> None:
        """Save what is pending (see the command line)."""
        if self._store is not None:
            self._store.close()

    # -- the store's work after open waits while a key is answered ----------------------------
    def input_arrived(self) -> None:
        """A key or a click: the store's background work waits until the screen answered."""
        if self.answered.is_set():
            self.answered.clear()
            self._app.call_after_refresh(self.answered.set)

    def _wait_until_answered(self) -> None:
        # Bounded: the work must finish even if a refresh never comes (app leaving).
        self.answered.wait(timeout=1.0)

    # -- telling the screens ------------------------------------------------------------------
    def publish(self, change: DataChanged) -> None:
        """Tell every screen (on the app's thread)."""
        self.data_changed.publish(change)

    def _stored_here(self, change: DataChanged) -> None:
        """The store stored one of this app's changes."""
        if threading.get_ident() == self._app_thread:
            self.publish(change)
            return
        try:
            self._app.call_from_thread(self.publish, change)
        except RuntimeError:
            pass  # the app is not running (any more): no screen to tell

    # -- other writers -------------------------------------------------------------------------
    def look_at_the_file(self) -> None:
        """Every WATCH_EVERY seconds: if another writer changed the file, merge it in (in a
        thread: reading 10,000 partners takes a while) and show it."""
        store = self._store
        if store is None or self._merging:
            return
        # Also when our own save merged another writer's change in (on the writer's
        # thread): the screens have not shown it yet.
        if not store.changed_on_disk() and not store.merged_unshown:
            return
        self._merging = True
        self._app.run_worker(
            partial(self._merge_in, store),
            name="merge another writer's changes in",
            group="merge-in",
            thread=True,
            exclusive=True,
        )

    def _merge_in(self, store: PartnerStore) -> None:
        try:
            result: MergeResult | StoreError | None = store.merge_from_disk()
        except StoreError as exc:
            result = exc
        try:
            self._app.call_from_thread(self._merged_in, result)
        except RuntimeError:
            self._merging = False  # the app is not running (any more)

    def _merged_in(self, result: MergeResult | StoreError | None) -> None:
        self._merging = False
        if isinstance(result, StoreError):
            if str(result) != self._told:
                self._told = str(result)
                self._app.notify(
                    plain(
                        f"{result} Nothing is written over it until it is fixed; your "
                        "changes are kept."
                    ),
                    title="Another program's file cannot be read",
                    severity="error",
                    timeout=20,
                )
            return
        self._told = None
        if result is None:
            return
        changed = {table: frozenset(keys) for table, keys in result.changed.items() if keys}
        self.publish(DataChanged("disk", changed))
        self._tell_clashes(result)

    def _tell_clashes(self, result: MergeResult) -> None:
        from partner_tui.store.merge.three_way import iter_clash_lines

        lines = list(iter_clash_lines(result))
        if not lines:
            return
        shown = "\n".join(lines[:5]) + (f"\n… and {len(lines) - 5} more" if len(lines) > 5 else "")
        self._app.notify(
            plain(f"{shown}\n(The later change is kept; the other is in the partner's log.)"),
            title="Changed here and by someone else",
            severity="warning",
            timeout=15,
        )

    # -- store errors from the background writer ----------------------------------------------
    def _on_error_from_thread(self, error: StoreError) -> None:
        try:
            self._app.call_from_thread(self.on_store_error, error)
        except RuntimeError:
            pass  # not running yet: the app's on_mount looks at `blocked` itself

    def on_store_error(self, error: StoreError) -> None:
        """A save failed (disk full, a lock held too long, another writer's file that
        cannot be read): say so, lose nothing. The record check found the file unusable
        from the start: leave (the command line says why)."""
        if self._store is not None and error is self._store.blocked:
            # Nothing was or will be written over the file. The command line's
            # store.close() raises it again and prints the one line. After a refresh:
            # leaving while the board is still mounting trips its Header.
            self._app.call_after_refresh(self._app.exit, return_code=1)
            return
        later = " Your change is kept and saved with your next one."
        if isinstance(error, DatabaseLocked):
            later = " Your change is kept and saved with your next one, or when you quit."
        self._app.notify(plain(f"{error}{later}"), title="Not saved", severity="error", timeout=15)
