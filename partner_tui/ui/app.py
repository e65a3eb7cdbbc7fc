"""PartnerApp: the Textual application: its screen stack, quitting, and signals.

The data file is opened by the session (ui/session.py). Screens reach the data and each
other through the app (PartnerAppAPI in ui/common/app_api.py); the app tells them what
changed through PartnerScreen's methods (ui/common/screen.py).

Arrows point one way: app -> feature screens -> common widgets and dialogs -> store.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.content import Content
from textual.message_pump import active_message_pump
from textual.screen import Screen

from partner_tui import __version__
from partner_tui.domain.safe_text import clean_text
from partner_tui.os_compat import exits
from partner_tui.paths import default_db_path
from partner_tui.store.errors import DatabaseUnreadable, StoreError
from partner_tui.ui.common.app_api import Opening
from partner_tui.ui.common.key_order import KeyOrder, escape_then_key, is_typed
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.form.kept_form import KeptForm
from partner_tui.ui.session import StoreSession

if TYPE_CHECKING:
    # Imported when the store opens: it brings pydantic and the playbook's models, which
    # the first paint from a preview does without.
    from rich.console import RenderableType
    from textual.signal import Signal

    from partner_tui.domain.templates import OutreachTemplate
    from partner_tui.speedups.board_preview import BoardPreview
    from partner_tui.store.data_changed import DataChanged
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.ui.common.app_api import PartnerAppAPI


class PartnerApp(App[None]):
    TITLE = "partner-tui"
    # The Payouts screen's styles come with the app's: loaded when its screen first opens,
    # they would restyle every widget of the app then (~120 ms of the first `p`).
    CSS_PATH = ["app.tcss", "payouts/payouts.tcss"]

    # Build the partner form while the app is idle after start (kept_form.py): None is in
    # a terminal, not in a headless test (a test that wants it sets it).
    PREPARE_FORM: bool | None = None

    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key of every screen"),
        Binding("f1", "help", "Help", show=False, id="help.f1"),
        # One undo: your last change, from any screen (a field's own ctrl+z, while the
        # cursor is in it, undoes typing first).
        Binding("ctrl+z", "undo", "Undo", id="app.undo", show=False,
                tooltip="Undo your last change, from any screen; it says what it undid"),
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
        self.session = StoreSession(self, self.db_path, read_only=read_only, store=store)
        # Set once Textual's start-up batch is over (frames drawn before are dropped).
        self.started = False
        # q asked about unsaved edits and was told to quit anyway.
        self._quit_discarding = False
        # q found the last save refused by the disk; the next q leaves without it.
        self._quit_unsaved = False
        # Typed keys and pastes, one at a time, each done before the next (key_order.py).
        self.key_order = KeyOrder(self, self._deliver_typed)
        # The partner form, built once and filled at each opening (ui/form/kept_form.py).
        self.kept_form = KeptForm(self)
        # Templates deleted this session, newest last (ctrl+z in the library).
        self.deleted_templates: list[OutreachTemplate] = []
        read_only_note = "  [read-only]" if self.session.read_only else ""
        self.sub_title = f"{self.db_path}{read_only_note}"

    # -- the data (for the screens and the command line) ------------------------------
    @property
    def store(self) -> PartnerStore:
        return self.session.store

    @property
    def store_open(self) -> bool:
        return self.session.is_open

    @property
    def data_changed(self) -> Signal[DataChanged]:
        return self.session.data_changed

    @property
    def preview(self) -> BoardPreview | None:
        return self.session.preview

    @property
    def open_error(self) -> StoreError | None:
        return self.session.open_error

    def close_store(self) -> None:
        """Save what is pending (see the command line)."""
        self.session.close()

    # -- start and stop -------------------------------------------------------------
    def on_mount(self) -> None:
        self._install_signal_handlers()
        # The background record check may have finished before the app was running.
        if self.session.blocked is not None:
            self.exit(return_code=1)
            return
        from partner_tui.profile.preferences import keymap
        from partner_tui.ui.board.screen import BoardScreen

        # Your own keys (user config), by binding id; `?` shows the keys in force.
        self.set_keymap(keymap())
        self.push_screen(BoardScreen())
        if self.session.folder_warning is not None:
            self.notify(
                plain(self.session.folder_warning),
                title="Others can write here",
                severity="warning",
                timeout=20,
            )
        # Reading the file (after a preview), checking records and warming caches wait
        # until the board is on screen.
        self.call_after_refresh(self._after_first_paint)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self.session.input_arrived()
        elif isinstance(event, events.Paste):
            # Pasted text comes from elsewhere (a web page, a spreadsheet): a field would
            # draw an escape sequence in it raw until saved, so it is cleaned on arrival.
            event.text = clean_text(event.text)
        if is_typed(event):
            split = escape_then_key(event) if isinstance(event, events.Key) else None
            if split is not None and event.key not in self.active_bindings:
                for key in split:  # (the letter waits its turn behind the escape)
                    await self.key_order.admit(key)
                return
            await self.key_order.admit(event)
            return
        await super().on_event(event)

    async def _deliver_typed(self, event: events.Event) -> None:
        """Textual's own handling of a typed key or paste, when its turn has come."""
        await super().on_event(event)

    def on_ready(self) -> None:
        """Textual's start-up is over: frames drawn from now on are shown."""
        self.started = True
        for screen in self.screen_stack:
            if isinstance(screen, PartnerScreen) and screen.is_mounted:
                screen.app_started()

    def _after_first_paint(self) -> None:
        if not self.session.open_after_first_paint():
            self.exit(return_code=1)  # the command line says why (open_error)
            return
        from partner_tui.ui.tier_watch import TierWatch

        TierWatch(self).start()  # changes of program tier, logged (docs/tiers.md)
        if self.PREPARE_FORM if self.PREPARE_FORM is not None else not self.is_headless:
            # The partner form, built once while the board waits (ui/form/kept_form.py).
            self.call_after_refresh(self._prepare_form)

    def _prepare_form(self) -> None:
        self.kept_form.prepare(self.store, self._focused_partner_id())

    async def run_action(self, action: Any, *args: Any, **kwargs: Any) -> bool:
        # A key pressed before the file was read waits for it, then acts on the file.
        if not self._ready_for_a_key():
            return False
        return await super().run_action(action, *args, **kwargs)

    def _ready_for_a_key(self) -> bool:
        """Open the file if a key comes before it was read after a first paint from the
        preview. If another writer changed it meanwhile and the partner the key was aimed
        at is no longer the one in focus (moved, deleted), the key is not done: it was
        meant for a board that is no longer there, and the person is told."""
        if self.session.is_open:
            return True
        aimed = self._focused_partner_id()
        self.session.store  # noqa: B018 - opens it, every screen shows the file
        if not self.session.changed_since_preview or aimed == self._focused_partner_id():
            return True
        self.notify(
            plain(
                f"{self.db_path.name} was changed by someone else just as the app started; "
                "the board now shows it as it is. Press the key again."
            ),
            title="Not done",
            severity="warning",
        )
        return False

    def _focused_partner_id(self) -> str | None:
        screen = self.screen
        return screen.focused_partner_id() if isinstance(screen, PartnerScreen) else None

    def on_unmount(self) -> None:
        self.key_order.close()
        # Save what is pending (tests run many apps in one process). A failure stays
        # pending: the command line's close() raises it again.
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
            if isinstance(screen, PartnerScreen) and screen.has_unsaved_changes
        ]
        if edited and not self._quit_discarding:
            from partner_tui.ui.dialogs.confirm import ConfirmDialog

            def answered(discard: bool | None) -> None:
                if discard:
                    self._quit_discarding = True
                    self.call_later(self.action_quit)

            await self.push_screen(
                ConfirmDialog(
                    "You have changes here that are not saved (ctrl+s saves them). "
                    "Quit without them?",
                    yes="Quit",
                    no="Stay",
                ),
                answered,
            )
            return
        if self.session.is_open and not self.store.read_only:
            try:
                # In a thread: a slow disk must not freeze the screen while we wait.
                await asyncio.to_thread(self.store.flush)
            except StoreError as exc:
                if not self._quit_unsaved:
                    self._quit_unsaved = True
                    self.notify(
                        plain(f"{exc} Your last change is not saved yet."),
                        title="Not saved: q again quits without it",
                        severity="error",
                        timeout=30,
                    )
                    return
                self.exit(return_code=1)  # the command line prints the error once more
                return
        self.exit()

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        # The kept form may be half built off screen (ui/form/kept_form.py) when a key or a
        # signal ends the app: it must not start showing itself while the screens go.
        self.kept_form.app_ends()
        super().exit(result, return_code, message)

    def _install_signal_handlers(self) -> None:
        """Leaving without q saves first: SIGTERM and SIGHUP (terminal closed, SSH dropped)
        on Linux and macOS; Ctrl+Break and a closed console window on Windows (see
        os_compat/exits.py for what each system offers)."""
        exits.install(
            asyncio.get_running_loop(), terminate=self._on_terminate, hang_up=self._on_hangup
        )

    def _save_and_release(self) -> None:
        with contextlib.suppress(Exception):
            self.close_store()

    def _on_hangup(self) -> None:
        """The terminal is gone: a graceful exit would block writing to it (Textual's
        output thread dies on EIO and its queue fills), so save, unlock and leave now.
        (On Windows this runs on a thread of Windows' own, which ends the process soon.)"""
        self._save_and_release()
        os._exit(exits.HANGUP_EXIT)

    def _on_terminate(self) -> None:
        """Exit gracefully so the terminal is restored, but never hang doing it."""
        with contextlib.suppress(StoreError):
            if self.session.is_open:
                self.store.flush()

        def watchdog() -> None:
            self._save_and_release()
            os._exit(exits.TERMINATE_EXIT)

        timer = threading.Timer(3.0, watchdog)
        timer.daemon = True
        timer.start()
        self.exit(return_code=0)

    def _handle_exception(self, error: Exception) -> None:
        """A record that fails validation when first opened (before the background check
        reached it) ends the app with the one-line message, not a traceback. An error
        raised by the kept form taken down half built, unseen, as the app ends
        (KeptForm.taken_down_unseen) is not the app's: the ending goes on as it began."""
        try:
            raised_in = active_message_pump.get()
        except LookupError:
            raised_in = None
        if self.kept_form.taken_down_unseen(raised_in):
            return
        if error is self.session.open_error:
            self.exit(return_code=1)  # the command line says why
            return
        if isinstance(error, DatabaseUnreadable):
            self.exit(return_code=1, message=f"partner-tui: {error}")
            return
        super()._handle_exception(error)

    # -- one undo --------------------------------------------------------------------------
    def action_undo(self) -> None:
        self.undo_last()

    def undo_last(self) -> str | None:
        """Undo your last change, whichever screen made it (a tick on the dashboard, a
        payment, an entry in the form, a move on the board), say what was undone, and
        have every screen show it. Returns what was undone (None: nothing)."""
        store = self.store
        if store.undo_label is None:
            self.notify("Nothing to undo.", timeout=3)
            return None
        try:
            label = store.undo()
        except StoreError as exc:
            self.notify(plain(str(exc)), title="Not undone", severity="error", markup=False)
            return None
        for screen in self.screen_stack:
            if isinstance(screen, PartnerScreen):
                screen.show_undone()
        self.notify(plain(f"Undone: {label}"), timeout=3, markup=False)
        return label

    # -- navigation: one method per screen, so screens never import each other --------
    # Each screen is imported when first opened: the board's first paint does without
    # the others (and the pydantic models most of them bring).
    def open_partner_form(self, partner_id: str) -> Opening:
        return self.push_screen(self.kept_form.screen_for(partner_id))

    def open_outreach(self, partner_id: str) -> Opening:
        from partner_tui.ui.outreach.screen import OutreachScreen

        return self.push_screen(OutreachScreen(partner_id))

    def open_templates(self) -> Opening:
        from partner_tui.ui.outreach.template_library import TemplateLibraryScreen

        return self.push_screen(TemplateLibraryScreen())

    def open_dashboard(self) -> Opening:
        from partner_tui.ui.dashboard.screen import DashboardScreen

        return self.push_screen(DashboardScreen())

    def open_payouts(self) -> Opening:
        from partner_tui.ui.payouts.screen import PayoutsScreen

        if isinstance(self.screen, PayoutsScreen):
            return AwaitComplete()
        return self.push_screen(PayoutsScreen())

    def open_settings(self) -> Opening:
        from partner_tui.ui.settings.screen import SettingsScreen

        return self.push_screen(SettingsScreen())

    def open_help(self) -> Opening:
        from partner_tui.ui.help.screen import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return AwaitComplete()
        return self.push_screen(HelpScreen(self.screen_classes()))

    async def action_help(self) -> None:
        await self.open_help()

    def notify(  # type: ignore[override]
        self, message: str | Content, *, title: str = "", **options: Any
    ) -> None:
        """As App.notify, but every message is plain text, whatever `markup` says: a
        toast is where errors quoting the data end up (kept a str, as Textual's are)."""
        options.pop("markup", None)
        super().notify(str(plain(message)), title=str(plain(title)), markup=False, **options)

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: a partner's name or a file name, with invisible characters shown."""
        return super().format_title(str(plain(title)), str(plain(sub_title)))

    @staticmethod
    def screen_classes() -> list[type[Screen[Any]]]:
        """Every screen of the app, in the order a user meets them: the help lists each
        one's keys from its own BINDINGS."""
        from partner_tui.ui.board.quick_add import QuickAddScreen
        from partner_tui.ui.board.screen import BoardScreen
        from partner_tui.ui.dashboard.screen import DashboardScreen
        from partner_tui.ui.dialogs.confirm import ChoiceDialog, ConfirmDialog
        from partner_tui.ui.dialogs.profile import ProfileDialog
        from partner_tui.ui.dialogs.text_prompt import TextPrompt
        from partner_tui.ui.form.deal_editor import DealEditor
        from partner_tui.ui.form.screen import PartnerFormScreen
        from partner_tui.ui.help.screen import HelpScreen
        from partner_tui.ui.outreach.screen import OutreachScreen
        from partner_tui.ui.outreach.template_editor import TemplateEditorScreen
        from partner_tui.ui.outreach.template_library import TemplateLibraryScreen
        from partner_tui.ui.payouts.deals_behind import DealsBehind
        from partner_tui.ui.payouts.screen import PayoutsScreen
        from partner_tui.ui.settings.screen import SettingsScreen

        return [
            BoardScreen,
            QuickAddScreen,
            PartnerFormScreen,
            DealEditor,
            OutreachScreen,
            TemplateLibraryScreen,
            TemplateEditorScreen,
            DashboardScreen,
            PayoutsScreen,
            DealsBehind,
            SettingsScreen,
            ChoiceDialog,
            ConfirmDialog,
            TextPrompt,
            ProfileDialog,
            HelpScreen,
        ]

    @property
    def version(self) -> str:
        return __version__


if TYPE_CHECKING:
    # PartnerApp is what every PartnerScreen's `partner_app` says it is: checked here.
    def _has_the_screens_api(app: PartnerApp) -> PartnerAppAPI:
        return app
