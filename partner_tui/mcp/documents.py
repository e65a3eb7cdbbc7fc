"""The answers of the tools the command line has no `--json` for: a period's payout
statement (the rows of `export --format payouts`, as JSON) and an outreach draft (what
the outreach screen fills and copies; here nothing is sent, copied or logged)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from partner_tui.cli.errors import CommandFailed, UsageMistake
from partner_tui.cli.partner_lookup import find_partner
from partner_tui.domain.money import CENT

if TYPE_CHECKING:
    from partner_tui.domain.templates import OutreachTemplate
    from partner_tui.store.partner_store import PartnerStore


def money(value: Decimal | None) -> str | None:
    """Money as the CLI's JSON writes it: an exact decimal string, null when absent."""
    return None if value is None else format(value.quantize(CENT), "f")


def statement_document(store: PartnerStore, period_text: str) -> dict[str, Any]:
    """What each partner is owed for a month (YYYY-MM) or a quarter (YYYY-Qn): one line
    per partner, the columns of `export --format payouts`, and the totals."""
    from partner_tui.domain.periods import Period
    from partner_tui.exchange.payout_statement import build_statement

    try:
        period = Period.parse(period_text)
    except ValueError as exc:
        raise UsageMistake(f"period: {exc}") from None
    statement = build_statement(store, period)
    lines = []
    for line in statement.lines:
        p = line.payout
        lines.append({
            "partner": line.company,
            "partner_id": p.partner_id,
            "period": period.label,
            "revenue": money(p.revenue),
            "revenue_share": money(p.revenue_share),
            "referral_fees": money(p.referral_fees),
            "total": money(p.total),
            "paid": money(p.paid),
            "owed": money(p.owed),
            "paid_on": line.paid_on.isoformat() if line.paid_on else None,
            "payment_terms": p.terms.payment_terms,
            # Refunds (docs/refunds.md): what they took back, each named, and the balance.
            "clawback": money(p.clawback),
            "refunds": line.refund_notes(),
            "carried": money(line.carried),
            "balance": money(line.balance),
        })
    owed = sum((line.payout.owed or Decimal(0) for line in statement.lines), Decimal(0))
    totals = {
        name: money(statement.total(name))
        for name in ("revenue", "revenue_share", "referral_fees", "total", "paid")
    }
    return {
        "period": period.label,
        "title": period.title,
        "lines": lines,
        "totals": {**totals, "owed": money(owed)},
        # Quarterly partners with earnings in a month: they are in the quarter's statement.
        "paid_per_quarter": list(statement.paid_per_quarter),
    }


def draft_document(store: PartnerStore, partner: str, template: str | None) -> dict[str, Any]:
    """The outreach email for `partner`, filled from the template (an id or a name; by
    default the one last used for this partner in the app, else the playbook's)."""
    from partner_tui.outreach.draft import build_draft, describe_gaps
    from partner_tui.profile.your_name import settings_with_your_name

    partner_id = find_partner(store, partner)
    found = store.partners.get(partner_id)
    chosen = _template(store, template, partner_id)
    profile = settings_with_your_name(store.program.settings()).profile
    draft = build_draft(chosen.subject, chosen.body, found, profile)
    unfilled: list[str] = []
    for gap in draft.gaps:
        if gap.name not in unfilled:
            unfilled.append(gap.name)
    return {
        "partner_id": partner_id,
        "company": found.company,
        "to": found.contact_email,
        "template": {"id": chosen.id, "name": chosen.name},
        "subject": draft.subject.text,
        "body": draft.body.text,
        "unfilled": unfilled,
        "unfilled_help": describe_gaps(draft.gaps) or None,
        "complete": draft.complete,
    }


def _template(store: PartnerStore, wanted: str | None, partner_id: str) -> OutreachTemplate:
    templates = store.program.templates()  # the playbook's first, then the user's by name
    if wanted is None or not wanted.strip():
        from partner_tui.outreach.last_template import last_template_id
        from partner_tui.paths import state_dir

        remembered = last_template_id(state_dir(), partner_id)
        return next((t for t in templates if t.id == remembered), templates[0])
    key = " ".join(wanted.casefold().split())
    found = [t for t in templates if t.id == wanted.strip()] or [
        t for t in templates if " ".join(t.name.casefold().split()) == key
    ]
    if len(found) == 1:
        return found[0]
    listed = "; ".join(f"{t.id} ({t.name})" for t in templates)
    if found:
        raise UsageMistake(f"template: {wanted!r} names {len(found)} templates; give the id: {listed}")
    raise CommandFailed(f"template: no template {wanted!r}; the templates are: {listed}")
