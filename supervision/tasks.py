"""Celery tasks of supervision. The daily overdue-report sweep also runs inline: ``python manage.py report_sweep``
(without Celery, a cron line does the same, e.g. ``15 0 * * * cd /srv/socorg && .venv/bin/python manage.py
report_sweep``)."""

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

# Before credit's sweep (01:30), which reads the overdue findings for the abnormal list (DOMAIN §3.3 ground 1).
BEAT_SCHEDULE = {
    "supervision-report-sweep": {"task": "supervision.report_sweep", "schedule": crontab(hour=0, minute=15)},
}


def install_beat_schedule(app) -> None:
    """Add the daily sweep to Celery beat (called by socorg.celery when Celery configures)."""
    app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **BEAT_SCHEDULE}


@shared_task(name="supervision.report_sweep")
def report_sweep(as_of: str | None = None, jurisdiction: str = "100000", year: int | None = None) -> dict:
    """Lists the reports missing or late as of the day (today by default): each deadline's findings appear on
    the day after it."""
    from datetime import date

    from audit.context import set_request_id

    from .reports.services import sweep_overdue

    set_request_id("report-sweep")
    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    result = sweep_overdue(as_of=day, jurisdiction=jurisdiction, year=year)
    return {"as_of": day.isoformat(), "year": result.year, "jurisdiction": result.jurisdiction,
            "missing": result.missing, "late": result.late}
