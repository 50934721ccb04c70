"""Celery application. Every job also runs inline from a management command; Celery is used when
CELERY_BROKER_URL is set (e.g. redis://127.0.0.1:6379/0)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")

app = Celery("socorg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def install_beat_schedules(sender, **kwargs):
    """Celery beat's periodic jobs (each also runs from cron without Celery; see README, "Daily jobs"): every
    app that declares a ``beat`` module (common/declarations.py), in INSTALLED_APPS order."""
    import django
    from django.apps import apps

    if not apps.ready and not apps.loading:  # a worker or beat configures Celery before Django is set up
        django.setup()
    from common.declarations import beat_modules

    for module in beat_modules():
        module.install_beat_schedule(sender)
