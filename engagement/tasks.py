"""Celery tasks of engagement: the daily reminders of pairing reporting deadlines (coming and missed)."""

from celery import shared_task
from celery.schedules import crontab

BEAT_SCHEDULE = {
    "engagement-daily-reminders": {"task": "engagement.daily_reminders", "schedule": crontab(hour=7, minute=0)},
}


def install_beat_schedule(app) -> None:
    app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **BEAT_SCHEDULE}


@shared_task(name="engagement.daily_reminders")
def daily_reminders(as_of: str | None = None) -> dict:
    from datetime import date

    from .services import send_reminders

    return send_reminders(date.fromisoformat(as_of) if as_of else None)
