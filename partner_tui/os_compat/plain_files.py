"""Names the program writes that others may have touched first: only plain files, only
folders it made its own.

A repository's `.gitignore`, an export's output name, a state folder's subfolder: a
teammate's commit, another user of a shared folder or a careless script may have put a
symbolic link, a named pipe (FIFO), a folder or a device there. Git refuses to follow an
in-tree `.gitattributes` link; partner-tui does the same for every such name: it looks
without following (lstat), opens without following and without waiting on a pipe, and
refuses anything but a regular file with one line that says what it found.

Folders the program creates are 0700 whatever the umask (its data and state are the
person's alone), and a folder inside one of its own (state/preview, state/validated) is
never a link someone planted there.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from partner_tui import os_compat
from partner_tui.os_compat import files

PRIVATE_FOLDER = 0o700


class NotPlainFile(OSError):
    """A name that partner-tui will not read or write through: `what` it is instead."""

    def __init__(self, path: Path, what: str) -> None:
        self.what = what
        super().__init__(errno.EINVAL, f"it is {what}, not a regular file", str(path))

    def sentence(self) -> str:
        """'<path> is a symbolic link': for the caller's one line."""
        return f"{self.filename} is {self.what}"


def what_is_there(path: Path, *, one_name: bool = False) -> os.stat_result | None:
    """The regular file at `path` as it is (lstat: a link is never followed), or None when
    the name is free. NotPlainFile for a link, a folder, a pipe, a device, a socket, and
    (one_name=True) a file with several names (hard links)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    problem = files.what_it_is(st)
    if problem is not None and (one_name or st.st_nlink <= 1 or not stat.S_ISREG(st.st_mode)):
        raise NotPlainFile(path, problem)
    return st


def read_plain(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The bytes and the status of the regular file at `path`, or None when there is none.
    Opened without following a link (POSIX) and without waiting on a pipe or a device;
    what was opened must be what was looked at (Windows has no O_NOFOLLOW)."""
    seen = what_is_there(path)
    if seen is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | files.BINARY | files.NO_FOLLOW | files.NO_BLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a link swapped in
            raise NotPlainFile(path, "a symbolic link") from None
        raise
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or not os.path.samestat(opened, seen):
            raise NotPlainFile(path, "a name that was replaced while it was being read")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), opened
    finally:
        os.close(fd)


def private_folder(folder: Path, *, inside: Path | None = None) -> Path:
    """Make sure `folder` exists as a real folder; every folder created on the way is 0700
    whatever the umask. `inside`: a folder of the program's own (the state folder) below
    which every name on the way must be a real folder, looked at before anything is made
    in it (NotPlainFile): a link planted at state/preview is refused, never followed."""
    if inside is not None:
        try:
            parts = folder.relative_to(inside).parts
        except ValueError:
            parts = None
        if parts is not None:
            private_folder(inside)
            current = inside
            for part in parts:
                current = current / part
                _make(current)
                check_within(current.parent, current)
            return folder
    missing: list[Path] = []
    probe = folder
    while not os.path.lexists(probe):
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for new in reversed(missing):
        _make(new)
    if not folder.is_dir():
        raise NotPlainFile(folder, "not a folder")
    return folder


def _make(folder: Path) -> None:
    """One folder, 0700, unless the name is taken (by anything: a link is not followed)."""
    try:
        os.mkdir(folder, PRIVATE_FOLDER)
    except FileExistsError:
        return  # there already (or made meanwhile by another process): the caller checks
    _set_folder_mode(folder)


def _set_folder_mode(folder: Path) -> None:
    """0700 on a folder just made (the umask may have taken bits off, never added any
    here: mkdir was asked for 0700; an odd umask such as 0200 is undone). POSIX only."""
    if os_compat.WINDOWS:
        return
    try:
        os.chmod(folder, PRIVATE_FOLDER)
    except (OSError, NotImplementedError):
        pass  # a file system without modes (FAT on a stick)


def check_within(root: Path, folder: Path) -> None:
    """Every name from `root` (excluded) down to `folder` is a real folder, not a link
    (NotPlainFile otherwise; FileNotFoundError for one that is missing). What is read from
    the state folder is read only through its own folders: a link planted at state/preview
    could show a made-up board, one at state/validated vouch for an invalid record."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        parts = ()
    current = root
    for part in parts:
        current = current / part
        st = os.lstat(current)
        # lstat: a link is a link, never the folder it points to. (Windows: a junction is
        # a reparse point.)
        if not stat.S_ISDIR(st.st_mode) or getattr(st, "st_file_attributes", 0) & (
            stat.FILE_ATTRIBUTE_REPARSE_POINT
        ):
            raise NotPlainFile(current, files.what_it_is(st) or "not a folder")


def made_read_only(path: Path) -> str | None:
    """'read-only (mode 0444)' when the person made the file at `path` read-only (no write
    permission for its owner, or none for them as they are), else None (no such file
    included). The folder may still let a rename replace it: partner-tui never does, as
    vim and git do not (Windows: the read-only attribute shows as a mode without write)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or not st.st_mode & stat.S_IRUSR:
        return None  # not a file, or not even readable: reading it says what is wrong
    writable = bool(st.st_mode & stat.S_IWUSR)
    if writable and not os_compat.WINDOWS and hasattr(os, "geteuid") and os.geteuid() != 0:
        writable = os.access(path, os.W_OK)
    return None if writable else f"read-only (mode {stat.S_IMODE(st.st_mode):04o})"


# -- names other users put beside the data (a shared or sticky folder) ---------------------
def other_owner(path: Path) -> str | None:
    """Who owns the name at `path` (not what a link there points to), when that is not the
    person running partner-tui: a login name, or 'uid 1234'. None for one's own, for no
    such name, and on Windows (owners there are access lists, not checked)."""
    if os_compat.WINDOWS or not hasattr(os, "geteuid"):
        return None
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return None if st.st_uid == os.geteuid() else owner_name(st.st_uid)


def owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError, OSError):
        return f"uid {uid}"


# -- files the person asked for, and scratch files -------------------------------------------
def user_folder(folder: Path) -> Path:
    """A folder the person named for output meant to be shared (the README's pictures):
    made with the umask's permissions, like `mkdir -p`; NotPlainFile if the name is
    something else."""
    os.makedirs(folder, exist_ok=True)
    if not folder.is_dir():
        raise NotPlainFile(folder, files.what_it_is(os.lstat(folder)) or "not a folder")
    return folder


def scratch_file(prefix: str, suffix: str, data: bytes) -> Path:
    """A new private file (0600, a name nobody had: tempfile's O_EXCL) in the system's
    temporary folder holding `data` (the draft handed to the person's editor). The caller
    removes it."""
    import tempfile

    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    except BaseException:
        os.close(handle)
        os.unlink(name)
        raise
    os.close(handle)
    return Path(name)
