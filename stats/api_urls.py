from django.urls import path

from . import api

urlpatterns = [
    path("stats/indicators/", api.CatalogueView.as_view(), name="api-stats-indicators"),
    path("stats/indicators/<str:indicator_id>/", api.IndicatorView.as_view(), name="api-stats-indicator"),
]
