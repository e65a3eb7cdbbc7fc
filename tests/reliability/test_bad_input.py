"""Random and hostile input never crashes, never stores an invalid record, is always explained.

Three doors data comes in by: the domain models (anything that reaches the store is
validated there), the CSV importer, and the partner form. Each gets hypothesis-made input
(plus a list of known-nasty values); examples are kept few enough for the suite's budget.
"""

from __future__ import annotations

import asyncio
import codecs
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from partner_tui.domain.errors import field_messages
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.exchange.csv_format import COLUMNS, EXTRA_COLUMNS
from partner_tui.exchange.csv_import import CSVFileError, parse_csv, read_text
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.torture import TALLY

NASTY = [
    "", " ", "\t", "\x00", "\u200b", "\ufeff", "é", "٣", "２５", "1e9999", "-1e-9999", "NaN",
    "inf", "-0", "0.005", "12.345", "1,000,000,000,000,000,000", "$-5", "-$5", "(5)", "5%",
    "150%", "-1", "1_000", "0x10", "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31",
    "26/11/2026", "a@b", "@@", "x@y.z", "jane@acme.com", "mailto:a@b.co", "https://",
    "http://[::1", "acme.com:99999", "javascript:alert(1)", "=cmd|' /C calc'!A0", "+1", "@SUM(1)",
    "x" * 300, "y" * 10_001, "🙂" * 50, "a\nb", "a\r\nb", "\"", "'", "\\", "<b>bold</b>",
    "[red]markup[/red]", "Robert'); DROP TABLE partners;--",
]
text_values = st.one_of(st.sampled_from(NASTY), st.text(max_size=60))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | text_values,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6,
)
FIELDS = [
    "company", "partner_type", "subtype", "contact_name", "contact_email", "contact_linkedin",
    "website", "owner", "tags", "potential_value", "next_action", "next_action_date", "stage",
    "position", "stage_history", "archive_reason", "archived_from", "fit", "metrics", "models",
    "notes", "activities", "cadence", "id", "created_at", "updated_at", "colour",
]


# -- domain models ------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=8))
def test_random_records_validate_or_are_explained(fields: dict[str, Any]) -> None:
    base = new_partner("Acme").model_dump(mode="json")
    record = {**base, **fields}
    TALLY["bad inputs tried"] += 1
    try:
        partner = Partner.model_validate(record)
    except ValidationError as exc:
        messages = field_messages(exc)
        assert messages
        for path, message in messages.items():
            # A field named, a reason in words: never pydantic's own wording or links.
            assert path and message.strip(), (path, message)
            assert not message.startswith(("Value error", "Input should", "Field required"))
            assert "Traceback" not in message and "pydantic" not in message.lower()
        return
    # Valid: it survives the file's round trip unchanged.
    assert Partner.model_validate(partner.model_dump(mode="json")) == partner


# -- the CSV importer ---------------------------------------------------------------------------
cell = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
header_names = st.sampled_from([*COLUMNS, *EXTRA_COLUMNS, "Company", "E-mail", "junk", ""])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    header = draw(st.lists(header_names, min_size=1, max_size=6))
    if draw(st.booleans()):
        header = ["company", *header]
    rows = draw(st.lists(st.lists(cell, max_size=len(header) + 1), max_size=6))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))

    def quote(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(
            ch in value for ch in f'"\r\n{delimiter}') else value

    lines = [delimiter.join(quote(h) for h in header)]
    lines += [delimiter.join(quote(c) for c in row) for row in rows]
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


def check_parse(text: str) -> None:
    TALLY["bad inputs tried"] += 1
    try:
        parsed = parse_csv(text, ["Acme"])
    except CSVFileError as exc:
        assert str(exc)  # a file-level problem, said in words
        return
    # Physical lines as the importer (and an editor) counts them: \n, \r\n or a lone \r.
    lines = len(io.StringIO(text, newline="").readlines()) + 1
    for problem in parsed.problems:
        assert 1 <= problem.line <= lines + 1 and problem.message, problem
        assert str(problem).startswith(f"line {problem.line}: ")
    for partner in parsed.partners:
        # What would be stored is valid, and stays so through the file.
        assert Partner.model_validate(partner.model_dump(mode="json")) == partner


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts())
def test_random_csv_never_crashes_and_every_rejection_has_a_line(text: str) -> None:
    check_parse(text)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["", "utf-8-sig", "utf-16", "latin-1"]))
def test_random_bytes_and_encodings_are_read_or_refused_in_words(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, encoding: str
) -> None:
    path = tmp_path_factory.mktemp("csv") / "in.csv"
    if encoding:
        text = "company,notes\n" + data.decode("latin-1")
        raw = (codecs.BOM_UTF8 if encoding == "utf-8-sig" else b"") + text.encode(
            "utf-8" if encoding == "utf-8-sig" else encoding)
    else:
        raw = data
    path.write_bytes(raw)
    try:
        text = read_text(path)
    except CSVFileError as exc:
        TALLY["bad inputs tried"] += 1
        assert str(exc)
        return
    check_parse(text)


def test_huge_cells_and_many_rows() -> None:
    notes = "z" * 100_000  # the most notes may hold
    rows = ["company,notes,potential_value"]
    rows += [f"Co {i},{notes if i % 50 == 0 else 'n'},{i}" for i in range(2000)]
    rows.append(f"{'C' * 5000},x,1")  # a company name longer than allowed
    rows.append(f"Too long,{notes}z,1")
    parsed = parse_csv("\n".join(rows))
    assert [(p.line, p.message.split(":")[0]) for p in parsed.problems] == [
        (2002, "company"), (2003, "notes")]
    assert len(parsed.partners) == 2000
    TALLY["bad inputs tried"] += 2002


