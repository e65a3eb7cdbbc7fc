"""Another writer moves the card you have focused: the focus follows the partner into its
new column (so the next key acts on it) and one line says why, on the board and in an
open form of that partner. The other writer is the real program (`partner-tui move`, a
separate process, signed with its person's name); keys keep arriving meanwhile."""

from __future__ import annotations

import json
import time
from pathlib import Path

from textual.pilot import Pilot

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.form.screen import PartnerFormScreen
from tests.helpers.pilot import focused_company
from tests.helpers.seeding import seed_partners
from tests.helpers.toasts import Toasts
from tests.helpers.torture import run_cli

LINE = "Beaconly was moved to Engage by Sam Rivera"


def sam(tmp_path: Path) -> None:
    """The other writer's config: their name signs their moves."""
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.json").write_text(json.dumps({"your_name": "Sam Rivera"}))


def messages(toasts: Toasts) -> list[str]:
    return [str(n.message) for n in toasts]


async def keys_until(pilot: Pilot, toasts: Toasts, line: str, keys: tuple[str, ...]) -> None:
    """Press `keys` over and over (each a no-op where it lands) until `line` is said."""
    deadline = time.monotonic() + 20
    while not any(line in message for message in messages(toasts)):
        assert time.monotonic() < deadline, f"never said: {line}"
        await pilot.press(*keys)


async def test_the_board_follows_the_moved_card_and_says_who_moved_it(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    seed_partners(db, [new_partner("Beaconly"), new_partner("Atlas", Stage.NEGOTIATE)])
    sam(tmp_path)
    app = PartnerApp(db_path=db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await pilot.pause()
        assert focused_company(app) == "Beaconly"
        moved = run_cli(tmp_path, "--db", db, "move", "Beaconly", "engage")
        assert moved.returncode == 0, moved.stderr
        # Keys that change nothing (one card in its column, an unbound key) arrive while
        # the app takes the other writer's change in.
        await keys_until(pilot, toasts, LINE, ("down", "up", "z"))
        assert focused_company(app) == "Beaconly"
        assert app.screen.current_column.stage is Stage.ENGAGE  # the focus followed it
        assert messages(toasts).count(LINE) == 1
        await pilot.press("shift+right")  # the next key acts on the partner you looked at
        await pilot.pause()
        app.store.flush()
    with PartnerStore(db, read_only=True) as store:
        stages = {p.company: p.stage for p in store.partners.all()}
    assert stages == {"Beaconly": Stage.NEGOTIATE, "Atlas": Stage.NEGOTIATE}


async def test_an_open_form_of_the_partner_says_it_too(tmp_path: Path) -> None:
    db = tmp_path / "p.json"
    ids = seed_partners(db, [new_partner("Beaconly")])
    sam(tmp_path)
    app = PartnerApp(db_path=db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_partner_form(ids["Beaconly"])
        await pilot.pause()
        assert isinstance(app.screen, PartnerFormScreen)
        moved = run_cli(tmp_path, "--db", db, "move", "Beaconly", "engage")
        assert moved.returncode == 0, moved.stderr
        await keys_until(pilot, toasts, LINE, ("end",))
        assert messages(toasts).count(LINE) == 1  # once: the board under the form stays quiet
        assert app.screen.partner.stage is Stage.ENGAGE


async def test_archived_elsewhere_is_said_and_a_move_of_another_card_is_not(
    tmp_path: Path,
) -> None:
    db = tmp_path / "p.json"
    seed_partners(db, [new_partner("Beaconly"), new_partner("Atlas")])
    sam(tmp_path)
    app = PartnerApp(db_path=db)
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await pilot.pause()
        assert focused_company(app) == "Beaconly"
        assert run_cli(tmp_path, "--db", db, "move", "Atlas", "engage").returncode == 0
        with PartnerStore(db) as other:  # a second change after it: archived, unsigned
            beaconly = next(c.id for c in other.partners.cards() if c.company == "Beaconly")
            from partner_tui.domain.stages import ArchiveReason

            other.partners.archive(beaconly, ArchiveReason.PAUSED)
        await keys_until(pilot, toasts, "Beaconly was archived by", ("z",))
        assert not any("Atlas was moved" in m for m in messages(toasts))
