"""Each partner's program tier for the cards (docs/tiers.md), when above the first.

Known tiers are read at once (the store keeps them while no deal or tier changes; the
app's warm-up computes them). Otherwise they are computed in a worker, off the screen's
thread (a pass over every deal), and the board is redrawn once they are known; until then
the cards show none.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from datetime import date

from partner_tui.domain.periods import month_index
from partner_tui.ui.common.screen import PartnerScreen

NONE: Mapping[str, str] = {}


class TierMarks:
    def __init__(self, screen: PartnerScreen, redraw: Callable[[], None]) -> None:
        self._screen = screen
        self._redraw = redraw

    def tiers(self, today: date) -> Mapping[str, str]:
        """Partner id -> its tier this month (only partners above the first tier)."""
        screen = self._screen
        if screen.partner_app.preview is not None:
            return NONE  # the file is not read yet
        month = month_index(today)
        known = screen.store.payouts.known_tiers_above_first(month)
        if known is None:
            screen.run_worker(
                lambda: self._compute(month), thread=True, exclusive=True, group="tier-marks"
            )
            return NONE
        return known

    def _compute(self, month: int) -> None:
        self._screen.store.payouts.tiers_above_first(month)
        with contextlib.suppress(RuntimeError):  # the app left meanwhile
            self._screen.app.call_from_thread(self._computed)

    def _computed(self) -> None:
        if self._screen.is_mounted:
            self._redraw()
