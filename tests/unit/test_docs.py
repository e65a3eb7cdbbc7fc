"""The README is a front door and the manual in docs/ says what the program does: the site
builds without a warning, every link and anchor resolves inside the repository, every
command a page shows exists, and CI runs the test command the README gives."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from markdown.extensions.toc import slugify

from partner_tui.cli.parser import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(p for p in DOCS.rglob("*.md") if "hooks" not in p.parts)]

LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~)")
INLINE_CODE = re.compile(r"`[^`\n]*`")


def prose_lines(text: str, *, keep_code: bool = False) -> Iterator[str]:
    """The lines outside code fences, with inline code removed (links there are examples)."""
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            yield line if keep_code else INLINE_CODE.sub("", line)


def code_lines(text: str) -> Iterator[str]:
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if fenced:
            yield line


def anchors_of(page: Path) -> set[str]:
    """The ids Python-Markdown's toc extension (the site's) gives the page's headings."""
    ids: set[str] = set()
    for line in prose_lines(page.read_text(encoding="utf-8"), keep_code=True):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*$", line)
        if match:
            heading = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1))
            ids.add(slugify(heading, "-"))
    return ids


def links() -> Iterator[tuple[Path, str]]:
    for page in PAGES:
        for line in prose_lines(page.read_text(encoding="utf-8")):
            for target in LINK.findall(line):
                yield page, target


def test_readme_is_a_front_door() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200, "README is the front door: the rest goes in docs/"
    blocks = re.findall(r"```sh\n(.*?)\n```", text, re.S)
    assert "-e . " in blocks[0] and blocks[0].endswith("partner-tui"), "first: install and open"
    assert "pytest" in blocks[1], "second: install and run the whole test suite"


def test_ci_runs_the_test_command_the_readme_shows() -> None:
    command = re.findall(r"```sh\n(.*?)\n```", README.read_text(encoding="utf-8"), re.S)[1]
    assert command.strip() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_link_and_anchor_resolves_inside_the_repository() -> None:
    broken = []
    for page, target in links():
        if re.match(r"^[a-z]+:", target):  # https:, mailto:: not a file of ours
            continue
        path_part, _, anchor = target.partition("#")
        goal = (page.parent / path_part).resolve() if path_part else page
        if not goal.is_relative_to(ROOT):
            broken.append(f"{page.name}: {target} points outside the repository")
        elif not goal.exists():
            broken.append(f"{page.name}: {target} does not exist")
        elif anchor and goal.suffix == ".md" and anchor not in anchors_of(goal):
            broken.append(f"{page.name}: {target} names no heading of {goal.name}")
    assert not broken, "\n".join(broken)


def test_the_docs_name_nothing_outside_the_repository() -> None:
    outside = [
        page.name
        for page in PAGES
        if re.search(r"\.\./shared|/work/|/root/", page.read_text(encoding="utf-8"))
    ]
    assert not outside, f"these pages point at files outside the repository: {outside}"


def subcommands() -> set[str]:
    parser = build_parser()
    names: set[str] = set()
    for action in parser._actions:  # argparse offers no public list of its subparsers
        if isinstance(action, argparse._SubParsersAction):
            names |= set(action.choices)
    return names


def test_every_command_the_docs_show_exists() -> None:
    known = subcommands()
    help_text = subprocess.run(
        [sys.executable, "-m", "partner_tui", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    shown: set[tuple[str, str]] = set()
    invocation = re.compile(
        # A command where the shell would run it: first on the line or after && | ; $ (
        r"(?:^|[;&|$(]\s*)(?:\S*/)?partner-tui(?:\s+(?:--db\s+\S+|--read-only))*\s+([a-z][a-z-]*)\b"
    )
    for page in PAGES:
        for line in code_lines(page.read_text(encoding="utf-8")):
            for word in invocation.findall(line.split("#")[0]):
                shown.add((page.name, word))
    assert shown, "the docs show no command at all"
    unknown = sorted(f"{page}: partner-tui {word}" for page, word in shown if word not in known)
    assert not unknown, f"commands the docs show that do not exist: {unknown}"
    missing_help = sorted({word for _, word in shown if word not in help_text})
    assert not missing_help, f"commands missing from --help: {missing_help}"


def test_the_manual_builds_as_a_site_without_a_warning(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert (tmp_path / "index.html").exists()
    assert (tmp_path / "screens" / "board.svg").exists(), "pictures are copied into the site"
