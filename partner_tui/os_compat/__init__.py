"""Every difference between the systems partner-tui runs on (Linux, macOS, Windows), kept in
this one package; each branch says which system needs it and why.

- files.py: opening files (binary mode on Windows; never following a link where the system
  can refuse one), replacing a file (Windows refuses while another program has it open, so
  it is retried), making a save durable (no folder fsync on Windows, a full flush on
  macOS), permissions (mode bits are POSIX only), folders others may write to, and quoting a
  path for the person's shell.
- locking.py: locking a file so the system frees it when its holder dies (flock on Linux and
  macOS, LockFileEx on Windows, both through filelock; POSIX record locks where flock is
  missing).
- exits.py: what "the terminal went away" and "asked to stop" are on each system, and the
  handlers that save before leaving.
- memory.py: handing freed memory back to the system (glibc's malloc_trim, Linux only).

Code asks `os_compat.WINDOWS`, `MACOS`, `LINUX` or `PLATFORM` (read at call time, never
copied), not sys.platform, so the tests can run the Windows branches on Linux
(tests/reliability/no_posix/sitecustomize.py); tests/unit/test_platform_rule.py fails on
any module outside this package that reads sys.platform.
"""

from __future__ import annotations

import sys

WINDOWS = sys.platform == "win32"
MACOS = sys.platform == "darwin"
LINUX = sys.platform.startswith("linux")
# The system's own name, for a rule that goes by its family (the BSDs with Linux).
PLATFORM = sys.platform
