"""/api/v1/ routes of the register and the division table (included by socorg.urls)."""

from django.urls import path

from divisions.api import DivisionDetail, DivisionList

from .api import OrganizationDetail, OrganizationEvents, OrganizationList, TokenView

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("organizations/", OrganizationList.as_view(), name="api-organization-list"),
    path("organizations/<str:code>/", OrganizationDetail.as_view(), name="api-organization-detail"),
    path("organizations/<str:code>/events/", OrganizationEvents.as_view(), name="api-organization-events"),
    path("divisions/", DivisionList.as_view(), name="api-division-list"),
    path("divisions/<str:code>/", DivisionDetail.as_view(), name="api-division-detail"),
]
