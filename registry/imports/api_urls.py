"""/api/v1/ routes for bulk import and export (included by socorg.urls)."""

from django.urls import path

from .api import ExportView, ImportDetail, ImportList

urlpatterns = [
    path("imports/", ImportList.as_view(), name="api-import-list"),
    path("imports/<int:pk>/", ImportDetail.as_view(), name="api-import-detail"),
    path("exports/", ExportView.as_view(), name="api-export"),
]
