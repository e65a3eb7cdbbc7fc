"""The scriptable commands' output for a person: a partner list, one partner in full,
what is due. Every value from the data passes through for_terminal (domain/safe_text.py)
before it is printed: a company name cannot carry an escape sequence to the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING

from partner_tui.domain.money import format_money, format_percent
from partner_tui.domain.safe_text import for_terminal, plain_line

if TYPE_CHECKING:
    from partner_tui.cli.shown_partner import ShownPartner, ShownShare
    from partner_tui.domain.due_list import DueItem
    from partner_tui.domain.partner_figures import PartnerFigures
    from partner_tui.domain.partnership_models import RevenueShare
    from partner_tui.store.records.cards import PartnerCard

ACTIVITIES_SHOWN = 5
_WIDTHS = {"company": 32, "contact": 24}  # longer values are cut with an ellipsis


def line(text: str) -> str:
    """One value on one line: escapes for anything a terminal would act on, tab and
    newline included."""
    return for_terminal(text, multiline=False)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def when(day: date, today: date) -> str:
    """'3 days overdue', 'today', 'tomorrow', 'in 4 days'."""
    days = (day - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def partner_table(partners: Iterable[PartnerCard], today: date) -> list[str]:
    """One line per partner: id, stage, company, contact, next action and its day."""
    cards = list(partners)
    if not cards:
        return []
    return table_lines(*table_layout(cards), today)


# A table row as laid out, but its next action's day: the text before that day (the
# columns padded), the day (None: none) and the next action after it.
LaidRow = tuple[str, "date | None", str]


def table_layout(cards: list[PartnerCard]) -> tuple[str, list[LaidRow]]:
    """partner_table's header line and rows, all but what the day spells (speedups/
    list_table.py keeps them for the file: any day fills them in by table_lines)."""
    rows = _plain_rows(cards) or [_row(p) for p in cards]
    header = ("ID", "STAGE", "COMPANY", "CONTACT", "NEXT ACTION")
    widths = [max(len(header[n]), max(map(len, map(itemgetter(n), rows)))) for n in range(4)]
    # The next action's day and the action itself are the last two fields, not padded:
    # the line is the columns, then the day's text, then the action.
    columns = "  ".join(f"{{:<{width}}}" for width in widths) + "  "
    head = (columns.format(*header) + header[4]).rstrip()
    # Each stored day is read (the card's own reading) once, not per partner: 10,000
    # partners share a few hundred days.
    read: dict[object, date | None] = {}
    spell = columns.format
    laid: list[LaidRow] = []
    for p, row in zip(cards, rows, strict=True):
        stored = p.record.get("next_action_date")
        key = stored if isinstance(stored, str) else None
        if key in read:
            day = read[key]
        else:
            day = read[key] = p.next_action_date
        laid.append((spell(row[0], row[1], row[2], row[3]), day, row[4]))
    return head, laid


def table_row(card: PartnerCard) -> tuple[Row, date | None]:
    """What a partner's row in the table shows of it (but the columns' widths): its
    columns as table_layout cleans and escapes them, and its next action's day."""
    return _row(card), card.next_action_date


def table_lines(head: str, rows: list[LaidRow], today: date) -> list[str]:
    """partner_table's lines from table_layout's: each day spelled as of `today`, once."""
    spelled: dict[date | None, str] = {None: ""}
    lines = [head]
    for columns, day, action in rows:
        day_text = spelled.get(day)
        if day_text is None and day is not None:
            day_text = spelled[day] = f"{day.isoformat()} ({when(day, today)}) "
        lines.append(f"{columns}{day_text}{action}".rstrip())
    return lines


Row = tuple[str, str, str, str, str]


def _row(p: PartnerCard) -> Row:
    """id, stage, company, contact and next action as printed: cleaned as stored
    (the card's reading) and escaped for a terminal."""
    contact = p.contact_name or p.contact_email or ""
    return (p.id, p.stage.value, _cut(line(p.company), _WIDTHS["company"]),
            _cut(line(contact), _WIDTHS["contact"]), line(p.next_action))


