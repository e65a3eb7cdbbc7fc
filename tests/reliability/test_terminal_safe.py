"""The real program on a real terminal, with a file full of escape sequences: none of the
data's sequences reaches the terminal, on the first start (the file read before the first
paint) or the next (painted from the board's preview), in any screen visited."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from partner_tui.domain.partner import new_partner
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.hostile import PAYLOAD_BYTES
from tests.helpers.torture import READY, TALLY, PtyApp

# Both ways an OSC string may end (BEL, and ST: ESC \), a title, C1 CSI, a bidi override.
COMPANY = "Esc\x1b]52;c;aGFjaw==\x1b\\ Co"
SHOWN = "Esc]52;c;aGFjaw==\\ Co"  # what is left to see: the controls gone
FIELDS = {
    "contact_name": "Ann\x1b]52;c;aGFjaw==\x07",
    "next_action": "Call\x1b]0;pwned\x07\x9b2J",
    "notes": "\u202eevil\x1b]0;pwned\x07",
    "next_action_date": "2026-03-10",
}


def hostile_file(path: Path) -> None:
    with PartnerStore(path) as store:
        store.partners.add(new_partner("Placeholder"))
    data = json.loads(path.read_text(encoding="utf-8"))
    for record in data["partners"].values():
        record.update(company=COMPANY, **FIELDS)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def visit_and_quit(app: PtyApp) -> None:
    app.wait_for(READY)
    app.wait_for(SHOWN)  # the card
    for keys, shows in ((b"\r", "Company"), (b"\x1b", READY), (b"d", "Partners"), (b"\x1b", READY)):
        mark = app.mark()
        app.send(keys)
        app.wait_for(shows, since=mark)
    app.send(b"q")
    assert app.wait_exit(timeout=15) == 0


def test_no_sequence_from_the_data_reaches_the_terminal(
    tmp_path: Path, pty_app: Callable[..., PtyApp]
) -> None:
    db = tmp_path / "partners.json"
    hostile_file(db)
    for start in ("file read first", "painted from the preview"):
        app = pty_app("--db", db)
        visit_and_quit(app)
        raw = app.raw
        for payload in (*PAYLOAD_BYTES, b"\x1b\\ Co", b"\x07 Co"):
            assert payload not in raw, (start, payload)
        assert SHOWN in app.text
        TALLY["hostile terminal starts"] += 1
