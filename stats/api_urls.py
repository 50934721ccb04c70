from django.urls import path

from . import api

urlpatterns = [
    path("stats/indicators/", api.CatalogueView.as_view(), name="api-stats-indicators"),
    path("stats/indicators/<str:indicator_id>/", api.IndicatorView.as_view(), name="api-stats-indicator"),
    path("stats/targets/", api.TargetsView.as_view(), name="api-stats-targets"),
    path("stats/targets/<int:pk>/", api.TargetView.as_view(), name="api-stats-target"),
    path("changes/", api.ChangesView.as_view(), name="api-changes"),
]
