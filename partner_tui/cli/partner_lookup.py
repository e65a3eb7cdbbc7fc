"""PARTNER on the command line: a partner's id, or its company name.

A name is matched whole, ignoring case and repeated spaces, never by a part of it: a
script that says `move acme active` must not move "Acme Analytics" today and fail
tomorrow. A name two partners share is refused with both listed (exit 2); a name that
matches nothing says which companies contain it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partner_tui.cli.errors import CommandFailed, UsageMistake
from partner_tui.domain.safe_text import for_terminal

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.store.records.cards import PartnerCard

SUGGESTIONS_SHOWN = 5


def _name_key(text: str) -> str:
    return " ".join(text.casefold().split())


def candidate_line(card: PartnerCard) -> str:
    """One partner in a list of candidates: its id first, to copy into the next command."""
    contact = f", {card.contact_name}" if card.contact_name else ""
    text = f"  {card.id}  {card.company} ({card.stage.value}{contact})"
    return for_terminal(text, multiline=False)


def find_partner(store: PartnerStore, text: str) -> str:
    """The id of the partner `text` names. Raises UsageMistake (ambiguous or empty) or
    CommandFailed (no such partner)."""
    wanted = text.strip()
    if not wanted:
        raise UsageMistake("PARTNER is empty: give a partner's id or its company name")
    if wanted in store.partners:
        return wanted
    key = _name_key(wanted)
    cards = store.partners.cards()
    named = [card for card in cards if _name_key(card.company) == key]
    shown = for_terminal(repr(wanted), multiline=False)
    if len(named) == 1:
        return named[0].id
    if named:
        lines = [f"{shown} names {len(named)} partners; give the id of the one you mean:"]
        lines += [candidate_line(card) for card in sorted(named, key=lambda c: c.sort_key)]
        raise UsageMistake("\n".join(lines))
    near = [card for card in cards if key in _name_key(card.company)]
    if near:
        lines = [f"no partner is named {shown}; did you mean one of these?"]
        lines += [candidate_line(card) for card in near[:SUGGESTIONS_SHOWN]]
        if len(near) > SUGGESTIONS_SHOWN:
            lines.append(f"  ... and {len(near) - SUGGESTIONS_SHOWN} more")
        raise CommandFailed("\n".join(lines))
    raise CommandFailed(
        f"no partner {shown}: neither an id nor a company name (`partner-tui list` shows them)"
    )
