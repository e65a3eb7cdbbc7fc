"""Form widgets bound to one field of a Partner, named by its dotted path.

Every widget here follows the same small contract (`Bound`), so the form screen can load a
partner into them, read them back into a dict for pydantic, and put pydantic's error
messages back next to the right widget without knowing what each widget is.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Label, Select, TextArea

from partner_tui.domain import clock
from partner_tui.domain.day_words import parse_day
from partner_tui.domain.email import check_email
from partner_tui.domain.money import format_money, parse_money, parse_percent
from partner_tui.ui.common.plain import plain, plain_text
from partner_tui.ui.common.undo_input import UndoInput

# How the text in an Input becomes a model value.
Kind = Literal[
    "text", "optional", "email", "money", "money_or_none", "percent", "percent_or_none", "count", "date", "tags"
]

NO_ERROR = ""

# Up and down move between the rows of the checklists and the fit ratings: a checkbox or
# a rating has no use of its own for them. A row's note field is passed over (tab goes
# there); text fields keep their own up and down.
ROWS = Binding.Group(description="Row")
ROW_BINDINGS: list[BindingType] = [
    Binding("up", "row(-1)", "Previous row", key_display="↑", group=ROWS,
            id="form.row.previous", tooltip="The row above (a checklist item or a rating)"),
    Binding("down", "row(1)", "Next row", key_display="↓", group=ROWS,
            id="form.row.next", tooltip="The row below (a checklist item or a rating)"),
]


def focus_row(widget: Widget, delta: int) -> None:
    """Focus the next (delta 1) or previous (-1) checklist item or rating on screen after
    `widget`; past the last one, whatever tab would reach."""
    chain = widget.screen.focus_chain
    rows = [w for w in chain if isinstance(w, Bound) and w.is_row]
    if widget in rows:
        index = rows.index(widget) + delta
        if 0 <= index < len(rows):
            rows[index].focus()
            return
    if delta > 0:
        widget.screen.focus_next()
    else:
        widget.screen.focus_previous()


class Bound:
    """Mixin: a widget that shows and edits the Partner field at `path`."""

    path: str
    # A row of a checklist or the ratings: up and down move between rows (ROW_BINDINGS).
    is_row = False
    # Named in messages ('Not saved: fix Contact email'); not `label`, which Checkbox owns.
    field_label: str

    def load(self, value: Any) -> None:
        raise NotImplementedError

    def dump(self) -> Any:
        """The value for the model; raises ValueError with a message fit for the user."""
        raise NotImplementedError

    def raw(self) -> object:
        """What the user sees, exactly; two equal raws mean nothing was edited."""
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        """Show `message` beside the widget ('' clears it)."""

    def focus_target(self) -> Widget:
        assert isinstance(self, Widget)
        return self


def field_id(path: str) -> str:
    """A CSS-safe id for a dotted path: 'metrics.deals_closed' -> 'f-metrics-deals_closed'."""
    return "f-" + path.replace(".", "-")


def get_path(data: dict[str, Any], path: str) -> Any:
    """data['a']['b'] for 'a.b'."""
    value: Any = data
    for part in path.split("."):
        value = value[part]
    return value


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[part]
    target[last] = value


def parse_count(text: str) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned:
        return 0
    if not cleaned.lstrip("-").isdigit():
        raise ValueError(f"{text.strip()!r} is not a whole number (try 12)")
    return int(cleaned)


def parse_date(text: str) -> date | None:
    """'2026-03-20', 'today', 'next friday', '+3d' (domain/day_words.py); blank is None."""
    return parse_day(text, clock.today())


def parse_kind(kind: Kind, text: str) -> Any:
    """Text as typed -> the value pydantic expects (it validates ranges and formats)."""
    if kind == "text":
        return text
    if kind == "optional":
        return text.strip() or None
    if kind == "email":
        # Checked as typed, like amounts and dates; the model checks it again on save.
        return check_email(text) if text.strip() else None
    if kind == "money":
        return parse_money(text)
    if kind == "money_or_none":
        # Empty is "not estimated", apart from a typed 0.
        return parse_money(text) if text.strip() else None
    if kind == "percent":
        return parse_percent(text)
    if kind == "percent_or_none":
        return parse_percent(text) if text.strip() else None
    if kind == "count":
        return parse_count(text)
    if kind == "date":
        return parse_date(text)
    if kind == "tags":
        return [tag.strip() for tag in text.split(",") if tag.strip()]
    raise AssertionError(kind)


def format_kind(kind: Kind, value: Any) -> str:
    """A model value -> the text a person would have typed. Zero shows as blank (placeholder)."""
    if value is None:
        return ""
    if kind == "tags":
        return ", ".join(value)
    if kind in ("money", "percent", "count"):
        if not value:
            return ""
        if isinstance(value, Decimal):
            # Plain digits, no thousands separators: what the user typed comes back unchanged.
            return f"{value:f}".removesuffix(".00") if kind == "money" else f"{value.normalize():f}"
        return str(value)
    if kind == "percent_or_none":
        return f"{Decimal(value).normalize():f}"
    if kind == "money_or_none":
        return f"{value:f}".removesuffix(".00")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_back(kind: Kind, text: str, value: Any) -> str:
    """What a short form typed stands for ('= Fri 2026-03-20' for 'next friday', '= 25,000'
    for '25k'), shown under the field; '' when the text says it plainly already."""
    typed = text.strip()
    if not typed or value is None:
        return ""
    if isinstance(value, date):
        return "" if typed == value.isoformat() else f"= {value:%a %Y-%m-%d}"
    if kind in ("money", "money_or_none") and any(ch.isalpha() for ch in typed):
        return f"= {format_money(value, '')}"
    return ""


def with_subject(label: str, message: str) -> str:
    """'Contact email: is not a valid email address': every message names its field."""
    if not message or message.lower().startswith(label.lower()):
        return message
    return f"{label}: {message}"


class TextField(Widget, Bound):
    """A label, an Input and an error line under it, for one text-like field.

    Laid out as a two-column grid (the label, the input; the error line spans both), not
    rows in columns: one widget fewer per field, which the form's opening feels
    (bench/form_open.py).
    """

    DEFAULT_CSS = """
    TextField {
        layout: grid; grid-size: 2; grid-columns: 24 1fr; grid-rows: auto; height: auto;
    }
    TextField.-no-label { grid-size: 1; grid-columns: 1fr; }
    TextField > Input { width: 1fr; }
    TextField > .field-error { column-span: 2; }
    TextField.-no-label > .field-error { column-span: 1; padding-left: 0; }
    """

    def __init__(
        self,
        label: str,
        path: str,
        *,
        kind: Kind = "text",
        placeholder: str = "",
        max_length: int = 0,
        show_label: bool = True,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=field_id(path), classes=classes)
        self.set_class(not show_label, "-no-label")
        self.show_label = show_label
        self.field_label = label
        self.path = path
        self.kind = kind
        self._placeholder = placeholder
        self._max_length = max_length

    def compose(self) -> ComposeResult:
        if self.show_label:
            yield Label(plain(self.field_label), classes="field-label")
        yield UndoInput(placeholder=self._placeholder, max_length=self._max_length)
        yield Label(NO_ERROR, classes="field-error", markup=False)

    @property
    def input(self) -> UndoInput:
        return self.query_one(UndoInput)

    def load(self, value: Any) -> None:
        self.input.value = format_kind(self.kind, value)
        self.show_error(NO_ERROR)

    def dump(self) -> Any:
        return parse_kind(self.kind, self.input.value)

    def raw(self) -> object:
        return self.input.value

    def show_error(self, message: str) -> None:
        self._show(with_subject(self.field_label, message), error=bool(message))

    def _show(self, text: str, *, error: bool) -> None:
        """The line under the field: an error, or what a short form typed stands for."""
        if (text, error) == getattr(self, "_shown", ("", False)) and self.is_mounted:
            return  # nothing changes: spare the layout pass on every keystroke
        self._shown = (text, error)
        self.query_one(".field-error", Label).update(plain(text))
        self.set_class(error, "-has-error")
        self.set_class(bool(text) and not error, "-has-hint")
        self.input.set_class(error, "field-invalid")

    def check_typed(self) -> None:
        """Live check of what can be told from the text alone (numbers, dates), and what
        a short form ('25k', 'next friday') was read as."""
        try:
            value = self.dump()
        except ValueError as exc:
            self.show_error(str(exc))
        else:
            self._show(read_back(self.kind, self.input.value, value), error=False)

    def focus_target(self) -> Widget:
        return self.input


class BoundCheckbox(Checkbox, Bound):
    """A playbook checklist item: label from the domain's field title.

    Drawn `[x]` ticked and `[ ]` not: Textual's `▐X▌` differs only in the X's colour,
    which a monochrome terminal (or a colour-blind eye) does not show.
    """

    BUTTON_LEFT = ""
    BUTTON_RIGHT = ""
    BINDINGS = ROW_BINDINGS
    is_row = True

    def action_row(self, delta: int) -> None:
        focus_row(self, delta)

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "[x]" if self.value else "[ ]"

    def __init__(self, label: str, path: str, *, classes: str | None = None) -> None:
        super().__init__(label, id=field_id(path), classes=classes)
        self.field_label = label
        self.path = path

    def load(self, value: Any) -> None:
        self.value = bool(value)

    def dump(self) -> bool:
        return self.value

    def raw(self) -> object:
        return self.value


class BoundSelect(Select[str], Bound):
    """A choice from a fixed list; nothing chosen stores `blank` (None, or "" for text)."""

    def __init__(
        self,
        label: str,
        path: str,
        options: list[tuple[str, str]],
        *,
        allow_blank: bool = True,
        prompt: str = "Select",
        blank: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            _prompts(options),
            id=field_id(path),
            allow_blank=allow_blank,
            prompt=prompt,
            classes=classes,
        )
        self.field_label = label
        self.path = path
        # The choices offered (`_base`), and those shown: a value kept from a file is
        # added for the partner that has it only (a kept form shows others; kept_form.py).
        self._base: list[tuple[str, str]] = list(options)
        self._bound_options = list(options)
        self.blank = blank

    def set_choices(self, options: list[tuple[str, str]]) -> None:
        self._base = list(options)
        self._show_choices(self._base)

    def _show_choices(self, options: list[tuple[str, str]]) -> None:
        if options != self._bound_options:
            self._bound_options = list(options)
            self.set_options(_prompts(options))

    def allow_focus(self) -> bool:
        # Nothing to choose (a subtype before the type): tab goes past it.
        return bool(self._bound_options) and super().allow_focus()

    def load(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text and text not in [v for _label, v in self._base]:
            # A value from an older file or an import: keep it rather than lose it.
            self._show_choices([*self._base, (text, text)])
        else:
            self._show_choices(self._base)
        if text:
            self.value = text
        else:
            self.clear()

    def dump(self) -> str | None:
        return self.blank if self.value is Select.NULL else str(self.value)

    def raw(self) -> object:
        return self.dump()


def _prompts(options: list[tuple[str, str]]) -> list[tuple[Text, str]]:
    """Choices shown as written: a value kept from a file or an import is data (a Select
    reads a str prompt as markup; a rich Text keeps its type-to-search)."""
    return [(plain_text(label), value) for label, value in options]


def labelled(label: str, widget: Widget, *, classes: str = "") -> Horizontal:
    """A label to the left of a widget that has none of its own (Select, Rating)."""
    return Horizontal(
        Label(plain(label), classes="field-label"), widget, classes=f"field-row {classes}".strip()
    )


class BoundTextArea(TextArea, Bound):
    """Free text over several lines (notes, the specific value proposition)."""

    def __init__(self, label: str, path: str, *, classes: str | None = None) -> None:
        super().__init__(id=field_id(path), classes=classes, soft_wrap=True)
        self.field_label = label
        self.path = path
        self.border_title = label

    def load(self, value: Any) -> None:
        self.load_text(value or "")

    def dump(self) -> str:
        return self.text

    def raw(self) -> object:
        return self.text

    def show_error(self, message: str) -> None:
        self.border_subtitle = with_subject(self.field_label, message)
        self.set_class(bool(message), "field-invalid")
