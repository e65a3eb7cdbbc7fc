"""A data folder other users can write to is said once, in a notification, when the app
starts: anyone there could replace the data file."""

from __future__ import annotations

from pathlib import Path

import pytest

from partner_tui.app import PartnerApp
from partner_tui.store.data_changed import DataChanged
from tests.helpers.toasts import Toasts


@pytest.mark.parametrize(("mode", "warned"), [(0o777, True), (0o1777, False), (0o700, False)])
async def test_the_app_warns_once_about_a_folder_others_can_write_to(
    tmp_path: Path, mode: int, warned: bool
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    app = PartnerApp(db_path=folder / "partners.json")
    toasts = Toasts(app)
    async with app.run_test(message_hook=toasts.hook, size=(120, 40)) as pilot:
        await pilot.pause()
        notes = [n for n in toasts if n.title == "Others can write here"]
        if warned:
            assert len(notes) == 1
            assert f"other users can write in {folder}" in notes[0].message
            assert notes[0].severity == "warning"
        else:
            assert notes == []
        app.session.publish(DataChanged("opened"))  # the data changed: no second warning
        await pilot.pause()
        assert len([n for n in toasts if n.title == "Others can write here"]) == (
            1 if warned else 0
        )
