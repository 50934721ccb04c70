from django.urls import path

from . import staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="home"),
    path("organizations/new/", staff_views.register, name="register"),
    path("organizations/<str:code>/", staff_views.organization, name="organization"),
    path("organizations/<str:code>/events/new/", staff_views.record, name="record_event"),
]
