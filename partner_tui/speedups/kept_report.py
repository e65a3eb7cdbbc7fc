"""The Markdown report kept for an unchanged file: the ways out it is kept for, your name
as it is kept under, and the one place `export --format md` asks for it.

cron jobs and scripts ask `export --format md` of a file that rarely changes, and each
report read the whole file and every partner's record (exchange/report_records.py), the
models and pydantic imported, to write, to the byte, what the previous report wrote but
for the day's parts. A report is a function of the file's records (its digest), the day,
your name (the one you gave: settings_with_your_name puts it beside the company; it is
outside the file) and the program; so the text a report wrote is kept in the state
folder under those: the program's stamp, the digest of the file known valid it was made
from, the month (the day's parts are holes filled in for the day asked:
speedups/kept_report_month.py says how) and your name. kept_report_of gives the report of
a file whose stamp vouches for that digest (known_valid.vouched_digest) from what is
kept, without reading the data file or importing the models.

The text kept is what went out, for each way out: to a file (-o, the report as stored) and
to the terminal (every control escaped: data_commands._for_terminal), kept apart (parts
FILE and TERMINAL), so the kept text is written as it is, never escaped again. Your name
is kept hashed (name_key): the index, read before the text, names no one.

Only the month's text is kept. Until round 9 the day's whole text was kept too (kind
"md-report"), beside it, for the same day's next report: at 10,000 partners filling the
month's in for a day costs what reading the day's whole text did (0.116 against 0.112 s
of CPU), and every report made from the data file wrote its 20 MB twice each way out
(the day's whole text and the month's). An older program's "md-report" files are never
read again (their stamp is another program's anyway); deleting the state folder loses
only time. tests/unit/cli/test_kept_report.py holds the kept report to the
store's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

FILE = "file"
TERMINAL = "terminal"


def name_key(name: str) -> str:
    """Your name as a kept report's index holds it: hashed (the index is read before the
    text, and names no one)."""
    return hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def your_given_name() -> str:
    """The name the report shows as yours (settings_with_your_name's: the one you gave,
    from your config), read without the models."""
    from partner_tui.profile.your_name import given_name

    return given_name()


def kept_report_of(db: Path, way: str, today: date) -> tuple[int, Iterator[bytes]] | None:
    """The report of `db` written `way` on `today` for your name from what is kept, when
    its stamp vouches that it is the very file known valid (nothing else is read: not the
    data file): the month's kept text filled in for `today` (speedups/
    kept_report_month.py); None otherwise."""
    from partner_tui.speedups.kept_report_month import kept_month_report
    from partner_tui.speedups.known_valid import vouched_digest
    from partner_tui.store.file.lock import data_file

    file = data_file(db)
    digest = vouched_digest(file)
    if digest is None:
        return None
    return kept_month_report(file, digest, today, your_given_name(), way)
