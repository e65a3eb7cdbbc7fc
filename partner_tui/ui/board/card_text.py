"""The words on a board card, apart from how they are drawn (so they can be tested alone).

A card has three lines: the company; its partner type and fit score; and when its
next action is due. Colour is added by the column widget; the words here must make
sense without colour too (a due card says "overdue", not just red).
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len, set_cell_size

from partner_tui.domain.due import DueState, next_action_due
from partner_tui.domain.money import format_money
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.safe_text import for_screen
from partner_tui.domain.stages import Stage
from partner_tui.store.records.cards import PartnerCard

# Short labels: a column is only ~18 cells wide in an 80-column terminal.
SHORT_TYPE: dict[PartnerType, str] = {
    PartnerType.TECHNOLOGY: "Technology",
    PartnerType.CHANNEL: "Channel",
    PartnerType.INTEGRATION: "Integration",
    PartnerType.STRATEGIC_ALLIANCE: "Alliance",
}

def fit_cells(text: str, width: int) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis so a cut is visible."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def head_and_tail(head: str, tail: str, width: int) -> str:
    """`head · tail` in `width` cells, cutting the tail first: on a narrow card
    "⚠ overdue Mar 13" must survive whole, the action after it may be cut."""
    if not tail:
        return fit_cells(head, width)
    if not head:
        return fit_cells(tail, width)
    room = width - cell_len(head) - 3
    if room < 4:  # too little room for a useful piece of the tail
        return fit_cells(head, width)
    return head + " · " + fit_cells(tail, room)


def type_text(partner: PartnerCard, width: int = 0) -> str:
    """'Technology', and its subtype too when the card is wide enough for both."""
    if partner.partner_type is None:
        return "No type yet"
    kind = SHORT_TYPE[partner.partner_type]
    if partner.subtype and cell_len(kind) + 3 + cell_len(partner.subtype) <= width:
        return f"{kind} · {partner.subtype}"
    return kind


def initials(name: str) -> str:
    """'Maya Okafor' -> 'MO', 'maya' -> 'M': the owner on a card, in two cells."""
    return "".join(word[0] for word in name.split()[:2]).upper()


# How much of a company's name a cut leaves before the quiet mark is shortened instead.
NAME_KEPT = 14


def name_line(partner: PartnerCard, width: int, quiet_days: int | None = None
              ) -> tuple[str, str]:
    """The first line: the company, and on the right whatever of 'contact · MO' (the
    owner's initials) fits beside the whole company name. A quiet partner's mark comes
    first and always shows: the company is cut to make room for its short form."""
    owner = initials(partner.owner)
    # Zero-width and bidi characters shown as escapes: look-alike names stay apart.
    company = for_screen(partner.company)
    contact = for_screen(partner.contact_name.strip())
    room = width - cell_len(company) - 2
    if quiet_days is not None:
        quiet, short = f"quiet {quiet_days}d", f"☾{quiet_days}d"
        wide = " · ".join(filter(None, (quiet, contact, owner)))
        for right in (wide, f"{quiet} · {owner}" if owner else "", quiet):
            if right and cell_len(right) <= room:
                return company, right
        # The mark in words while a useful part of the name stays, else short; the
        # company cut to make room when it must be.
        mark = quiet if width - cell_len(quiet) - 1 >= NAME_KEPT else short
        return fit_cells(company, width - cell_len(mark) - 1).rstrip(), mark
    for right in (f"{contact} · {owner}" if contact and owner else "", contact, owner):
        if right and cell_len(right) <= room:
            return company, right
    return fit_cells(company, width).rstrip(), ""


def worth_line(
    partner: PartnerCard, width: int, currency: str, intros: int = 0, tier: str = ""
) -> str:
    """The second line: type, potential value, warm intros, program tier and fit, in
    `width` cells. Short of room the type is shortened first, then dropped, then the fit:
    never the money (the playbook ranks prospects by it). `tier`: the partner's program
    tier when above the first (docs/tiers.md), '' otherwise."""
    fit = intro_text(intros, width) + (f"{for_screen(tier)}  " if tier else "") + fit_text(partner)
    worth = format_money(partner.potential_value, currency) if partner.potential_value else ""
    for right in (f"{worth}  {fit}" if worth else fit, worth):
        if right and cell_len(right) <= width:
            break
    room = width - cell_len(right) - 1
    if room < 4:  # no useful piece of the type: the figures alone, on the right
        return fit_cells(right.rjust(width), width)
    return f"{fit_cells(type_text(partner, room), room)} {right}"


def fit_text(partner: PartnerCard) -> str:
    """'fit 84', or 'fit –' while no criterion has been rated (0 would read as a verdict)."""
    return f"fit {partner.fit_score}" if partner.fit_rated else "fit –"


def intro_text(count: int, width: int) -> str:
    """'3 intros  ' (warm introductions the partner can make for us: account mapping), or
    '⇄3 ' on a narrow card; '' when there are none."""
    if not count:
        return ""
    if width >= 26:
        return f"{count} intro{'s' if count != 1 else ''}  "
    return f"⇄{count} "


def short_date(when: date, today: date) -> str:
    return when.strftime("%b %d") if when.year == today.year else when.isoformat()


def due_text(partner: PartnerCard, today: date) -> tuple[DueState, str, str]:
    """The third line: (due state, when in words, the next action itself)."""
    state = next_action_due(partner, today)
    when = partner.next_action_date
    action = partner.next_action.strip()
    if when is None:
        return state, "", action or "no next action"
    days = (when - today).days
    if state is DueState.OVERDUE:
        head = f"⚠ overdue {short_date(when, today)}"
    elif state is DueState.TODAY:
        head = "● due today"
    elif state is DueState.SOON:
        head = "◔ tomorrow" if days == 1 else f"◔ in {days} days"
    else:
        head = f"○ {short_date(when, today)}"
    return state, head, action


def archived_text(partner: PartnerCard) -> str:
    """Why and from where an archived partner left the board."""
    reason = partner.archive_reason.value.capitalize() if partner.archive_reason else "Archived"
    came_from = partner.archived_from or Stage.PROSPECT
    return f"{reason} · was {came_from.label}"
