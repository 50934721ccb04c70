"""/api/v1/ routes of penalties (included by socorg.urls from the supervision declaration)."""

from django.urls import path

from . import api

urlpatterns = [
    path("penalties/", api.PenaltyList.as_view(), name="api-penalty-list"),
    path("penalties/<int:pk>/", api.PenaltyDetail.as_view(), name="api-penalty-detail"),
]
