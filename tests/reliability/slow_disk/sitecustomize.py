"""Loaded by the child program (PYTHONPATH) in the exit-path tests: every save of the data
file takes PARTNER_TUI_TEST_SLOW_WRITE seconds, so a quit or a signal lands while the
save is really still pending. Only the timing changes; the code that writes is the real one."""

import os
import time

_delay = float(os.environ.get("PARTNER_TUI_TEST_SLOW_WRITE", "0") or 0)
if _delay:
    from partner_tui.store.file import atomic_write as atomic

    _real = atomic.atomic_write

    def _slow(path, data, **kwargs):  # type: ignore[no-untyped-def]
        if not path.name.startswith(".") and ".bak" not in path.name:
            time.sleep(_delay)
        _real(path, data, **kwargs)

    atomic.atomic_write = _slow
