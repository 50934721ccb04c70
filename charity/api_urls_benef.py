"""/api/v1/ routes of beneficiaries and of the in-kind distribution ledger (appended to charity.api_urls)."""

from django.urls import path

from . import api_benef as a

urlpatterns = [
    path("charity/projects/<int:pk>/eligibility-rules/", a.ProjectRules.as_view(), name="api-charity-project-rules"),
    path("charity/projects/<int:pk>/served/", a.ProjectServed.as_view(), name="api-charity-project-served"),
    path("charity/projects/<int:pk>/beneficiaries/", a.ProjectBeneficiaries.as_view(),
         name="api-charity-project-beneficiaries"),
    path("charity/beneficiaries/<int:pk>/disbursements/", a.BeneficiaryDisbursements.as_view(),
         name="api-charity-beneficiary-disbursements"),
    path("charity/aid-lists/", a.AidLists.as_view(), name="api-charity-aid-lists"),
    path("charity/suspected-duplicates/", a.Suspects.as_view(), name="api-charity-suspects"),
    path("charity/suspected-duplicates/<int:pk>/reviews/", a.SuspectReviews.as_view(),
         name="api-charity-suspect-reviews"),
    path("charity/organizations/<str:code>/distribution-programmes/", a.OrganizationProgrammes.as_view(),
         name="api-charity-org-programmes"),
    path("charity/distribution-programmes/<int:pk>/", a.ProgrammeDetail.as_view(), name="api-charity-programme"),
    path("charity/distribution-programmes/<int:pk>/institutions/", a.ProgrammeInstitutions.as_view(),
         name="api-charity-programme-institutions"),
    path("charity/distribution-programmes/<int:pk>/allocations/", a.ProgrammeAllocations.as_view(),
         name="api-charity-programme-allocations"),
    path("charity/distribution-programmes/<int:pk>/shipments/", a.ProgrammeShipments.as_view(),
         name="api-charity-programme-shipments"),
    path("charity/shipments/<int:pk>/receipt/", a.ShipmentReceipt.as_view(), name="api-charity-shipment-receipt"),
    path("charity/distribution-programmes/<int:pk>/draws/", a.ProgrammeDraws.as_view(),
         name="api-charity-programme-draws"),
    path("charity/verification-draws/<int:pk>/", a.DrawDetail.as_view(), name="api-charity-draw"),
    path("charity/verification-draws/<int:pk>/results/", a.DrawResults.as_view(), name="api-charity-draw-results"),
    path("charity/distribution-programmes/<int:pk>/evaluations/", a.ProgrammeEvaluations.as_view(),
         name="api-charity-programme-evaluations"),
    path("charity/distribution-programmes/<int:pk>/coverage/", a.ProgrammeCoverage.as_view(),
         name="api-charity-programme-coverage"),
]
