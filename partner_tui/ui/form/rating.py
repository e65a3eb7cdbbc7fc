"""A 0-5 rating on one line, set from the keyboard: left/right (or h/l) and the digits 0-5."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from partner_tui.ui.form.fields import ROW_BINDINGS, Bound, field_id, focus_row

MAX_RATING = 5
RATE = Binding.Group(description="Rate")


class Rating(Widget, Bound, can_focus=True):
    """'Cultural fit  ★★★☆☆ 3/5' — one focusable line per fit criterion."""

    DEFAULT_CSS = """
    Rating { height: 1; width: 100%; padding: 0 1; }
    Rating:focus { background: $accent 30%; }
    Rating:disabled { opacity: 60%; }
    """

    BINDINGS = [
        *ROW_BINDINGS,
        Binding("left", "step(-1)", "Less", key_display="←", group=RATE, id="rating.less",
                tooltip="Rate one lower (or type 0–5)"),
        Binding("right", "step(1)", "More", key_display="→", group=RATE, id="rating.more",
                tooltip="Rate one higher (or type 0–5)"),
        Binding("l,plus", "step(1)", "More", show=False, id="rating.more.alias"),
        Binding("h,minus", "step(-1)", "Less", show=False, id="rating.less.alias"),
        *(
            Binding(str(n), f"set({n})", f"Rate {n}", show=False, id=f"rating.{n}")
            for n in range(MAX_RATING + 1)
        ),
    ]

    value: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, rating: Rating, value: int) -> None:
            super().__init__()
            self.rating = rating
            self.value = value

        @property
        def control(self) -> Rating:
            return self.rating

    def __init__(self, label: str, path: str, *, label_width: int = 34) -> None:
        super().__init__(id=field_id(path))
        self.field_label = label
        self.path = path
        self.label_width = label_width

    def render(self) -> Content:
        return Content.assemble(
            self.field_label.ljust(self.label_width),
            ("★" * self.value, "bold $warning"),
            ("☆" * (MAX_RATING - self.value), "$text-muted"),
            f"  {self.value}/{MAX_RATING}",
        )

    def watch_value(self, value: int) -> None:
        self.post_message(self.Changed(self, value))

    def action_step(self, delta: int) -> None:
        self.value = max(0, min(MAX_RATING, self.value + delta))

    def action_set(self, value: int) -> None:
        self.value = value

    is_row = True

    def action_row(self, delta: int) -> None:
        focus_row(self, delta)

    # -- Bound -----------------------------------------------------------------------
    def load(self, value: Any) -> None:
        self.value = int(value or 0)

    def dump(self) -> int:
        return self.value

    def raw(self) -> object:
        return self.value
