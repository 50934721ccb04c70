"""/api/v1/ routes of annual reports, penalties and leadership terms (included by socorg.urls)."""

from django.urls import path

from . import reports_api as api

urlpatterns = [
    path("annual-reports/", api.AnnualReportList.as_view(), name="api-annual-report-list"),
    path("annual-reports/overdue/", api.OverdueReports.as_view(), name="api-annual-report-overdue"),
    path("annual-reports/first-review/", api.FirstReviewQueue.as_view(), name="api-annual-report-first-review"),
    path("annual-reports/<int:pk>/", api.AnnualReportDetail.as_view(), name="api-annual-report-detail"),
    path("annual-reports/<int:pk>/submissions/", api.AnnualReportSubmissions.as_view(),
         name="api-annual-report-submissions"),
    path("annual-reports/<int:pk>/submissions/<int:number>/audit-report/", api.AnnualReportAuditFile.as_view(),
         name="api-annual-report-audit-file"),
    path("annual-reports/<int:pk>/reviews/", api.AnnualReportReviews.as_view(), name="api-annual-report-reviews"),
    path("penalties/", api.PenaltyList.as_view(), name="api-penalty-list"),
    path("penalties/<int:pk>/", api.PenaltyDetail.as_view(), name="api-penalty-detail"),
    path("leadership-terms/", api.TermList.as_view(), name="api-leadership-term-list"),
    path("leadership-terms/overdue/", api.OverdueTerms.as_view(), name="api-leadership-term-overdue"),
    path("leadership-terms/<int:pk>/", api.TermDetail.as_view(), name="api-leadership-term-detail"),
    path("leadership-terms/<int:pk>/postponements/", api.TermPostponements.as_view(),
         name="api-leadership-term-postponements"),
    path("departure-audits/", api.DepartureAuditList.as_view(), name="api-departure-audit-list"),
    path("departure-audits/<int:pk>/", api.DepartureAuditDetail.as_view(), name="api-departure-audit-detail"),
]
