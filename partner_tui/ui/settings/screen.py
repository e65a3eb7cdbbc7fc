"""Settings: stage targets, profile and currency, program resources and tool costs, and
the program's rules (read from the ProgramRules model: a rule added there shows here).

Each field is checked as it is typed; a bad value gets its message right next to it and
nothing typed is lost. `ctrl+s` saves (only when every field is valid); `escape` goes
back, asking first when there are unsaved changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from annotated_types import Ge, Le
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Label, Static

from partner_tui.domain.money import cents, format_money, parse_money
from partner_tui.domain.program import ProgramRules, Settings, monthly_program_cost
from partner_tui.profile.your_name import save_your_name, settings_with_your_name
from partner_tui.store.errors import StoreError
from partner_tui.ui.common.key_bar import KeyBar
from partner_tui.ui.common.plain import plain
from partner_tui.ui.common.screen import PartnerScreen
from partner_tui.ui.common.undo_input import UndoInput
from partner_tui.ui.dialogs.confirm import leave_or_ask

if TYPE_CHECKING:
    from partner_tui.store.data_changed import DataChanged


@dataclass(frozen=True)
class Field:
    """One input: where its value lives in Settings and how typed text is read."""

    key: str  # "section.name" in Settings, or "name" for a top-level setting
    label: str
    kind: str  # "int", "hours", "money" or "text"
    hint: str = ""
    # The smallest whole number that makes sense (a target of 0 would be met by nothing).
    minimum: int = 0

    @property
    def input_id(self) -> str:
        return "setting-" + self.key.replace(".", "-").replace("_", "-")


SECTIONS: list[tuple[str, list[Field]]] = [
    ("Stage targets (the playbook: 20+ / 10+ / 5+ / 3+)", [
        Field("targets.prospect", "Prospects", "int", minimum=1),
        Field("targets.engage", "Engaged", "int", minimum=1),
        Field("targets.negotiate", "Negotiating", "int", minimum=1),
        Field("targets.active", "Active", "int", minimum=1),
    ]),
    ("Profile (fills [Your name] and [Your Company] in templates)", [
        Field("profile.your_name", "Your name", "text",
              "yours alone (kept in your user config); it also signs your changes"),
        Field("profile.your_company", "Your company", "text"),
        Field("currency_symbol", "Currency symbol", "text",
              "shown before every amount: $, €, CHF (up to 4 characters)"),
    ]),
    ("Program resources (hours per week)", [
        Field("resources.partnership_manager_hours", "Partnership manager", "hours"),
        Field("resources.technical_hours", "Technical resources", "hours"),
        Field("resources.marketing_hours", "Marketing support", "hours"),
        Field("resources.hourly_rate", "Hourly rate", "money", "what an hour costs"),
        Field("resources.legal_notes", "Legal support", "text"),
    ]),
    ("Tools (per month)", [
        Field("tools.crm", "CRM for tracking", "money"),
        Field("tools.partner_portal", "Partnership portal", "money"),
        Field("tools.analytics", "Analytics tools", "money"),
    ]),
]


def rule_fields(rules: type[BaseModel] = ProgramRules) -> list[Field]:
    """One field per rule of ProgramRules, in the model's order: labelled by its title
    (else its name), explained by its description. A rule that is not one number or text
    (a table of tiers) is left to a widget of its own."""
    fields = []
    for name, info in rules.model_fields.items():
        kind = _kind_of(info)
        if kind is None:
            continue
        label = info.title or name.replace("_", " ").capitalize()
        least = next((m.ge for m in info.metadata if isinstance(m, Ge)), 0)
        fields.append(Field(f"rules.{name}", label, kind, info.description or "",
                            minimum=int(least) if kind == "int" else 0))
    return fields


def _kind_of(info: FieldInfo) -> str | None:
    """How a rule is typed: a whole number, a decimal (like hours), money, or text."""
    if info.annotation is int:
        return "int"
    if info.annotation is str:
        return "text"
    if info.annotation is Decimal:
        # Money is the Decimal kept in cents with no upper bound (a percent has one).
        in_cents = any(getattr(m, "func", None) is cents for m in info.metadata)
        bounded = any(isinstance(m, Le) for m in info.metadata)
        return "money" if in_cents and not bounded else "hours"
    return None


RULES_TITLE = "Rules (how the program is run: docs/program-rules.md)"
RULES: list[Field] = rule_fields()
FIELDS: list[Field] = [f for _, fields in (*SECTIONS, (RULES_TITLE, RULES)) for f in fields]
RULE_HINT = "Each rule says here what it does while its field has the focus."
RESTRICT: dict[str, str] = {"int": r"[0-9]*", "hours": r"[0-9.]*", "money": r"[0-9$,._]*"}


def _shown(settings: Settings, field: Field) -> str:
    value: Any = settings
    for part in field.key.split("."):
        value = getattr(value, part)
    if field.kind == "money":
        return "" if value == 0 else f"{value:f}"
    return f"{value}" if field.kind != "text" else value


def _section(
    title: str, fields: list[Field], settings: Settings, note: Static | None = None
) -> ComposeResult:
    """A section's title (and a note under it), then one row per field: label | input |
    its message."""
    yield Label(plain(title), classes="settings-section")
    if note is not None:
        yield note
    for field in fields:
        with Horizontal(classes="settings-row"):
            yield Label(plain(field.label), classes="settings-label")
            yield UndoInput(
                _shown(settings, field),
                id=field.input_id,
                compact=True,
                restrict=RESTRICT.get(field.kind),
                placeholder="0" if field.kind in RESTRICT else "",
                tooltip=field.hint or None,
            )
            yield Static("", id=f"{field.input_id}-error", classes="settings-error")


def read_fields(values: dict[str, str], base: Settings) -> tuple[Settings | None, dict[str, str]]:
    """Settings from the typed texts, or the message for each field that is wrong."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = base.model_dump()
    for field in FIELDS:
        *path, name = field.key.split(".")
        target = data
        for part in path:
            target = target[part]
        text = values.get(field.key, "")
        if field.kind == "money":
            try:
                target[name] = parse_money(text)
            except ValueError as exc:
                errors[field.key] = str(exc)
        elif field.kind in ("int", "hours") and not text.strip():
            least = f"at least {field.minimum}" if field.minimum else "type 0 for none"
            errors[field.key] = f"required ({least})"
        elif field.kind == "int" and text.strip().isdigit() and int(text) < field.minimum:
            errors[field.key] = f"must be {field.minimum} or more"
        else:
            target[name] = text.strip() if field.kind != "text" else text
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        keys = {f.key for f in FIELDS}
        for error in exc.errors():
            loc = [str(part) for part in error["loc"]]
            # The field the error is about: "targets.engage", or "currency_symbol".
            key = next((".".join(loc[:n]) for n in (2, 1) if ".".join(loc[:n]) in keys),
                       ".".join(loc[:2]))
            errors.setdefault(key, _plain(error))
        return None, errors
    return (None, errors) if errors else (settings, {})


