"""Calendar arithmetic shared by the supervision rules (pure: no database, no settings)."""

import calendar
from datetime import date, timedelta


def safe_date(year: int, month: int, day: int) -> date:
    """The date, or the month's last day when it has no such day (29 February in a common year)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return safe_date(day.year + years, day.month, day.day)


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return safe_date(day.year + index // 12, index % 12 + 1, day.day)


def add_working_days(day: date, count: int) -> date:
    """``count`` working days after ``day`` (Monday to Friday; public holidays are not modelled)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
