"""/supervision/ pages of penalties: part of the "reports" namespace (supervision/reports/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("penalties/", views.penalties, name="penalties"),
    path("penalties/<int:pk>/", views.penalty, name="penalty"),
    path("organizations/<str:code>/penalties/new/", views.penalty_new, name="penalty_new"),
]
