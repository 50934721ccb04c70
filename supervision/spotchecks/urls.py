"""/supervision/ pages of spot checks: part of the "ratings" namespace (supervision/ratings/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("public/spot-checks/", views.public_results, name="public_results"),
    path("public/draws/<int:pk>/", views.public_draw, name="public_draw"),
    path("spot-checks/", views.plans, name="plans"),
    path("spot-checks/plans/new/", views.plan_new, name="plan_new"),
    path("spot-checks/plans/<int:pk>/", views.plan, name="plan"),
    path("spot-checks/plans/<int:pk>/draw/", views.draw, name="draw"),
    path("spot-checks/draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("spot-checks/draws/<int:pk>/publish/", views.publish, name="publish"),
    path("spot-checks/targets/<int:pk>/", views.target, name="target"),
    path("spot-checks/targets/<int:pk>/assign/", views.assign, name="assign"),
    path("spot-checks/targets/<int:pk>/finding/", views.finding_new, name="finding_new"),
    path("spot-checks/findings/<int:pk>/rectify/", views.rectify, name="rectify"),
    path("spot-checks/rectifications/<int:pk>/complete/", views.complete, name="complete"),
    path("spot-checks/inspectors/", views.inspectors, name="inspectors"),
    path("spot-checks/inspectors/<int:pk>/", views.inspector, name="inspector"),
]
