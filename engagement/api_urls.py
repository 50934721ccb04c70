"""API endpoints of engagement, mounted at /api/v1/ by its declaration (apps.py); classified in access.py."""

from django.urls import path

from . import api

P = "engagement/"
urlpatterns = [
    path(P + "postings/", api.Postings.as_view(), name="api-engagement-postings"),
    path(P + "postings/<int:pk>/", api.PostingDetail.as_view(), name="api-engagement-posting"),
    path(P + "postings/<int:pk>/applications/", api.PostingApplications.as_view(),
         name="api-engagement-posting-applications"),
    path(P + "applications/status/", api.ApplicationStatus.as_view(), name="api-engagement-application-status"),
    path(P + "applications/<int:pk>/outcomes/", api.ApplicationOutcomes.as_view(),
         name="api-engagement-application-outcomes"),
    path(P + "duty-targets/", api.DutyTargets.as_view(), name="api-engagement-duty-targets"),
    path(P + "job-counts/", api.JobCounts.as_view(), name="api-engagement-job-counts"),
    path(P + "key-counties/", api.KeyCounties.as_view(), name="api-engagement-key-counties"),
    path(P + "pairings/", api.Pairings.as_view(), name="api-engagement-pairings"),
    path(P + "pairings/<int:pk>/", api.PairingDetail.as_view(), name="api-engagement-pairing"),
    path(P + "pairings/<int:pk>/projects/", api.PairingProjects.as_view(), name="api-engagement-pairing-projects"),
    path(P + "projects/<int:pk>/progress/", api.ProjectProgressView.as_view(), name="api-engagement-project-progress"),
    path(P + "progress/", api.Progress.as_view(), name="api-engagement-progress"),
    path(P + "overdue/", api.Overdue.as_view(), name="api-engagement-overdue"),
    path(P + "bases/", api.Bases.as_view(), name="api-engagement-bases"),
    path(P + "bases/<int:pk>/incubations/", api.BaseIncubations.as_view(), name="api-engagement-base-incubations"),
    path(P + "incubations/<int:pk>/graduation/", api.IncubationGraduation.as_view(),
         name="api-engagement-incubation-graduation"),
    path(P + "bases/<int:pk>/sessions/", api.BaseSessions.as_view(), name="api-engagement-base-sessions"),
    path(P + "venues/", api.Venues.as_view(), name="api-engagement-venues"),
    path(P + "venues/<int:pk>/bookings/", api.VenueBookings.as_view(), name="api-engagement-venue-bookings"),
]
