"""Text bars for the dashboard: one line, full blocks for the done part, light ones for the rest."""

from __future__ import annotations

from textual.content import Content

FULL = "█"
EMPTY = "░"


def bar_cells(value: int, total: int, width: int) -> int:
    """How many of `width` cells are full for value/total (capped at width, at least one
    full cell for any non-zero value so a small count never looks like nothing)."""
    if width <= 0 or value <= 0:
        return 0
    if total <= 0:
        return width
    full = value * width // total
    return max(1, min(width, full))


def bar(value: int, total: int, width: int, style: str = "$accent") -> Content:
    full = bar_cells(value, total, width)
    return Content.assemble((FULL * full, style), (EMPTY * (width - full), "$foreground 25%"))
