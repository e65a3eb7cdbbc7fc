"""Loaded by the child program (PYTHONPATH) in test_without_posix.py: Python as it is on
Windows, as far as that can be had on Linux.

- `import fcntl` fails, whoever asks (Windows has no fcntl);
- signal.SIGHUP is gone (Windows has none);
- with PARTNER_TUI_TEST_WINDOWS_BRANCHES=1, partner-tui's own Windows branches are taken
  too (os_compat.WINDOWS: the retried replace, no folder fsync, no mode bits, Ctrl+Break
  and the console-close handler instead of SIGTERM and SIGHUP);
- os.lockf is counted, to show which lock the program fell back to.

At exit, what was in force is written to $PARTNER_TUI_TEST_REPORT (JSON), so the test
knows the simulation really ran.
"""

import atexit
import json
import os
import signal
import sys


class _NoFcntl:
    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name == "fcntl":
            raise ModuleNotFoundError("No module named 'fcntl' (taken away)", name="fcntl")
        return None


sys.meta_path.insert(0, _NoFcntl())
sys.modules.pop("fcntl", None)
if hasattr(signal, "SIGHUP"):
    del signal.SIGHUP

if os.environ.get("PARTNER_TUI_TEST_WINDOWS_BRANCHES") == "1":
    import partner_tui.os_compat

    partner_tui.os_compat.WINDOWS = True

_record_locks = []
_real_lockf = os.lockf


def _counted_lockf(fd, command, length):  # type: ignore[no-untyped-def]
    _record_locks.append(command)
    return _real_lockf(fd, command, length)


os.lockf = _counted_lockf


def _report() -> None:
    path = os.environ.get("PARTNER_TUI_TEST_REPORT")
    if not path:
        return
    compat = sys.modules.get("partner_tui.os_compat")
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(
            {
                "fcntl_loaded": "fcntl" in sys.modules,
                "sighup": hasattr(signal, "SIGHUP"),
                "windows_branches": bool(compat and compat.WINDOWS),
                "record_locks": len(_record_locks),
            },
            stream,
        )


atexit.register(_report)
