"""How many warm intros each partner on the board can make for us (account mapping), for
the cards to show.

Known counts are read at once (the store keeps each overlap while its lists are
unchanged). After a list changed, they are counted in a worker, off the screen's thread
(up to a second at 50 lists of 10,000 against our 100,000), and the board is redrawn
once they are known; until then the cards show none.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping

from partner_tui.ui.common.screen import PartnerScreen

NONE: Mapping[str, int] = {}


class IntroCounts:
    def __init__(self, screen: PartnerScreen, redraw: Callable[[], None]) -> None:
        self._screen = screen
        self._redraw = redraw

    def counts(self) -> Mapping[str, int]:
        """Partner id -> its warm intros for us (only partners with one)."""
        screen = self._screen
        if screen.partner_app.preview is not None:
            return NONE  # the file is not read yet: the preview knows no lists
        store = screen.store
        known = store.accounts.known_intro_counts(store.partners)
        if known is None:
            screen.run_worker(self._count, thread=True, exclusive=True, group="intro-counts")
            return NONE
        return known

    def _count(self) -> None:
        store = self._screen.store
        store.accounts.overlaps(store.partners)
        with contextlib.suppress(RuntimeError):  # the app left meanwhile
            self._screen.app.call_from_thread(self._counted)

    def _counted(self) -> None:
        if self._screen.is_mounted:
            self._redraw()
