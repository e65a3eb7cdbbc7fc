"""A data file whose folder other users may write to is theirs to replace: warn about it.

Whoever can write in a folder can rename, remove or replace any name in it (unless the
folder has the sticky bit, as /tmp has): the data file itself, its backup, its lock. No
care in how partner-tui writes can stop that, so the person is told once per start (the
command line on stderr, the app in a notification). Windows folders have access lists,
not mode bits: not checked there (os_compat/files.py).
"""

from __future__ import annotations

from pathlib import Path

from partner_tui.os_compat import files
from partner_tui.store.file.lock import data_file


def open_folder_warning(db: Path) -> str | None:
    """One line naming the folder of `db` (or of the file its link points to), or any folder
    above it, that other users can write to, or None. A folder above counts as much as the
    data's own: whoever may rename a folder on the way can put one of their own in its
    place, the data file and its backup included."""
    folders = [db.absolute().parent]
    try:
        real = data_file(db).absolute().parent
    except (OSError, RuntimeError):  # a link loop (RuntimeError before 3.13): the open says so
        real = folders[0]
    if real != folders[0]:
        folders.append(real)
    for folder in folders:
        if files.open_to_others(folder):
            return (
                f"other users can write in {folder} (group- or world-writable, no sticky bit): "
                f"any of them can replace or remove {db.name} there. Keep the data in a "
                f"folder only you can write to (chmod go-w {files.quote_arg(str(folder))})."
            )
    for folder in folders:
        for above in folder.parents:
            if files.open_to_others(above):
                return (
                    f"other users can write in {above}, a folder above {db.name} (group- or "
                    "world-writable, no sticky bit): any of them can rename the folder in it "
                    "that holds your data and put one of their own in its place. Keep the "
                    f"data where only you can write (chmod go-w {files.quote_arg(str(above))})."
                )
    return None
