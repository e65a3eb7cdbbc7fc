"""Sharing the data file through git: the merge driver git runs on it, and git-setup.

`merge-driver BASE OURS THEIRS [PATH]` is what git runs (as %O %A %B %P) when both
branches changed the data file: it merges them record by record (store/merge/three_way.py) and
writes the result into OURS. `git-setup` tells a clone's git to do that (git_setup.py).
"""

from __future__ import annotations

from pathlib import Path

from partner_tui.cli.errors import CommandFailed, say
from partner_tui.store.errors import describe_os_error


def run_merge_driver(base: Path, ours: Path, theirs: Path, shown: str | None) -> int:
    """Merge THEIRS into OURS; OURS is left untouched (exit 1) when a side cannot be
    read, and git then reports a conflict as it would without the driver."""
    from partner_tui.cli.merge_sides import checked_result, read_side
    from partner_tui.profile.your_name import your_name
    from partner_tui.store.file.atomic_write import atomic_write
    from partner_tui.store.merge.three_way import iter_clash_lines, merge_files

    name = shown or ours.name
    # Each side read, cleaned and checked as the program opens a file (merge_sides.py):
    # a side it would refuse stops the driver here, OURS untouched.
    result = merge_files(
        read_side(base, "the common ancestor", name, may_be_empty=True),
        read_side(ours, "our version", name) or {},
        read_side(theirs, "their version", name) or {},
        author=your_name() or None,  # who merged: the clash notes say so
    )
    merged = checked_result(result.data, name)
    try:
        atomic_write(ours, merged)  # git reads it back and writes the work tree's file
    except OSError as exc:
        raise CommandFailed(
            f"cannot merge {name}: could not write the result to {ours} "
            f"({describe_os_error(exc, writing=True)})"
        ) from None
    taken = sum(len(keys) for keys in result.changed.values())
    clashes = len(result.clashes)
    summary = (
        f"partner-tui: merged {name} record by record: {_count(taken, 'record')} from the "
        f"other side, {_count(clashes, 'clash')}"
    )
    if clashes:
        summary += " (the later change kept; the other written down, see below)"
    say(summary)
    for line in iter_clash_lines(result):
        say(f"  {line}")
    return 0


def _count(n: int, noun: str) -> str:
    plural = "es" if noun.endswith("sh") else "s"
    return f"{n} {noun}{'' if n == 1 else plural}"


