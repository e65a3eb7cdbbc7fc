"""A key that opens a screen is done only once that screen is mounted and focused: every
action in ui/ awaits the screen it pushes (`await self.app.push_screen(...)`, `await
self.partner_app.open_dashboard()`), so the keys typed next reach the new screen without
depending on Textual's message timing (ui/common/key_order.py holds the rest). A callback
that opens a screen once a dialog answers is not a key's action and is not checked."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import partner_tui

UI = Path(partner_tui.__file__).parent / "ui"
OPENERS = {
    "push_screen",
    "open_partner_form",
    "open_outreach",
    "open_templates",
    "open_dashboard",
    "open_payouts",
    "open_settings",
    "open_help",
}


def unawaited_openings(source: str) -> list[str]:
    """'action_x:line' for each screen opened in an action's own body and not awaited."""
    found: list[str] = []
    for action in ast.walk(ast.parse(source)):
        if not isinstance(action, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not action.name.startswith("action_"):
            continue
        awaited = {id(node.value) for node in ast.walk(action) if isinstance(node, ast.Await)}

        def visit(node: ast.AST, action: ast.AST = action, awaited: set[int] = awaited) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                    continue  # a callback, run later
                if (
                    isinstance(child, ast.Call)
                    and isinstance(child.func, ast.Attribute)
                    and child.func.attr in OPENERS
                    and id(child) not in awaited
                ):
                    found.append(f"{action.name}:{child.lineno}")  # type: ignore[attr-defined]
                visit(child)

        visit(action)
    return found


def test_every_action_awaits_the_screen_it_opens() -> None:
    offences = [
        f"{path.relative_to(UI)}:{where}"
        for path in sorted(UI.rglob("*.py"))
        for where in unawaited_openings(path.read_text(encoding="utf-8"))
    ]
    assert offences == [], "make the action async and await the opening"


def test_the_rule_sees_an_unawaited_opening_and_lets_callbacks_be() -> None:
    source = textwrap.dedent(
        """
        class S:
            def action_dashboard(self):
                self.partner_app.open_dashboard()

            async def action_new(self):
                def answered(name):
                    self.app.push_screen(Editor(name))
                await self.app.push_screen(Prompt(), answered)

            async def action_open(self):
                await self.partner_app.open_partner_form("a")
        """
    )
    assert unawaited_openings(source) == ["action_dashboard:4"]