def _plain_rows(cards: list[PartnerCard]) -> list[Row] | None:
    """_row of every card, read straight from the records when every value printed is
    printable ASCII on one line (checked at once: then cleaning and escaping change
    nothing); None otherwise (each row is then read through the card)."""
    rows: list[Row] = []
    texts: list[object] = []
    company_width, contact_width = _WIDTHS["company"], _WIDTHS["contact"]
    for p in cards:
        raw = p.record
        company = raw.get("company", "")
        contact = raw.get("contact_name") or raw.get("contact_email") or ""
        action = raw.get("next_action", "")
        texts += (company, contact, action)
        rows.append((p.id, p.stage.value, company, contact, action))
    if not all(type(text) is str for text in texts) or not plain_line("".join(texts)):  # type: ignore[arg-type]
        return None
    return [
        (i, stage, _cut(company, company_width), _cut(contact, contact_width), action)
        for i, stage, company, contact, action in rows
    ]


def _contact(p: ShownPartner) -> str:
    name = p.contact_name.strip()
    if p.contact_email:
        return f"{name} <{p.contact_email}>" if name else p.contact_email
    return name or "-"


def figures_text(f: PartnerFigures, currency: str) -> str:
    """'12 leads · 8 deals won · revenue $141,510 · payout $21,226.50 (paid $18,000, owed
    $3,226.50) · ROI 325.9%', then '(typed)' when typed by hand."""
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 else ''}"

    text = (
        f"{plural(f.leads, 'lead')} · {plural(f.deals_won, 'deal')} won · revenue "
        f"{format_money(f.revenue, currency)} · payout {format_money(f.payout, currency)} "
        + (f"(after {format_money(f.clawback, currency)} clawed back by refunds; "
           if f.clawback else "(")
        + f"paid {format_money(f.paid, currency)}, owed {format_money(f.owed, currency)}) · "
        f"ROI {format_percent(f.roi)}"
    )
    return f"{text} (typed)" if f.typed else f"{text} (from deals)"


def share_terms_text(share: RevenueShare | ShownShare, currency: str) -> str:
    """'steps 20% x 12, 10% x 12 · cap per customer $5,000 · cap per period $1,000'."""
    parts = [f"steps {share.steps}" if share.steps else f"{format_percent(share.percent)}"]
    if share.cap_per_customer:
        parts.append(f"cap per customer {format_money(share.cap_per_customer, currency)}")
    if share.cap_per_period:
        per = "quarter" if share.payment_terms.value == "quarterly" else "month"
        parts.append(f"cap per {per} {format_money(share.cap_per_period, currency)}")
    return " · ".join(parts)


