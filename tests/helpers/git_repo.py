"""A real git repository in a temp folder, driven the way a person drives it."""

from __future__ import annotations

import subprocess
from pathlib import Path

# A person's identity for commits, without touching anyone's git config.
IDENTITY = ("-c", "user.name=Test Person", "-c", "user.email=test@example.com")


def git_run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *IDENTITY, "-C", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def git(folder: Path, *args: str) -> str:
    """git's output; the test fails with git's own words when git does."""
    run = git_run(folder, *args)
    assert run.returncode == 0, f"git {' '.join(args)}: {run.stdout}{run.stderr}"
    return run.stdout.strip()


def new_repo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    return folder


def commit_all(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)
