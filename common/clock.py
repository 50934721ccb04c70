"""The services' day: the local date, or — while a historical record is being backfilled — the day the act took
place. One clock for every app, so a backfill (the demo register's past reports, grades and checks) dates every
act consistently. Only code can set it (never a request), and never to a day after the real today."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.utils import timezone

_acting_on: ContextVar[date | None] = ContextVar("socorg_acting_on", default=None)


def today() -> date:
    return _acting_on.get() or timezone.localdate()


@contextmanager
def acting_on(day: date):
    """Record the acts inside the block as of ``day`` (capped at the real today)."""
    day = min(day, timezone.localdate())
    token = _acting_on.set(day)
    try:
        yield day
    finally:
        _acting_on.reset(token)
