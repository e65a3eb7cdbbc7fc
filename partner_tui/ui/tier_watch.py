"""Logging changes of program tier while the app runs (store/parts/tier_log.py says the
rule): once the file is read, and again each time the month turns while the app is open.

The tiers of every partner are worked out in a worker, off the screen's thread (a pass
over every deal); the entries are then written on the app's thread, from what that pass
left in the store's cache, like every other change of this app.
"""

from __future__ import annotations

import contextlib
from typing import Any, cast

from textual.app import App

from partner_tui.domain import clock
from partner_tui.domain.periods import Period, month_index
from partner_tui.store.errors import NotFound, StoreError
from partner_tui.ui.common.app_api import PartnerAppAPI
from partner_tui.ui.common.plain import plain

# How often the app looks whether the month turned (seconds).
LOOK_EVERY = 60.0


class TierWatch:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._api = cast(PartnerAppAPI, app)
        self._month: int | None = None

    def start(self) -> None:
        """Log this month's changes now, then look for the month to turn."""
        self.look()
        self._app.set_interval(LOOK_EVERY, self.look, name="log changes of tier")

    def look(self) -> None:
        month = month_index(clock.today())
        if month == self._month or not self._api.store_open:
            return
        store = self._api.store
        if store.read_only:
            return
        self._month = month
        self._app.run_worker(
            lambda: self._work_out(month), thread=True, group="tier-watch", exclusive=True,
            name="work out partners' tiers",
        )

    def _work_out(self, month: int) -> None:
        self._api.store.payouts.tiers_above_first(month)
        with contextlib.suppress(RuntimeError):  # the app left meanwhile
            self._app.call_from_thread(self._write)

    def _write(self) -> None:
        try:
            logged = self._api.store.payouts.log_tier_changes(clock.today())
        except (StoreError, NotFound) as exc:  # the log waits for the next look
            self._month = None
            self._app.notify(plain(str(exc)), title="Tier changes not logged",
                             severity="warning")
            return
        if logged:
            # The entries changed partners, so the payouts the warm-up computed for the
            # period the Payouts screen opens on are stale: computed again, off the
            # screen's thread, or the first `p` of the month paid for them (at 100,000
            # deals, 0.4 s instead of 0.1 s: bench/big_deals.py).
            period = Period.of(clock.today()).step(-1)
            self._app.run_worker(
                lambda: self._api.store.payouts.prepare(period), thread=True,
                group="tier-watch-payouts", exclusive=True,
                name="payouts after the tier log",
            )
