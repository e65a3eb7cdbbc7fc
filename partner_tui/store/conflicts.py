"""Another writer changed the file: keep theirs aside before ours goes over it.

(Reloading theirs is PartnerStore.reload: read, check and adopt the file again.)
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from partner_tui.domain import clock
from partner_tui.store.atomic import write_new
from partner_tui.store.errors import WriteFailed


def aside_path(path: Path) -> Path:
    """A free name beside the file for their version: partners.conflict-<time>.json."""
    stamp = clock.now().astimezone().strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.stem}.conflict-{stamp}{path.suffix}")
    n = 1
    while os.path.lexists(aside):  # a dangling link is taken too
        n += 1
        aside = path.with_name(f"{path.stem}.conflict-{stamp}-{n}{path.suffix}")
    return aside


def copy_theirs_aside(path: Path) -> Path:
    """Copy the file as it is on disk now to a free name beside it; returns that name.

    The copy is a new file (O_EXCL): a name someone made meanwhile, a link above all, is
    never written through; the next free name is taken instead.
    """
    if not path.is_file():
        return aside_path(path)
    try:
        content = path.read_bytes()
        for _ in range(10):
            aside = aside_path(path)
            try:
                write_new(aside, content, mode=stat.S_IMODE(os.stat(path).st_mode))
            except FileExistsError:
                continue
            return aside
        raise FileExistsError(errno.EEXIST, "every free name was taken meanwhile", str(aside))
    except OSError as exc:
        raise WriteFailed(
            path, f"could not copy theirs aside to {aside_path(path)} ({exc.strerror or exc})"
        ) from None
