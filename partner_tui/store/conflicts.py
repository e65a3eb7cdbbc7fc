"""Another writer changed the file: keep theirs aside before ours goes over it.

(Reloading theirs is PartnerStore.reload: read, check and adopt the file again.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from partner_tui.domain import clock
from partner_tui.store.errors import WriteFailed


def aside_path(path: Path) -> Path:
    """A free name beside the file for their version: partners.conflict-<time>.json."""
    stamp = clock.now().astimezone().strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.stem}.conflict-{stamp}{path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.stem}.conflict-{stamp}-{n}{path.suffix}")
    return aside


def copy_theirs_aside(path: Path) -> Path:
    """Copy the file as it is on disk now to a free name beside it; returns that name."""
    aside = aside_path(path)
    if path.is_file():
        try:
            shutil.copy2(path, aside)
        except OSError as exc:
            raise WriteFailed(
                path, f"could not copy theirs aside to {aside} ({exc.strerror or exc})"
            ) from None
    return aside
