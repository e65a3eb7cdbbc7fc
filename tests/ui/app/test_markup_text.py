"""Text from the data is never markup, on any screen (issue 23).

Every text field of every record (partners and their activities, deals, payments,
templates, settings) holds markup-like text, as a CSV, a CRM export, a teammate's commit
or an agent could leave it; then every screen and dialog is driven with Pilot, and another
writer adds such a partner into the open file. Nothing may raise (`[/]` would end the
app), every text is shown as typed, and nothing on screen is a link or an action.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from partner_tui.app import PartnerApp
from partner_tui.domain.deals import Deal
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.program import Settings
from partner_tui.domain.safe_text import for_screen
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.domain.text_fields import text_plan
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.board.screen import BoardScreen
from tests.helpers.hostile import texts
from tests.helpers.pilot import screen_text
from tests.helpers.seeding import seed_demo

MODELS: dict[str, type[BaseModel]] = {
    "partners": Partner,
    "deals": Deal,
    "payments": Payment,
    "templates": OutreachTemplate,
    "settings": Settings,
}
MARKUP = [
    "[", "]", "[/]", "[b]", "[/b]", "[@click=app.quit]", "[@click=app.screenshot('x.svg','.')]",
    '[link="http://evil.example/x"]v[/]', "[on red]", "\\", "\\[", "[$accent]", "$name",
    "[Company]",
]
markup_text = st.lists(st.sampled_from(MARKUP), min_size=1, max_size=5).map("".join)


def _set(record: Any, path: list[str], value: str) -> None:
    *parents, last = path
    for step in parents:
        record = record[int(step)] if isinstance(record, list) else record[step]
    if isinstance(record, list):
        record[int(last)] = value
    else:
        record[last] = value


def poison(model: type[BaseModel], record: dict[str, Any], text: str) -> int:
    """Every text field of `record` set to `text` (after a letter, so none is empty; cut
    short where a field is short), where the model still accepts it (a date or a domain
    may refuse it); how many."""
    # A compact record leaves defaults out: fill them in, so they are poisoned too.
    full = model.model_validate(_fields(model, record)).model_dump(mode="json")
    record.update({k: v for k, v in full.items() if k not in record})
    count = 0
    for path, old, _how in list(texts(text_plan(model), record)):
        steps = path.split(".")
        if steps[-1] == "id" or steps[-1].endswith("_id"):
            continue  # what links records, not text anyone reads
        for value in ("C" + text, text[:3]):
            _set(record, steps, value)
            try:
                model.model_validate(_fields(model, record))
            except ValidationError:
                continue
            count += 1
            break
        else:
            _set(record, steps, old)
    return count


def _fields(model: type[BaseModel], record: dict[str, Any]) -> dict[str, Any]:
    """The record without what the file keeps beside its fields (a settings stamp)."""
    return {k: v for k, v in record.items() if k in model.model_fields}


def poisoned_file(db_path: Path, text: str) -> None:
    seed_demo(db_path)
    data = json.loads(db_path.read_text(encoding="utf-8"))
    changed = {name: 0 for name in MODELS}
    for table, model in MODELS.items():
        for record in (data.get(table) or {}).values():
            changed[table] += poison(model, record, text)
    assert all(changed.values()), changed  # every table had text to poison
    db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def links_and_actions(app: PartnerApp) -> list[str]:
    """Every piece of the screen that is a hyperlink or runs an action when clicked."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            if style.link or "@click" in (style.meta or {}):
                found.append(f"{segment.text!r} {style.link} {style.meta}")
    return found


async def _until(pilot: Any, ready: Callable[[], bool], what: str) -> None:
    for _ in range(200):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


async def drive(db_path: Path, text: str) -> None:
    company = "C" + text
    shown = for_screen(company)
    app = PartnerApp(db_path=db_path)
    steps: list[list[str]] = [
        ["shift+right"], ["shift+left"],             # moves, and their toasts
        ["x", "escape"],                             # archive: the question, then keep it
        ["slash", "C", "escape", "escape"],          # the filter
        ["ctrl+p", "C", "escape"],                   # the palette: jump to, move to
        ["enter", *[f"f{n}" for n in range(2, 12)], "escape"],  # every tab of the form
        # outreach: the profile dialog first (the file's old name in it is offered, never
        # taken), then the screen
        ["o", "escape", "escape"],
        ["t", "escape"],                             # templates
        ["d", "s", "escape", "escape"],              # dashboard, settings
        ["p", "enter", "escape", "escape"],          # payouts and the deals behind one
        ["question_mark", "escape"],                 # help
    ]
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        await pilot.pause()
        assert shown[:10] in screen_text(app)  # shown as typed
        for keys in steps:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                assert links_and_actions(app) == [], (keys, key)
            await _until(pilot, lambda: isinstance(app.screen, BoardScreen), f"back from {keys}")
        # Another writer adds such a partner while the app is open.
        with PartnerStore(db_path) as other:
            other.partners.add(new_partner("Z" + text, notes=text, next_action=text))
        await _until(pilot, lambda: any(c.company == "Z" + text for c in app.store.partners.cards()),
                     "the other writer's partner")
        await pilot.pause()
        assert links_and_actions(app) == []
        assert app.is_running  # no [@click=app.quit] ran
    assert app.return_code in (None, 0)


# Each example drives every screen (about 30 s): no shrinking, whose dozens of replays
# would take most of an hour; a failure prints the text that broke a screen as drawn.
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(text=markup_text)
def test_markup_in_every_field_changes_nothing_on_any_screen(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "partners.json"
        poisoned_file(db_path, text)
        asyncio.run(drive(db_path, text))


def test_the_issue_cases_are_shown_as_typed(tmp_path: Path) -> None:
    """The issue's three cases in one text, always tried whatever hypothesis draws."""
    text = '[/][@click=app.quit]Click me[/][link="http://evil.example/x"]Visit[/]'
    db_path = tmp_path / "partners.json"
    poisoned_file(db_path, text)
    asyncio.run(drive(db_path, text))
