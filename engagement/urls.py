"""/engagement/ pages (namespace "engagement"); every URL is classified in access.py."""

from django.urls import path

from . import views as v

app_name = "engagement"
urlpatterns = [
    path("", v.home, name="home"),
    path("jobs/", v.jobs, name="jobs"),
    path("jobs/my-application/", v.my_application, name="my_application"),
    path("jobs/<int:pk>/", v.posting, name="posting"),
    path("jobs/<int:pk>/applications/", v.applications, name="applications"),
    path("org/<str:code>/jobs/new/", v.new_posting, name="new_posting"),
    path("pairing/", v.pairing, name="pairing"),
    path("pairing/<int:pk>/", v.pairing_detail, name="pairing_detail"),
    path("incubation/", v.incubation, name="incubation"),
    path("incubation/<int:pk>/", v.base, name="base"),
    path("venues/", v.venues, name="venues"),
    path("venues/<int:pk>/", v.venue, name="venue"),
    path("workbench/", v.workbench, name="workbench"),
]
