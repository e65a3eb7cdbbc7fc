"""`git-setup` in a repository someone prepared: a .gitignore or .gitattributes that is a
link, a named pipe or a folder is refused in one line (git does not follow such a file
either), never written through or waited on; a data file whose name is shell code is
written into them as inert, escaped patterns that still match exactly that file."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.git_repo import git, git_run, new_repo
from tests.helpers.planted import PRECIOUS
from tests.helpers.torture import run_cli

HOSTILE = "p;touch${IFS}PWNED;.json"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path / "team")


@pytest.mark.parametrize("name", [".gitignore", ".gitattributes"])
def test_a_symlinked_pattern_file_is_refused_and_its_target_untouched(
    cli, repo: Path, precious: Path, name: str  # type: ignore[no-untyped-def]
) -> None:
    (repo / name).symlink_to(precious)
    code, _, err = cli("--db", repo / HOSTILE, "git-setup")
    assert code == 1
    assert err.count("\n") == 1
    assert f"{repo / name} is a symbolic link; git does not follow" in err
    assert precious.read_bytes() == PRECIOUS
    assert (repo / name).is_symlink()


def test_a_dangling_link_creates_nothing_where_it_points(
    cli, repo: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    bashrc = tmp_path / "home" / ".bashrc"
    bashrc.parent.mkdir()
    (repo / ".gitignore").symlink_to(bashrc)
    code, _, err = cli("--db", repo / "partners.json", "git-setup")
    assert code == 1 and "is a symbolic link" in err
    assert not bashrc.exists()


@pytest.mark.parametrize("name", [".gitattributes", ".gitignore"])
def test_a_named_pipe_is_refused_at_once(repo: Path, tmp_path: Path, name: str) -> None:
    """A real FIFO with no writer: the command ends at once (the timeout fails the test
    instead of hanging it)."""
    os.mkfifo(repo / name)
    result = run_cli(tmp_path, "--db", repo / "partners.json", "git-setup", timeout=60)
    assert result.returncode == 1
    assert f"{repo / name} is a named pipe (FIFO)" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_folder_in_place_of_gitignore_is_refused(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".gitignore").mkdir()
    code, _, err = cli("--db", repo / "partners.json", "git-setup")
    assert code == 1 and f"{repo / '.gitignore'} is a folder" in err


def test_a_name_that_is_shell_code_is_written_inert_and_still_matches(
    cli, repo: Path  # type: ignore[no-untyped-def]
) -> None:
    data = repo / HOSTILE
    data.write_text("{}")
    assert cli("--db", data, "git-setup")[0] == 0
    for leftover in (f".{HOSTILE}.lock", "p;touch${IFS}PWNED;.bak.json",
                     "p;touch${IFS}PWNED;.conflict-20260316T093000.json"):
        (repo / leftover).write_text("x")
    # Git reads the escaped patterns as exactly these files ...
    assert git(repo, "check-attr", "merge", "--", HOSTILE).endswith("merge: partner-tui")
    untracked = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(untracked) == ["?? .gitattributes", "?? .gitignore", f"?? {HOSTILE}"]
    # ... and a shell that reads them (a .gitignore once linked to ~/.bashrc) runs nothing.
    for name in (".gitignore", ".gitattributes"):
        subprocess.run(
            ["sh", str(repo / name)], cwd=repo, capture_output=True, timeout=30, check=False
        )
    assert not (repo / "PWNED").exists()


def test_a_quoted_attribute_with_shell_characters_still_matches(
    cli, repo: Path  # type: ignore[no-untyped-def]
) -> None:
    name = "our deals $(id) `x`.json"
    assert cli("--db", repo / name, "git-setup")[0] == 0
    line = (repo / ".gitattributes").read_text()
    assert line.startswith('"') and "$" not in line and "`" not in line
    assert git(repo, "check-attr", "merge", "--", name).endswith("merge: partner-tui")


def test_a_name_with_a_line_break_is_refused(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("--db", repo / "a\n* merge=ours.json", "git-setup")
    assert code == 1 and "line-break" in err
    assert not (repo / ".gitattributes").exists()
    assert git_run(repo, "config", "merge.partner-tui.driver").returncode != 0


def test_existing_files_keep_their_permissions(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".gitignore").write_text("*.log\n")
    (repo / ".gitignore").chmod(0o644)
    assert cli("--db", repo / "partners.json", "git-setup")[0] == 0
    assert (repo / ".gitignore").stat().st_mode & 0o777 == 0o644
    assert (repo / ".gitignore").read_text().startswith("*.log\n/.partners.json.lock\n")
