"""A partner's payout terms without pydantic: the choices (when a revenue share is paid,
when a referral fee is) and what each field of the terms is when a record leaves it out.

The models (partnership_models.py) declare their fields with these choices; readers of
stored records (exchange/csv_records.py: the CSV export of a file known valid, which
never imports pydantic) read a field left out as these defaults.
tests/unit/store/test_readers.py holds the defaults equal to the models' own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from partner_tui.domain.money import ZERO_CENTS


class PaymentTerms(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class ReferralPayment(StrEnum):
    ON_CLOSE = "on_close"
    ON_PAYMENT = "on_payment"

    @property
    def label(self) -> str:
        return "On close" if self is ReferralPayment.ON_CLOSE else "On payment"


# RevenueShare's and ReferralFee's defaults, field by field.
SHARE_DEFAULTS: dict[str, Any] = {
    "enabled": False,
    "percent": ZERO_CENTS,
    "duration_years": 0,
    "minimum_customers": 0,
    "payment_terms": PaymentTerms.MONTHLY,
    "steps": "",
    "cap_per_customer": ZERO_CENTS,
    "cap_per_period": ZERO_CENTS,
}
FEE_DEFAULTS: dict[str, Any] = {
    "enabled": False,
    "amount": ZERO_CENTS,
    "payment": ReferralPayment.ON_CLOSE,
}
