"""Every partner record is validated once per content before the first write of a session.

Validating 10,000 partners with pydantic takes seconds, so the app does not wait for it
before its first paint: the check then runs in a background thread, and writes wait at
the storage's gate (file/write_gate.py) until it has passed. A file holding an invalid record
is never written over: the gate stays shut and says why. The command line checks before
the store is open. Records known valid (StoreHooks.not_known_valid) are not validated
again; without that hook every record is.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from partner_tui.store.errors import DatabaseUnreadable, StoreError
from partner_tui.store.file.write_gate import WriteGate
from partner_tui.store.hooks import FileContent, Records, StoreHooks

# The background work waits for the screen (StoreHooks.pause) once per this many records.
PAUSE_EVERY = 200


def check_records(
    file: Path,
    records: Records,
    content: FileContent,
    validate: Callable[[dict[str, Any], str], object],
    hooks: StoreHooks[Any],
) -> None:
    """Validate every record not known valid; raise DatabaseUnreadable on the first
    invalid one. `content`: the file's bytes they were read from, if known. A file with
    no records goes through the hook too: it remembers an empty file known valid as much
    as a full one (the command line's shortcuts then serve a new program's file)."""
    try:
        for i, (doc_id, raw) in enumerate(hooks.not_known_valid(file, records, content)):
            if i % PAUSE_EVERY == 0:
                pause(hooks)
            validate(raw, doc_id)
    except StoreError:
        raise
    except Exception:  # noqa: BLE001 - the hook failed: validate every record instead
        every_record = records
    else:
        return
    for i, (doc_id, raw) in enumerate(every_record):
        if i % PAUSE_EVERY == 0:
            pause(hooks)
        validate(raw, doc_id)


def pause(hooks: StoreHooks[Any]) -> None:
    """Give the screen its turn (StoreHooks.pause); a pause that fails only costs time."""
    with contextlib.suppress(Exception):
        hooks.pause()


class AfterOpen:
    """The app's open, continued off the UI thread once the board can paint: the record
    check (if one is left to do), then the after-open hook.

    Until the check has passed, writes wait at the gate; the first write that has to
    wait starts this work if the app has not yet.
    """

    def __init__(
        self,
        path: Path,
        gate: WriteGate,
        check: Callable[[], None] | None,
        then: Callable[[], None],
        on_error: Callable[[StoreError], None] | None,
    ) -> None:
        self._path = path
        self._gate = gate
        self._check: Callable[[], None] | None = check
        self._then: Callable[[], None] | None = then
        self._on_error = on_error
        self._start_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="db-after-open", daemon=True)
        if check is not None:
            gate.hold(until=self.start)

    def start(self) -> None:
        with self._start_lock:
            if self._thread.ident is None:
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Start it if need be, and wait until it is done; False on timeout."""
        self.start()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        # Let go of the check (it holds the file's bytes, tens of megabytes) once it ran.
        check, self._check = self._check, None
        then, self._then = self._then, None
        passed = check is None or self._passed(check)
        # Not kept through the after-open work either: at 100,000 deals the file's bytes
        # are 73 MB, on top of everything the warm-up builds.
        del check
        if not passed:
            return
        with contextlib.suppress(Exception):  # only speed is at stake after the check
            if then is not None:
                then()

    def _passed(self, check: Callable[[], None]) -> bool:
        try:
            check()
        except StoreError as exc:
            # Never write over this file; tell the app, which says so and leaves.
            self._block(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - a bug must not silently allow or block writes
            self._block(DatabaseUnreadable(self._path, f"could not check its records ({exc!r})"))
            return False
        self._gate.release()
        return True

    def _block(self, error: StoreError) -> None:
        self._gate.release(blocked=error)
        if self._on_error is not None:
            with contextlib.suppress(Exception):
                self._on_error(error)