def partner_details(
    p: ShownPartner, figures: PartnerFigures, due: list[DueItem], today: date, currency: str
) -> list[str]:
    """Everything a person asks about one partner, label: value (read from its model or
    its stored record: cli/shown_partner.py)."""
    since = p.entered_stage.isoformat()
    stage = f"{p.stage.label} since {since}"
    if p.archive_reason is not None:
        stage += f" ({p.archive_reason.value})"
    kind = " · ".join(x for x in (p.partner_type.label if p.partner_type else "", p.subtype) if x)
    rows = [
        ("Stage", stage),
        ("Type", kind or "-"),
        ("Contact", _contact(p)),
        ("LinkedIn", p.contact_linkedin or ""),
        ("Website", p.website or ""),
        ("Owner", p.owner),
        ("Tags", ", ".join(p.tags)),
        ("Potential", format_money(p.potential_value, currency)),
        ("Fit", f"{p.fit_score}/100" if p.fit_rated else "not rated"),
        ("Agreement", f"{p.agreement} agreed"),
        ("Metrics", figures_text(figures, currency)),
    ]
    share = p.share
    if share.enabled and (share.steps or share.cap_per_customer or share.cap_per_period):
        rows.append(("Share terms", share_terms_text(share, currency)))
    if figures.tier is not None:
        rows.append(("Tier", figures.tier))
    if figures.commitment is not None:
        rows.append(("Commitment", figures.commitment.text()))
    if figures.last_touch is not None:
        quiet = (f" (quiet: no contact for {figures.quiet_days} days)"
                 if figures.quiet_days is not None else "")
        rows.append(("Last touch", f"{figures.last_touch.isoformat()}{quiet}"))
    if p.next_action or p.next_action_date:
        day = p.next_action_date
        rows.append(("Next action", " ".join(x for x in (
            day.isoformat() if day else "", f"({when(day, today)})" if day else "", p.next_action
        ) if x)))
    out = [f"{line(p.company)}  (id {line(p.id)})"]
    out += [f"  {label + ':':<13}{line(value)}" for label, value in rows if value]
    if due:
        out.append("  Due:")
        out += [f"    {item.due.isoformat()}  {line(item.title)} ({when(item.due, today)})"
                for item in due]
    if p.activities:
        latest = sorted(p.activities, key=lambda a: a.date, reverse=True)[:ACTIVITIES_SHOWN]
        count = len(p.activities)
        more = f" (latest {len(latest)} of {count})" if count > len(latest) else ""
        out.append(f"  Activities{more}:")
        out += [f"    {a.date.isoformat()}  {a.kind.value:<8}  {line(a.text)}" for a in latest]
    if p.notes.strip():
        out.append("  Notes:")
        out += [f"    {for_terminal(text)}" for text in p.notes.splitlines()]
    return out


def due_report(items: list[DueItem], today: date, days: int) -> list[str]:
    """Overdue, today, then the days ahead: one line per item, the day first; then the
    registrations expiring."""
    from partner_tui.domain.due_list import DueKind

    expiring = [i for i in items if i.kind is DueKind.REGISTRATION]
    items = [i for i in items if i.kind is not DueKind.REGISTRATION]
    titles = [item.title for item in items]
    # Every title plain: escaping changes none (one check, not one per item).
    shown = titles if plain_line("".join(titles)) else [line(title) for title in titles]
    rows = [(item.due, title) for item, title in zip(items, shown, strict=True)]
    return [*due_lines(rows, today, days), *expiring_report(expiring, today)]


def due_lines(rows: list[tuple[date, str]], today: date, days: int) -> list[str]:
    """due_report's lines of what is due (no registration): `rows` are each item's day
    and title as printed (escaped: line), in order. speedups/due_plan.py prints from its
    kept titles through here."""
    ahead = "today" if days == 0 else f"in the next {days} day{'s' if days != 1 else ''}"
    if not rows:
        return [f"Nothing is overdue or due {ahead}."]
    groups: list[tuple[str, list[tuple[date, str]]]] = [
        ("Overdue", [row for row in rows if row[0] < today]),
        ("Today", [row for row in rows if row[0] == today]),
        (f"Next {days} day{'s' if days != 1 else ''}", [row for row in rows if row[0] > today]),
    ]
    day_text: dict[date, tuple[str, str]] = {}  # each day spelled once, not per item
    out = []
    for title, group in groups:
        if not group:
            continue
        out.append(f"{title}:")
        for day, shown in group:
            spelled = day_text.get(day)
            if spelled is None:
                late = f"  ({when(day, today)})" if day < today else ""
                spelled = day_text[day] = (f"{day:%a %Y-%m-%d}", late)
            out.append(f"  {spelled[0]}  {shown}{spelled[1]}")
    return out


def expiring_report(items: list[DueItem], today: date) -> list[str]:
    """Registrations whose protection ends soon, each with its deal id to extend it."""
    if not items:
        return []
    out = ["Registrations expiring (partner-tui deal extend DEAL --days N):"]
    for item in items:
        left = (item.due - today).days
        out.append(
            f"  {item.due:%a %Y-%m-%d}  {line(item.title)} in {left} day"
            f"{'s' if left != 1 else ''}  (deal {line(item.item or '')})"
        )
    return out
