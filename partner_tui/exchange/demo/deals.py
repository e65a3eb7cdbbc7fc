"""The demo program's deal history: deals registered, won and lost by the partners with a
payout model, and the payouts already marked paid (all that were payable but the latest).

Deterministic like the rest of the demo (program.py): every id, date and amount is fixed or
counted back from `today`. Payments are worked out with the payout rules themselves, so
they are exactly what the Payouts screen would have recorded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from partner_tui.domain.commission_life import is_pending, payable_from
from partner_tui.domain.deal_facts import facts_of, refund_of, terms_of
from partner_tui.domain.deals import Deal, DealStatus, refunded
from partner_tui.domain.partner import Partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.payouts import partner_payout
from partner_tui.domain.periods import Period

W, L, R = DealStatus.WON, DealStatus.LOST, DealStatus.REGISTERED
A = DealStatus.APPROVED  # reviewed two days after the registration (docs/registrations.md)
REVIEW_DAYS = 2
AUTHOR = "Maya Okafor"

# partner id -> deals: (customer, domain, status, registered days ago, closed days ago,
# first payment days after the close, one-time amount, monthly revenue, ended days ago)
Row = tuple[str, str, DealStatus, int, int | None, int | None, str, str, int | None]
DEALS: dict[str, list[Row]] = {
    "demo-01": [  # Northwind CRM: 15% for 2 years, quarterly, minimum 10 customers
        ("Harbor Outfitters", "harboroutfitters.com", W, 178, 160, 12, "14400", "1860", None),
        ("Pinecrest Dental", "pinecrestdental.com", W, 170, 141, 9, "7200", "930", None),
        ("Quayside Logistics", "quaysidelogistics.co", W, 162, 122, 20, "18000", "2940", None),
        ("Marlow & Finch", "marlowfinch.com", L, 150, 120, None, "0", "0", None),
        ("Tidewater Bikes", "tidewaterbikes.com", W, 141, 103, 7, "5400", "720", 30),
        ("Elmstead Clinics", "elmsteadclinics.org", W, 120, 88, 14, "15600", "2280", None),
        ("Copperline Energy", "copperline.energy", W, 101, 74, 10, "11700", "1620", None),
        ("Saltmarsh Foods", "saltmarshfoods.com", L, 95, 61, None, "0", "0", None),
        ("Ridgeway Realty", "ridgewayrealty.com", W, 80, 47, 6, "8100", "1230", None),
        ("Brookhaven Library", "brookhavenlib.org", W, 66, 33, None, "4500", "570", None),
        ("Glenwood Studio", "glenwoodstudio.com", A, 30, None, None, "0", "0", None),
        ("Fairhaven Hotels", "fairhavenhotels.com", R, 12, None, None, "0", "0", None),
    ],
    "demo-02": [  # Brightpath Consulting: $500 per referral, paid on close, monthly
        ("Corner Grocer Co", "cornergrocer.co", W, 140, 118, 5, "3600", "540", None),
        ("Lantern Apparel", "lanternapparel.com", W, 130, 96, 11, "2700", "450", None),
        ("Mosaic Home", "mosaichome.store", L, 120, 90, None, "0", "0", None),
        ("Bluebell Toys", "bluebelltoys.com", W, 95, 70, 8, "4500", "660", None),
        ("Ferncliff Books", "ferncliffbooks.com", W, 70, 41, 4, "1800", "285", None),
        ("Urban Sprout", "urbansprout.shop", W, 50, 22, None, "3300", "480", None),
        ("Northgate Shoes", "northgateshoes.com", R, 18, None, None, "0", "0", None),
        # Never reviewed: its 90 days from the registration end in 10 (`due` warns).
        ("Juniper Bakery", "juniperbakery.com", R, 80, None, None, "0", "0", None),
    ],
    "demo-04": [  # Kestrel Digital Agency: 20% for 1 year, monthly, minimum 5 customers
        ("Velvet & Vine", "velvetvine.co", W, 85, 64, 15, "6000", "1050", None),
        ("Hollow Oak Candles", "hollowoakcandles.com", W, 70, 45, 10, "2400", "360", None),
        ("Marigold Tea", "marigoldtea.com", L, 60, 38, None, "0", "0", None),
        ("Pebble Beach Kites", "pebblekites.com", R, 25, None, None, "0", "0", None),
    ],
    "demo-05": [  # Ledgerly (negotiating): a deal registered ahead of the agreement
        ("Sterling Accountants", "sterlingaccountants.co.uk", R, 20, None, None, "0", "0", None),
    ],
    "demo-25": [  # Vantage Point Analytics (churned): $300 per referral on close
        ("Orchard Analytics", "orchardanalytics.com", W, 280, 250, 10, "3600", "300", 60),
        ("Summit Retail", "summitretail.com", L, 200, 170, None, "0", "0", None),
    ],
}


# Refunds (docs/refunds.md): deal id -> (refunded days ago, amount; None: all it brought).
# Kestrel's first customer asked for its money back: the clawback outweighs what Kestrel is
# owed, so its balance goes below zero and is carried forward until earned back.
REFUNDS: dict[str, tuple[int, str | None]] = {"demo-04-deal-01": (8, None)}


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(10, 15), tzinfo=UTC)


def demo_deals(today: date) -> list[Deal]:
    deals = []
    for partner_id, rows in DEALS.items():
        for n, row in enumerate(rows, start=1):
            customer, domain, status, reg, closed, paid, amount, monthly, ended = row
            registered_on = today - timedelta(days=reg)
            closed_on = today - timedelta(days=closed) if closed is not None else None
            won = status is W and closed_on is not None
            first_payment = closed_on + timedelta(days=paid) if won and paid is not None else None
            reviewed = registered_on + timedelta(days=REVIEW_DAYS) if status is A else None
            last_change = max(d for d in (registered_on, closed_on, reviewed) if d is not None)
            deal = Deal(
                id=f"{partner_id}-deal-{n:02d}",
                partner_id=partner_id,
                customer=customer,
                customer_domain=domain,
                status=status,
                registered_on=registered_on,
                closed_on=closed_on,
                paid_on=first_payment if first_payment and first_payment <= today else None,
                amount=Decimal(amount),
                monthly_revenue=Decimal(monthly),
                ended_on=today - timedelta(days=ended) if won and ended is not None else None,
                author=AUTHOR,
                reviewed_on=reviewed,
                reviewed_by=AUTHOR if status is A else "",
                created_at=_instant(registered_on),
                updated_at=_instant(last_change),
            )
            if deal.id in REFUNDS:
                days, refund = REFUNDS[deal.id]
                deal = refunded(deal, today - timedelta(days=days),
                                Decimal(refund) if refund else None)
            deals.append(deal)
    return deals


def demo_payments(
    today: date, partners: list[Partner], deals: list[Deal], holding_days: int
) -> list[Payment]:
    """Every period of each partner with deals paid once it was payable (the program's
    rule: docs/program-rules.md), except the latest payable one (still owed: what the
    Payouts screen shows first) and those still pending (held for refunds), so the demo
    shows a payable and a pending line whatever the day."""
    payments = []
    for partner in partners:
        facts = [facts_of(d) for d in deals if d.partner_id == partner.id]
        refunds = [r for d in deals if d.partner_id == partner.id and (r := refund_of(d))]
        if not facts:
            continue
        terms = terms_of(partner.models)
        period = Period.of(today, terms.payment_kind)
        while is_pending(period, holding_days, today):
            period = period.step(-1)
        period = period.step(-1)  # the one before the latest payable: paid
        for _ in range(12):
            line = partner_payout(partner.id, facts, terms, period, refunds=refunds)
            if line.total > 0:
                # Paid on the 5th of the month after the period.
                year, month0 = divmod(period.last + 1, 12)
                paid_on = date(year, month0 + 1, 5)
                # Or later, when it was still held for refunds then: `pay` waits as well.
                paid_on = max(paid_on, payable_from(period, holding_days))
                payments.append(
                    Payment(
                        id=f"{partner.id}-paid-{period.label}",
                        partner_id=partner.id,
                        period=period.label,
                        amount=line.total,
                        paid_on=paid_on,
                        author=AUTHOR,
                        created_at=_instant(paid_on),
                        updated_at=_instant(paid_on),
                    )
                )
            period = period.step(-1)
    return sorted(payments, key=lambda p: (p.partner_id, p.period))
