"""The merge driver checks what git hands it with the program's own models: a side the
program would refuse to open makes the driver exit 1 (git shows a conflict) with OURS
untouched and one line naming the side and the record; text is cleaned as on import, in
the merged file and in the merge's notes; and a real `git merge` with an invalid side
ends in a conflict, never in a committed file every command refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from partner_tui.cli import main
from partner_tui.store.file.serialize import dumps
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.git_repo import commit_all, git, git_run, new_repo
from tests.helpers.merging import at, clone, edit, file_of, partner
from tests.helpers.torture import run_cli

ACME = partner("Acme")


def write(path: Path, data: Any) -> Path:
    path.write_bytes(dumps(data) if isinstance(data, dict) else data)
    return path


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def sides(tmp_path: Path) -> tuple[Path, Path, Path, dict]:
    base = file_of([ACME])
    ours = clone(base)
    edit(ours, ACME.id, at(1), notes="ours")
    return write(tmp_path / "base", base), write(tmp_path / "ours", ours), tmp_path / "theirs", base


def invalid_partner(base: dict, **fields: Any) -> dict:
    theirs = clone(base)
    theirs["partners"][ACME.id].update(fields)
    return theirs


INVALID = {
    "an address that is not one": ({"contact_email": "not-an-email"}, "contact_email"),
    "a 500-character company": ({"company": "A" * 500}, "company"),
    "a negative value": ({"potential_value": "-5.00"}, "potential_value"),
    "a stage that is none": ({"stage": "nonsense"}, "stage"),
    "an unknown field": ({"surprise": "x"}, "surprise"),
    "a value nested 1,000 deep": ({"notes": nested(1000)}, "notes"),
}


@pytest.mark.parametrize("case", list(INVALID))
@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_an_invalid_record_on_either_side_is_a_conflict(
    cli, tmp_path: Path, case: str, side: str  # type: ignore[no-untyped-def]
) -> None:
    base, ours, theirs, base_data = sides(tmp_path)
    fields, problem = INVALID[case]
    bad = invalid_partner(base_data, **fields)
    if case == "a value nested 1,000 deep":  # past what the serializer writes: raw JSON
        text = json.dumps(invalid_partner(base_data, notes="NEST")).replace(
            '"NEST"', '{"a":' * 1000 + "1" + "}" * 1000
        )
        bad_bytes = text.encode()
    else:
        bad_bytes = dumps(bad)
    if side == "theirs":
        theirs.write_bytes(bad_bytes)
    else:
        write(theirs, file_of([ACME]))
        ours.write_bytes(bad_bytes)
    before = ours.read_bytes()
    code, out, err = cli("merge-driver", base, ours, theirs, "data/partners.json")
    assert (code, out) == (1, "")
    assert ours.read_bytes() == before
    assert len(err.strip().splitlines()) == 1
    word = "their version" if side == "theirs" else "our version"
    assert err.startswith(f"partner-tui: cannot merge data/partners.json: {word} (")
    assert f"partner record {ACME.id} (" in err and problem in err
    assert err.rstrip().endswith("left for git to report as a conflict")


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_a_side_of_literally_empty_braces_deletes_nothing(
    cli, tmp_path: Path, side: str  # type: ignore[no-untyped-def]
) -> None:
    base, ours, theirs, _ = sides(tmp_path)
    write(theirs, file_of([ACME]))
    (ours if side == "ours" else theirs).write_bytes(b"{}")
    before = ours.read_bytes()
    code, _, err = cli("merge-driver", base, ours, theirs, "partners.json")
    assert code == 1 and "no schema_version (an empty {})" in err
    assert ours.read_bytes() == before


def test_an_empty_braces_ancestor_is_still_a_two_way_merge(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, ours, theirs, _ = sides(tmp_path)
    base.write_bytes(b"{}")
    write(theirs, file_of([partner("Beta")]))
    code, _, err = cli("merge-driver", base, ours, theirs, "partners.json")
    assert (code, err) == (0, "")
    assert sorted(p["company"] for p in json.loads(ours.read_bytes())["partners"].values()) == [
        "Acme", "Beta",
    ]


def test_control_and_bidi_text_from_a_side_is_cleaned_in_the_file_and_the_notes(
    cli, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    base, ours, theirs, base_data = sides(tmp_path)
    ours_data = json.loads(ours.read_bytes())
    edit(ours_data, ACME.id, at(2), contact_name="Ann")
    write(ours, ours_data)
    their_data = clone(base_data)
    # A raw escape, a bell and a bidi override in a one-line field that clashes with
    # ours (theirs is later: kept, and named in the note about ours).
    their_data["partners"][ACME.id]["contact_name"] = "Jo\x07 \u202eBlo\x1b[2Jggs"
    their_data["partners"][ACME.id]["updated_at"] = "2026-03-01T09:03:00Z"
    write(theirs, their_data)
    code, out, err = cli("merge-driver", base, ours, theirs, "partners.json")
    assert code == 0, err
    merged = ours.read_text(encoding="utf-8")
    for bad in ("\x1b", "\x07", "\u202e", "\\u001b", "\\u0007", "\\u202e"):
        assert bad not in merged and bad not in out
    record = json.loads(merged)["partners"][ACME.id]
    assert record["contact_name"] == "Jo Blo[2Jggs"
    assert "1 clash" in out and "(kept Jo Blo[2Jggs)" in out
    assert any("Ann" in a["text"] for a in record["activities"])  # the note about ours
    with PartnerStore(ours, read_only=True) as store:  # the program opens what was written
        assert store.partners.get(ACME.id).contact_name == "Jo Blo[2Jggs"


def test_a_result_that_would_be_invalid_is_not_written(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """The result is checked like a side: here a merge that (through a bug) produced an
    invalid record."""
    from partner_tui.store.merge import three_way as merge

    base, ours, theirs, base_data = sides(tmp_path)
    write(theirs, clone(base_data))
    real = merge.merge_files

    def broken_merge(*args: Any, **kwargs: Any) -> merge.MergeResult:
        result = real(*args, **kwargs)
        result.data["partners"][ACME.id] = {**result.data["partners"][ACME.id], "stage": "x"}
        return result

    monkeypatch.setattr(merge, "merge_files", broken_merge)
    before = ours.read_bytes()
    code, _, err = cli("merge-driver", base, ours, theirs, "partners.json")
    assert code == 1 and "the merged result would not be a valid file" in err
    assert ours.read_bytes() == before


def test_a_real_git_merge_with_an_invalid_side_is_a_conflict(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "team")
    data = repo / "partners.json"
    write(data, file_of([ACME]))
    assert run_cli(tmp_path, "--db", data, "git-setup").returncode == 0
    commit_all(repo, "our partners")
    git(repo, "checkout", "-q", "-b", "theirs")
    write(data, invalid_partner(json.loads(data.read_bytes()), contact_email="not-an-email"))
    commit_all(repo, "a bad hand edit")
    git(repo, "checkout", "-q", "main")
    ours = json.loads(data.read_bytes())
    edit(ours, ACME.id, at(5), notes="ours")
    write(data, ours)
    commit_all(repo, "a good edit")
    ours_bytes = data.read_bytes()
    merged = git_run(repo, "merge", "--no-edit", "theirs")
    assert merged.returncode != 0
    said = merged.stdout + merged.stderr
    assert "their version" in said and "contact_email" in said and "CONFLICT" in said
    assert data.read_bytes() == ours_bytes  # ours, as the driver left it
    assert git(repo, "status", "--porcelain") == "UU partners.json"
    assert main(["--db", str(data), "list"]) == 0  # still a file every command opens
