"""/api/v1/ routes of leadership terms and departure audits (included by socorg.urls from the supervision declaration)."""

from django.urls import path

from . import api

urlpatterns = [
    path("leadership-terms/", api.TermList.as_view(), name="api-leadership-term-list"),
    path("leadership-terms/overdue/", api.OverdueTerms.as_view(), name="api-leadership-term-overdue"),
    path("leadership-terms/<int:pk>/", api.TermDetail.as_view(), name="api-leadership-term-detail"),
    path("leadership-terms/<int:pk>/postponements/", api.TermPostponements.as_view(),
         name="api-leadership-term-postponements"),
    path("departure-audits/", api.DepartureAuditList.as_view(), name="api-departure-audit-list"),
    path("departure-audits/<int:pk>/", api.DepartureAuditDetail.as_view(), name="api-departure-audit-detail"),
]
