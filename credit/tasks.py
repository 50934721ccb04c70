"""Celery tasks of credit. The daily sweep also runs inline: ``python manage.py credit_sweep``."""

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

BEAT_SCHEDULE = {
    "credit-daily-sweep": {"task": "credit.daily_sweep", "schedule": crontab(hour=1, minute=30)},
}


def install_beat_schedule(app) -> None:
    """Add the daily sweep to Celery beat (called by socorg.celery when Celery configures)."""
    app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **BEAT_SCHEDULE}


@shared_task(name="credit.daily_sweep")
def daily_sweep(as_of: str | None = None, jurisdiction: str | None = None) -> dict:
    from datetime import date

    from .sweep import sweep

    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    return sweep(day, jurisdiction or None).summary()


@shared_task(name="credit.screen_register")
def screen_register(jurisdiction: str | None = None) -> dict:
    """The bulk name screening (``python manage.py screen_register``) on a Celery worker."""
    from .screening import screen_register as run

    return run(jurisdiction or None)
