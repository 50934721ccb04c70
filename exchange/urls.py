"""Pages of exchange, mounted at /exchange/ by its declaration (apps.py). Every URL named here is classified in
access.py."""

from django.urls import path

from . import views as v

app_name = "exchange"
urlpatterns = [
    path("", v.home, name="home"),
    path("resources/", v.resources, name="resources"),
    path("demands/", v.demands, name="demands"),
    path("demands/<int:pk>/", v.demand, name="demand"),
    path("demands/<int:pk>/outcome/", v.outcome, name="outcome"),
    path("purchases/", v.purchases, name="purchases"),
    path("purchases.csv", v.purchases_csv, name="purchases_csv"),
    path("purchases/<int:pk>/", v.contract, name="contract"),
    path("excellent/", v.excellent, name="excellent"),
    path("organizations/<str:code>/resources/new/", v.new_resource, name="new_resource"),
    path("staff/", v.workbench, name="workbench"),
    path("staff/demands/new/", v.new_demand, name="new_demand"),
    path("staff/plans/new/", v.new_plan, name="new_plan"),
    path("staff/plans/<int:pk>/", v.plan, name="plan"),
    path("staff/plans/<int:pk>/call/", v.call, name="call"),
    path("staff/calls/<int:pk>/award/", v.award, name="award"),
    path("staff/awards/<int:pk>/contract/", v.sign, name="sign"),
    path("staff/contracts/<int:pk>/<slug:step>/", v.contract_step, name="contract_step"),
]
