"""CSV import/export rules: columns, formula guard, line numbers, hostile cells, round trip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain.partner import Partner, has_visible_text, new_partner
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.partnership_models import (
    PartnershipModels,
    PaymentTerms,
    ReferralFee,
    ReferralPayment,
    RevenueShare,
)
from partner_tui.domain.safe_text import clean_line
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.exchange.csv_cells import split_next_action
from partner_tui.exchange.csv_export import export_csv
from partner_tui.exchange.csv_format import COLUMNS, neutralise, unneutralise
from partner_tui.exchange.csv_import import CSVFileError, parse_csv, read_text

HEADER = ",".join(COLUMNS)


def lines_of(parsed) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for problem in parsed.problems:
        out.setdefault(problem.line, []).append(problem.message)
    return out


# -- formula guard -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    ["=SUM(A1:A9)", "+31 20 555", "-5", "@cmd", "\tTab", "\rCR", "'=already", "''+x"],
)
def test_formula_like_cells_get_one_apostrophe_and_come_back_exactly(value: str) -> None:
    guarded = neutralise(value)
    assert guarded == "'" + value
    assert unneutralise(guarded) == value


@pytest.mark.parametrize("value", ["Acme", "", "'quoted'", "it's", "a=b", "'", "''"])
def test_ordinary_cells_are_left_alone(value: str) -> None:
    assert neutralise(value) == value
    assert unneutralise(value) == value


def test_export_neutralises_every_formula_cell() -> None:
    partner = new_partner(
        "=HYPERLINK(\"http://evil\")", contact_name="@mention", notes="+1 555 0100",
        next_action="-call them",
    )
    text = export_csv([partner])
    body = text.splitlines()[1]
    assert body.startswith("\"'=HYPERLINK(\"\"http://evil\"\")\"")
    assert "'@mention" in body and "'+1 555 0100" in body and "'-call them" in body


def test_import_keeps_formula_text_literally_but_strips_our_apostrophe() -> None:
    text = f"{HEADER}\n=1+1,,,,,,,,\n'=2+2,,,,,,,,@note\n"
    parsed = parse_csv(text)
    assert parsed.ok, parsed.problems
    assert [p.company for p in parsed.partners] == ["=1+1", "=2+2"]
    assert parsed.partners[1].notes == "@note"


# -- header ----------------------------------------------------------------------------------------
def test_columns_in_any_order_and_only_company_required() -> None:
    text = "notes,Company,Contact Email,STAGE\nhello,Acme,ann@acme-corp.com,Engage\n"
    parsed = parse_csv(text)
    assert parsed.ok, parsed.problems
    (p,) = parsed.partners
    assert (p.company, p.contact_email, p.stage, p.notes) == (
        "Acme", "ann@acme-corp.com", Stage.ENGAGE, "hello")
    assert p.stage_history[0].stage is Stage.ENGAGE


def test_missing_company_column_is_a_file_error_naming_what_was_found() -> None:
    with pytest.raises(CSVFileError, match="no 'company' column.*'name', 'email'"):
        parse_csv("name,email\nAcme,a@b.co\n")


def test_duplicate_column_is_a_file_error() -> None:
    with pytest.raises(CSVFileError, match="line 1: the column 'company' appears twice"):
        parse_csv("company,company\na,b\n")
    with pytest.raises(CSVFileError, match="'company' and 'Company Name' both mean 'company'"):
        parse_csv("company,Company Name\na,b\n")


@pytest.mark.parametrize(
    "text",
    [
        "company;stage;notes\nAcme;engage;\"a;b, c\"\n",  # a spreadsheet in a comma-decimal locale
        "company\tstage\tnotes\nAcme\tengage\ta;b, c\n",  # tab-separated
        "sep=;\ncompany;stage;notes\nAcme;engage;a;b, c\n",  # Excel's hint line
    ],
)
def test_semicolon_and_tab_separated_files_are_recognised(text: str) -> None:
    parsed = parse_csv(text)
    if text.startswith("sep="):
        # Unquoted ';' inside a value splits it: reported on line 3, the hint counted.
        assert [p.line for p in parsed.problems] == [3]
        return
    assert parsed.ok, parsed.problems
    (p,) = parsed.partners
    assert (p.company, p.stage, p.notes) == ("Acme", Stage.ENGAGE, "a;b, c")


def test_common_other_header_names() -> None:
    parsed = parse_csv("Company Name,E-mail,Contact,URL\nAcme,ann@acme-corp.com,Ann,acme-corp.com\n")
    assert parsed.ok, parsed.problems
    (p,) = parsed.partners
    assert (p.company, p.contact_email, p.contact_name, p.website) == (
        "Acme", "ann@acme-corp.com", "Ann", "https://acme-corp.com")


@pytest.mark.parametrize("text", ["", "\n\n", " , \n"])
def test_empty_file_is_a_file_error(text: str) -> None:
    with pytest.raises(CSVFileError, match="empty"):
        parse_csv(text)


def test_unknown_columns_are_ignored_with_a_warning() -> None:
    parsed = parse_csv("company,Phone,\nAcme,555,\n")
    assert parsed.ok
    assert parsed.partners[0].company == "Acme"
    assert len(parsed.warnings) == 1
    assert "'Phone'" in parsed.warnings[0] and "column 3 (no name)" in parsed.warnings[0]


def test_leading_blank_lines_before_the_header_count_in_line_numbers() -> None:
    parsed = parse_csv("\n\ncompany,contact_email\nAcme,not-an-email\n")
    assert list(lines_of(parsed)) == [4]


# -- rows and their line numbers -------------------------------------------------------------------
def test_every_bad_row_is_reported_with_its_physical_line() -> None:
    text = (
        "company,type,stage,contact_email,potential_value,website\n"  # line 1
        "Good One,technology,prospect,ok@good-one.io,100,good-one.io\n"  # 2
        "\n"  # 3: blank, skipped
        '"Multi\nLine\nName",robot,,,,\n'  # 4-6: bad type
        ",channel,,,,\n"  # 7: no company
        "Bad Mail,,,ann@,,\n"  # 8
        "Bad Stage,,finished,,,\n"  # 9
        "Minus,,,,-5,\n"  # 10
        "Garbled,,,,12abc,\n"  # 11
        "Cents,,,,0.005,\n"  # 12 (1.005 would be ambiguous: 1,005 or 1.005?)
        "Site,,,,,not a url\n"  # 13
        ",,,,,\n"  # 14: all empty, skipped
        "Both Bad,robot,,x@,,\n"  # 15: two problems, one row
    )
    parsed = parse_csv(text)
    found = lines_of(parsed)
    assert sorted(found) == [4, 7, 8, 9, 10, 11, 12, 13, 15]
    assert "type: unknown partner type 'robot'" in found[4][0]
    assert found[7] == ["company: is required (this row has no company name)"]
    assert found[8][0].startswith("contact_email:")
    assert "unknown stage 'finished'" in found[9][0]
    assert found[10] == ["potential_value: amount cannot be negative"]
    assert "'12abc' is not an amount" in found[11][0]
    assert found[12] == ["potential_value: amount has more than two decimal places"]
    assert found[13][0].startswith("website:") and "not a web address" in found[13][0]
    assert len(found[15]) == 2
    assert [p.company for p in parsed.partners] == ["Good One"]
    assert not parsed.ok


def test_line_numbers_after_cells_with_crlf_and_cr_inside_quotes() -> None:
    text = 'company,notes\r\nA,"one\r\ntwo"\r\nB,"x\ry"\r\n,missing\r\n'
    parsed = parse_csv(text)
    # A spans lines 2-3; B spans 4-5 (a lone CR is a line break too); the bad row is line 6.
    assert list(lines_of(parsed)) == [6]
    # Stored line breaks are newlines (a CR alone would move a terminal's cursor back).
    assert parsed.partners[0].notes == "one\ntwo"
    assert parsed.partners[1].notes == "x\ny"


def test_row_with_more_cells_than_the_header_is_reported() -> None:
    parsed = parse_csv("company,stage\nAcme, Inc.,prospect\nFine,engage\n")
    found = lines_of(parsed)
    assert list(found) == [2]
    assert "3 cells but the header has 2" in found[2][0]


def test_trailing_empty_cells_beyond_the_header_are_fine() -> None:
    parsed = parse_csv("company,stage\nAcme,prospect,,\n")
    assert parsed.ok and parsed.partners[0].company == "Acme"


def test_short_rows_leave_the_rest_empty() -> None:
    parsed = parse_csv(f"{HEADER}\nAcme\n")
    assert parsed.ok
    assert parsed.partners[0].stage is Stage.PROSPECT


def test_broken_quoting_is_a_file_error_with_its_line() -> None:
    with pytest.raises(CSVFileError, match="line 3: not valid CSV"):
        parse_csv('company\nfine\n"unterminated\n')


def test_unicode_quotes_commas_and_newlines_in_cells() -> None:
    text = (
        "company,contact_name,notes,potential_value\n"
        '"Müller & Söhne, GmbH","José ""Pepe"" Núñez","Zeile 1\nZeile 2, mit Komma","€"\n'
    )
    parsed = parse_csv(text)
    found = lines_of(parsed)
    assert list(found) == [2]  # the euro sign is not an amount: reported, not guessed
    text = text.replace('"€"', '"$1,200.50"')
    parsed = parse_csv(text)
    assert parsed.ok
    (p,) = parsed.partners
    assert p.company == "Müller & Söhne, GmbH"
    assert p.contact_name == 'José "Pepe" Núñez'
    assert p.notes == "Zeile 1\nZeile 2, mit Komma"
    assert p.potential_value == Decimal("1200.50")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("12,5", "'12,5' is ambiguous"),
        ("1,2345", "is ambiguous"),
        ("EUR", "'EUR' is not an amount"),
        ("-1,000", "cannot be negative"),
        ("NaN", "is not an amount"),
        ("1e400000", "too large"),
    ],
)
def test_garbled_money_is_reported_never_guessed(cell: str, message: str) -> None:
    parsed = parse_csv(f'company,potential_value\nAcme,"{cell}"\n')
    (problem,) = parsed.problems
    assert problem.line == 2 and message in problem.message


@pytest.mark.parametrize(
    ("cell", "amount"),
    [("12,500", "12500"), ("$1,234,567.80", "1234567.80"), ("€ 99", "99"), ("0", "0"), ("", None)],
)
def test_money_as_people_write_it(cell: str, amount: str | None) -> None:
    parsed = parse_csv(f'company,potential_value\nAcme,"{cell}"\n')
    assert parsed.ok, parsed.problems
    # An empty cell is "not estimated", apart from a zero.
    assert parsed.partners[0].potential_value == (None if amount is None else Decimal(amount))


def test_emoji_and_cjk_company_names() -> None:
    parsed = parse_csv("company\n株式会社テスト 🚀\n")
    assert parsed.partners[0].company == "株式会社テスト 🚀"


def test_type_and_stage_accept_labels_case_insensitively() -> None:
    parsed = parse_csv("company,type,stage\nA,Strategic alliance,ACTIVE\nB,strategic-alliance,Negotiate\n")
    assert parsed.ok
    assert [p.partner_type for p in parsed.partners] == [PartnerType.STRATEGIC_ALLIANCE] * 2
    assert [p.stage for p in parsed.partners] == [Stage.ACTIVE, Stage.NEGOTIATE]


def test_archived_rows_take_a_reason_and_a_reason_needs_archived() -> None:
    parsed = parse_csv("company,stage,archive_reason\nA,archived,Churned\nB,active,paused\nC,archived,bored\n")
    found = lines_of(parsed)
    assert sorted(found) == [3, 4]
    assert "only an archived partner" in found[3][0]
    assert "unknown archive reason 'bored'" in found[4][0]
    assert parsed.partners[0].archive_reason is ArchiveReason.CHURNED


def test_guard_apostrophe_is_removed_after_trimming() -> None:
    parsed = parse_csv("company,notes\n  '=A1  ,\" '=kept\"\n")
    (p,) = parsed.partners
    assert (p.company, p.notes) == ("=A1", " '=kept")


def test_cells_are_trimmed_but_notes_kept_exactly() -> None:
    parsed = parse_csv('company,contact_name,notes\n  Acme  ,  Ann  ,"  keep me  \n"\n')
    (p,) = parsed.partners
    assert (p.company, p.contact_name, p.notes) == ("Acme", "Ann", "  keep me  \n")


def test_duplicates_are_imported_but_warned_about() -> None:
    parsed = parse_csv("company\nAcme\nacme\nBeta\n", existing_companies=["BETA"])
    assert parsed.ok and len(parsed.partners) == 3
    assert parsed.warnings == [
        "line 3: 'acme' is also on line 2",
        "line 4: 'Beta' is already in the database",
    ]


# -- next_action --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "text", "when"),
    [
        ("2026-12-01", "", date(2026, 12, 1)),
        ("Call Ann | 2026-12-01", "Call Ann", date(2026, 12, 1)),
        ("Call Ann|2026-12-01", "Call Ann", date(2026, 12, 1)),
        ("a | b | 2026-12-01", "a | b", date(2026, 12, 1)),
        ("Call Ann", "Call Ann", None),
        ("Call | Ann", "Call | Ann", None),
        ("Due 2026-12-01", "Due 2026-12-01", None),
    ],
)
def test_next_action_cell_rule_without_a_date_column(cell: str, text: str, when: date | None) -> None:
    assert split_next_action(cell) == (text, when)


def test_next_action_bad_date_is_reported() -> None:
    parsed = parse_csv("company,next_action\nA,Call | 2026-02-30\nB,2026-13-01\n")
    found = lines_of(parsed)
    assert "'2026-02-30' is not a real date" in found[2][0]
    assert "'2026-13-01' is not a real date" in found[3][0]


def test_with_a_date_column_next_action_is_plain_text() -> None:
    parsed = parse_csv("company,next_action,next_action_date\nA,2026-12-01,\nB,x | 2026-12-01,2027-01-02\n")
    assert parsed.ok
    a, b = parsed.partners
    assert (a.next_action, a.next_action_date) == ("2026-12-01", None)
    assert (b.next_action, b.next_action_date) == ("x | 2026-12-01", date(2027, 1, 2))


def test_next_action_date_column_is_validated() -> None:
    parsed = parse_csv("company,next_action_date\nA,tomorrow\n")
    assert lines_of(parsed) == {2: ["next_action_date: 'tomorrow' is not a date (use YYYY-MM-DD)"]}


# -- reading files -----------------------------------------------------------------------------------
def test_read_text_accepts_utf8_with_and_without_bom(tmp_path) -> None:
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    plain.write_bytes("company\nÄpfel\n".encode())
    bom.write_bytes(b"\xef\xbb\xbf" + "company\nÄpfel\n".encode())
    assert read_text(plain) == read_text(bom) == "company\nÄpfel\n"
    assert parse_csv(read_text(bom)).partners[0].company == "Äpfel"


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (b"PK\x03\x04rest-of-zip", "spreadsheet workbook, not a CSV file"),
        (b"\xd0\xcf\x11\xe0old-xls", "spreadsheet workbook"),
        ("company\nA\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_read_text_names_common_wrong_files(tmp_path, head: bytes, message: str) -> None:
    path = tmp_path / "partners.xlsx"
    path.write_bytes(head)
    with pytest.raises(CSVFileError, match=message):
        read_text(path)


def test_read_text_rejects_latin1_with_the_line(tmp_path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("company\nfine\nM\xfcller\n".encode("latin-1"))
    with pytest.raises(CSVFileError, match=r"not UTF-8 text \(byte 0xfc on line 3\)"):
        read_text(path)


# -- round trip --------------------------------------------------------------------------------------
def comparable(p: Partner) -> dict[str, object]:
    """What a CSV carries: everything but ids, times, history and the checklists; of the
    payout terms, the percent and fee of the models in force, and the other terms."""
    share, fee = p.models.revenue_share, p.models.referral_fee
    return {
        **p.model_dump(
            include={
                "company", "partner_type", "stage", "contact_name", "contact_email", "website",
                "potential_value", "next_action", "next_action_date", "notes", "subtype",
                "contact_linkedin", "owner", "archive_reason",
            }
        ),
        "revenue_share": (share.enabled, share.percent if share.enabled else None,
                          share.duration_years, share.minimum_customers, share.payment_terms),
        "referral_fee": (fee.enabled, fee.amount if fee.enabled else None, fee.payment),
    }


def test_export_import_round_trip_is_exact(frozen_clock, tmp_path) -> None:
    from partner_tui.exchange.demo import demo_program
    from partner_tui.store.partner_store import PartnerStore

    partners = demo_program(date(2026, 3, 16)).partners
    partners.append(new_partner(
        "=cmd|' /C calc'!A0", contact_name="-Minus", notes="@at\n\ttab\r\n'=quoted",
        next_action="2026-01-01", subtype="+plus",
    ))
    with PartnerStore(tmp_path / "a.json") as first:
        first.partners.add_many(partners)
        text = export_csv(first.partners.all())
    parsed = parse_csv(text)
    assert parsed.ok, parsed.problems
    by_company = lambda p: p.company  # noqa: E731
    assert [comparable(p) for p in sorted(parsed.partners, key=by_company)] == [
        comparable(p) for p in sorted(partners, key=by_company)
    ]
    # And exporting what was imported gives the same file, byte for byte.
    with PartnerStore(tmp_path / "b.json") as second:
        second.partners.add_many(parsed.partners)
        assert export_csv(second.partners.all()) == text


# Any single line as a partner stores it (cleaned: safe_text.clean_line), then trimmed.
_line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
).map(lambda text: clean_line(text).strip())


@st.composite
def partners(draw: st.DrawFn) -> Partner:
    stage = draw(st.sampled_from(list(Stage)))
    return new_partner(
        draw(_line_text.filter(has_visible_text)),  # a name with nothing visible is refused
        stage,
        partner_type=draw(st.none() | st.sampled_from(list(PartnerType))),
        contact_name=draw(_line_text),
        contact_email=draw(st.none() | st.sampled_from(["ann@acme-corp.com", "b.o+x@q.io"])),
        website=draw(st.none() | st.sampled_from(["https://acme-corp.com", "http://x.io/a?b=c,d"])),
        potential_value=draw(st.none() | st.decimals(min_value=0, max_value=10**12, places=2)),
        next_action=draw(_line_text),
        next_action_date=draw(st.none() | st.dates()),
        notes=draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)),
        subtype=draw(_line_text),
        owner=draw(_line_text),
        archive_reason=draw(st.sampled_from(list(ArchiveReason))) if stage is Stage.ARCHIVED else None,
        models=PartnershipModels(
            revenue_share=RevenueShare(
                enabled=draw(st.booleans()),
                percent=draw(st.decimals(min_value=0, max_value=100, places=2)),
                duration_years=draw(st.integers(0, 100)),
                minimum_customers=draw(st.integers(0, 1_000_000)),
                payment_terms=draw(st.sampled_from(list(PaymentTerms))),
            ),
            referral_fee=ReferralFee(
                enabled=draw(st.booleans()),
                amount=draw(st.decimals(min_value=0, max_value=10**12, places=2)),
                payment=draw(st.sampled_from(list(ReferralPayment))),
            ),
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(partners(), max_size=5))
def test_round_trip_property(people: list[Partner]) -> None:
    text = export_csv(people)
    parsed = parse_csv(text)
    assert parsed.ok, parsed.problems
    assert [comparable(p) for p in parsed.partners] == [
        comparable(p) for p in sorted(people, key=_order_key(people))
    ]


def _order_key(people: list[Partner]):
    from partner_tui.exchange.export_order import export_order

    ranked = {id(p): i for i, p in enumerate(export_order(people))}
    return lambda p: ranked[id(p)]


# -- the payout terms columns ---------------------------------------------------------------------
def test_a_percent_turns_revenue_share_on_and_a_fee_the_referral_fee() -> None:
    text = (
        "company,revenue_share_percent,revenue_share_years,minimum_customers,payment_terms,"
        "referral_fee,referral_payment\n"
        "Northwind,12.5,2,10,Quarterly,,\n"
        "Brightpath,,,,,\"$1,500\",On payment\n"
        "Plain,,,,,,\n"
    )
    parsed = parse_csv(text)
    assert parsed.ok, parsed.problems
    north, bright, plain = (p.models for p in parsed.partners)
    assert north.revenue_share.enabled and north.revenue_share.percent == Decimal("12.50")
    assert (north.revenue_share.duration_years, north.revenue_share.minimum_customers) == (2, 10)
    assert north.revenue_share.payment_terms is PaymentTerms.QUARTERLY
    assert not north.referral_fee.enabled
    assert bright.referral_fee.enabled and bright.referral_fee.amount == Decimal("1500.00")
    assert bright.referral_fee.payment is ReferralPayment.ON_PAYMENT
    assert not bright.revenue_share.enabled
    assert plain == PartnershipModels()


def test_bad_terms_are_named_by_column_and_line() -> None:
    text = (
        "company,revenue_share_percent,revenue_share_years,payment_terms,referral_payment\n"
        "A,150,2,monthly,on_close\n"
        "B,10,two,weekly,later\n"
        "C,10,101,,\n"
    )
    problems = lines_of(parse_csv(text))
    assert problems[2] == ["revenue_share_percent: percentage must be between 0 and 100"]
    assert problems[3] == [
        "revenue_share_years: 'two' is not a whole number (try 2)",
        "payment_terms: unknown value 'weekly' (one of: monthly, quarterly)",
        "referral_payment: unknown value 'later' (one of: on_close, on_payment)",
    ]
    assert problems[4] == ["revenue_share_years: must be 100 or less"]


def test_an_unset_amount_and_zero_stay_apart_both_ways() -> None:
    unset = new_partner("Unset Co")
    zero = new_partner("Zero Co", potential_value=Decimal(0))
    valued = new_partner("Valued Co", potential_value=Decimal("1200.50"))
    rows = export_csv([unset, zero, valued]).splitlines()
    header = rows[0].lstrip("\ufeff").split(",")
    column = header.index("potential_value")
    by_company = {row.split(",")[0]: row.split(",")[column] for row in rows[1:]}
    assert by_company == {"Unset Co": "", "Zero Co": "0.00", "Valued Co": "1200.50"}
    back = {p.company: p.potential_value for p in parse_csv(export_csv([unset, zero, valued])).partners}
    assert back == {"Unset Co": None, "Zero Co": Decimal("0.00"), "Valued Co": Decimal("1200.50")}
