"""Dates as sources give them: a day, a month or only a year."""

from __future__ import annotations

import calendar
import datetime
import os
import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or the year. Orders by its first possible day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.first_day, self.last_day) < (other.first_day, other.last_day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError, saying why, if it is not a real date.

        Dates are values: the same text gives the same object, so that thousands of claims
        citing the same days hold one copy of each."""
        return _parse(text)

    @classmethod
    def _read(cls, text: str) -> PartialDate:
        match = _PATTERN.match(text)
        if not match:
            raise ValueError("it is not written as YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"there is no month {month:02d}")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"that month has {last} days, not {day}")
        return cls(year, month, day)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        month = self.month or 12
        return datetime.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.iso()


@lru_cache(maxsize=4096)
def _parse(text: str) -> PartialDate:
    return PartialDate._read(text)


def parse_optional(text: str | None) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def build_date() -> datetime.date:
    """Today, or the day given by ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()
