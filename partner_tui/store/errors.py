"""What can go wrong with the data file, each said in one line a person can act on."""

from __future__ import annotations

import errno
from pathlib import Path

from partner_tui.domain.safe_text import for_terminal
from partner_tui.os_compat.files import FileInUse


class StoreError(Exception):
    """Base: `str(error)` is a complete one-line message naming the file, safe to print:
    it may quote a value from the file (a company name), and is shown in the app and
    printed by the command line, so anything a terminal would act on is escaped."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(for_terminal(self.message(), multiline=False))

    def message(self) -> str:
        return f"{self.path}: {self.problem}"


class DatabaseUnreadable(StoreError):
    """The file exists but is not a database we can use. It is left untouched."""

    def __init__(self, path: Path, problem: str, backup: Path | None = None) -> None:
        self.backup = backup
        super().__init__(path, problem)

    def message(self) -> str:
        text = f"cannot open {self.path}: {self.problem}. The file was not changed."
        if self.backup is not None:
            text += f" A backup exists: {self.backup} (copy it over the file to restore it)."
        return text


class DatabaseNewer(DatabaseUnreadable):
    """Written by a newer partner-tui: opening it could lose what this version can't read."""


class DatabaseLocked(StoreError):
    """Another writer kept the file's lock longer than a write waits (file/lock.py): this
    write did not happen, and what it would have written is kept for the next one."""

    def __init__(self, path: Path, holder: str) -> None:
        self.holder = holder
        super().__init__(path, holder)

    def message(self) -> str:
        return (
            f"could not save {self.path}: another partner-tui ({self.holder}) has kept it "
            "locked longer than a save takes (an older version keeps it locked while it "
            "runs); nothing was written."
        )


class ReadOnlyStore(StoreError):
    def message(self) -> str:
        return f"{self.path} is open read-only: {self.problem}"


class WriteFailed(StoreError):
    def message(self) -> str:
        return f"could not save {self.path}: {self.problem}. The previous file is intact."


class NotFound(KeyError):
    """No partner (or template) with that id."""


class PartnerHasDeals(ValueError):
    """A partner with deals is never deleted: its deals would point at nobody and vanish
    from every view, payout and export (archive it instead)."""


# What a failed write means, in words a person can act on (the system's are terse).
_WRITE_FAILURES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied (the file or its folder is not writable)",
    errno.EPERM: "permission denied (the file or its folder is not writable)",
    errno.EROFS: "the file system is read-only",
}


def describe_os_error(exc: OSError, *, writing: bool = False) -> str:
    """An OSError as the end of a one-line message.

    writing=True: the caller's message names the file it saves (the error's own file
    name may be a temp file beside it), so only what went wrong, in plain words.
    Otherwise the file the error names, then the system's words.
    """
    if writing:
        if isinstance(exc, FileInUse):  # Windows: not a permission problem, a busy file
            return exc.strerror or str(exc)
        return _WRITE_FAILURES.get(exc.errno or 0) or exc.strerror or str(exc)
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"
