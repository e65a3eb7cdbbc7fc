"""Whole key sequences written to the real app's terminal in ONE write, as a fast typist,
a paste without bracketed paste, a laggy SSH link or a macro deliver them.

Each case starts `partner-tui` in a pseudo-terminal (at 120x40 and at 80x24), writes the
burst, waits until the file shows the change, quits with ctrl+q and reads the file: the
exact values typed, and nothing else changed (no stray letter ran a screen's command).
BURST_TERMINAL_REPEATS runs each case again, so that a race shows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest

from partner_tui.domain.partner import ActivityKind, Partner, new_partner
from partner_tui.domain.program import Profile, Settings
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.burst import terminal_bytes, typed
from tests.helpers.seeding import SAM, seed_partners, seed_profile, seed_templates
from tests.helpers.torture import CTRL_Q, READY, TALLY, PtyApp

REPEATS = int(os.environ.get("BURST_TERMINAL_REPEATS", "1"))
ESCAPE = b"\x1b"  # a bare ESC: with the byte after it in the same write, alt+that key
CHECK_IN = OutreachTemplate(id="checkin", name="Check-in", subject="Hi", body="Hi [Name]")


@dataclass(frozen=True)
class Program:
    partners: list[Partner]
    templates: list[OutreachTemplate]
    settings: Settings
    # The name in the app's user config (tests/helpers/torture.child_env): yours, per person.
    your_name: str = ""

    def company(self, name: str) -> Partner:
        [partner] = [p for p in self.partners if p.company == name]
        return partner

    def others(self, *names: str) -> dict[str, Partner]:
        return {p.id: p for p in self.partners if p.company not in names}

    def template_words(self) -> list[tuple[str, str, str, str]]:
        return [(t.id, t.name, t.subject, t.body) for t in self.templates]


def read(db_path: Path) -> Program:
    config = db_path.parent / "config" / "config.json"
    name = orjson.loads(config.read_bytes()).get("your_name", "") if config.exists() else ""
    with PartnerStore(db_path, read_only=True) as store:
        return Program(store.partners.all(), store.program.templates(), store.program.settings(), name)


@dataclass(frozen=True)
class Case:
    name: str
    keys: bytes
    done: Callable[[Program], bool]  # the file shows what the burst does
    profile: bool = False
    # Every partner the burst may change; all others must be exactly as they were.
    touches: tuple[str, ...] = field(default=())


CASES = [
    Case("quick add", terminal_bytes("n", typed("Beta Inc"), "enter"),
         lambda p: [x.stage for x in p.partners if x.company == "Beta Inc"] == [Stage.PROSPECT],
         touches=("Beta Inc",)),
    Case("filter then move", terminal_bytes("slash", typed("bolt"), "enter", "shift+right"),
         lambda p: p.company("Bolt Resellers").stage is Stage.ENGAGE,
         touches=("Bolt Resellers",)),
    Case("archive asks, enter keeps; then a reason",
         terminal_bytes("x", "enter", "j", "x", "down", "down", "enter"),
         lambda p: p.company("Bolt Resellers").archive_reason is ArchiveReason.PAUSED,
         touches=("Bolt Resellers",)),
    # Tab puts the cursor at the end of a field, nothing selected: ctrl+u clears it first.
    Case("form", terminal_bytes("enter", "ctrl+u", typed("Dana Co"), "tab", "tab", "tab",
                                "ctrl+u", typed("Jane Roe"), "tab", "ctrl+u",
                                typed("jane@x.io"), "ctrl+s"),
         lambda p: [(x.contact_name, x.contact_email, x.owner) for x in p.partners
                    if x.company == "Dana Co"] == [("Jane Roe", "jane@x.io", "")],
         touches=("Acme Analytics", "Dana Co")),
    Case("profile on the first outreach",
         terminal_bytes("o", typed("Sam Rivera"), "tab", typed("Northwind"), "enter"),
         lambda p: (p.settings.profile.your_company, p.your_name) == ("Northwind", SAM.your_name)),
    Case("p then a name with a c in it",
         terminal_bytes("o", "p", "ctrl+u", typed("Jacques"), "tab", "ctrl+u", typed("Acme"),
                        "enter"),
         lambda p: (p.settings.profile, p.your_name) == (Profile(your_company="Acme"), "Jacques"),
         profile=True),
    Case("copy then enter", terminal_bytes("o", "c", "enter"),
         lambda p: [a.kind for a in p.company("Acme Analytics").activities]
         == [ActivityKind.OUTREACH],
         profile=True, touches=("Acme Analytics",)),
    Case("new template on a user template",
         terminal_bytes("t", "down", "n", typed("Tax"), "enter"),
         lambda p: sorted(t.name for t in p.templates)
         == ["Check-in", "Playbook: partnership opportunity", "Tax"]),
    Case("settings", terminal_bytes("d", "s", "ctrl+u", typed("25"), "tab", "ctrl+u",
                                    typed("12"), "ctrl+s"),
         lambda p: (p.settings.targets.prospect, p.settings.targets.engage) == (25, 12)),
    # Escape and a letter in one write read as alt+letter (key_order.escape_then_key): the
    # form closes and the d opens the dashboard, rather than a d typed into the company
    # field (and the keys after it typed there too). (Not followed at once by another ESC:
    # Textual 8.2 reads ESC, a letter, ESC as "^", the letter: docs/keys.md.)
    Case("escape then a letter, from the form",
         terminal_bytes("enter") + ESCAPE + terminal_bytes(
             "d", "s", "ctrl+u", typed("25"), "tab", "ctrl+u", typed("12"), "ctrl+s"),
         lambda p: (p.settings.targets.prospect, p.settings.targets.engage) == (25, 12)),
    Case("escape then a letter, from help",
         terminal_bytes("question_mark") + ESCAPE + terminal_bytes(
             "d", "s", "ctrl+u", typed("25"), "tab", "ctrl+u", typed("12"), "ctrl+s"),
         lambda p: (p.settings.targets.prospect, p.settings.targets.engage) == (25, 12)),
]


def seed(db_path: Path, profile: bool) -> Program:
    seed_partners(db_path, [
        new_partner("Acme Analytics", Stage.PROSPECT, contact_name="Ada Byron"),
        new_partner("Bolt Resellers", Stage.PROSPECT),
        new_partner("Cobalt Cloud", Stage.ENGAGE),
    ])
    seed_templates(db_path, CHECK_IN)
    if profile:
        seed_profile(db_path)
    return read(db_path)


def wait_until(db_path: Path, done: Callable[[Program], bool], app: PtyApp) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if done(read(db_path)):
            return
        assert app.proc.poll() is None, f"the app ended:\n{app.text[-2000:]}"
        time.sleep(0.05)
    raise AssertionError(f"the file never showed it; the screen:\n{app.text[-3000:]}")


@pytest.mark.parametrize("run", range(REPEATS))
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_burst_in_a_real_terminal(
    case: Case, size: tuple[int, int], run: int, tmp_path: Path, pty_app
) -> None:
    db_path = tmp_path / "partners.json"
    before = seed(db_path, case.profile)
    app = pty_app("--db", db_path, size=size)
    app.wait_for(READY if size[0] >= 100 else "more")  # the key bar: keys act on the file
    app.send(case.keys)  # one write: the whole burst
    wait_until(db_path, case.done, app)
    app.send(CTRL_Q)
    assert app.wait_exit() == 0, app.text[-2000:]
    after = read(db_path)
    assert case.done(after)
    assert after.others(*case.touches) == before.others(*case.touches)
    if "template" not in case.name:
        assert after.template_words() == before.template_words()
    TALLY["key bursts"] += 1
