"""Money and Percent: the field types of every amount in a record (pydantic).

Exact decimals with at most two places, stored as cents (the rule is money.cents).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field

from partner_tui.domain.money import cents

# Money is a non-negative Decimal with at most two decimal places (cents).
Money = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2), AfterValidator(cents)]
# Percentages as the playbook writes them: 0 to 100.
Percent = Annotated[
    Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2), AfterValidator(cents)
]
