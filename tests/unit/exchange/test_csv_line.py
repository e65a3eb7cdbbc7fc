"""csv_export.csv_line writes the very line csv.writer writes (the export's dialect:
QUOTE_MINIMAL, ',' and '"', CRLF), for any cells: the export's own writer, faster."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.exchange.csv_export import csv_line, row_line
from partner_tui.exchange.csv_format import neutralise

_CELL = st.text(alphabet=st.sampled_from(list('a é,"\'\r\n\t;=+-@\x00\u2028\u202e ')), max_size=8)


def _writer_line(cells: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


@given(st.lists(st.one_of(_CELL, st.text(max_size=6)), min_size=2, max_size=6))
def test_a_line_is_the_csv_writers(cells: list[str]) -> None:
    assert csv_line(cells) == _writer_line(cells)


def test_the_cells_that_need_quotes() -> None:
    assert csv_line(["a", ""]) == "a,\r\n"
    assert csv_line(['say "hi"', "x,y", "two\nlines", "cr\r"]) == (
        '"say ""hi""","x,y","two\nlines","cr\r"\r\n')
    assert csv_line(["=1+1", " lead", "trail "]) == "=1+1, lead,trail \r\n"


@given(st.lists(st.one_of(_CELL, st.text(max_size=6)), min_size=2, max_size=6))
def test_a_rows_line_is_csv_line_of_its_neutralised_cells(cells: list[str]) -> None:
    # row_line's shortcut (the cells joined) must hold for every row it takes.
    assert row_line(cells) == csv_line([neutralise(cell) for cell in cells])


def test_a_row_needing_a_guard_or_quotes_anywhere_is_written_as_csv_line() -> None:
    for cells in (["a", "=1"], ["-x", "b"], ["a", "'+1"], ["a", "b,c"], ['a"', "b"],
                  ["a", "b\n"], ["a", "\tb"], ["", ""], ["a", "b", "c"]):
        assert row_line(cells) == csv_line([neutralise(cell) for cell in cells])
    assert row_line(["plain", "row"]) == "plain,row\r\n"
