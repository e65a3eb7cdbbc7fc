"""The gate every write passes: shut while the records read at open are being checked.

A file holding an invalid record is never written over. So while its records are still
being validated (in the background, in the app), writes wait at this gate; once the
check has passed they go through, and if it failed, `blocked` says why and every write
raises it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from partner_tui.store.errors import StoreError


class WriteGate:
    def __init__(self) -> None:
        self._open = threading.Event()
        self._open.set()
        self._starter: Callable[[], None] | None = None
        self.blocked: StoreError | None = None

    def hold(self, until: Callable[[], None] | None = None) -> None:
        """Writes wait for release(); `until` is called by the first write that has to
        wait (it starts whatever will give the release)."""
        self._starter = until
        self._open.clear()

    def release(self, blocked: StoreError | None = None) -> None:
        self.blocked = blocked
        self._open.set()

    @property
    def checked(self) -> bool:
        """Whether the records read at open have passed their check."""
        return self._open.is_set() and self.blocked is None

    def wait(self) -> None:
        """Return once writes may go through; raise `blocked` if they never may.

        Call it holding no lock, so edits go on in memory while the check runs."""
        if not self._open.is_set() and self._starter is not None:
            self._starter()
        self._open.wait()
        if self.blocked is not None:
            raise self.blocked
