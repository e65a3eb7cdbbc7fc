"""How much one import reads: a documented bound on the file, so a huge or hostile CSV
stops with one clear line instead of taking minutes and gigabytes.

- MAX_FILE_BYTES: 50 MB per file, checked before a byte is read (100,000 partners with
  every column filled take about 15 MB).
- MAX_ROWS: 1,000,000 rows (lines) per file, counted before the rows are read.
- SHOWN: what a report prints of a long list (bad rows, partners a dry run would add);
  the full list of bad rows goes to `--errors FILE`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from partner_tui.exchange.csv_columns import CSVFileError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
SHOWN = 20


def check_file(path: Path) -> None:
    """A file an import may read: a regular file (a named pipe would wait for a writer
    forever) of at most MAX_FILE_BYTES. CSVFileError otherwise; OSError passes through."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise CSVFileError(f"cannot read {path}: not a regular file (a folder, a pipe or a device)")
    if st.st_size > MAX_FILE_BYTES:
        raise CSVFileError(
            f"{path}: {st.st_size / 1_048_576:,.1f} MB is more than an import reads "
            f"({MAX_FILE_BYTES // 1_048_576} MB per file); split it into smaller files"
        )


def check_rows(path: Path, text: str) -> None:
    """At most MAX_ROWS lines (a quoted cell may span lines: counted as lines, which is
    never fewer than rows)."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > MAX_ROWS + 1:  # and the header row
        raise CSVFileError(
            f"{path}: {lines - 1:,} rows is more than an import reads ({MAX_ROWS:,} rows per "
            "file); split it into smaller files"
        )
