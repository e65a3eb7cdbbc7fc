"""`partner-tui merge-driver` and `partner-tui git-setup`, on real files and real git."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.domain.stages import Stage
from partner_tui.store.file.serialize import dumps
from tests.helpers.git_repo import git, new_repo
from tests.helpers.merging import add, at, clone, edit, file_of, move, partner, partners_of

ACME, BETA = partner("Acme"), partner("Beta", Stage.ENGAGE)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    def call(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return call


def write(path: Path, data: dict) -> Path:
    path.write_bytes(dumps(data))
    return path


@pytest.fixture
def three(tmp_path: Path) -> tuple[Path, Path, Path, dict]:
    """BASE, OURS, THEIRS as git hands them to the driver: one partner moved on each side,
    one added on each side, one field each of one partner, and one clash."""
    base = file_of([ACME, BETA])
    ours, theirs = clone(base), clone(base)
    move(ours, ACME.id, Stage.ENGAGE, at(1))
    add(ours, "Ours Co", at(1))
    edit(ours, BETA.id, at(2), contact_email="bo@beta.io", website="https://ours.example.com")
    edit(theirs, BETA.id, at(3), notes="met at the fair", website="https://theirs.example.com")
    add(theirs, "Theirs Co", at(3))
    paths = (
        write(tmp_path / "base", base),
        write(tmp_path / "ours", ours),
        write(tmp_path / "theirs", theirs),
    )
    return (*paths, base)


# -- merge-driver ------------------------------------------------------------------------------
def test_the_driver_writes_the_merge_into_ours(cli, three) -> None:
    base, ours, theirs, _ = three
    code, out, err = cli("merge-driver", base, ours, theirs, "data/partners.json")
    assert (code, err) == (0, "")
    merged = partners_of(json.loads(ours.read_bytes()))
    by_name = {p.company: p for p in merged.values()}
    assert set(by_name) == {"Acme", "Beta", "Ours Co", "Theirs Co"}
    beta = by_name["Beta"]
    assert (beta.contact_email, beta.notes, beta.website) == (
        "bo@beta.io", "met at the fair", "https://theirs.example.com"
    )
    assert by_name["Acme"].stage is Stage.ENGAGE
    assert out.splitlines() == [
        "partner-tui: merged data/partners.json record by record: 2 records from the other "
        "side, 1 clash (the later change kept; the other written down, see below)",
        "  Beta: website was https://ours.example.com on the other side "
        "(kept https://theirs.example.com)",
    ]
    assert ours.read_bytes() == dumps(json.loads(ours.read_bytes()))  # the file's own layout


def test_an_empty_base_merges_two_ways(cli, three) -> None:
    base, ours, theirs, _ = three
    base.write_bytes(b"")  # git's BASE when the file was added on both branches
    code, _, _ = cli("merge-driver", base, ours, theirs)
    assert code == 0
    names = {p.company for p in partners_of(json.loads(ours.read_bytes())).values()}
    assert names == {"Acme", "Beta", "Ours Co", "Theirs Co"}


def test_an_older_schema_on_any_side_is_migrated_first(cli, three) -> None:
    base, ours, theirs, base_data = three
    v1 = {
        "meta": {"1": {"schema_version": 1}},
        "partners": {str(i): r for i, r in enumerate(base_data["partners"].values(), 1)},
        "templates": {},
        "settings": {},
    }
    write(base, v1)
    code, _, _ = cli("merge-driver", base, ours, theirs)
    assert code == 0
    assert json.loads(ours.read_bytes())["meta"]["1"]["schema_version"] >= 2
    assert len(partners_of(json.loads(ours.read_bytes()))) == 4


@pytest.mark.parametrize("side", ["base", "ours", "theirs"])
@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"meta": {"1": {"schema_version": 99}}}', "newer partner-tui"),
    ],
)
def test_a_side_that_cannot_be_read_leaves_ours_untouched(
    cli, three, side: str, content: bytes, problem: str
) -> None:
    base, ours, theirs, _ = three
    broken = {"base": base, "ours": ours, "theirs": theirs}[side]
    broken.write_bytes(content)
    before = ours.read_bytes()
    code, out, err = cli("merge-driver", base, ours, theirs, "partners.json")
    assert code == 1 and out == ""
    assert err.startswith("partner-tui: cannot merge partners.json: ") and problem in err
    assert len(err.strip().splitlines()) == 1
    assert ours.read_bytes() == before


def test_a_missing_side_is_a_clear_error(cli, three, tmp_path: Path) -> None:
    base, ours, _, _ = three
    code, _, err = cli("merge-driver", base, ours, tmp_path / "gone")
    assert code == 1 and "their version" in err


def test_usage_mistakes_exit_2(cli) -> None:
    code, _, err = cli("merge-driver", "only-one")
    assert code == 2 and err.startswith("partner-tui: ") and "merge-driver --help" in err


# -- git-setup ---------------------------------------------------------------------------------
@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path / "team")


def test_git_setup_sets_up_a_clone_once(cli, repo: Path) -> None:
    data = repo / "sales" / "partners.json"
    data.parent.mkdir()
    code, out, _ = cli("--db", data, "git-setup")
    assert code == 0
    assert (data.parent / ".gitattributes").read_text() == "/partners.json merge=partner-tui\n"
    assert (data.parent / ".gitignore").read_text().splitlines() == [
        "/.partners.json.lock",
        "/partners.bak.json",
        "/partners.conflict-*.json",
        "/.partners.json.tmp-*",
        "/.partners.bak.json.tmp-*",
    ]
    driver = git(repo, "config", "merge.partner-tui.driver")
    assert driver == f"{shlex.quote(sys.executable)} -m partner_tui merge-driver %O %A %B %P"
    assert git(repo, "config", "merge.partner-tui.name")
    assert git(repo, "check-attr", "merge", "sales/partners.json").endswith("merge: partner-tui")
    assert "added /partners.json merge=partner-tui" in out
    again_code, again, _ = cli("--db", data, "git-setup")
    assert again_code == 0
    assert [line for line in again.splitlines() if line.startswith("  ")] == [
        "  .gitattributes: already set",
        "  git config merge.partner-tui.name: already set",
        "  git config merge.partner-tui.driver: already set",
        "  .gitignore: already set",
    ]
    assert (data.parent / ".gitattributes").read_text().count("merge=partner-tui") == 1


def test_git_setup_keeps_what_the_files_held_and_ignores_what_it_should(
    cli, repo: Path
) -> None:
    (repo / ".gitignore").write_text("*.log")  # no newline at the end
    (repo / ".gitattributes").write_text("*.png binary\n")
    data = repo / "my partners.json"
    data.write_text("{}")
    for leftover in (".my partners.json.lock", "my partners.bak.json",
                     "my partners.conflict-20260316T093000.json"):
        (repo / leftover).write_text("x")
    code, _, _ = cli("--db", data, "git-setup")
    assert code == 0
    assert (repo / ".gitignore").read_text().startswith("*.log\n/.my\\ partners.json.lock\n")
    assert (repo / ".gitattributes").read_text() == (
        '*.png binary\n"/my\\\\ partners.json" merge=partner-tui\n'
    )
    assert git(repo, "check-attr", "merge", "my partners.json").endswith("merge: partner-tui")
    untracked = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(untracked) == ['?? "my partners.json"', "?? .gitattributes", "?? .gitignore"]


def test_git_setup_updates_a_driver_that_moved(cli, repo: Path) -> None:
    git(repo, "config", "merge.partner-tui.driver", "/old/venv/bin/python -m partner_tui ...")
    code, out, _ = cli("--db", repo / "partners.json", "git-setup")
    assert code == 0
    assert "(was /old/venv/bin/python -m partner_tui ...)" in out
    assert git(repo, "config", "merge.partner-tui.driver").startswith(shlex.quote(sys.executable))


def test_git_setup_outside_a_work_tree_says_so(cli, tmp_path: Path) -> None:
    code, out, err = cli("--db", tmp_path / "partners.json", "git-setup")
    assert code == 1 and out == ""
    assert err.startswith("partner-tui: ") and "is not inside a git work tree" in err
    assert not (tmp_path / ".gitattributes").exists()


def test_git_setup_in_a_missing_folder_says_so(cli, repo: Path) -> None:
    code, _, err = cli("--db", repo / "nowhere" / "partners.json", "git-setup")
    assert code == 1 and "does not exist" in err
