"""/api/v1/ routes of credit (included by socorg.urls)."""

from django.urls import path

from . import api

urlpatterns = [
    path("lists/abnormal/", api.AbnormalListView.as_view(), name="api-credit-abnormal-list"),
    path("lists/serious/", api.SeriousListView.as_view(), name="api-credit-serious-list"),
    path("public/check/", api.PublicCheckView.as_view(), name="api-credit-check"),
    path("screen/", api.ScreenView.as_view(), name="api-credit-screen"),
    path("organizations/<str:code>/credit/", api.CreditProfileView.as_view(), name="api-credit-profile"),
    path("organizations/<str:code>/credit-facts/", api.CreditFactsView.as_view(), name="api-credit-facts"),
    path("organizations/<str:code>/objections/", api.ObjectionListView.as_view(), name="api-credit-objections"),
    path("organizations/<str:code>/repairs/", api.RepairListView.as_view(), name="api-credit-repairs"),
    path("organizations/<str:code>/screenings/", api.OrganizationScreeningsView.as_view(),
         name="api-credit-screenings"),
    path("credit/objections/<int:pk>/", api.ObjectionDetailView.as_view(), name="api-credit-objection"),
    path("credit/objections/<int:pk>/evidence/", api.ObjectionEvidenceView.as_view(),
         name="api-credit-objection-evidence"),
    path("credit/repairs/<int:pk>/", api.RepairDetailView.as_view(), name="api-credit-repair"),
    path("credit/repairs/<int:pk>/evidence/", api.RepairEvidenceView.as_view(), name="api-credit-repair-evidence"),
    path("credit/evidence/<int:pk>/", api.EvidenceFileView.as_view(), name="api-credit-evidence"),
    path("illegal-organizations/", api.IllegalOrganizationsView.as_view(), name="api-credit-illegal-list"),
    path("illegal-organizations/<int:pk>/", api.BanningsView.as_view(), name="api-credit-illegal-detail"),
    path("illegal-batches/", api.IllegalBatchesView.as_view(), name="api-credit-illegal-batches"),
    path("holidays/", api.HolidaysView.as_view(), name="api-credit-holidays"),
]
