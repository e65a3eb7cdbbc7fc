"""`partner-tui due`: what is overdue and due in the next days, for a person, cron or a
script. The dashboard's own rule (domain/due_list.py), looked ahead --days days.

Exit 0 whether or not anything is due (a good run); 1 only when the file cannot be read.
So `cron` can mail or notify-send what it prints (README: *Bridges*).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from partner_tui.cli import json_output, partner_text
from partner_tui.cli.data_commands import open_existing
from partner_tui.cli.errors import say
from partner_tui.domain import clock


def run_due(db: Path, days: int, as_json: bool) -> int:
    from partner_tui.domain.due_list import due_by

    today = clock.today()
    until = today + timedelta(days=days)
    with open_existing(db, read_only=True) as store:
        partners = {p.id: p for p in store.iter_partners()}
    items = due_by(partners.values(), today, until)
    if as_json:
        json_output.print_json({
            "today": today.isoformat(),
            "until": until.isoformat(),
            "days": days,
            "items": [json_output.due_entry(i, today, partners[i.partner_id]) for i in items],
        })
        return 0
    say("\n".join(partner_text.due_report(items, today, days)))
    return 0
