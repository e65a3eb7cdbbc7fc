"""`partner-tui git-setup`: make a git clone merge the data file record by record.

Three things, each left alone when already right (so running it again changes nothing):
- `.gitattributes` beside the data file: `/partners.json merge=partner-tui`, so git hands
  this file to the driver below (committed: the whole team shares it);
- the clone's git config: `merge.partner-tui.name` and `.driver`, the command git runs
  (git never shares its config, so every clone runs git-setup once);
- `.gitignore` beside the data file: the lock file, the backup, the copies kept aside
  and a crashed save's temp files, none of which belong in the repository.

The driver is this very interpreter running `-m partner_tui`, by its absolute path: it
works from any shell or git client whatever its PATH or active virtual environment.
Moved or reinstalled elsewhere? Run git-setup again: it updates the command.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from partner_tui.cli.errors import CommandFailed, say
from partner_tui.store.errors import describe_os_error
from partner_tui.store.file.backup import backup_path
from partner_tui.store.file.lock import lock_path

DRIVER = "partner-tui"
DRIVER_NAME = "partner-tui: merge the data file record by record"


def driver_command() -> str:
    return f"{shlex.quote(sys.executable)} -m partner_tui merge-driver %O %A %B %P"


def run_git_setup(db: Path) -> int:
    db = db.absolute()
    folder = db.parent
    if not folder.is_dir():
        raise CommandFailed(f"{folder} does not exist: create it (or the data file) first")
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None or _git(folder, "rev-parse", "--is-inside-work-tree") != "true":
        raise CommandFailed(
            f"{db} is not inside a git work tree: run `git init` in its folder, or clone "
            "your team's repository and use the data file in it"
        )
    say(f"Setting up git for {db} (work tree {top}):")
    attribute = f"{_quoted(_pattern(db.name))} merge={DRIVER}"
    _report(".gitattributes", _add_lines(folder / ".gitattributes", [attribute]))
    _report(f"git config merge.{DRIVER}.name", _set_config(folder, "name", DRIVER_NAME))
    _report(f"git config merge.{DRIVER}.driver", _set_config(folder, "driver", driver_command()))
    _report(".gitignore", _add_lines(folder / ".gitignore", _ignored(db)))
    say(
        "Commit .gitattributes and .gitignore with the data file. Every teammate runs "
        "`partner-tui git-setup` once in their own clone: git does not share its config."
    )
    return 0


def _ignored(db: Path) -> list[str]:
    """What partner-tui writes beside the data file that is not the data."""
    name, backup = db.name, backup_path(db).name
    conflict = f"{db.stem}.conflict-*{db.suffix}"  # store/conflicts.py: copies kept aside
    return [
        _pattern(lock_path(db).name),
        _pattern(backup),
        _pattern(conflict, glob=True),
        _pattern(f".{name}.tmp-*", glob=True),  # store/file/atomic_write.py: a crashed save
        _pattern(f".{backup}.tmp-*", glob=True),
    ]


def _pattern(name: str, *, glob: bool = False) -> str:
    """A file beside the .gitattributes/.gitignore that holds this line, and only that
    one (the leading slash), its glob characters escaped unless meant."""
    if not glob:
        name = "".join(f"\\{c}" if c in "*?[]\\" else c for c in name)
    return f"/{name}"


def _quoted(pattern: str) -> str:
    """A space ends a pattern in .gitattributes: such a pattern is quoted, C style."""
    if not any(c.isspace() for c in pattern):
        return pattern
    return '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_lines(path: Path, lines: list[str]) -> str:
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeError) as exc:
        raise CommandFailed(f"cannot read {path}: {exc}") from None
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return "already set"
    if text and not text.endswith("\n"):
        text += "\n"
    try:
        path.write_text(text + "".join(f"{line}\n" for line in missing), encoding="utf-8")
    except OSError as exc:
        problem = describe_os_error(exc, writing=True)
        raise CommandFailed(f"cannot write {path}: {problem}") from None
    return "added " + ", ".join(missing)


def _set_config(folder: Path, key: str, value: str) -> str:
    name = f"merge.{DRIVER}.{key}"
    current = _git(folder, "config", "--local", "--get", name)
    if current == value:
        return "already set"
    if _git(folder, "config", "--local", name, value) is None:
        raise CommandFailed(f"git could not set {name} (is the repository's config writable?)")
    return f"set to {value}" if current is None else f"updated to {value} (was {current})"


def _report(what: str, done: str) -> None:
    say(f"  {what}: {done}")


def _git(folder: Path, *args: str) -> str | None:
    """git's answer on one line, or None when it fails (or git is not installed)."""
    try:
        run = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except FileNotFoundError:
        raise CommandFailed("git is not installed (or not on PATH)") from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise CommandFailed(f"could not run git: {exc}") from None
    return run.stdout.strip() if run.returncode == 0 else None
