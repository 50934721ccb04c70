from django.urls import path

from . import settings_views, staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="home"),
    path("organizations/new/", staff_views.register, name="register"),
    path("organizations/<str:code>/", staff_views.organization, name="organization"),
    path("organizations/<str:code>/events/new/", staff_views.record, name="record_event"),
    path("settings/", settings_views.own, name="settings_own"),
    path("settings/<str:division>/", settings_views.jurisdiction, name="settings"),
    path("settings/<str:division>/<str:key>/", settings_views.edit, name="setting_edit"),
]
