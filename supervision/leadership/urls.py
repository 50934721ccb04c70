"""/supervision/ pages of leadership terms and departure audits: part of the "reports" namespace
(supervision/reports/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("leadership/overdue/", views.leadership_overdue, name="leadership_overdue"),
    path("leadership/terms/<int:pk>/postpone/", views.postpone, name="postpone"),
    path("organizations/<str:code>/leadership/new/", views.term_new, name="term_new"),
    path("organizations/<str:code>/audits/new/", views.audit_new, name="audit_new"),
]
