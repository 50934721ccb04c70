"""Celery application. Every job also runs inline from a management command; Celery is used when
CELERY_BROKER_URL is set (e.g. redis://127.0.0.1:6379/0)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")

app = Celery("socorg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
