"""The words on a card and the palette's cheap partner search, without a terminal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rich.cells import cell_len

from partner_tui.domain.due import DueState
from partner_tui.domain.fit_criteria import FitCriteria
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.ui.board.card_text import (
    archived_text,
    due_text,
    fit_cells,
    fit_text,
    head_and_tail,
    type_text,
)
from partner_tui.ui.board.commands import candidates
from partner_tui.ui.board.stage_header import progress_cells

TODAY = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("days", "state", "head"),
    [
        (-3, DueState.OVERDUE, "⚠ overdue Mar 13"),
        (0, DueState.TODAY, "● due today"),
        (1, DueState.SOON, "◔ tomorrow"),
        (3, DueState.SOON, "◔ in 3 days"),
        (10, DueState.LATER, "○ Mar 26"),
        (300, DueState.LATER, "○ 2027-01-10"),
    ],
)
def test_due_line_says_when_in_words(days: int, state: DueState, head: str, frozen_clock: object) -> None:
    partner = new_partner("Acme", next_action_date=TODAY + timedelta(days=days), next_action="Call Ada")
    assert due_text(partner, TODAY) == (state, head, "Call Ada")


def test_no_date_says_so(frozen_clock: object) -> None:
    assert due_text(new_partner("Acme"), TODAY) == (DueState.NONE, "", "no next action")


def test_a_narrow_card_cuts_the_action_before_the_date() -> None:
    assert head_and_tail("⚠ overdue Mar 13", "Send the deck", 16) == "⚠ overdue Mar 13"
    assert head_and_tail("⚠ overdue Mar 13", "Send the deck", 26) == "⚠ overdue Mar 13 · Send t…"
    assert head_and_tail("", "no next action", 8) == "no next…"
    assert cell_len(head_and_tail("● due today", "x" * 50, 30)) == 30


def test_fit_cells_pads_and_marks_a_cut() -> None:
    assert fit_cells("Acme", 6) == "Acme  "
    assert fit_cells("Acme Analytics", 6) == "Acme …"
    assert fit_cells("anything", 0) == ""


def test_type_and_fit_words(frozen_clock: object) -> None:
    partner = new_partner("Acme", partner_type=PartnerType.STRATEGIC_ALLIANCE, subtype="Co-development")
    assert type_text(partner) == "Alliance"
    assert type_text(partner, 40) == "Alliance · Co-development"
    assert type_text(new_partner("Bare")) == "No type yet"
    assert fit_text(new_partner("Unrated")) == "fit –"
    assert fit_text(new_partner("Rated", fit=FitCriteria(complementary=5, target_market=5))) == "fit 40"


def test_archived_card_says_why_and_from_where(frozen_clock: object) -> None:
    partner = new_partner("Gone", Stage.ARCHIVED, archive_reason=ArchiveReason.CHURNED, archived_from=Stage.ACTIVE)
    assert archived_text(partner) == "Churned · was Active"


def test_progress_bar_fills_with_the_share_of_the_target() -> None:
    assert progress_cells(7, 20, 20) == 7
    assert progress_cells(30, 20, 20) == 20
    assert progress_cells(0, 0, 10) == 0
    assert progress_cells(2, 0, 10) == 10


def test_palette_candidates_prefer_substrings_and_skip_command_words(frozen_clock: object) -> None:
    partners = [new_partner(name) for name in ("Echo Alliance", "Beacon", "Eastern Cloud Hosting")]
    # "jump to" is the command's wording, not part of a name; letters in order but apart
    # ("Eastern Cloud Hosting") are a fuzzy hit, listed after the plain substring hit.
    assert [p.company for p in candidates(partners, "jump to echo")] == [
        "Echo Alliance",
        "Eastern Cloud Hosting",
    ]
    assert [p.company for p in candidates(partners, "beac")] == ["Beacon"]
    assert candidates(partners, "   ") == []
