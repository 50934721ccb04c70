"""/api/v1/ routes of charity recognition, qualification and fundraising plans (included by socorg.urls)."""

from django.urls import path

from . import api, api_spend

urlpatterns = [
    path("charity/eligibility/<str:code>/", api.Eligibility.as_view(), name="api-charity-eligibility"),
    path("charity/organizations/<str:code>/applications/", api.OrganizationApplications.as_view(),
         name="api-charity-org-applications"),
    path("charity/organizations/<str:code>/plans/", api.OrganizationPlans.as_view(), name="api-charity-org-plans"),
    path("charity/applications/<int:pk>/", api.ApplicationDetail.as_view(), name="api-charity-application"),
    path("charity/applications/<int:pk>/extensions/", api.ApplicationExtend.as_view(),
         name="api-charity-application-extend"),
    path("charity/applications/<int:pk>/decision/", api.ApplicationDecision.as_view(),
         name="api-charity-application-decision"),
    path("charity/grants/", api.GrantList.as_view(), name="api-charity-grants"),
    path("charity/grants/<int:pk>/", api.GrantDetail.as_view(), name="api-charity-grant"),
    path("charity/grants/<int:pk>/revocation/", api.GrantRevoke.as_view(), name="api-charity-grant-revoke"),
    path("charity/announcements/", api.AnnouncementList.as_view(), name="api-charity-announcements"),
    path("charity/plans/", api.PlanList.as_view(), name="api-charity-plans"),
    path("charity/plans/<int:pk>/", api.PlanDetail.as_view(), name="api-charity-plan"),
    path("charity/plans/<int:pk>/versions/", api.PlanVersions.as_view(), name="api-charity-plan-versions"),
    path("charity/plans/<int:pk>/disclosures/", api.PlanDisclosures.as_view(), name="api-charity-plan-disclosures"),
    path("charity/plans/<int:pk>/donations/", api.PlanDonations.as_view(), name="api-charity-plan-donations"),
    path("charity/plans/<int:pk>/disbursements/", api.PlanDisbursements.as_view(),
         name="api-charity-plan-disbursements"),
    path("charity/plans/<int:pk>/ledger/", api.PlanLedger.as_view(), name="api-charity-plan-ledger"),
    path("charity/transactions/<int:pk>/reversal/", api.TransactionReversal.as_view(),
         name="api-charity-transaction-reversal"),
    path("charity/plans/<int:pk>/receipt-imports/", api.PlanReceiptImports.as_view(),
         name="api-charity-plan-receipt-imports"),
    path("charity/organizations/<str:code>/bank-statements/", api.OrganizationStatements.as_view(),
         name="api-charity-org-statements"),
    path("charity/organizations/<str:code>/reconciliation/", api.OrganizationReconciliation.as_view(),
         name="api-charity-org-reconciliation"),
    path("charity/organizations/<str:code>/projects/", api.OrganizationProjects.as_view(),
         name="api-charity-org-projects"),
    path("charity/projects/<int:pk>/", api.ProjectDetail.as_view(), name="api-charity-project"),
    path("charity/projects/<int:pk>/disclosures/", api.ProjectDisclosures.as_view(),
         name="api-charity-project-disclosures"),
    path("charity/overdue/", api.Overdue.as_view(), name="api-charity-overdue"),
    path("charity/plans/<int:pk>/transfers/", api_spend.PlanTransfers.as_view(), name="api-charity-plan-transfers"),
    path("charity/plans/<int:pk>/trace/", api_spend.PlanTrace.as_view(), name="api-charity-plan-trace"),
    path("charity/projects/<int:pk>/trace/", api_spend.ProjectTrace.as_view(), name="api-charity-project-trace"),
    path("charity/organizations/<str:code>/transparency/", api_spend.OrganizationTransparency.as_view(),
         name="api-charity-org-transparency"),
]

from .api_urls_benef import urlpatterns as _benef  # noqa: E402  (beneficiaries and the distribution ledger)

urlpatterns += _benef
