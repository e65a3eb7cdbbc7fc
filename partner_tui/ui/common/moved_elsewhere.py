"""One line saying why the partner you are looking at jumped: another writer moved it
("Beaconly was moved to Engage by Sam Rivera"). The board (whose focus follows the card
into its new column) and an open form of that partner say it the same way."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.content import Content

from partner_tui.domain.stages import Stage
from partner_tui.ui.common.plain import plain

# Long enough to read while the next key is already being typed.
SHOWN_FOR = 6


def moved_line(company: str, stage: Stage, history: Any) -> Content:
    """The line for a partner now in `stage`; `history`: its stored stage history (the
    last entry says who moved it). The company and the author are data: plain text."""
    last = history[-1] if isinstance(history, list) and history else {}
    author = last.get("author") if isinstance(last, dict) else getattr(last, "author", None)
    by = f" by {author}" if isinstance(author, str) and author.strip() else " by someone else"
    if stage is Stage.ARCHIVED:
        return plain(f"{company} was archived{by}")
    return plain(f"{company} was moved to {stage.label}{by}")


def tell_moved(app: App[Any], company: str, stage: Stage, history: Any) -> None:
    app.notify(moved_line(company, stage, history), timeout=SHOWN_FOR)
