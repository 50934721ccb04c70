"""/supervision/ pages of annual reports, penalties and leadership (namespace "reports": the URL names are those
of the pages before supervision was split into sub-domains, so penalties and leadership pages join it here)."""

from django.urls import path

from supervision.leadership import urls as leadership_urls
from supervision.penalties import urls as penalties_urls

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.queue, name="queue"),
    path("reports/mine/", views.my_reports, name="mine"),
    path("reports/file/", views.file_report, name="file"),
    path("reports/overdue/", views.overdue, name="overdue"),
    path("reports/first-review/", views.first_reviews, name="first_reviews"),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/review/", views.review, name="review"),
    path("reports/<int:pk>/first-review/", views.first_review, name="first_review"),
    path("reports/<int:pk>/submissions/<int:number>/audit-report/", views.audit_file, name="audit_file"),
    path("organizations/<str:code>/", views.organization, name="organization"),
    *penalties_urls.urlpatterns,
    *leadership_urls.urlpatterns,
]
