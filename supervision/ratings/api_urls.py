"""/api/v1/ routes of ratings and grades (included by socorg.urls from the supervision declaration)."""

from django.urls import path

from . import api

urlpatterns = [
    path("ratings/eligibility/<str:code>/", api.EligibilityView.as_view(), name="api-rating-eligibility"),
    path("ratings/applications/", api.ApplicationList.as_view(), name="api-rating-applications"),
    path("ratings/applications/<int:pk>/", api.ApplicationDetail.as_view(), name="api-rating-application"),
    path("ratings/applications/<int:pk>/scores/", api.ApplicationScores.as_view(), name="api-rating-scores"),
    path("ratings/applications/<int:pk>/decision/", api.ApplicationDecision.as_view(), name="api-rating-decision"),
    path("ratings/applications/<int:pk>/objections/", api.ApplicationObjections.as_view(),
         name="api-rating-objections"),
    path("ratings/applications/<int:pk>/confer/", api.ApplicationConfer.as_view(), name="api-rating-confer"),
    path("ratings/objections/<int:pk>/answer/", api.ObjectionAnswer.as_view(), name="api-rating-objection-answer"),
    path("ratings/score-sheets/", api.SheetList.as_view(), name="api-score-sheets"),
    path("ratings/score-sheets/<int:pk>/", api.SheetDetail.as_view(), name="api-score-sheet"),
    path("grades/", api.GradeList.as_view(), name="api-grades"),
    path("grades/publicity/", api.PublicityList.as_view(), name="api-grades-publicity"),
    path("grades/<int:pk>/", api.GradeDetail.as_view(), name="api-grade"),
    path("grades/<int:pk>/actions/", api.GradeActions.as_view(), name="api-grade-actions"),
    path("indicators/grade-share/", api.GradeShareView.as_view(), name="api-grade-share"),
]
