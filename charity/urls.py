"""/charity/ web pages (included by socorg.urls under the namespace "charity")."""

from django.urls import path

from . import downloads
from . import views as v
from . import views_spend as vs

app_name = "charity"
urlpatterns = [
    path("", v.public_list, name="public_list"),
    path("announcements/", v.announcements, name="announcements"),
    path("plans/", v.plan_list, name="plans"),
    path("plans/<int:pk>/", v.plan_detail, name="plan"),
    path("plans/<int:pk>/amend/", v.amend_plan, name="amend_plan"),
    path("plans/<int:pk>/ledger-download/", downloads.plan_ledger, name="plan_ledger"),
    path("plans/<int:pk>/disclose/", v.disclose, name="disclose"),
    path("plans/<int:pk>/donations/new/", v.donation, name="donation"),
    path("plans/<int:pk>/disbursements/new/", v.disbursement, name="disbursement"),
    path("transactions/<int:pk>/reverse/", v.reversal, name="reversal"),
    path("projects/<int:pk>/", v.project_detail, name="project"),
    path("projects/<int:pk>/disclose/", v.disclose_project, name="disclose_project"),
    path("org/<str:code>/projects/new/", v.new_project, name="new_project"),
    path("certificates/<int:pk>/", v.certificate, name="certificate"),
    path("workbench/", v.workbench, name="workbench"),
    path("org/<str:code>/", v.organization, name="organization"),
    path("org/<str:code>/apply/", v.apply, name="apply"),
    path("org/<str:code>/plans/new/", v.file_plan, name="file_plan"),
    path("org/<str:code>/reconciliation/", v.reconciliation, name="reconciliation"),
    path("applications/<int:pk>/", v.application, name="application"),
    path("applications/<int:pk>/decide/", v.decide, name="decide"),
    path("applications/<int:pk>/extend/", v.extend, name="extend"),
    path("grants/<int:pk>/revoke/", v.revoke, name="revoke"),
    path("plans/<int:pk>/transfers/new/", vs.transfer, name="transfer"),
    path("org/<str:code>/transparency/", vs.transparency, name="transparency"),
]

from .urls_benef import urlpatterns as _benef  # noqa: E402  (beneficiaries and the distribution ledger)

urlpatterns += _benef
