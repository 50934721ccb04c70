"""/charity/ pages of beneficiaries and of the in-kind distribution ledger (appended to charity.urls, namespace
"charity")."""

from django.urls import path

from . import views_benef as v

urlpatterns = [
    path("projects/<int:pk>/served/", v.served, name="served"),
    path("projects/<int:pk>/beneficiaries/", v.beneficiaries, name="beneficiaries"),
    path("projects/<int:pk>/beneficiaries/new/", v.admit, name="admit"),
    path("projects/<int:pk>/eligibility-rules/", v.project_rules, name="project_rules"),
    path("beneficiaries/<int:pk>/disburse/", v.beneficiary_disburse, name="beneficiary_disburse"),
    path("aid-lists/", v.aid_lists, name="aid_lists"),
    path("suspected-duplicates/", v.suspects, name="suspects"),
    path("suspected-duplicates/<int:pk>/review/", v.suspect_review, name="suspect_review"),
    path("distribution/", v.programmes, name="programmes"),
    path("distribution/<int:pk>/", v.programme, name="programme"),
    path("distribution/<int:pk>/coverage/", v.coverage, name="coverage"),
    path("distribution/<int:pk>/coverage.csv", v.coverage_csv, name="coverage_csv"),
    path("distribution/<int:pk>/institutions/new/", v.programme_institution, name="programme_institution"),
    path("distribution/<int:pk>/allocations/new/", v.allocate, name="allocate"),
    path("distribution/<int:pk>/shipments/new/", v.ship, name="ship"),
    path("distribution/<int:pk>/evaluations/new/", v.evaluation_new, name="evaluation_new"),
    path("distribution/<int:pk>/draw/", v.programme_draw, name="programme_draw"),
    path("distribution/shipments/<int:pk>/receipt/", v.confirm_receipt, name="confirm_receipt"),
    path("distribution/draws/<int:pk>/result/", v.draw_result, name="draw_result"),
    path("distribution/evaluations/<int:pk>/file/", v.evaluation_file, name="evaluation_file"),
    path("org/<str:code>/distribution/new/", v.new_programme, name="new_programme"),
]
