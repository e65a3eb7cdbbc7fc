"""Keys typed in one burst land where they would typed slowly (ui/common/key_order.py).

Each test puts a whole key sequence on the app's queue at once, as a terminal delivers a
fast typist, a paste without bracketed paste or a laggy SSH link (tests/helpers/burst.py),
then checks the exact values on disk and that no screen command ran. Each runs several
times (BURST_REPEATS) so that a race shows. The same sequences written to a real terminal
are in tests/reliability/test_key_bursts.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import ActivityKind, Partner, new_partner
from partner_tui.domain.program import Profile
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.profile import your_name
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.quick_add import QuickAddScreen
from partner_tui.ui.board.screen import BoardScreen
from partner_tui.ui.common import key_order
from partner_tui.ui.form.screen import PartnerFormScreen
from partner_tui.ui.outreach.screen import OutreachScreen
from partner_tui.ui.outreach.template_editor import TemplateEditorScreen
from partner_tui.ui.outreach.template_library import TemplateLibraryScreen
from tests.helpers.burst import burst, one_by_one, settled, typed
from tests.helpers.reading import read_back
from tests.helpers.seeding import SAM, seed_partners, seed_profile, seed_templates

REPEATS = int(os.environ.get("BURST_REPEATS", "2"))
repeat = pytest.mark.parametrize("run", range(REPEATS))

CHECK_IN = OutreachTemplate(id="checkin", name="Check-in", subject="Hi", body="Hi [Name]")


def seed(db_path: Path) -> dict[str, str]:
    """Two prospects and one engaged partner; one user template."""
    ids = seed_partners(
        db_path,
        [
            new_partner("Acme Analytics", Stage.PROSPECT, contact_name="Ada Byron"),
            new_partner("Bolt Resellers", Stage.PROSPECT),
            new_partner("Cobalt Cloud", Stage.ENGAGE),
        ],
    )
    seed_templates(db_path, CHECK_IN)
    return ids


def on_disk(app: PartnerApp, db_path: Path) -> tuple[list[Partner], list[OutreachTemplate], object]:
    with read_back(app, db_path) as store:
        return store.partners.all(), store.program.templates(), store.program.settings()


def unchanged_except(before: list[Partner], after: list[Partner], *companies: str) -> None:
    """No screen command touched anyone else (no move, archive, log entry, edit)."""
    old = {p.id: p for p in before if p.company not in companies}
    new = {p.id: p for p in after if p.id in old}
    assert new == old


def read(db_path: Path) -> list[Partner]:
    with PartnerStore(db_path, read_only=True) as store:
        return store.partners.all()


# -- the board -----------------------------------------------------------------------------
@repeat
async def test_quick_add_in_one_burst(db_path: Path, run: int) -> None:
    seed(db_path)
    before = read(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "n", typed("Beta Inc"), "enter")
        assert isinstance(app.screen, BoardScreen)
        partners, _templates, _settings = on_disk(app, db_path)
    [added] = [p for p in partners if p.company == "Beta Inc"]
    assert added.stage is Stage.PROSPECT
    assert len(partners) == len(before) + 1
    unchanged_except(before, partners, "Beta Inc")


@repeat
async def test_filter_then_move_in_one_burst(db_path: Path, run: int) -> None:
    ids = seed(db_path)
    before = read(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        # Every letter reaches the filter; enter goes back to the (one) matching card.
        await burst(pilot, "slash", typed("bolt"), "enter", "shift+right")
        partners, _templates, _settings = on_disk(app, db_path)
    moved = {p.id: p for p in partners}[ids["Bolt Resellers"]]
    assert moved.stage is Stage.ENGAGE
    unchanged_except(before, partners, "Bolt Resellers")


@repeat
async def test_archive_then_enter_keeps_the_partner(db_path: Path, run: int) -> None:
    seed(db_path)
    before = read(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "x", "enter")  # the safe choice has the focus
        assert isinstance(app.screen, BoardScreen)
        await burst(pilot, "j", "x", "down", "down", "enter")  # Bolt: paused
        partners, _templates, _settings = on_disk(app, db_path)
    bolt = next(p for p in partners if p.company == "Bolt Resellers")
    assert (bolt.stage, bolt.archive_reason) == (Stage.ARCHIVED, ArchiveReason.PAUSED)
    unchanged_except(before, partners, "Bolt Resellers")


# -- the form ------------------------------------------------------------------------------
@repeat
async def test_form_fields_in_one_burst(db_path: Path, run: int) -> None:
    ids = seed(db_path)
    before = read(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        # Company, owner, type (a drop-down), subtype (skipped until there is a type),
        # contact name, contact email: tab by tab, then save. Tab puts the cursor at the
        # end of a field (nothing selected): ctrl+u clears what is there first.
        await burst(
            pilot, "enter", "ctrl+u", typed("Dana Co"), "tab", "tab", "tab",
            "ctrl+u", typed("Jane Roe"), "tab", "ctrl+u", typed("jane@x.io"), "ctrl+s",
        )
        assert isinstance(app.screen, PartnerFormScreen)
        assert app.screen.sub_title == "saved"
        partners, _templates, _settings = on_disk(app, db_path)
    acme = {p.id: p for p in partners}[ids["Acme Analytics"]]
    assert (acme.company, acme.owner, acme.contact_name, acme.contact_email) == (
        "Dana Co", "", "Jane Roe", "jane@x.io"
    )
    unchanged_except(before, partners, "Acme Analytics", "Dana Co")


@repeat
async def test_discard_question_keeps_editing_on_enter(db_path: Path, run: int) -> None:
    ids = seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter", typed(" Ltd"), "escape", "enter", "ctrl+s")
        assert isinstance(app.screen, PartnerFormScreen)
        partners, _templates, _settings = on_disk(app, db_path)
    assert {p.id: p for p in partners}[ids["Acme Analytics"]].company == "Acme Analytics Ltd"


# -- outreach and the profile dialog -------------------------------------------------------
@repeat
async def test_first_outreach_asks_the_profile_and_gets_the_burst(db_path: Path, run: int) -> None:
    seed(db_path)
    before = read(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "o", typed("Sam Rivera"), "tab", typed("Northwind"), "enter")
        assert isinstance(app.screen, OutreachScreen)
        partners, _templates, settings = on_disk(app, db_path)
    # Your name is yours (your config), the company the program's (the file).
    assert settings.profile == Profile(your_company=SAM.your_company)  # type: ignore[attr-defined]
    assert your_name.given_name() == SAM.your_name
    assert partners == before  # nothing copied, nothing logged


@repeat
async def test_p_then_a_name_never_runs_copy(db_path: Path, run: int) -> None:
    seed(db_path)
    seed_profile(db_path)
    before = read(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        # "Jacques" has a c (copy): it must reach the name field, not the screen.
        await burst(
            pilot, "o", "p", "ctrl+u", typed("Jacques"), "tab", "ctrl+u", typed("Acme"), "enter"
        )
        assert isinstance(app.screen, OutreachScreen)
        partners, _templates, settings = on_disk(app, db_path)
    assert settings.profile == Profile(your_company="Acme")  # type: ignore[attr-defined]
    assert your_name.given_name() == "Jacques"
    assert partners == before
    assert app.clipboard == ""


@repeat
async def test_copy_then_enter_keeps_the_prospect(db_path: Path, run: int) -> None:
    ids = seed(db_path)
    seed_profile(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        # The copy runs in a thread; the enter typed after it waits for its question
        # (move to Engage?) and takes the safe answer.
        await burst(pilot, "o", "c", "enter", "enter")
        assert isinstance(app.screen, OutreachScreen)
        partners, _templates, _settings = on_disk(app, db_path)
    acme = {p.id: p for p in partners}[ids["Acme Analytics"]]
    assert acme.stage is Stage.PROSPECT
    assert [a.kind for a in acme.activities] == [ActivityKind.OUTREACH]


# -- the template library -------------------------------------------------------------------
@repeat
async def test_new_template_name_never_reaches_the_library(db_path: Path, run: int) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        # On a user template, "Tax" has an x (delete) and enter would confirm it.
        await burst(pilot, "t", "down", "n", typed("Tax"), "enter")
        assert isinstance(app.screen, TemplateEditorScreen)
        _partners, templates, _settings = on_disk(app, db_path)
    assert sorted(t.name for t in templates) == [
        "Check-in", "Playbook: partnership opportunity", "Tax"
    ]


@repeat
async def test_rename_and_duplicate_in_one_burst(db_path: Path, run: int) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(
            pilot, "t", "down", "r", "ctrl+u", typed("Recap"), "enter",
            "c", "ctrl+u", typed("Recap two"), "enter",
        )
        assert isinstance(app.screen, TemplateLibraryScreen)
        _partners, templates, _settings = on_disk(app, db_path)
    assert sorted(t.name for t in templates) == [
        "Playbook: partnership opportunity", "Recap", "Recap two"
    ]


@repeat
async def test_delete_asks_keep_first_and_ctrl_z_brings_it_back(db_path: Path, run: int) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "t", "down", "x", "enter")  # Keep has the focus
        assert isinstance(app.screen, TemplateLibraryScreen)
        assert [t.name for t in app.store.program.templates()][1:] == ["Check-in"]
        await burst(pilot, "x", "y")
        assert [t.name for t in app.store.program.templates()][1:] == []
        await burst(pilot, "ctrl+z")
        _partners, templates, _settings = on_disk(app, db_path)
    assert [t for t in templates if t.id == CHECK_IN.id][0].body == CHECK_IN.body


# -- settings ---------------------------------------------------------------------------------
@repeat
async def test_settings_in_one_burst(db_path: Path, run: int) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(
            pilot, "d", "s", "ctrl+u", typed("25"), "tab", "ctrl+u", typed("12"), "ctrl+s"
        )
        _partners, _templates, settings = on_disk(app, db_path)
    targets = settings.targets  # type: ignore[attr-defined]
    assert (targets.prospect, targets.engage, targets.negotiate) == (25, 12, 5)


# -- the app's own questions and screens ---------------------------------------------------------
@repeat
async def test_quit_with_unsaved_edits_stays_on_enter(db_path: Path, run: int) -> None:
    ids = seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter", typed(" Ltd"), "ctrl+q", "enter", "ctrl+s")
        assert app.is_running and isinstance(app.screen, PartnerFormScreen)
        partners, _templates, _settings = on_disk(app, db_path)
    assert {p.id: p for p in partners}[ids["Acme Analytics"]].company == "Acme Analytics Ltd"


@repeat
async def test_help_then_keys_for_the_board(db_path: Path, run: int) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "question_mark", "escape", "n", typed("Help Co"), "enter")
        assert isinstance(app.screen, BoardScreen)
        assert "Help Co" in [p.company for p in app.store.partners.cards()]


@repeat
async def test_settings_discard_question_keeps_editing_on_enter(db_path: Path, run: int) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "d", "s", "ctrl+u", typed("30"), "escape", "enter", "ctrl+s")
        assert type(app.screen).__name__ == "SettingsScreen"
        _partners, _templates, settings = on_disk(app, db_path)
    assert settings.targets.prospect == 30  # type: ignore[attr-defined]


# -- typed fast == typed slowly ------------------------------------------------------------------
JOURNEY = (
    "n", typed("Beta"), "enter",
    "slash", typed("bet"), "enter", "shift+right",
    "enter", typed(" Co"), "tab", typed("Maya"), "ctrl+s",
)


async def test_a_burst_gives_what_slow_typing_gives(tmp_path: Path) -> None:
    results = []
    for name, typing in (("slow", one_by_one), ("fast", burst)):
        db = tmp_path / name / "partners.json"
        db.parent.mkdir()
        seed(db)
        app = PartnerApp(db_path=db)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            await typing(pilot, *JOURNEY)
            partners, templates, _settings = on_disk(app, db)
        results.append((
            sorted((p.company, p.stage, p.owner) for p in partners),
            sorted(t.name for t in templates),
        ))
    slow, fast = results
    assert ("Beta Co", Stage.ENGAGE, "Maya") in slow[0]
    assert fast == slow


async def test_textual_alone_still_misorders_a_burst(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why key_order.py exists: without it, Textual 8.2.8 gives the letters typed right
    after `n` to the board, not the quick add. When this fails, Textual delivers keys in
    order by itself and key_order.py can go."""
    seed(db_path)

    async def straight_through(self: key_order.KeyOrder, event: object) -> None:
        await self._deliver(event)  # type: ignore[arg-type]

    monkeypatch.setattr(key_order.KeyOrder, "admit", straight_through)
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "n", typed("Beta"))
        assert isinstance(app.screen, QuickAddScreen)
        assert app.screen.query_one("#company").value != "Beta"  # type: ignore[attr-defined]