def test_a_cell_beyond_what_csv_reads_is_refused_in_words() -> None:
    text = "company,notes\nAcme," + "z" * 200_000 + "\n"
    with pytest.raises(CSVFileError) as info:
        parse_csv(text)
    assert str(info.value).startswith("line 2: a cell is longer than 131,072 characters")
    TALLY["bad inputs tried"] += 1


# -- the partner form ---------------------------------------------------------------------------
# (section index, field path): the text-like fields of every kind the form has.
FORM_FIELDS = [
    (0, "company"), (0, "contact_email"), (0, "contact_linkedin"), (0, "website"),
    (0, "tags"), (0, "potential_value"), (0, "next_action_date"),
    (4, "models.revenue_share.percent"), (4, "models.revenue_share.duration_years"),
    (4, "models.referral_fee.amount"),
    (6, "metrics.leads_generated"), (6, "metrics.revenue_attributed"),
    (6, "metrics.customer_satisfaction"),
]
PARTNER_ID = "torture0001"


def value_at(record: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        record = record[part]
    return record


async def drive_form(db: Path, attempts: list[tuple[int, str]]) -> tuple[int, int]:
    from partner_tui.app import PartnerApp
    from partner_tui.ui.form.fields import TextField

    accepted = refused = 0
    app = PartnerApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(PARTNER_ID)
        await pilot.pause()
        screen = app.screen
        shown = 0
        # Grouped by section: switching sections is the slow part, not the typing.
        for field_index, text in sorted(attempts, key=lambda a: FORM_FIELDS[a[0]][0]):
            section, path = FORM_FIELDS[field_index]
            if section != shown:
                await screen.tabs.action_section(section)
                await pilot.pause()
                shown = section
            app.clear_notifications()
            widget = screen.query_one(f"#f-{path.replace('.', '-')}", TextField)
            before = app.store.partners.get(PARTNER_ID)
            widget.input.value = text
            await pilot.pause()  # the edit's live check runs first, as when a person types
            await pilot.press("ctrl+s")
            await pilot.pause()
            after = app.store.partners.get(PARTNER_ID)
            error = str(widget.query_one(".field-error").render()).strip()
            if widget.has_class("-has-error"):
                refused += 1
                assert error, (path, text)
                assert after == before, "a refused save changed nothing"
                # Put the stored value back, as a person fixing the field would.
                widget.load(value_at(after.model_dump(), path))
                await pilot.pause()
            else:
                accepted += 1
                assert not screen.query(".-has-error"), (path, text)
                assert Partner.model_validate(after.model_dump(mode="json")) == after
        assert app.return_code is None and app.is_running
        app.store.flush()
    return accepted, refused


# No shrinking: each example runs the app (a second or so); a failure prints its inputs.
@settings(max_examples=2, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(FORM_FIELDS) - 1), text_values),
                min_size=6, max_size=8))
def test_the_form_accepts_valid_text_and_refuses_the_rest_in_words(
    tmp_path_factory: pytest.TempPathFactory, attempts: list[tuple[int, str]]
) -> None:
    db = tmp_path_factory.mktemp("form") / "p.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Acme", id=PARTNER_ID))
    accepted, refused = asyncio.run(drive_form(db, attempts))
    TALLY["bad inputs tried"] += accepted + refused
    assert accepted + refused == len(attempts)
    with PartnerStore(db, read_only=True) as store:  # what reached the disk is valid
        assert store.wait_verified(10)
        assert Partner.model_validate(store.partners.get(PARTNER_ID).model_dump(mode="json"))


def test_the_form_nasty_values_each_field(tmp_path: Path) -> None:
    """Every known-nasty value into every kind of field, once (deterministic)."""
    db = tmp_path / "p.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Acme", id=PARTNER_ID))
    kinds = [0, 1, 3, 5, 6, 7, 8, 11, 12]  # text, email, url, money, date, percent, count...
    picks = [v for v in NASTY if len(v) < 400]
    # Every other value (the random test samples this list too), kinds rotating.
    attempts = [(kinds[i % len(kinds)], value) for i, value in enumerate(picks[::3])]
    # And a good value for each kind, which must be accepted.
    good = [(0, "Acme Labs"), (1, "jane@acme.com"), (3, "acme.com"), (5, "25,000"),
            (6, "2026-12-01"), (7, "20"), (8, "3"), (11, "$1,250.50"), (12, "92")]
    accepted, refused = asyncio.run(drive_form(db, attempts + good))
    TALLY["bad inputs tried"] += accepted + refused
    assert refused >= 8 and accepted >= len(good)  # both outcomes really happen
    with PartnerStore(db, read_only=True) as store:
        saved = store.partners.get(PARTNER_ID)
    assert saved.company == "Acme Labs" and saved.website == "https://acme.com"
    assert str(saved.potential_value) == "25000.00" and saved.metrics.customer_satisfaction == 92


@pytest.mark.parametrize("name", ["\u200b", "\u00ad", "\ufeff", "\x00", " \u200b\t"])
def test_a_company_name_with_nothing_visible_is_refused(name: str) -> None:
    with pytest.raises(ValidationError) as info:
        new_partner(name)
    assert "company" in field_messages(info.value)
