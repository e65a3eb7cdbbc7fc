"""Data is text, never markup: no call site of the package hands a widget a str that may
hold data (tests/helpers/plain_rule.py says what counts as safe), and the checker itself
catches a new offending call site of each kind."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import partner_tui
from tests.helpers.plain_rule import check_package, check_sources

UI = Path(partner_tui.__file__).parent / "ui"


def test_every_widget_gets_data_through_the_plain_helper() -> None:
    offences = check_package(UI)
    assert [str(o) for o in offences] == []


# Every name the snippets use is a parameter of unknown type: data, as far as the checker knows.
SIGNATURE = (
    "def show(self, partner, exc, note, label, deal, cells, head, choices,\n"
    "         score, matcher, name, callback, template, x, message):\n"
)


def _offences(snippet: str) -> list[str]:
    return [str(o) for o in check_sources({"ui/x.py": textwrap.dedent(snippet)})]


@pytest.mark.parametrize(
    "bad",
    [
        'self.notify(f"Archived {partner.company}")',
        "self.notify(str(exc), title='Not saved')",
        "yield Label(self.question)",
        "yield Static(note, markup=False)",
        "yield Button(label)",
        "table.add_row(deal.customer, '-')",
        "table.add_row(*(cell for cell in cells))",
        "table.add_column(head)",
        "options = [Option(label, id=key) for key, label in choices]",
        "yield Hit(score, matcher.highlight(name), callback)",
        "yield Hit(score, plain(name), callback, help=partner.contact_name)",
        "yield DiscoveryHit(name, callback)",
        'self.query_one("#x", Static).update(f"{partner.company} moved")',
        'box = self.query_one("#x", Label)\n    box.update(message)',
        "value = Content(partner.company)",
        "value = Text(partner.notes, justify='right')",
        "value = Content.from_markup(template.body)",
        "value = Text.from_markup(f'[b]{name}[/b]')",
        "message = describe(x)\n    self.notify(message)",
        "self.notify(str(plain(message)))",  # markup parses the brackets plain() kept
        "yield Select([(t.name, t.id) for t in choices])",
        "yield Select[str](choices, value=x)",
        "select.set_options([(name, 'a')])",
    ],
)
def test_the_checker_catches_an_offending_call_site(bad: str) -> None:
    assert _offences(SIGNATURE + f"    {bad}\n"), bad


@pytest.mark.parametrize(
    "good",
    [
        'self.notify("Saved.")',
        'self.notify(plain(f"Archived {partner.company}"), title=partner.company)',
        'yield Label("[b]enter[/b] adds it")',
        "yield Label(plain(self.question))",
        'yield Label(Content.from_markup("New partner in [b]$stage[/b]", stage=label))',
        "table.add_row(plain_text(deal.customer), *(plain_text(c) for c in cells))",
        "yield Hit(score, plain_highlight(matcher, name), callback, help=plain(name))",
        "yield Static(EMPTY_STATE)",
        'self.query_one("#x", Static).update(plain(note).stylize("bold"))',
        'ls = [plain(note)]\n    self.query_one("#x", Label).update(Content("\\n").join(ls))',
        "store.partners.update(partner, since=x)",  # not a widget
        "settings.update(note)",  # a dict, not a widget
        "yield Label(self.shown())",  # annotated to return Content (below)
        "super().notify(str(plain(message)), markup=False)",
        "yield Select([(plain_text(t.name), t.id) for t in choices])",
    ],
)
def test_the_checker_accepts_plain_text_and_literals(good: str) -> None:
    snippet = SIGNATURE + f"    {good}\n" + "def shown(self) -> Content:\n    return plain('x')\n"
    assert _offences(snippet) == [], good


def test_a_widget_that_updates_itself_is_checked_too() -> None:
    snippet = """
    class Note(Static):
        def show(self, note: str) -> None:
            self.update(note)
    class Other:
        def show(self, note: str) -> None:
            self.update(note)
    """
    assert _offences(snippet) == ["ui/x.py:4: update(note)"]
