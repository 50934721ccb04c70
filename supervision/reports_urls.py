"""/supervision/ pages of annual reports, penalties and leadership (app "reports")."""

from django.urls import path

from . import reports_views as views

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
    path("penalties/", views.penalties, name="penalties"),
    path("penalties/<int:pk>/", views.penalty, name="penalty"),
    path("leadership/overdue/", views.leadership_overdue, name="leadership_overdue"),
    path("leadership/terms/<int:pk>/postpone/", views.postpone, name="postpone"),
    path("organizations/<str:code>/", views.organization, name="organization"),
    path("organizations/<str:code>/penalties/new/", views.penalty_new, name="penalty_new"),
    path("organizations/<str:code>/leadership/new/", views.term_new, name="term_new"),
    path("organizations/<str:code>/audits/new/", views.audit_new, name="audit_new"),
]
