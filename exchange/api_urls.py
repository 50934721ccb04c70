"""API endpoints of exchange, mounted at /api/v1/ by its declaration (apps.py). Every URL named here is classified
in access.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("exchange/resources/", api.Resources.as_view(), name="api-exchange-resources"),
    path("exchange/demands/", api.Demands.as_view(), name="api-exchange-demands"),
    path("exchange/demands/<int:pk>/", api.DemandDetail.as_view(), name="api-exchange-demand"),
    path("exchange/demands/<int:pk>/outcomes/", api.DemandOutcomes.as_view(), name="api-exchange-demand-outcomes"),
    path("exchange/plans/", api.Plans.as_view(), name="api-exchange-plans"),
    path("exchange/plans/<int:pk>/", api.PlanDetail.as_view(), name="api-exchange-plan"),
    path("exchange/awards/", api.Awards.as_view(), name="api-exchange-awards"),
    path("exchange/contracts/<int:pk>/", api.ContractDetail.as_view(), name="api-exchange-contract"),
]
