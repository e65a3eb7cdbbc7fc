"""One way to say "data changed": this app's own changes and another writer's reach the
screens as one DataChanged on the session's signal; a screen below the one in view shows
a change when it comes back, and is not redrawn on resume when nothing changed."""

from __future__ import annotations

from pathlib import Path

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.data_changed import DataChanged
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dashboard.screen import DashboardScreen
from tests.helpers.pilot import column_names
from tests.helpers.seeding import seed_partners
from tests.ui.app.test_live_update import shows


async def test_local_and_other_writers_changes_are_one_signal(db_path: Path) -> None:
    seed_partners(db_path, [new_partner("Acme")])
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen: list[DataChanged] = []
        app.data_changed.subscribe(app.screen, seen.append, immediate=True)
        beacon = app.store.partners.add(new_partner("Beacon"))
        assert [(c.source, c.changed_keys("partners")) for c in seen] == [
            ("local", {beacon.id})
        ]
        with PartnerStore(db_path) as other:
            cobalt = other.partners.add(new_partner("Cobalt"))
        await shows(pilot, lambda: len(seen) == 2)
        assert (seen[1].source, seen[1].changed_keys("partners")) == ("disk", {cobalt.id})
        assert column_names(app, Stage.PROSPECT) == ["Acme", "Beacon", "Cobalt"]


async def test_a_screen_below_shows_a_change_when_it_is_back(db_path: Path) -> None:
    seed_partners(db_path, [new_partner("Acme"), new_partner("Beacon")])
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = app.screen
        reloads: list[str | None] = []
        real_reload = board.reload  # type: ignore[attr-defined]

        def counted(keep: str | None = None, **kwargs: object) -> None:
            reloads.append(keep)
            real_reload(keep, **kwargs)

        board.reload = counted  # type: ignore[attr-defined]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board and reloads == []  # nothing changed: not redrawn
        await pilot.press("d")
        await pilot.pause()
        acme = next(c for c in app.store.partners.cards() if c.company == "Acme")
        app.store.partners.move(acme.id, Stage.ENGAGE)  # made while the dashboard is shown
        assert reloads == []  # the board below waits until it is back
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board and len(reloads) == 1
        assert column_names(app, Stage.ENGAGE) == ["Acme"]
