"""partner-tui serve without a browser: the page, the per-tab sessions, the safe defaults."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from partner_tui.cli.parser import build_parser
from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.serve import (
    DEFAULT_HOST,
    is_loopback,
    make_server,
    session_app,
    session_command,
    write_offline_template,
)


def test_the_page_loads_nothing_from_outside_this_machine(tmp_path: Path) -> None:
    page = (write_offline_template(tmp_path) / "app_index.html").read_text(encoding="utf-8")
    external = [
        url for url in re.findall(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)""", page)
    ] + re.findall(r"url\(\s*[\"']?(https?://[^)\"']+)", page)
    assert "fonts.googleapis.com" not in page
    assert not external, external
    # The font textual-serve's xterm.js asks for is still there, from its static folder.
    assert 'font-family: "Roboto Mono"' in page
    assert "{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert "<title>{{ application.name }}</title>" in page


def test_serve_listens_on_loopback_unless_told_otherwise(tmp_path: Path) -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.public_url) == (DEFAULT_HOST, 8000, None)
    assert is_loopback(args.host) and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    server = make_server(tmp_path / "p.json", port=8123)
    assert server.host == "127.0.0.1"  # type: ignore[attr-defined]
    assert server.public_url == "http://127.0.0.1:8123"  # type: ignore[attr-defined]
    behind = make_server(tmp_path / "p.json", public_url="https://partners.example.com")
    assert behind.public_url == "https://partners.example.com"  # type: ignore[attr-defined]


def test_each_tab_runs_this_python_on_the_same_absolute_file(tmp_path: Path) -> None:
    odd = tmp_path / "my data" / "it's.json"
    words = shlex.split(session_command(odd))
    assert words == [sys.executable, "-m", "partner_tui.ui.serve", "--session", str(odd)]
    assert shlex.split(session_command(odd, read_only=True))[-1] == "--read-only"
    server = make_server(Path("relative.json"))
    assert str(Path("relative.json").resolve()) in shlex.split(server.command)  # type: ignore[attr-defined]


async def test_a_second_tab_writes_too(db_path: Path) -> None:
    """Once a second tab opened read-only; now every tab edits, merged with the others."""
    with PartnerStore(db_path) as first_tab:
        acme = first_tab.partners.add(new_partner("Acme"))
        app = session_app(db_path)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            assert not app.store.read_only
            assert type(app.screen).__name__ == "BoardScreen"
            await pilot.press("shift+right")
            await pilot.pause()
            app.store.flush()
            assert not list(app.screen.query("Toast"))  # nothing to say: it just works
        first_tab.merge_from_disk()
        assert first_tab.partners.get(acme.id).stage is Stage.ENGAGE


async def test_a_damaged_file_gets_a_page_saying_so(tmp_path: Path) -> None:
    bad = tmp_path / "partners.json"
    bad.write_text("{ not json", encoding="utf-8")
    app = session_app(bad)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = str(app.query_one("#problem").render())
        assert "cannot open the data file" in text and str(bad) in text
        await pilot.press("q")
    assert bad.read_text(encoding="utf-8") == "{ not json"  # never overwritten
