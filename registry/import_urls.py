"""/staff/imports/: bulk import (upload, preview, confirm, progress) and export downloads."""

from django.urls import path

from . import import_views

app_name = "imports"
urlpatterns = [
    path("", import_views.index, name="index"),
    path("export/", import_views.export, name="export"),
    path("<int:pk>/", import_views.job, name="job"),
    path("<int:pk>/progress/", import_views.progress, name="progress"),
    path("<int:pk>/confirm/", import_views.confirm, name="confirm"),
    path("<int:pk>/errors.csv", import_views.errors_csv, name="errors"),
]
