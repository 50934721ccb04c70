"""Celery tasks of stats. The daily snapshot also runs inline: ``python manage.py stats_snapshot``."""

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

# After the report sweep (00:15) and the credit sweep (01:30), whose results it counts.
BEAT_SCHEDULE = {
    "stats-daily-snapshot": {"task": "stats.daily_snapshot", "schedule": crontab(hour=2, minute=30)},
    "stats-daily-release": {"task": "stats.daily_release", "schedule": crontab(hour=3, minute=0)},
}


def install_beat_schedule(app) -> None:
    """Add the daily snapshot to Celery beat (called by socorg.celery when Celery configures)."""
    app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **BEAT_SCHEDULE}


@shared_task(name="stats.daily_snapshot")
def daily_snapshot(as_of: str | None = None) -> dict:
    from datetime import date, timedelta

    from .compute import take_snapshot

    day = date.fromisoformat(as_of) if as_of else timezone.localdate() - timedelta(days=1)
    snapshot = take_snapshot(day)
    return {"day": snapshot.day.isoformat(), "cells": snapshot.cells}


@shared_task(name="stats.daily_release")
def daily_release(as_of: str | None = None) -> dict:
    from datetime import date

    from .opendata import make_release

    release = make_release(date.fromisoformat(as_of) if as_of else timezone.localdate())
    return {"release": release.release_id, "rows": release.rows}
