"""Your name: who you are, per person, not per data file.

A team shares one data file (in git, or on one machine), so a name stored in it would be
one person's for everybody. Your name lives in your user config folder instead
(`config.json` in paths.config_dir(): {"your_name": "Maya Okafor"}); your company stays in
the shared file's settings.

- your_name(): who you are as changes record it (each stage change and activity has an
  author): the name you gave, else git's user.name, else your login name. Asked once per
  process (git is run at most once, with a short timeout).
- given_name(): only the name you gave (it signs outreach emails: [Your name]).
- save_your_name(): the profile dialog and the settings keep it here.
- offered_name(): a file from an older partner-tui kept a name in its settings; the app
  offers it in the profile dialog, prefilled, when you have given none. Nothing takes it
  unasked: a command that reads a teammate's file writes nothing, least of all a name
  someone else chose into your config (it would sign every change you make).
"""

from __future__ import annotations

import getpass
import subprocess
import threading
from typing import TYPE_CHECKING

from partner_tui.domain.safe_text import clean_line
from partner_tui.profile.user_config import read_config, write_config

if TYPE_CHECKING:
    # Only named here: given_name() is read without the models (and pydantic) by a
    # report kept for your name (speedups/kept_report.py).
    from partner_tui.domain.program import Profile, Settings

NAME_KEY = "your_name"
MAX_NAME = 200
# git is asked once; a git that hangs (a credential helper, a network home) is given up on.
GIT_TIMEOUT = 2.0

_guard = threading.RLock()
_resolved: str | None = None  # your_name(), once asked
_given: str | None = None  # given_name(), once read


def given_name() -> str:
    """The name you gave (saved in your config), or ""."""
    global _given
    with _guard:
        if _given is None:
            name = read_config().get(NAME_KEY)
            _given = _clean(name) if isinstance(name, str) else ""
        return _given


def with_your_name(profile: Profile) -> Profile:
    """The profile a template is filled with: your company from the shared file, your
    name from your config."""
    return profile.model_copy(update={"your_name": given_name()})


def settings_with_your_name(settings: Settings) -> Settings:
    """The file's settings with your name from your config (what a report, a statement
    or the settings screen shows as yours)."""
    return settings.model_copy(update={"profile": with_your_name(settings.profile)})


def your_name() -> str:
    """Who you are, as changes record it: the name you gave, else git's user.name, else
    your login name ("" if none of them is known)."""
    global _resolved
    with _guard:
        if _resolved is None:
            _resolved = given_name() or git_user_name() or login_name()
        return _resolved


def save_your_name(name: str) -> None:
    """Keep `name` as yours (OSError if the config folder cannot be written)."""
    global _resolved, _given
    name = _clean(name)
    data = read_config()
    data[NAME_KEY] = name
    write_config(data)
    with _guard:
        _given = name
        _resolved = None  # asked again: the fallbacks if the name was cleared


def offered_name(name_in_file: str) -> str:
    """The name a data file from before names were per person holds in its settings, to
    offer (prefilled, for you to confirm or change) when you have given none; else ""."""
    return "" if given_name() else _clean(name_in_file)


def git_user_name() -> str:
    try:
        result = subprocess.run(
            ["git", "config", "user.name"],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return _clean(result.stdout) if result.returncode == 0 else ""


def login_name() -> str:
    try:
        return _clean(getpass.getuser())
    except (OSError, KeyError, ImportError):  # no login name (a container, a service)
        return ""


def forget() -> None:
    """Ask again next time (tests; the config was changed by hand)."""
    global _resolved, _given
    with _guard:
        _resolved = _given = None




def _clean(name: str) -> str:
    """One line, no control characters, at most MAX_NAME characters (it is shown and
    stored as an author)."""
    return clean_line(name).strip()[:MAX_NAME]
