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
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

from partner_tui.cli.errors import CommandFailed, say
from partner_tui.os_compat.files import new_file_mode
from partner_tui.os_compat.plain_files import NotPlainFile, read_plain
from partner_tui.store.errors import describe_os_error
from partner_tui.store.file.atomic_write import atomic_write
from partner_tui.store.file.backup import backup_path
from partner_tui.store.file.lock import lock_path

DRIVER = "partner-tui"
DRIVER_NAME = "partner-tui: merge the data file record by record"


def driver_command() -> str:
    return f"{shlex.quote(sys.executable)} -m partner_tui merge-driver %O %A %B %P"


def run_git_setup(db: Path) -> int:
    db = db.absolute()
    folder = db.parent
    problem = _name_problem(db)
    if problem is not None:
        raise CommandFailed(problem)
    if not folder.is_dir():
        raise CommandFailed(f"{folder} does not exist: create it (or the data file) first")
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None or _git(folder, "rev-parse", "--is-inside-work-tree") != "true":
        raise CommandFailed(
            f"{db} is not inside a git work tree: run `git init` in its folder, or clone "
            "your team's repository and use the data file in it"
        )
    say(f"Setting up git for {db} (work tree {top}):")
    attribute = f"{_quoted('/' + _literal(db.name))} merge={DRIVER}"
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
    return [
        "/" + _literal(lock_path(db).name),
        "/" + _literal(backup),
        # store/conflicts.py: copies kept aside
        "/" + _literal(f"{db.stem}.conflict-") + "*" + _literal(db.suffix),
        "/" + _literal(f".{name}.tmp-") + "*",  # store/atomic.py: a crashed save's temp file
        "/" + _literal(f".{backup}.tmp-") + "*",
    ]


def _literal(name: str) -> str:
    """`name` as a pattern that matches only itself: every character but letters, digits
    and `._-` escaped with a backslash (git's patterns take `\\x` as x). That also makes
    the line inert in a shell: `p;touch${IFS}PWNED;.json` is written `p\\;touch\\$\\{IFS...`,
    one word naming no command, should the file ever be read by one."""
    return "".join(c if not c.isascii() or c.isalnum() or c in "._-" else f"\\{c}" for c in name)


def _quoted(pattern: str) -> str:
    """A space ends a pattern in .gitattributes: such a pattern is quoted, C style; `$`
    and the backquote as octal escapes, so that not even a shell's double quotes would
    expand anything in it."""
    if not any(c.isspace() for c in pattern):
        return pattern
    escapes = {"\\": "\\\\", '"': '\\"', "$": "\\044", "`": "\\140"}
    return '"' + "".join(escapes.get(c, c) for c in pattern) + '"'


def _name_problem(db: Path) -> str | None:
    """A data file name that no line of .gitattributes/.gitignore can hold safely."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in db.name):
        return (
            f"the data file's name {db.name!r} holds a control or line-break character, "
            "which git's pattern files cannot hold safely: rename the file first"
        )
    return None


def _add_lines(path: Path, lines: list[str]) -> str:
    """Add the missing `lines` to the plain file at `path` (new if there is none), as git
    reads it: a link, a pipe, a folder or a device there is refused (git does not follow
    an in-repository .gitattributes link either), never written through or waited on."""
    try:
        found = read_plain(path)
        text = found[0].decode("utf-8") if found is not None else ""
    except NotPlainFile as exc:
        raise CommandFailed(
            f"{exc.sentence()}; git does not follow such a file and partner-tui will not "
            "write through it: replace it with a regular file (or remove it) and run "
            "git-setup again"
        ) from None
    except (OSError, UnicodeError) as exc:
        raise CommandFailed(f"cannot read {path}: {exc}") from None
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return "already set"
    if text and not text.endswith("\n"):
        text += "\n"
    # A file of the repository: it keeps its permissions, a new one gets the umask's
    # (git records no more than the executable bit; teammates read it).
    mode = stat.S_IMODE(found[1].st_mode) if found is not None else new_file_mode()
    try:
        atomic_write(path, (text + "".join(f"{line}\n" for line in missing)).encode(), mode=mode)
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
