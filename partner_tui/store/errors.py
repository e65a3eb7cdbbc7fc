"""What can go wrong with the data file, each said in one line a person can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base: `str(error)` is a complete one-line message naming the file."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(self.message())

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
    def __init__(self, path: Path, holder: str) -> None:
        self.holder = holder
        super().__init__(path, holder)

    def message(self) -> str:
        return (
            f"{self.path} is open for writing in another partner-tui ({self.holder}). "
            "Close it first, or open this one read-only with --read-only."
        )


class ReadOnlyStore(StoreError):
    def message(self) -> str:
        return f"{self.path} is open read-only: {self.problem}"


class ChangedOnDisk(StoreError):
    """Someone else wrote the file since we read it; writing now would destroy their work."""

    def message(self) -> str:
        return (
            f"{self.path} was changed on disk by another program since it was opened; "
            "not overwriting it."
        )


class WriteFailed(StoreError):
    def message(self) -> str:
        return f"could not save {self.path}: {self.problem}. The previous file is intact."


class NotFound(KeyError):
    """No partner (or template) with that id."""
