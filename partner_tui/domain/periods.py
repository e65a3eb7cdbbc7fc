"""Payout periods: a calendar month (2026-03) or a calendar quarter (2026-Q1).

Months are counted as one integer (year x 12 + month - 1), so "the months from close to
end" is a range of ints and a quarter is three consecutive ones. No pydantic here: the
payout rules run over 100,000 deals and want plain numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-?[Qq]([1-4])")


def month_index(day: date) -> int:
    """The month `day` falls in, as one number (consecutive months differ by 1)."""
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    """'2026-03' for the month numbered `index`."""
    year, month0 = divmod(index, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def month_name(index: int) -> str:
    """'March 2026'."""
    year, month0 = divmod(index, 12)
    return f"{MONTH_NAMES[month0]} {year}"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"

    @property
    def length(self) -> int:
        """Months in one period of this kind."""
        return 1 if self is PeriodKind.MONTH else 3


@dataclass(frozen=True, order=True)
class Period:
    """A run of whole calendar months: one month, or one calendar quarter."""

    first: int  # month_index of its first month
    kind: PeriodKind

    @classmethod
    def of(cls, day: date, kind: PeriodKind = PeriodKind.MONTH) -> Period:
        """The month or quarter `day` falls in."""
        index = month_index(day)
        if kind is PeriodKind.QUARTER:
            index -= index % 3
        return cls(index, kind)

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2026-03' (a month) or '2026-Q1' (a quarter); ValueError says what is wrong."""
        cleaned = text.strip()
        quarter = _QUARTER.fullmatch(cleaned)
        if quarter:
            year, number = int(quarter.group(1)), int(quarter.group(2))
            return cls(year * 12 + (number - 1) * 3, PeriodKind.QUARTER)
        month = _MONTH.fullmatch(cleaned)
        if month:
            year, number = int(month.group(1)), int(month.group(2))
            if 1 <= number <= 12 and year >= 1:
                return cls(year * 12 + number - 1, PeriodKind.MONTH)
            raise ValueError(f"{cleaned!r} is not a month (months are 01 to 12)")
        raise ValueError(
            f"{cleaned!r} is not a period (use YYYY-MM for a month, YYYY-Qn for a quarter)"
        )

    # -- what it covers -------------------------------------------------------------------
    @property
    def last(self) -> int:
        """month_index of its last month."""
        return self.first + self.kind.length - 1

    @property
    def months(self) -> range:
        return range(self.first, self.last + 1)

    def month_periods(self) -> list[Period]:
        """Its months, each a period of its own (a month is just itself)."""
        return [Period(index, PeriodKind.MONTH) for index in self.months]

    def contains(self, other: Period) -> bool:
        """Whether every month of `other` is one of this period's months."""
        return self.first <= other.first and other.last <= self.last

    @property
    def quarter(self) -> Period:
        """The calendar quarter this period lies in."""
        return Period(self.first - self.first % 3, PeriodKind.QUARTER)

    # -- stepping ([ and ] on the Payouts screen) ---------------------------------------------
    def step(self, count: int = 1) -> Period:
        """The period `count` periods later (earlier when negative), of the same kind."""
        return Period(self.first + count * self.kind.length, self.kind)

    def as_kind(self, kind: PeriodKind) -> Period:
        """A month becomes its quarter; a quarter becomes its last month (the month a
        person looking at a quarter most likely pays for)."""
        if kind is self.kind:
            return self
        if kind is PeriodKind.QUARTER:
            return self.quarter
        return Period(self.last, PeriodKind.MONTH)

    # -- words ---------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """'2026-03' or '2026-Q1': how the command line and the file spell it."""
        year, month0 = divmod(self.first, 12)
        if self.kind is PeriodKind.QUARTER:
            return f"{year:04d}-Q{month0 // 3 + 1}"
        return f"{year:04d}-{month0 + 1:02d}"

    @property
    def title(self) -> str:
        """'March 2026' or 'Q1 2026 (January - March)': how a person reads it."""
        if self.kind is PeriodKind.MONTH:
            return month_name(self.first)
        year, month0 = divmod(self.first, 12)
        return (
            f"Q{month0 // 3 + 1} {year} ({MONTH_NAMES[month0]} - {MONTH_NAMES[month0 + 2]})"
        )

    def __str__(self) -> str:
        return self.label
