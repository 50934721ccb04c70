"""/api/v1/ routes of annual reports (included by socorg.urls from the supervision declaration)."""

from django.urls import path

from . import api

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
]
