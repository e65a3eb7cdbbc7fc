"""An import has bounds: past 50 MB or 1,000,000 rows it stops with one line before
reading the rows; a file with many bad rows shows the first 20 and a count, every one
written to `--errors FILE`; a dry run checks the rows as a stream and keeps only what it
shows (memory stays small however many rows pass)."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from partner_tui.exchange.csv_check import check_csv
from partner_tui.exchange.import_limits import MAX_FILE_BYTES, MAX_ROWS, SHOWN
from tests.helpers.torture import run_cli

HEADER = "company,contact_email,potential_value,notes\n"


def good_rows(n: int) -> str:
    return HEADER + "".join(
        f"Company {i},p{i}@c{i}.example.com,25000,some notes about them\n" for i in range(n)
    )


def bad_rows(n: int) -> str:
    """Every third row has an address that is not one."""
    return HEADER + "".join(
        f"Company {i},{'not-an-email' if i % 3 == 0 else f'a{i}@b.example.com'},,\n"
        for i in range(n)
    )


def test_more_rows_than_the_limit_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv_file = tmp_path / "huge.csv"
    csv_file.write_text("company\n" + "a\n" * (MAX_ROWS + 1))
    code, out, err = cli("--db", tmp_path / "p.json", "import", csv_file, "--dry-run")
    assert (code, out) == (1, "")
    assert err == (
        f"partner-tui: {csv_file}: 1,000,001 rows is more than an import reads (1,000,000 "
        "rows per file); split it into smaller files\n"
    )


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(
    cli, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    csv_file = tmp_path / "big.csv"
    with csv_file.open("wb") as handle:
        handle.write(b"company\n")
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no 50 MB written
    for args in (["import", csv_file], ["import", csv_file, "--dry-run"],
                 ["import-deals", csv_file]):
        code, _, err = cli("--db", tmp_path / "p.json", *args)
        assert code == 1 and err.count("\n") == 1
        assert "50.0 MB is more than an import reads (50 MB per file)" in err
    assert not (tmp_path / "p.json").exists()


@pytest.mark.parametrize("dry_run", [True, False])
def test_many_bad_rows_show_the_first_twenty_and_write_all_to_errors(
    cli, tmp_path: Path, dry_run: bool  # type: ignore[no-untyped-def]
) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(bad_rows(300))
    errors = tmp_path / "errors.txt"
    args = ["import", csv_file, "--errors", errors] + (["--dry-run"] if dry_run else [])
    code, out, err = cli("--db", tmp_path / "p.json", *args)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].endswith("100 bad rows; nothing was imported. Fix these and run the "
                             "import again:")
    shown = [line for line in lines if line.startswith("  line ")]
    assert len(shown) == SHOWN
    assert shown[0] == "  line 2: contact_email: is not a valid email address (it must have " \
        "an @-sign)"
    assert lines[SHOWN + 1] == f"  ... and 80 more problems (all of them in {errors})"
    written = errors.read_text().splitlines()
    assert len(written) == 100 and written[-1].startswith("line 299: contact_email")
    assert not (tmp_path / "p.json").exists()


def test_without_errors_the_message_says_how_to_get_them_all(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(bad_rows(90))
    code, _, err = cli("--db", tmp_path / "p.json", "import", csv_file)
    assert code == 1
    assert "  ... and 10 more problems (--errors FILE writes all of them to FILE)" in err


def test_errors_into_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(bad_rows(5))
    os.mkfifo(tmp_path / "fifo")
    result = run_cli(tmp_path, "--db", tmp_path / "p.json", "import", csv_file, "--errors",
                     tmp_path / "fifo", "--dry-run", timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        f"partner-tui: refusing to write the bad rows: {tmp_path / 'fifo'} is a named pipe "
        "(FIFO); --errors takes a regular file\n"
    )


def test_a_dry_run_shows_the_first_twenty_partners_and_a_count(
    cli, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    csv_file = tmp_path / "good.csv"
    csv_file.write_text(good_rows(250))
    code, out, _ = cli("--db", tmp_path / "p.json", "import", csv_file, "--dry-run")
    assert code == 0
    assert "Would add 250 partners to" in out
    assert len([line for line in out.splitlines() if line.startswith("  line ")]) == SHOWN
    assert "  ... and 230 more" in out
    assert not (tmp_path / "p.json").exists()


def test_the_streamed_check_keeps_only_what_it_shows() -> None:
    """5,000 good rows: the partners a list would hold take about 12 KB each (60 MB);
    the streamed check keeps 20 of them and the companies' names."""
    text = good_rows(5_000)
    tracemalloc.start()
    try:
        checked = check_csv(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert checked.count == 5_000 and len(checked.shown) == SHOWN and checked.ok
    assert peak < 15 * 1024 * 1024, f"peak {peak / 1_048_576:.1f} MB"


def test_import_deals_reports_bad_rows_the_same_way(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """import-deals says the first 20 bad rows and a count, and --errors gets them all,
    as import does (one reporter: data_commands.fail_bad_rows)."""
    db = tmp_path / "p.json"
    people = tmp_path / "people.csv"
    people.write_text(good_rows(1))
    assert cli("--db", db, "import", people)[0] == 0
    deals = tmp_path / "deals.csv"
    deals.write_text("partner,customer,status\n" + "".join(
        f"Company 0,Customer {i},{'nonsense' if i % 2 else 'registered'}\n" for i in range(60)
    ))
    errors = tmp_path / "deal-errors.txt"
    before = db.read_bytes()
    code, out, err = cli("--db", db, "import-deals", deals, "--errors", errors)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].endswith("30 bad rows; nothing was imported. Fix these and run the "
                             "import again:")
    assert len([line for line in lines if line.startswith("  line ")]) == SHOWN
    assert lines[SHOWN + 1] == f"  ... and 10 more problems (all of them in {errors})"
    written = errors.read_text().splitlines()
    assert len(written) == 30 and written[0].startswith("line 3: status")
    assert db.read_bytes() == before  # nothing imported
    code, _, err = cli("--db", db, "import-deals", deals)
    assert code == 1 and "(--errors FILE writes all of them to FILE)" in err
