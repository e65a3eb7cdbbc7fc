"""The demo shows each program rule of issue 32 that is built (docs/program-rules.md),
whatever the day it is made: a quiet partner, a pending and a payable payout line, and
payments made only once their line was payable."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from partner_tui.domain.commission_life import LineState, line_state, payable_from
from partner_tui.domain.deal_facts import facts_of, terms_of
from partner_tui.domain.partner_figures import figures_of_partner
from partner_tui.domain.payouts import partner_payout
from partner_tui.domain.periods import Period
from partner_tui.exchange.demo import demo_program

# Every eleventh day of a year and every other day around a quarter's end, where the holding
# period turns lines payable.
DAYS = [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 365, 11)] + [
    date(2026, 4, 1) + timedelta(days=n) for n in range(-3, 35, 2)]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_demo_shows_each_rule_whatever_the_day(today: date) -> None:
    program = demo_program(today)
    rules = program.settings.rules
    quiet = [p.company for p in program.partners
             if figures_of_partner(p, today, rules.quiet_after(p.stage.value)).quiet_days]
    assert quiet, "no partner has gone quiet"
    paid: Counter[tuple[str, str]] = Counter()
    for payment in program.payments:
        paid[payment.partner_id, payment.period] += payment.amount
        # Paid as the rule allows: never before its line was payable, never in the future.
        period = Period.parse(payment.period)
        assert payable_from(period, rules.holding_days) <= payment.paid_on <= today
    states: Counter[LineState] = Counter()
    for partner in program.partners:
        facts = [facts_of(d) for d in program.deals if d.partner_id == partner.id]
        if not facts:
            continue
        terms = terms_of(partner.models)
        period = Period.of(today, terms.payment_kind)
        for _ in range(8):
            line = partner_payout(partner.id, facts, terms, period)
            if line.total:
                done = paid.get((partner.id, period.label), Decimal(0))
                states[line_state(line.total, done, period, rules.holding_days, today)] += 1
            period = period.step(-1)
    assert states[LineState.PENDING] and states[LineState.PAYABLE] and states[LineState.PAID]
