"""/healthz (the prefix is in the declaration, apps.py)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.healthz, name="healthz")]
