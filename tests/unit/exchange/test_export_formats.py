"""JSON (the full records) and Markdown (a readable report) exports."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.exchange.demo import demo_program
from partner_tui.exchange.json_export import export_document, export_json
from partner_tui.exchange.markdown import export_markdown, md, md_line

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_json_holds_every_record_in_full_and_reloads_exactly() -> None:
    program = demo_program(TODAY)
    text = export_json(program.partners, program.settings, program.templates, NOW)
    doc = json.loads(text)
    assert doc["exported_at"] == NOW.isoformat()
    assert len(doc["partners"]) == len(program.partners)
    loaded = {p["id"]: Partner.model_validate(p) for p in doc["partners"]}
    assert loaded == {p.id: p for p in program.partners}
    assert Settings.model_validate(doc["settings"]) == program.settings
    assert [OutreachTemplate.model_validate(t) for t in doc["templates"]] == program.templates


def test_json_keeps_money_exact_and_text_unescaped() -> None:
    partner = new_partner("Ünïcode “Co”", potential_value=Decimal("0.10"))
    text = export_json([partner], Settings(), [], NOW)
    assert '"potential_value": "0.10"' in text
    assert "Ünïcode “Co”" in text


def test_json_lists_partners_in_board_order() -> None:
    program = demo_program(TODAY)
    doc = json.loads(export_json(program.partners, program.settings, [], NOW))
    stages = [p["stage"] for p in doc["partners"]]
    order = ["prospect", "engage", "negotiate", "active", "archived"]
    assert stages == sorted(stages, key=order.index)


def test_markdown_report_has_key_figures_and_a_section_per_stage() -> None:
    program = demo_program(TODAY)
    report = export_markdown(program.partners, program.settings, TODAY)
    assert report.startswith("# Partnership program report\n")
    # The demo's file has no name of a person: the command line puts in yours.
    assert "Lumen Desk · as of 2026-11-26" in report
    assert "| Prospect | 8 (below target) | 20 |" in report
    assert "| Active | 4 | 3 |" in report
    for heading in ("## Prospect: 8 (target 20)", "## Engage: 6 (target 10)",
                    "## Negotiate: 4 (target 5)", "## Active: 4 (target 3)", "## Archived: 3"):
        assert heading in report
    # Stage sections come in pipeline order, every partner under its stage.
    positions = [report.index(f"## {s.label}:") for s in (*Stage,)]
    assert positions == sorted(positions)
    for partner in program.partners:
        assert f"### {md(partner.company)}" in report
    assert "**Overall ROI:**" in report and "**Revenue attributed:** $263,350" in report


def test_markdown_shows_what_matters_per_stage() -> None:
    program = demo_program(TODAY)
    report = export_markdown(program.partners, program.settings, TODAY)
    northwind = report[report.index("### Northwind CRM"):report.index("### Brightpath")]
    # Without the deals (none passed): the typed figures, labelled typed.
    assert "**Metrics (typed):** 64 leads, 14 deals, revenue $164,000, payout " in northwind
    assert "satisfaction 92%" in northwind
    assert "revenue share 15% for 2 years, minimum 10 customers, paid quarterly" in northwind
    assert "**due today**, 2026-11-26" in northwind
    ledgerly = report[report.index("### Ledgerly"):report.index("### Harbor")]
    assert "4/6 elements agreed; open: marketing commitments, term and termination" in ledgerly
    assert "**Challenge:** Misaligned expectations (playbook: Clear agreements" in ledgerly
    beaconly = report[report.index("### Beaconly"):report.index("### Tallyboard")]
    assert "due 2026-11-23, **3 days overdue**" in beaconly
    assert "**Archived from Active:** churned" in report


def test_markdown_escapes_what_would_become_formatting() -> None:
    partner = new_partner(
        "*Bold* | [link](x) <b>", stage=Stage.PROSPECT,
        notes="# not a heading\n- not a list\n1. not numbered\nplain",
    )
    report = export_markdown([partner], Settings(), TODAY)
    assert "### \\*Bold\\* \\| \\[link\\](x) \\<b\\>" in report
    assert "> \\# not a heading\n> \\- not a list\n> 1\\. not numbered\n> plain" in report


def test_md_helpers_flatten_lines() -> None:
    assert md("two\nlines  here") == "two lines here"
    assert md_line("- x") == "\\- x"
    assert md("2026-11-26 costs $1,200.50") == "2026-11-26 costs $1,200.50"


def test_markdown_of_an_empty_program() -> None:
    report = export_markdown([], Settings(), TODAY)
    assert report.count("No partners in this stage.") == 5
    assert "as of 2026-11-26" in report


def test_markdown_never_invents_a_next_action() -> None:
    dated = new_partner("Dated Co", next_action_date=date(2026, 3, 20))
    worded = new_partner("Worded Co", next_action="Call Ann")
    report = export_markdown([dated, worded], Settings(), date(2026, 3, 16))
    assert "- **Next action:** not written yet, due 2026-03-20, in 4 days" in report
    assert "- **Next action:** Call Ann\n" in report
    assert "Next action (due" not in report


def test_the_json_export_is_the_standard_library_s_indented_text() -> None:
    """orjson writes it (fast); the text is exactly json.dumps(indent=2, ensure_ascii=False)
    of the same document, accents, quotes and line breaks included."""
    program = demo_program(date(2026, 3, 16))
    partners = [
        *program.partners,
        new_partner('Société "Ünïcode" \\ Ltd', notes="line one\nline two\ttabbed ☃"),
    ]
    when = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
    document = export_document(partners, Settings(), [], when)
    assert export_json(partners, Settings(), [], when) == (
        json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    )


def test_the_streamed_json_and_csv_are_the_whole_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line writes both a partner at a time (json_chunks, csv_chunks): the
    same text as the whole exports, with and without partners, deals and payments."""
    from partner_tui.exchange import csv_export
    from partner_tui.exchange.csv_export import csv_chunks, export_csv
    from partner_tui.exchange.export_order import export_order
    from partner_tui.exchange.json_export import json_chunks

    monkeypatch.setattr(csv_export, "ROWS_PER_CHUNK", 3)  # chunks end between rows
    from partner_tui.exchange import json_export

    monkeypatch.setattr(json_export, "PARTNERS_PER_CHUNK", 3)  # and between partners
    program = demo_program(date(2026, 3, 16))
    odd = new_partner('Société "Ünïcode" \\ Ltd', notes="line one\nline two\ttabbed ☃")
    when = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
    for partners in ([], [odd], [*program.partners, odd] * 2):
        ordered = export_order(partners)
        whole = export_json(partners, program.settings, program.templates, when,
                            program.deals, program.payments)
        streamed = "".join(
            chunk.decode() if isinstance(chunk, bytes) else chunk
            for chunk in json_chunks(ordered, program.settings, program.templates, when,
                                     program.deals, program.payments)
        )
        assert streamed == whole
        assert "".join(csv_chunks(ordered)) == export_csv(partners)
