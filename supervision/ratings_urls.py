"""Web pages of ratings and spot checks, under /supervision/ (namespace "ratings")."""

from django.urls import path

from . import ratings_views as v

app_name = "ratings"
urlpatterns = [
    path("ratings/", v.home, name="home"),
    path("ratings/org/<str:code>/", v.organization, name="organization"),
    path("ratings/org/<str:code>/apply/", v.apply, name="apply"),
    path("ratings/applications/<int:pk>/", v.application, name="application"),
    path("ratings/applications/<int:pk>/score/", v.score, name="score"),
    path("ratings/applications/<int:pk>/decide/", v.decide, name="decide"),
    path("ratings/applications/<int:pk>/objection/", v.objection, name="objection"),
    path("ratings/applications/<int:pk>/confer/", v.confer, name="confer"),
    path("ratings/objections/<int:pk>/answer/", v.answer, name="answer"),
    path("ratings/grades/<int:pk>/action/", v.grade_action, name="grade_action"),
    path("ratings/sheets/", v.sheets, name="sheets"),
    path("ratings/sheets/new/", v.sheet_new, name="sheet_new"),
    path("ratings/sheets/<int:pk>/", v.sheet, name="sheet"),
    path("ratings/indicators/grade-share/", v.grade_share, name="grade_share"),
    path("public/grades/", v.public_grades, name="public_grades"),
    path("public/grades/publicity/", v.public_publicity, name="public_publicity"),
    path("public/spot-checks/", v.public_results, name="public_results"),
    path("public/draws/<int:pk>/", v.public_draw, name="public_draw"),
    path("spot-checks/", v.plans, name="plans"),
    path("spot-checks/plans/new/", v.plan_new, name="plan_new"),
    path("spot-checks/plans/<int:pk>/", v.plan, name="plan"),
    path("spot-checks/plans/<int:pk>/draw/", v.draw, name="draw"),
    path("spot-checks/draws/<int:pk>/", v.draw_detail, name="draw_detail"),
    path("spot-checks/draws/<int:pk>/publish/", v.publish, name="publish"),
    path("spot-checks/targets/<int:pk>/", v.target, name="target"),
    path("spot-checks/targets/<int:pk>/assign/", v.assign, name="assign"),
    path("spot-checks/targets/<int:pk>/finding/", v.finding_new, name="finding_new"),
    path("spot-checks/findings/<int:pk>/rectify/", v.rectify, name="rectify"),
    path("spot-checks/rectifications/<int:pk>/complete/", v.complete, name="complete"),
    path("spot-checks/inspectors/", v.inspectors, name="inspectors"),
    path("spot-checks/inspectors/<int:pk>/", v.inspector, name="inspector"),
]
