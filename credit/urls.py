"""/credit/ web pages (included by socorg.urls under the namespace "credit")."""

from django.urls import path

from . import views

app_name = "credit"
urlpatterns = [
    path("lists/abnormal/", views.abnormal_list, name="abnormal"),
    path("lists/serious/", views.serious_list, name="serious"),
    path("check/", views.check, name="check"),
    path("check/bulk/", views.check_bulk, name="check_bulk"),
    path("screen/", views.screen_page, name="screen"),
    path("announcements/", views.announcements, name="announcements"),
    path("illegal/", views.illegal, name="illegal"),
    path("org/<str:code>/", views.organization, name="organization"),
    path("org/<str:code>/notifications/", views.notifications, name="notifications"),
    path("org/<str:code>/objections/new/", views.file_objection, name="file_objection"),
    path("org/<str:code>/repairs/new/", views.file_repair, name="file_repair"),
    path("objections/<int:pk>/", views.objection, name="objection"),
    path("repairs/<int:pk>/", views.repair, name="repair"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("staff/", views.workbench, name="workbench"),
    path("staff/org/<str:code>/", views.staff_organization, name="staff_organization"),
    path("staff/org/<str:code>/facts/new/", views.record_fact, name="record_fact"),
    path("staff/holidays/", views.holidays, name="holidays"),
    path("staff/illegal/new/", views.illegal_new, name="illegal_new"),
]
