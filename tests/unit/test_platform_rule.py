"""Every difference between the systems lives in partner_tui/os_compat/: code asks its
flags (WINDOWS, MACOS, LINUX, PLATFORM), read at call time, so the tests can take any
system's branch on Linux. This fails on the next module that reads sys.platform (or
os.name, or platform.system()) itself."""

from __future__ import annotations

import ast
from pathlib import Path

import partner_tui

PACKAGE = Path(partner_tui.__file__).parent
OS_COMPAT = PACKAGE / "os_compat"


def _asks_the_system(tree: ast.AST) -> list[int]:
    """Lines that read sys.platform, os.name or call platform.system()/platform.platform()."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in {
                ("sys", "platform"), ("os", "name"), ("platform", "system"),
                ("platform", "platform"),
            }:
                lines.append(node.lineno)
    return lines


def test_only_os_compat_asks_which_system_this_is() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if OS_COMPAT not in path.parents
        for line in _asks_the_system(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == [], "ask partner_tui.os_compat instead: " + ", ".join(found)


def test_the_rule_sees_a_module_that_asks() -> None:
    tree = ast.parse("import sys, os\nif sys.platform == 'darwin' or os.name == 'nt': pass\n")
    assert _asks_the_system(tree) == [2, 2]
