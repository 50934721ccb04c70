"""Celery application. Every job also runs inline from a management command; Celery is used when
CELERY_BROKER_URL is set (e.g. redis://127.0.0.1:6379/0)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")

app = Celery("socorg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Apps whose tasks module has install_beat_schedule(app); supervision's report sweep (00:15) runs before credit's
# sweep (01:30), which reads its overdue findings; the statistics snapshot (02:30) counts both.
BEAT_APPS = ("supervision", "credit", "stats")


@app.on_after_configure.connect
def install_beat_schedules(sender, **kwargs):
    """Celery beat's periodic jobs (each also runs from cron without Celery; see README, "Daily jobs")."""
    from importlib import import_module

    for name in BEAT_APPS:
        import_module(f"{name}.tasks").install_beat_schedule(sender)
