"""One partner per company from a CRM export whose rows are people or opportunities.

A HubSpot contacts export lists three people at Acme on three rows; a Salesforce
opportunity report lists each of Acme's opportunities. Imported row by row, Acme would be
three partners. Here rows that name the same company (case and spaces aside) become one:

- each field is taken from the first row that fills it, in the file's order;
- the stage is the furthest one reached on the board (archived only if every row is);
- every other contact is written into the notes ("Other contact: ... (line 7)").
"""

from __future__ import annotations

from typing import Any

from partner_tui.domain.partner import Partner, StageChange
from partner_tui.domain.stages import Stage, pipeline_index

_FILLED_FROM_LATER = (
    "partner_type", "subtype", "website", "owner", "next_action", "next_action_date",
    "potential_value",
)
_NOTES_LIMIT = 100_000  # Partner.notes' own limit
NAMES_SHOWN = 3


def merge_same_company(
    rows: list[tuple[int, Partner]],
) -> tuple[list[tuple[int, Partner]], str | None]:
    """(line, partner) rows merged per company, each at its first line; and one sentence
    saying what was merged (None when every company had one row)."""
    groups: dict[str, list[tuple[int, Partner]]] = {}
    for line, partner in rows:
        groups.setdefault(" ".join(partner.company.casefold().split()), []).append(
            (line, partner)
        )
    merged = [(group[0][0], _merge(group)) for group in groups.values()]
    repeated = [group for group in groups.values() if len(group) > 1]
    if not repeated:
        return merged, None
    names = ", ".join(repr(group[0][1].company) for group in repeated[:NAMES_SHOWN])
    if len(repeated) > NAMES_SHOWN:
        names += f" and {len(repeated) - NAMES_SHOWN} more"
    rows = sum(len(group) for group in repeated)
    said = (
        f"{rows} rows are about {names}: one partner per company (each field from the first "
        "row that has it, the furthest stage, other contacts in the notes)"
    )
    return merged, said


def _contact(partner: Partner) -> str:
    name = partner.contact_name.strip()
    email = partner.contact_email or ""
    return f"{name} <{email}>" if name and email else name or email


def _merge(group: list[tuple[int, Partner]]) -> Partner:
    base = group[0][1]
    if len(group) == 1:
        return base
    update: dict[str, Any] = {}
    notes = [base.notes] if base.notes else []
    contacts = {_contact(base)} - {""}
    for line, later in group[1:]:
        for name in _FILLED_FROM_LATER:
            if not (update.get(name) or getattr(base, name)) and getattr(later, name):
                update[name] = getattr(later, name)
        if not _contact(base) and not update.get("contact_name") and _contact(later):
            update["contact_name"] = later.contact_name
            update["contact_email"] = later.contact_email
            contacts.add(_contact(later))
        elif _contact(later) and _contact(later) not in contacts:
            contacts.add(_contact(later))
            notes.append(f"Other contact: {_contact(later)} (line {line})")
        if later.notes and later.notes not in notes:
            notes.append(later.notes)
    joined = "\n".join(notes)
    if len(joined) <= _NOTES_LIMIT:
        update["notes"] = joined
    update.update(_furthest_stage([p for _, p in group]))
    return base.model_copy(update=update)


def _furthest_stage(partners: list[Partner]) -> dict[str, Any]:
    on_board = [p for p in partners if p.stage is not Stage.ARCHIVED]
    if not on_board:
        return {}
    furthest = max(on_board, key=lambda p: pipeline_index(p.stage) or 0)
    first = partners[0]
    if furthest.stage is first.stage:
        return {}
    return {
        "stage": furthest.stage,
        "archive_reason": None,
        "stage_history": [StageChange(stage=furthest.stage, entered_at=first.created_at)],
    }
