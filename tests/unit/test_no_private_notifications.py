"""Tests read what the app said through tests/helpers/toasts.py (run_test's public
`message_hook`), never through Textual's private `App._notifications`, whose contents
expire with time and whose name may change in any release."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PRIVATE = re.compile(r"\b_notifications\b")  # not `clear_notifications`, a public method


def private_uses(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if PRIVATE.search(line)]


def test_no_test_reads_the_apps_private_notifications() -> None:
    this = Path(__file__).resolve()
    found = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.resolve() != this
        for line in private_uses(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use tests.helpers.toasts.Toasts instead"


def test_the_rule_catches_a_read_and_lets_the_public_method_be() -> None:
    assert private_uses("said = [n.message for n in app._notifications]") == [1]
    assert private_uses("app.clear_notifications()\nlist(app._notifications)") == [2]
    assert private_uses("app.clear_notifications()") == []
