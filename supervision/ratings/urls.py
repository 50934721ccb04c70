"""Web pages of ratings and spot checks, under /supervision/ (namespace "ratings": spot checks join it here, so
the URL names stay as they were)."""

from django.urls import path

from supervision.spotchecks import urls as spotchecks_urls

from . import views

app_name = "ratings"
urlpatterns = [
    path("ratings/", views.home, name="home"),
    path("ratings/org/<str:code>/", views.organization, name="organization"),
    path("ratings/org/<str:code>/apply/", views.apply, name="apply"),
    path("ratings/applications/<int:pk>/", views.application, name="application"),
    path("ratings/applications/<int:pk>/score/", views.score, name="score"),
    path("ratings/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("ratings/applications/<int:pk>/objection/", views.objection, name="objection"),
    path("ratings/applications/<int:pk>/confer/", views.confer, name="confer"),
    path("ratings/objections/<int:pk>/answer/", views.answer, name="answer"),
    path("ratings/grades/<int:pk>/action/", views.grade_action, name="grade_action"),
    path("ratings/sheets/", views.sheets, name="sheets"),
    path("ratings/sheets/new/", views.sheet_new, name="sheet_new"),
    path("ratings/sheets/<int:pk>/", views.sheet, name="sheet"),
    path("ratings/indicators/grade-share/", views.grade_share, name="grade_share"),
    path("public/grades/", views.public_grades, name="public_grades"),
    path("public/grades/publicity/", views.public_publicity, name="public_publicity"),
    *spotchecks_urls.urlpatterns,
]
