"""The partner detail form: every checklist of the playbook, one tab per section.

The form never edits the partner in place. Each field widget is bound to a dotted path of
the partner's data (see fields.py); saving reads every widget into a copy of the stored
record, lets pydantic judge the whole partner, and puts each message back beside the widget
whose path it names. Nothing the user typed is touched until the save succeeds. The tabs
come from the one list of sections (sections/__init__.py), built when first shown by the
section tabs (section_tabs.py), which own the keys that move between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    Input,
    Select,
    Static,
    TabPane,
    TextArea,
)

from partner_tui.domain import clock
from partner_tui.domain.cadence import close_finished_cycles
from partner_tui.domain.errors import field_messages
from partner_tui.domain.partner import Activity, Partner
from partner_tui.store.errors import NotFound, StoreError
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.moved_elsewhere import tell_moved
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.dialogs.confirm import leave_or_ask
from partner_tui.ui.form import outside_change
from partner_tui.ui.form.activity_log import ActivityLog
from partner_tui.ui.form.deal_list import DealList
from partner_tui.ui.form.duplicate_check import asked_about_similar
from partner_tui.ui.form.engage_offer import offer_engage
from partner_tui.ui.form.fields import Bound, BoundCheckbox, TextField, get_path, set_path
from partner_tui.ui.form.keys import FORM_BINDINGS
from partner_tui.ui.form.rating import Rating
from partner_tui.ui.form.section_tabs import SectionTabs
from partner_tui.ui.form.sections import SECTIONS, Section
from partner_tui.ui.form.sections.accounts import AccountsSection
from partner_tui.ui.form.sections.deals import DealsSection
from partner_tui.ui.form.sections.metrics import MetricsSection
from partner_tui.ui.form.sections.overview import OverviewSection, stage_history_text
from partner_tui.ui.form.title_bar import TitledHeader

if TYPE_CHECKING:
    from partner_tui.store.data_changed import DataChanged

S = TypeVar("S", bound=Widget)

READ_ONLY_BANNER = (
    "Read-only: this file was opened with --read-only. You can look (others' changes "
    "show as they are saved), but nothing here can be saved."
)


class PartnerFormScreen(PartnerScreen):
    CSS_PATH = "partner_form.tcss"
    # Below 110 columns the two-column grids become one column (see the .tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = FORM_BINDINGS
    # The cursor starts in the company name. Textual's default ("*") would focus the tab
    # bar first and then lose it: two restyles of the bar on every opening.
    AUTO_FOCUS = "#f-company > Input"
    # The section keys are the section tabs'; the Deals tab's list, the checklists' rows
    # and the ratings have keys of their own (in the key bar while one has the focus).
    HELP_ALSO = (SectionTabs, BoundCheckbox, Rating, DealList)

    def __init__(self, partner_id: str) -> None:
        super().__init__()
        # Sections are built the first time they are shown (building them all up front
        # costs ~1 s of styling on a slow machine; section_tabs.py). Their field widgets
        # are found once, when built, by tab id: a full query costs ~20 ms, too much for
        # every keystroke. A section not built yet keeps the stored values (_collect).
        self._sections: dict[str, list[Widget]] = {}
        self._loaded = False
        # Opening fast (bench/form_open.py): each restyle of the form's ~200 widgets costs
        # a third of a second on a slow machine. The first ScreenResume does not restyle
        # what mounting has just styled.
        self._styled_once = False
        self._take_partner(partner_id)

    def _take_partner(self, partner_id: str) -> None:
        """The partner this form shows, and everything the form knows of it, from the store
        (NotFound if it is not there). One path for a new form and a kept one (fill)."""
        partner = self.store.partners.get(partner_id)  # first: NotFound changes nothing
        self.partner_id = partner_id
        self.partner: Partner = partner
        # The partner as this form last loaded or saved it: what the person's edits are
        # made from. Another writer's change taken in since does not move it, so a save
        # knows which fields both changed and logs theirs (store.partners.update(since=)).
        self._edited_from: Partner = self.partner
        # The one list both activity logs show; saved with the partner.
        self.activities: list[Activity] = list(self.partner.activities)
        self._saved_activities: list[Activity] = list(self.activities)
        # What each field showed when last loaded or saved, by path.
        self._saved_raw: dict[str, object] = {}
        self._logs: list[ActivityLog] = []
        # Another writer deleted this partner while it was open here (reload_data).
        self._deleted_elsewhere = False
        self._changed_while_away = False
        # The breakpoint class right from the start, so the first resize restyles nothing.
        wide = self.app.size.width >= self.HORIZONTAL_BREAKPOINTS[1][0]
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        # Known before the header is built, so its first paint says them (set on mount,
        # they would cost a second layout and paint). Loaded as stored: "saved".
        self.title = self.partner.company
        self.sub_title = "saved"

    def fill(self, partner_id: str) -> None:
        """Show another partner in this form, already built (ui/form/kept_form.py): opening
        a form then mounts, styles and lays out nothing (bench/form_open.py). Everything is
        as in a form just built: the Overview in view, filled from the partner as stored,
        the other sections built again when first shown, the cursor after the company's
        name, no typing of the last partner left to undo."""
        self._take_partner(partner_id)
        self.tabs.forget_sections()
        self._sections = {}
        overview = self.query_one(f"#section-{SECTIONS[0].id}", OverviewSection)
        overview.refill(self.partner)
        for field in overview.query(TextField):
            field.input.start_afresh()
        self._register_section(SECTIONS[0].id)
        overview.scroll_home(animate=False)
        company = self.query_one("#f-company", TextField).input
        self.tabs.show(SECTIONS[0].id, focus=company)
        company.cursor_position = len(company.value)

    def put_away(self) -> None:
        """Closed and kept for the next opening: the sections the person opened go (they
        were built for this partner), so the next opening has only the Overview to fill."""
        self.tabs.forget_sections()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Called before Screen's own handler (Textual calls each class's in turn).
        if not self._styled_once:
            self._styled_once = True
            event.refresh_styles = False

    def _on_screen_suspend(self) -> None:
        # Called before Screen's own handler. Closed (not under a dialog): put away.
        if self.is_attached and self not in self.app.screen_stack:
            self.put_away()

    def _on_resize(self, event: events.Resize) -> None:
        # Called before Screen's own handler. A screen's first layout sends the screen
        # itself a Resize, and Screen lays everything out and paints it all again at the
        # same size: for the form about a third of its opening (bench/form_open.py). At
        # the size just laid out (self.size is set by the layout) there is nothing to do.
        if event.size == self.size:
            event.prevent_default()

    # -- building ------------------------------------------------------------------------
    def _make_section(self, section: Section) -> Widget:
        # From the partner as last loaded or saved (another writer's change included).
        return section.widget(self.partner, id=f"section-{section.id}")

    def compose(self) -> ComposeResult:
        yield TitledHeader()
        if self.read_only:
            yield Static(READ_ONLY_BANNER, id="read-only-banner")
        yield SectionTabs(self._make_section, self._register_section, id="section-tabs")
        yield KeyBar()

    @property
    def tabs(self) -> SectionTabs:
        return self.query_one(SectionTabs)

    def on_mount(self) -> None:
        if self.app.kept_form.leaving:
            # The kept form, built off screen, mounted as the app ends (a signal right
            # after start): its sections and the screens are being taken down, and
            # showing it would fail on both (the exit code would say it failed).
            return
        self._register_section(SECTIONS[0].id)
        self._loaded = True
        self._refresh_status()
        # The cursor at the end, nothing selected (common/undo_input.py): a key typed by
        # mistake as the form opens adds a letter, never replaces the name.
        self.tabs.show(SECTIONS[0].id, focus=self.query_one("#f-company", TextField).input)
        if self not in self.app.screen_stack:
            # Built off screen, to be kept (kept_form.py): laid out too, while the app is
            # idle, so that its first showing only paints it.
            self.call_after_refresh(self._refresh_layout, self.app.size)

    def _register_section(self, tab_id: str) -> None:
        pane = self.query_one(f"#{tab_id}", TabPane)
        bound: list[Widget] = [w for w in pane.query("*") if isinstance(w, Bound)]
        logs = list(pane.query(ActivityLog))
        self._sections[tab_id] = bound
        self._logs.extend(logs)
        data = self.partner.model_dump()
        for widget in bound:
            assert isinstance(widget, Bound)
            widget.load(get_path(data, widget.path))
            self._saved_raw[widget.path] = widget.raw()
        for log in logs:
            log.show(self.activities)
        if self.read_only:
            for w in [*bound, *logs]:
                w.disabled = True
        self._refresh_status()  # e.g. the metrics' payouts and ROI, shown at once

    def _built_sections(self, kind: type[S]) -> list[S]:
        """The sections of this kind built for this partner (section_tabs.py)."""
        return [section for section in self.tabs.sections() if isinstance(section, kind)]

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    # -- the bound widgets ---------------------------------------------------------------
    def _bound_widgets(self) -> list[Widget]:
        """Every field widget built so far, in screen order (the order errors are visited)."""
        return [w for section in SECTIONS for w in self._sections.get(section.id, [])]

    def _load(self, partner: Partner) -> None:
        data = partner.model_dump()
        for widget in self._bound_widgets():
            assert isinstance(widget, Bound)
            widget.load(get_path(data, widget.path))
            self._saved_raw[widget.path] = widget.raw()
        self.activities = list(partner.activities)
        self._saved_activities = list(partner.activities)
        self._show_logs(partner)

    def _show_logs(self, partner: Partner) -> None:
        """The activity logs and the stage history (another writer may have moved it)."""
        for log in self._logs:
            log.show(self.activities)
        for history in self.query("#stage-history").results(Static):
            history.update(plain(stage_history_text(partner)))
        self._refresh_status()

    @property
    def has_unsaved_changes(self) -> bool:
        # A read-only form cannot save: nothing typed there is "unsaved work".
        return self.dirty and not self.read_only

    @property
    def dirty(self) -> bool:
        """Does anything on screen differ from what was last loaded or saved?"""
        if self.activities != self._saved_activities:
            return True
        if any(log.pending() for log in self._logs):
            return True
        return any(
            w.raw() != self._saved_raw.get(w.path)
            for w in self._bound_widgets()
            if isinstance(w, Bound)
        )

    def _collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The stored record with every widget's value put in, and the values that did not parse.

        A field that does not parse keeps its stored value in the dict, so the live numbers
        elsewhere still work while the user fixes it. Sections never shown keep theirs too.
        """
        data = self.partner.model_dump()
        errors: dict[str, str] = {}
        for widget in self._bound_widgets():
            assert isinstance(widget, Bound)
            try:
                set_path(data, widget.path, widget.dump())
            except ValueError as exc:
                errors[widget.path] = str(exc)
        data["activities"] = [a.model_dump() for a in self.activities]
        return data, errors

    # -- live feedback -------------------------------------------------------------------
    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Rating.Changed)
    def _edited(self, event: Any) -> None:
        if isinstance(event, Input.Changed):
            field = event.input.parent  # the Input sits in its TextField (fields.py)
            if isinstance(field, TextField):
                field.check_typed()
        self._refresh_status()

    @on(ActivityLog.Added)
    def _activity_added(self, event: ActivityLog.Added) -> None:
        """An entry added is saved at once, like a deal (ctrl+z takes it back); the form's
        other unsaved edits stay unsaved. Read-only, it waits for a save that cannot be."""
        if self.read_only:
            self.activities.append(event.activity)
        else:
            try:
                fresh = self.store.partners.get(self.partner_id)
                logged = fresh.model_copy(
                    update={"activities": [*fresh.activities, event.activity]}
                )
                saved = self.store.partners.update(logged, label=f"log {event.activity.kind.value} "
                                          f"for {fresh.company}")
            except (StoreError, NotFound) as exc:
                self.notify(plain(str(exc)), title="Entry not saved", severity="error", timeout=10,
                            markup=False)
                return
            self._take_in_saved(saved)
            self.notify("Saved (ctrl+z takes it back).", title=f"Logged for {saved.company}",
                        timeout=3, markup=False)
            offer_engage(self.app, self.store, saved, event.activity.kind, self._moved)
        for log in self._logs:
            log.show(self.activities)
        self._refresh_status()

    def _moved(self, fresh: Partner) -> None:
        """Moved on from a dialog (Engage offered): the form holds the partner as moved."""
        self._take_in_saved(fresh)
        self._show_logs(fresh)

    def _take_in_saved(self, fresh: Partner) -> None:
        """The partner was saved from outside the form's fields (an entry, a deal): it is
        the base of the person's edits from now on; entries typed and not saved stay."""
        typed = [a for a in self.activities if a not in self._saved_activities]
        self.partner = self._edited_from = fresh
        self._saved_activities = list(fresh.activities)
        self.activities = [*fresh.activities, *typed]

    @on(DealsSection.Changed)
    def _deals_changed(self, event: DealsSection.Changed) -> None:
        """A deal was saved at once: the Metrics tab follows, and an override written in the
        partner's log joins the activities here (the next save would drop it otherwise)."""
        if event.partner_touched:
            self._take_in_saved(self.store.partners.get(self.partner_id))
            for log in self._logs:
                log.show(self.activities)
        for metrics in self._built_sections(MetricsSection):
            metrics.load_deal_figures()
        self._refresh_status()

    def _refresh_status(self) -> None:
        if not self._loaded:
            return
        for metrics in self._built_sections(MetricsSection):
            data, _errors = self._collect()
            metrics.show_derived(self.partner, data)
        self.sub_title = "unsaved changes (ctrl+s saves)" if self.dirty else "saved"

    # -- saving --------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.read_only:
            self.notify("This file is open read-only: nothing was saved.", severity="warning")
            return
        bad_logs = self._take_pending_entries()
        data, errors = self._collect()
        partner: Partner | None = None
        # Judged whole even when some text did not parse (those fields keep their stored
        # value here), so one ctrl+s names every field to fix, not the first kind found.
        try:
            partner = Partner.model_validate(data)
        except ValidationError as exc:
            errors = {**field_messages(exc), **errors}
        marked = self._show_errors(errors)
        if errors or partner is None or bad_logs:
            self._refuse(marked, bad_logs, errors)
            return
        partner = partner.model_copy(
            update={"cadence": close_finished_cycles(partner.cadence, clock.today())}
        )
        if not asked_about_similar(self.app, self.store, self.partner, partner,
                                   lambda: self._store_edit(partner)):
            self._store_edit(partner)

    def _store_edit(self, partner: Partner) -> None:
        try:
            if self._deleted_elsewhere and partner.id not in self.store.partners:
                saved = self.store.partners.add(partner)  # deleted by someone else: back it comes
            else:
                saved = self.store.partners.update(
                    partner, label=f"edit {partner.company}", since=self._edited_from
                )
        except (StoreError, NotFound) as exc:
            self.notify(plain(str(exc)), title="Not saved", severity="error", timeout=10)
            return
        self._deleted_elsewhere = False
        self.partner = self._edited_from = saved
        self.title = saved.company
        # Show what is stored ('acme.com' becomes 'https://acme.com', tags lose duplicates).
        self._load(saved)
        # The "Not saved: fix ..." of an earlier try is no longer true.
        self.app.clear_notifications()
        self.notify("Saved", title=saved.company)

    def _take_pending_entries(self) -> list[ActivityLog]:
        """An entry typed but not added is saved too; a bad one blocks the save."""
        bad = []
        for log in self._logs:
            if not log.pending():
                continue
            activity = log.take_pending()
            if activity is None:
                bad.append(log)
            else:
                self.activities.append(activity)
        if len(bad) < len(self._logs):
            for log in self._logs:
                log.show(self.activities)
        return bad

    def _show_errors(self, errors: dict[str, str]) -> list[Widget]:
        """Put each message beside its widget (clearing old ones); the widgets marked."""
        marked: list[Widget] = []
        for widget in self._bound_widgets():
            assert isinstance(widget, Bound)
            message = next(
                (
                    msg
                    for path, msg in errors.items()
                    if path == widget.path or path.startswith(widget.path + ".")
                ),
                "",
            )
            widget.show_error(message)
            if message:
                marked.append(widget)
        return marked

    def _refuse(
        self, marked: list[Widget], bad_logs: list[ActivityLog], errors: dict[str, str]
    ) -> None:
        names = [w.field_label for w in marked if isinstance(w, Bound)]
        names += [log.title for log in bad_logs]
        known = {w.path for w in marked if isinstance(w, Bound)}
        # Anything pydantic named that no widget shows (should not happen) is still said.
        names += [
            f"{path} ({msg})"
            for path, msg in errors.items()
            if not any(path == k or path.startswith(k + ".") for k in known)
        ]
        self.notify(
            plain("Fix: " + ", ".join(names)), title="Not saved", severity="error", timeout=8
        )
        first = marked[0] if marked else None
        if isinstance(first, Bound):
            self.tabs.show(self.tabs.section_of(first), focus=first.focus_target())
        elif bad_logs:
            self.tabs.show(self.tabs.section_of(bad_logs[0]), focus=bad_logs[0].text_input)

    # -- another writer changed the file ----------------------------------------------------
    def show_undone(self) -> None:
        from partner_tui.store.data_changed import DataChanged

        self.reload_data(DataChanged("opened"), told=False)

    def reload_data(self, change: DataChanged, *, told: bool = True) -> None:
        """Another writer's change came in: if it touched this partner, the fields the
        person did not edit show it, theirs stay (outside_change.py). If the partner was
        deleted elsewhere, everything stays on screen and ctrl+s saves it back. The Deals
        tab and the Metrics tab's figures from deals show the deals as they are now."""
        if self not in self.app.screen_stack:
            return  # closed and kept (kept_form.py): the next opening reads the store
        if change.touches("deals", "payments"):
            for deals in self._built_sections(DealsSection):
                deals.reload()  # the cursor stays on its deal
            for metrics in self._built_sections(MetricsSection):
                metrics.load_deal_figures()
        if change.everything or change.touches("account_lists"):
            for accounts in self._built_sections(AccountsSection):
                accounts.reload()
        if not change.everything and self.partner_id not in change.changed_keys("partners"):
            return
        company = self.partner.company
        try:
            fresh = self.store.partners.get(self.partner_id)
        except NotFound:
            self._deleted_elsewhere = True
            self.notify(plain(outside_change.DELETED_ELSEWHERE),
                        title=f"{company} was deleted elsewhere", severity="warning", timeout=20)
            return
        self._deleted_elsewhere = False
        if fresh == self.partner:
            return
        if told and fresh.stage is not self.partner.stage:
            tell_moved(self.app, fresh.company, fresh.stage, fresh.stage_history)
        kept = outside_change.take_in_fields(
            self._bound_widgets(), self._saved_raw, self.partner, fresh
        )
        self.activities = outside_change.take_in_activities(
            self.activities, self._saved_activities, fresh.activities
        )
        self._saved_activities = list(fresh.activities)
        self.partner = fresh  # the base of sections not built yet (not of the edits)
        self.title = fresh.company
        self._show_logs(fresh)
        if told:  # not after your own undo (show_undone)
            self.notify(plain(outside_change.changed_notice(kept, self.dirty)),
                        title=f"{fresh.company} was changed by someone else", timeout=8)

    # -- closing -------------------------------------------------------------------------
    def action_close(self) -> None:
        leave_or_ask(
            self.app,
            self.dirty and not self.read_only,
            f"Discard your unsaved changes to {self.partner.company}?",
            self.dismiss,
            discard="Discard",
        )
