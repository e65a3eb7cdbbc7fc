"""Quick add warns about a company already on the board (case, punctuation and legal
suffixes ignored; a near spelling too) and offers to open it instead."""

from __future__ import annotations

from pathlib import Path

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.quick_add import QuickAddScreen
from partner_tui.ui.dialogs.confirm import ChoiceDialog
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.pilot import type_text
from tests.helpers.seeding import seed_partners


def seeded(db: Path) -> dict[str, str]:
    return seed_partners(db, [new_partner("Beaconly, Inc.", Stage.ENGAGE),
                              new_partner("Acme Analytics")])


def companies(db: Path) -> list[str]:
    with PartnerStore(db, read_only=True) as store:
        return sorted(p.company for p in store.partners.all())


async def test_a_company_on_the_board_is_offered_to_open_instead(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    ids = seeded(db)
    app = PartnerApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "beaconly")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert str(dialog.question) == "Beaconly, Inc. is already on the board. Open it?"
        await pilot.press("down", "enter")  # "Open Beaconly, Inc."
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)
        assert app.screen.partner.id == ids["Beaconly, Inc."]
    assert companies(db) == ["Acme Analytics", "Beaconly, Inc."]


async def test_an_enter_typed_ahead_adds_nothing_and_add_anyway_adds(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    seeded(db)
    app = PartnerApp(db_path=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Beaconlly")  # a near spelling
        await pilot.press("enter", "enter")  # the second enter lands on the safe choice
        await pilot.pause()
        assert isinstance(app.screen, QuickAddScreen)  # back to the name, nothing added
        assert app.screen.query_one("#company").value == "Beaconlly"
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "Beaconlly looks like Beaconly, Inc." in str(dialog.question)
        await pilot.press("down", "down", "enter")  # "Add Beaconlly as a new partner"
        await pilot.pause()
        app.store.flush()
    assert companies(db) == ["Acme Analytics", "Beaconlly", "Beaconly, Inc."]


async def test_a_new_name_adds_without_a_question(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    seeded(db)
    app = PartnerApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Zephyr Data")
        await pilot.press("enter")
        await pilot.pause()
        app.store.flush()
    assert companies(db) == ["Acme Analytics", "Beaconly, Inc.", "Zephyr Data"]


async def test_the_form_asks_before_renaming_a_partner_to_one_on_the_board(
    tmp_path: Path,
) -> None:
    from tests.helpers.pilot import fill

    db = tmp_path / "p.json"
    ids = seeded(db)
    app = PartnerApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_partner_form(ids["Acme Analytics"])
        await pilot.pause()
        await fill(pilot, "#f-company", "BEACONLY GmbH")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert str(dialog.question) == "Beaconly, Inc. is already on the board."
        await pilot.press("enter")  # the safe choice: back to the form, nothing saved
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)
        assert companies(db) == ["Acme Analytics", "Beaconly, Inc."]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # "Save BEACONLY GmbH anyway"
        await pilot.pause()
        app.store.flush()
    assert companies(db) == ["BEACONLY GmbH", "Beaconly, Inc."]
