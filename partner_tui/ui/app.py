"""PartnerApp: the Textual application. Screens plug in through the open_* methods below.

Arrows point one way: screens/widgets -> app services -> store -> domain.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding

from partner_tui import __version__
from partner_tui.paths import default_db_path
from partner_tui.speedups.board_preview import BoardPreview, read_preview
from partner_tui.speedups.collector import resume_after_start
from partner_tui.store.errors import ChangedOnDisk, DatabaseUnreadable, StoreError
from partner_tui.store.lock import WriterLock, data_file

if TYPE_CHECKING:
    # Imported when the store opens: it brings pydantic and the playbook's models, which
    # the first paint from a preview does without.
    from partner_tui.store.partner_store import PartnerStore


class PartnerApp(App[None]):
    TITLE = "partner-tui"
    CSS_PATH = "app.tcss"

    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key of every screen"),
        Binding("f1", "help", "Help", show=False, id="help.f1"),
    ]

    def __init__(
        self,
        db_path: Path | str | None = None,
        *,
        read_only: bool = False,
        store: PartnerStore | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.db_path = Path(db_path) if db_path is not None else default_db_path()
        self._store = store
        self._read_only = store.read_only if store is not None else read_only
        # The board's first screen as the last session left it, when the file has not
        # changed since (preview.py): then the board paints from it and the file is read
        # right after the first paint. Otherwise the store opens here, before any screen:
        # a bad or locked file is reported by the command line, the app never starts.
        self.preview: BoardPreview | None = None
        self._lock: WriterLock | None = None
        # A store that failed to open after the first paint: the command line reports it.
        self.open_error: StoreError | None = None
        # The file was replaced between the first paint (from the preview) and its read.
        self.changed_since_preview = False
        # Set once Textual's start-up batch is over (frames drawn before are dropped).
        self.started = False
        # Clear from a key or a click until the screen has answered it: the store's work
        # after open waits meanwhile (StoreHooks.pause).
        self._answered = threading.Event()
        self._answered.set()
        if store is None:
            self.preview = read_preview(data_file(self.db_path))
            if self.preview is not None and not read_only:
                # Taken now, as the store would: a second writer is refused before it paints.
                self._lock = WriterLock(data_file(self.db_path))
                self._lock.acquire()
            if self.preview is None:
                self._open_store()
        self.sub_title = f"{self.db_path}" + ("  [read-only]" if self._read_only else "")

    @property
    def store(self) -> PartnerStore:
        """The data. After a first paint from a preview it opens on first use: right
        after that paint (_after_first_paint), or sooner if a key or a click needs it.
        Either way every screen then shows the real data, not the preview."""
        if self._store is None:
            self._open_store()
            self.refresh_screens()
        assert self._store is not None
        return self._store

    @property
    def store_open(self) -> bool:
        return self._store is not None

    def _open_store(self) -> None:
        from partner_tui.speedups.store_speedups import store_speedups
        from partner_tui.store.partner_store import PartnerStore

        try:
            store = PartnerStore(
                self.db_path,
                read_only=self._read_only,
                write_behind=True,
                on_error=self._on_store_error_from_thread,
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

    def close_store(self) -> None:
        """Save what is pending and free the writer lock (see the command line)."""
        if self._store is not None:
            self._store.close()
        elif self._lock is not None:
            self._lock.release()

    # -- start and stop -------------------------------------------------------------
    def on_mount(self) -> None:
        self._install_signal_handlers()
        # The background record check may have finished before the app was running.
        if self._store is not None and self._store.blocked is not None:
            self.exit(return_code=1)
            return
        self.push_screen(self._make_screen("board.screen", "BoardScreen"))
        # Reading the file (after a preview), checking records and warming caches wait
        # until the board is on screen.
        self.call_after_refresh(self._after_first_paint)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown) and self._answered.is_set():
            self._answered.clear()
            self.call_after_refresh(self._answered.set)
        await super().on_event(event)

    def _wait_until_answered(self) -> None:
        # Bounded: the work must finish even if a refresh never comes (app leaving).
        self._answered.wait(timeout=1.0)

    def on_ready(self) -> None:
        """Textual's start-up is over: frames drawn from now on are shown."""
        self.started = True
        for screen in self.screen_stack:
            started = getattr(screen, "app_started", None)
            if callable(started) and screen.is_mounted:
                started()

    def _after_first_paint(self) -> None:
        resume_after_start()  # the command line paused the collector for the start
        try:
            store = self.store
        except StoreError:
            self.exit(return_code=1)  # the command line says why (open_error)
            return
        store.start_background()

    async def run_action(self, action: Any, *args: Any, **kwargs: Any) -> bool:
        # Every key acts on the real data: one pressed before the file was read after a
        # preview (within a fraction of a second of the start) waits for it. If the file
        # changed in between, the key was aimed at a board that is no longer there: it is
        # dropped, and the person sees the board as the file has it now.
        if self._store is None:
            preview = self.preview
            self.store  # noqa: B018 - opens it
            if preview is not None and self.changed_since_preview:
                self.notify(
                    f"{self.db_path.name} changed on disk just as the app started; the board "
                    "now shows it as it is. Press the key again.",
                    title="Not done",
                    severity="warning",
                )
                return False
        return await super().run_action(action, *args, **kwargs)

    def on_unmount(self) -> None:
        # Save what is pending and free the writer lock (tests run many apps in one
        # process). A failure stays pending: the command line's close() raises it again.
        with contextlib.suppress(StoreError):
            self.close_store()

    async def action_quit(self) -> None:
        """Quit (q, ctrl+q) once every change is on disk. A save the disk refused (full,
        file changed by another program) is not dropped in silence: say so, and leave
        without it only when asked a second time. Edits typed into a screen but not saved
        yet (the form, settings, a template) are not thrown away without asking."""
        edited = [
            screen
            for screen in self.screen_stack
            if getattr(screen, "dirty", False) is True and not getattr(screen, "read_only", False)
        ]
        if edited and not getattr(self, "_quit_discarding", False):
            from partner_tui.ui.dialogs.confirm import ConfirmDialog

            def answered(discard: bool | None) -> None:
                if discard:
                    self._quit_discarding = True
                    self.call_later(self.action_quit)

            self.push_screen(
                ConfirmDialog(
                    "You have changes here that are not saved (ctrl+s saves them). "
                    "Quit without them?",
                    yes="Quit",
                    no="Stay",
                ),
                answered,
            )
            return
        if self._store is not None and not self._store.read_only:
            try:
                # In a thread: a slow disk must not freeze the screen while we wait.
                await asyncio.to_thread(self.store.flush)
            except StoreError as exc:
                if not getattr(self, "_quit_unsaved", False):
                    self._quit_unsaved = True
                    self.notify(
                        f"{exc} Your last change is not saved yet.",
                        title="Not saved: q again quits without it",
                        severity="error",
                        timeout=30,
                    )
                    return
                self.exit(return_code=1)  # the command line prints the error once more
                return
        self.exit()

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (terminal closed, SSH dropped) save before leaving."""
        loop = asyncio.get_running_loop()
        handlers = {signal.SIGTERM: self._on_terminate, signal.SIGHUP: self._on_hangup}
        for sig, handler in handlers.items():
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, handler)

    def _save_and_release(self) -> None:
        with contextlib.suppress(Exception):
            self.close_store()

    def _on_hangup(self) -> None:
        """The terminal is gone: a graceful exit would block writing to it (Textual's
        output thread dies on EIO and its queue fills), so save, unlock and leave now."""
        self._save_and_release()
        os._exit(128 + signal.SIGHUP)

    def _on_terminate(self) -> None:
        """Exit gracefully so the terminal is restored, but never hang doing it."""
        with contextlib.suppress(StoreError):
            if self._store is not None:
                self._store.flush()

        def watchdog() -> None:
            self._save_and_release()
            os._exit(128 + signal.SIGTERM)

        timer = threading.Timer(3.0, watchdog)
        timer.daemon = True
        timer.start()
        self.exit(return_code=0)

    # -- store errors from the background writer ------------------------------------
    def _on_store_error_from_thread(self, error: StoreError) -> None:
        try:
            self.call_from_thread(self.on_store_error, error)
        except RuntimeError:
            pass  # not running yet: on_mount looks at store.blocked itself

    def on_store_error(self, error: StoreError) -> None:
        """A save failed (disk full, file changed by someone else): say so, lose nothing."""
        if isinstance(error, ChangedOnDisk):
            self._resolve_conflict()
            return
        if isinstance(error, DatabaseUnreadable):
            # Found by the background check: nothing was or will be written over the file.
            # The command line's store.close() raises it again and prints the one line.
            # After a refresh: leaving while the board is still mounting trips its Header.
            self.call_after_refresh(self.exit, return_code=1)
            return
        self.notify(str(error), title="Not saved", severity="error", timeout=15)

    def _resolve_conflict(self) -> None:
        if getattr(self, "_conflict_open", False):
            return
        self._conflict_open = True
        from partner_tui.ui.dialogs.confirm import ChoiceDialog

        def decided(choice: str | None) -> None:
            self._conflict_open = False
            try:
                if choice == "reload":
                    self.store.reload()
                    self.notify("Reloaded the file from disk.", title="Reloaded")
                elif choice == "mine":
                    aside = self.store.keep_mine()
                    self.notify(f"Saved yours; theirs was copied to {aside}", title="Saved")
                else:
                    self.notify(
                        "Your change is not saved yet; it will be offered again on the next save.",
                        severity="warning",
                    )
                    return
            except StoreError as exc:
                self.notify(str(exc), title="Not saved", severity="error", timeout=15)
                return
            self.refresh_screens()

        self.push_screen(
            ChoiceDialog(
                f"{self.db_path.name} was changed on disk by another program.",
                [
                    ("reload", "Reload theirs (drop my unsaved change)"),
                    ("mine", "Keep mine (theirs is copied aside first)"),
                    ("later", "Decide later"),
                ],
            ),
            decided,
        )

    def refresh_screens(self) -> None:
        """Tell every screen on the stack that the data changed under it."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload_data", None)
            if callable(reload):
                reload()

    def _handle_exception(self, error: Exception) -> None:
        """A record that fails validation when first opened (before the background check
        reached it) ends the app with the one-line message, not a traceback."""
        if error is self.open_error:
            self.exit(return_code=1)  # the command line says why
            return
        if isinstance(error, DatabaseUnreadable):
            self.exit(return_code=1, message=f"partner-tui: {error}")
            return
        super()._handle_exception(error)

    # -- navigation: one method per screen, so screens never import each other --------
    def _make_screen(self, module: str, cls: str, *args: Any, **kwargs: Any) -> Any:
        screen_module = importlib.import_module(f"partner_tui.ui.{module}")
        return getattr(screen_module, cls)(*args, **kwargs)

    def open_partner_form(self, partner_id: str) -> None:
        self.push_screen(self._make_screen("form.screen", "PartnerFormScreen", partner_id))

    def open_outreach(self, partner_id: str) -> None:
        self.push_screen(self._make_screen("outreach.screen", "OutreachScreen", partner_id))

    def open_templates(self) -> None:
        self.push_screen(self._make_screen("outreach.template_library", "TemplateLibraryScreen"))

    def open_dashboard(self) -> None:
        self.push_screen(self._make_screen("dashboard.screen", "DashboardScreen"))

    def open_settings(self) -> None:
        self.push_screen(self._make_screen("settings.screen", "SettingsScreen"))

    def action_help(self) -> None:
        if type(self.screen).__name__ == "HelpScreen":
            return
        self.push_screen(self._make_screen("help.screen", "HelpScreen"))

    @property
    def version(self) -> str:
        return __version__