def _plain(error: Any) -> str:
    """Pydantic's message in words a person reads beside a field."""
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "less_than_equal":
        return f"must be {ctx['le']} or less"
    if kind == "greater_than_equal":
        return f"must be {ctx['ge']} or more"
    if kind == "decimal_max_places":
        return f"use at most {ctx['decimal_places']} decimal place(s)"
    if kind in ("int_parsing", "int_from_float"):
        return "a whole number, please (e.g. 20)"
    if kind == "decimal_parsing":
        return "not a number (try 7.5)"
    if kind == "string_too_long":
        return f"at most {ctx['max_length']} characters"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


class SettingsScreen(PartnerScreen):
    CSS_PATH = "settings.tcss"
    TITLE = "Settings"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", tooltip="Save the settings"),
        Binding("escape", "close", "Back", id="settings.close",
                tooltip="Back (asks first when there are unsaved changes)"),
    ]

    def compose(self) -> ComposeResult:
        # The settings as read from the file: what a save changes (see action_save).
        self._loaded = self.store.program.settings()
        settings = self._store_settings()
        yield Header()
        with VerticalScroll(id="settings-form"):
            for title, fields in SECTIONS:
                yield from _section(title, fields, settings)
            yield Static(id="settings-cost")
            yield from _section(RULES_TITLE, RULES, settings, Static(plain(RULE_HINT),
                                                                     id="settings-rule-help"))
        yield KeyBar()

    @on(events.DescendantFocus)
    def _explain_rule(self, event: events.DescendantFocus) -> None:
        """The focused rule's description above the rules (the model's own words)."""
        rule = next((f for f in RULES if f.input_id == event.widget.id), None)
        text = f"{rule.label}: {rule.hint}" if rule is not None and rule.hint else RULE_HINT
        help_line = self.query_one("#settings-rule-help", Static)
        help_line.update(plain(text))
        if rule is not None:  # in a short terminal: the words at the top, the rules below
            form = self.query_one("#settings-form", VerticalScroll)
            self.call_after_refresh(form.scroll_to_widget, help_line, animate=False, top=True)

    def on_mount(self) -> None:
        self.saved_values = self._checked_values = self.values()
        self._check()
        self.set_focus(self.query_one(f"#{FIELDS[0].input_id}", Input))  # now, not later

    # -- reading the form -------------------------------------------------------------
    def _store_settings(self) -> Settings:
        """The settings as shown: the file's, with your name from your user config."""
        return settings_with_your_name(self.store.program.settings())

    def reload_data(self, change: DataChanged) -> None:
        """Another writer saved settings: fields not edited here show their values, the
        ones edited here keep what was typed (saving puts only those over theirs)."""
        if not self.is_mounted or not change.touches("settings"):
            return
        self._loaded = self.store.program.settings()
        fresh = self._store_settings()
        saved = dict(self.saved_values)
        for field in FIELDS:
            box = self.query_one(f"#{field.input_id}", Input)
            if box.value == saved.get(field.key):
                box.value = saved[field.key] = _shown(fresh, field)
        self.saved_values = self._checked_values = saved
        self._check()
        self.sub_title = "unsaved changes" if self.dirty else ""

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#{f.input_id}", Input).value for f in FIELDS}

    @property
    def dirty(self) -> bool:
        return self.values() != self.saved_values

    @property
    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def _check(self) -> tuple[Settings | None, dict[str, str]]:
        """Validate everything; show each message beside its field and the monthly cost."""
        settings, errors = read_fields(self.values(), self._store_settings())
        for field in FIELDS:
            message = errors.get(field.key, "")
            note = self.query_one(f"#{field.input_id}-error", Static)
            note.update(plain(message))
            self.query_one(f"#{field.input_id}", Input).set_class(bool(message), "-invalid")
        cost = self.query_one("#settings-cost", Static)
        if settings is None:
            cost.update("Program cost per month: fix the marked fields to see it.")
        else:
            symbol = settings.currency_symbol
            cost.update(plain(
                f"Program cost per month: {format_money(monthly_program_cost(settings), symbol)} "
                f"(hours x 52/12 weeks x rate, plus tools)"
            ))
        return settings, errors

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        values = self.values()
        if values == self._checked_values:
            return  # mounting inputs announce their first value: nothing new to check
        self._checked_values = values
        self._check()
        self.sub_title = "unsaved changes" if self.dirty else ""

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        # enter moves on, the way people fill forms; ctrl+s saves.
        self.focus_next()

    # -- actions ------------------------------------------------------------------------
    def action_save(self) -> None:
        settings, errors = self._check()
        if settings is None:
            names = ", ".join(f.label for f in FIELDS if f.key in errors)
            self.notify(plain(f"Fix: {names}"), title="Not saved", severity="error", timeout=8)
            first_bad = next(f for f in FIELDS if f.key in errors)
            self.query_one(f"#{first_bad.input_id}", Input).focus()
            return
        try:
            # Your name is yours (your user config); the rest is the team's (the file),
            # saved over what someone else changed meanwhile only where edited here.
            save_your_name(settings.profile.your_name)
            shared = settings.profile.model_copy(update={"your_name": ""})
            self.store.program.save_settings(
                settings.model_copy(update={"profile": shared}), since=self._loaded
            )
        except (StoreError, OSError) as exc:
            self.notify(plain(str(exc)), title="Not saved", severity="error")
            return
        self._loaded = self.store.program.settings()
        self.saved_values = self.values()
        self.sub_title = ""
        self.app.clear_notifications()  # an earlier "Not saved: fix ..." is not true now
        self.notify("Settings saved.")

    def _leave(self) -> None:
        # An earlier "Not saved: fix ..." is about changes no longer there.
        self.app.clear_notifications()
        self.app.pop_screen()

    def action_close(self) -> None:
        leave_or_ask(
            self.app,
            self.dirty,
            "Discard the unsaved changes to the settings?",
            self._leave,
            discard="Discard",
        )
