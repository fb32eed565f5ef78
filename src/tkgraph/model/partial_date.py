"""A date known to the day, the month or the year.

Sources often give only a year ("joined SADC in 1994") or a month. Such a date
is kept with its precision, as the span of days it may be (first .. last),
never completed by guessing. A question whose answer depends on the unknown
part of the span (a day inside it) has no answer from the data.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

_YEAR = re.compile(r"(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")


class Precision(Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class PartialDate:
    """The first and last possible day of a date known to `precision`."""

    first: date
    last: date
    precision: Precision

    @classmethod
    def of_day(cls, day: date) -> PartialDate:
        return cls(day, day, Precision.DAY)

    @classmethod
    def of_year(cls, year: int) -> PartialDate:
        return cls(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)

    @classmethod
    def of_month(cls, year: int, month: int) -> PartialDate:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), Precision.MONTH)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """``YYYY`` (a year), ``YYYY-MM`` (a month) or ``YYYY-MM-DD`` (a day);
        raises ValueError for anything else, naming the forms it takes."""
        text = text.strip()
        if _YEAR.fullmatch(text):
            return cls.of_year(int(text))
        m = _YEAR_MONTH.fullmatch(text)
        if m is not None:
            if not 1 <= int(m[2]) <= 12:
                raise ValueError(f"impossible month in {text!r} (write YYYY-MM)")
            return cls.of_month(int(m[1]), int(m[2]))
        try:
            return cls.of_day(date.fromisoformat(text))
        except ValueError:
            raise ValueError(
                f"{text!r} is not a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)"
            ) from None

    @property
    def exact(self) -> bool:
        return self.precision is Precision.DAY

    def isoformat(self) -> str:
        """The date as the source gives it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if self.precision is Precision.YEAR:
            return f"{self.first.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.first.year:04d}-{self.first.month:02d}"
        return self.first.isoformat()

    def on_or_before(self, day: date) -> bool | None:
        """Whether the date falls on or before `day`; None when `day` is inside
        the span and the data cannot tell."""
        if self.last <= day:
            return True
        if self.first > day:
            return False
        return None

    def __str__(self) -> str:
        return self.isoformat()
