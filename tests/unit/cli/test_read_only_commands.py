"""Commands that only read write nothing: not into the data folder, not into your config
(a teammate's file that kept a name in its settings never makes that name yours), and the
app only offers such a name, prefilled in the profile dialog, for you to confirm."""

from __future__ import annotations

from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.program import Profile
from partner_tui.domain.stages import Stage
from partner_tui.profile import user_config, your_name
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.dialogs.profile import ProfileDialog


@pytest.fixture
def teammates_file(tmp_path: Path) -> Path:
    """A file from an older partner-tui, whose settings kept its author's name."""
    db = tmp_path / "team" / "partners.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Acme"))
        store.program.save_settings(store.program.settings().model_copy(
            update={"profile": Profile(your_name="Mallory", your_company="Northwind")}
        ))
    return db


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["show", "Acme"], ["due"], ["export", "-f", "csv"],
     ["export", "-f", "md"]],
)
def test_a_read_only_command_writes_nothing_and_takes_no_name(
    cli, teammates_file: Path, tmp_path: Path, args: list[str]  # type: ignore[no-untyped-def]
) -> None:
    before = listing(teammates_file.parent)
    code, _, err = cli("--db", teammates_file, *args)
    assert code == 0, err
    assert listing(teammates_file.parent) == before
    assert not user_config.config_file().exists()
    assert your_name.given_name() == ""


def test_a_change_is_never_signed_with_the_files_name(cli, teammates_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("--db", teammates_file, "move", "Acme", "engage")[0] == 0
    with PartnerStore(teammates_file, read_only=True) as store:
        authors = [change.author for change in store.partners.all()[0].stage_history]
    assert "Mallory" not in authors
    assert not user_config.config_file().exists()


async def test_the_app_offers_the_files_name_and_keeps_it_only_when_confirmed(
    teammates_file: Path,
) -> None:
    with PartnerStore(teammates_file, read_only=True) as store:
        partner_id = store.partners.all()[0].id
    app = PartnerApp(db_path=teammates_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not user_config.config_file().exists()  # opening took nothing
        app.open_outreach(partner_id)
        await pilot.pause()
        assert isinstance(app.screen, ProfileDialog)
        assert app.screen.query_one("#your-name").value == "Mallory"  # offered, prefilled
        reason = str(app.screen.query_one("#profile-reason").render())
        assert "the one this file kept from an older partner-tui" in reason
        await pilot.press("escape")
        await pilot.pause()
        assert your_name.given_name() == ""  # declined: nothing kept
        app.screen.ask_profile(first_use=False)
        await pilot.pause()
        assert app.screen.query_one("#your-name").value == "Mallory"
        await pilot.press("enter", "enter")  # confirmed: the name, then the company, saved
        await pilot.pause()
    assert your_name.given_name() == "Mallory"
    with PartnerStore(teammates_file, read_only=True) as store:
        assert store.partners.all()[0].stage is Stage.PROSPECT
