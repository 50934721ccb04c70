"""Periods in months and years (民法典 Arts. 201–203) and working days."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The corresponding day ``months`` later, or the last day of that month when there is none (民法典 Art. 202)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def after_full(start: date, *, months: int = 0, years: int = 0) -> date:
    """The first day after a period of full months/years that began with ``start`` (民法典 Arts. 201–202)."""
    return add_months(start, months + 12 * years) + timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: Monday–Friday, minus official holidays, plus adjusted working days (调休)."""

    holidays: frozenset = frozenset()
    workdays: frozenset = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (the start day itself is not counted)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def deadline(self, start: date, days: int) -> date:
        """A calendar-day limit that starts the day after ``start``; a last day that is not a working day moves to
        the next working day (民法典 Art. 203)."""
        day = start + timedelta(days=days)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day
