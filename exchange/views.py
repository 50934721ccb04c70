"""Pages of exchange. Public: the resource list and the demand list, a demand with its ranked matches (each score
explained part by part), the disclosure of awards and contracts (and its CSV), the excellent projects. The
organization: publishing a resource. Officers: demands, match outcomes and the purchase chain (plan -> call ->
award -> contract -> milestones, payments, deliveries, evaluation, designation). Views parse input, call the
services and render; reads of what officers act on go through ``visible_to`` (404 outside the jurisdiction)."""

import csv
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.jurisdiction import is_staff_user
from accounts.permissions import staff_required
from common.web import submit_form, visible_or_404
from registry.models import Organization

from . import disclosure, services
from . import forms as f
from .models import (
    Award,
    Call,
    Contract,
    Demand,
    Designation,
    ExcellentCategory,
    Field,
    Kind,
    MatchOutcome,
    PurchasePlan,
    Resource,
    Stage,
)

T = "exchange/"
ZERO, CENT = Decimal("0.00"), Decimal("0.01")
PAGE = 200


def _form_page(request, form, action, *, title, success, target, context=None):
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = submit_form(form, request, action, success, target)
        if response is not None:
            return response
    return render(request, T + "form.html", {"form": form, "title": title, **(context or {})}, status=status)


def _filters(request):
    field = request.GET.get("field", "")
    kind = request.GET.get("kind", "")
    return (field if field in Field.values else ""), (kind if kind in Kind.values else "")


# --- public ----------------------------------------------------------------------------------------------------

def home(request):
    outcomes = dict(MatchOutcome.objects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    _rows, totals = disclosure.rows()
    return render(request, T + "home.html", {
        "resources": Resource.objects.filter(withdrawn_on__isnull=True).count(),
        "demands": Demand.objects.filter(closed_on__isnull=True).count(),
        "outcomes": [(label, outcomes.get(value, 0)) for value, label in Stage.choices],
        "totals": totals, "excellent": Designation.objects.count(),
        "staff": is_staff_user(request.user)})


def resources(request):
    field, kind = _filters(request)
    qs = Resource.objects.select_related("organization", "area").filter(withdrawn_on__isnull=True)
    qs = qs.filter(field=field) if field else qs
    qs = qs.filter(kind=kind) if kind else qs
    own = None
    if request.user.is_authenticated and request.user.is_org_user:
        own = Organization.objects.filter(pk=request.user.organization_id_bound).first()
    return render(request, T + "resources.html", {"rows": qs[:PAGE], "count": qs.count(), "fields": Field.choices,
                                                  "kinds": Kind.choices, "field": field, "kind": kind, "own": own})


def demands(request):
    field, kind = _filters(request)
    qs = Demand.objects.select_related("area").filter(closed_on__isnull=True)
    qs = qs.filter(field=field) if field else qs
    qs = qs.filter(kind=kind) if kind else qs
    return render(request, T + "demands.html", {"rows": qs[:PAGE], "count": qs.count(), "fields": Field.choices,
                                                "kinds": Kind.choices, "field": field, "kind": kind})


def demand(request, pk):
    row = get_object_or_404(Demand.objects.select_related("area"), pk=pk)
    taken = {m.resource_id: m for m in row.matches.prefetch_related("outcomes")}
    ranked = services.ranked_matches(row)
    for item in ranked:
        match = taken.get(item.resource.pk)
        item.outcomes = [o for o in match.outcomes.all()] if match else []
    return render(request, T + "demand.html", {
        "demand": row, "ranked": ranked, "may_record": row in Demand.objects.visible_to(request.user)})


def purchases(request):
    division = request.GET.get("division", "").strip()
    year = request.GET.get("year", "").strip()
    year_value = int(year) if year.isdigit() else None
    rows, totals = disclosure.rows(division or None, year_value)
    csv_url = reverse("exchange:purchases_csv") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return render(request, T + "purchases.html", {"rows": rows, "totals": totals, "division": division,
                                                  "year": year, "csv_url": csv_url})


CSV_COLUMNS = (("ocid", "项目编号 ocid"), ("title", "项目名称"), ("purchaser", "购买方"), ("funding", "资金来源"),
               ("year", "预算年度"), ("organization", "承接组织"), ("uscc", "统一社会信用代码"),
               ("awarded_on", "确定承接日期"), ("award_amount", "中标金额（元）"), ("contract_id", "合同编号"),
               ("contract_amount", "合同金额（元）"), ("signed_on", "签订日期"), ("paid", "已付金额（元）"),
               ("person_times", "服务人次"), ("result", "绩效评估结果"), ("excellent", "优秀项目类别"))


def purchases_csv(request):
    division = request.GET.get("division", "").strip()
    year = request.GET.get("year", "").strip()
    rows, _totals = disclosure.rows(division or None, int(year) if year.isdigit() else None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="purchased-services.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([label for _key, label in CSV_COLUMNS])
    for row in rows:
        writer.writerow(["" if row[key] is None else row[key] for key, _label in CSV_COLUMNS])
    return response


def contract(request, pk):
    row = get_object_or_404(Contract.objects.select_related("award__organization", "award__call__plan"), pk=pk)
    milestones = list(row.milestones.annotate(paid=Sum("payments__amount")))
    staff = row in Contract.objects.visible_to(request.user) and is_staff_user(request.user)
    return render(request, T + "contract.html", {
        "contract": row, "plan": row.award.call.plan, "milestones": milestones,
        "payments": [p for m in row.milestones.prefetch_related("payments") for p in m.payments.all()],
        "deliveries": [d for m in row.milestones.prefetch_related("deliveries") for d in m.deliveries.all()],
        "evaluations": row.evaluations.all(), "designations": row.designations.all(),
        "paid": sum((m.paid or ZERO for m in milestones), ZERO).quantize(CENT),
        "person_times": sum(d.person_times for m in row.milestones.all() for d in m.deliveries.all()),
        "staff": staff, "steps": STEPS if staff else {}})


def excellent(request):
    counts = dict(Designation.objects.values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    rows = Designation.objects.select_related("contract__award__organization", "contract__award__call__plan")
    return render(request, T + "excellent.html", {
        "categories": [(label, counts.get(value, 0)) for value, label in ExcellentCategory.choices],
        "rows": rows.order_by("category", "-designated_on"), "total": sum(counts.values())})


# --- the organization ------------------------------------------------------------------------------------------

def new_resource(request, code):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login
        return redirect_to_login(request.get_full_path())
    org = Organization.objects.visible_to(request.user).by_code(code).first()
    if org is None:
        raise Http404
    if not (request.user.is_org_user or is_staff_user(request.user)):
        raise PermissionDenied
    form = f.ResourceForm(request.POST or None)
    return _form_page(request, form, lambda: services.publish_resource(request.user, org, request.POST),
                      title=_("Publish a resource of %(name)s") % {"name": org.name},
                      success=lambda r: _("Resource %(id)s published.") % {"id": r.public_id},
                      target=lambda r: "exchange:resources")


# --- officers ---------------------------------------------------------------------------------------------------

@staff_required
def workbench(request):
    plans = PurchasePlan.objects.visible_to(request.user).select_related("call__award__contract")[:PAGE]
    demands_ = Demand.objects.visible_to(request.user).select_related("area")[:50]
    return render(request, T + "workbench.html", {"plans": plans, "demands": demands_})


@staff_required
def new_demand(request):
    form = f.DemandForm(request.POST or None)
    return _form_page(request, form, lambda: services.publish_demand(request.user, request.POST),
                      title=_("Publish a demand"),
                      success=lambda d: _("Demand %(id)s published.") % {"id": d.public_id},
                      target=lambda d: ("exchange:demand", d.pk))


@staff_required
def outcome(request, pk):
    row = visible_or_404(Demand.objects.all(), request.user, pk)
    form = f.OutcomeForm(request.POST or None, initial={"resource": request.GET.get("resource", "")})
    return _form_page(request, form, lambda: services.record_outcome(request.user, row, request.POST),
                      title=_("Record an outcome of demand %(id)s") % {"id": row.public_id},
                      success=lambda o: _("Outcome recorded."), target=lambda o: ("exchange:demand", row.pk),
                      context={"demand": row})


@staff_required
def new_plan(request):
    form = f.PlanForm(request.POST or None)
    return _form_page(request, form, lambda: services.create_plan(request.user, request.POST),
                      title=_("Record a purchase plan"),
                      success=lambda p: _("Plan %(id)s recorded.") % {"id": p.ocid},
                      target=lambda p: ("exchange:plan", p.pk))


def _plans(user):
    return PurchasePlan.objects.visible_to(user)


@staff_required
def plan(request, pk):
    row = visible_or_404(PurchasePlan.objects.all(), request.user, pk)
    call = getattr(row, "call", None)
    award = getattr(call, "award", None) if call else None
    contract_ = getattr(award, "contract", None) if award else None
    return render(request, T + "plan.html", {"plan": row, "call": call, "award": award, "contract": contract_})


@staff_required
def call(request, pk):
    row = visible_or_404(PurchasePlan.objects.all(), request.user, pk)
    form = f.CallForm(request.POST or None)
    return _form_page(request, form, lambda: services.open_call(request.user, row, request.POST),
                      title=_("Open the call of %(id)s") % {"id": row.ocid},
                      success=lambda c: _("Call %(id)s opened.") % {"id": c.public_id},
                      target=lambda c: ("exchange:plan", row.pk), context={"plan": row})


@staff_required
def award(request, pk):
    row = get_object_or_404(Call.objects.filter(plan__in=_plans(request.user)).select_related("plan"), pk=pk)
    form = f.AwardForm(request.POST or None)
    return _form_page(request, form, lambda: services.award(request.user, row, request.POST),
                      title=_("Award %(id)s") % {"id": row.plan.ocid},
                      success=lambda a: _("Awarded to %(name)s.") % {"name": a.organization.name},
                      target=lambda a: ("exchange:plan", row.plan.pk), context={"plan": row.plan})


@staff_required
def sign(request, pk):
    row = get_object_or_404(Award.objects.filter(call__plan__in=_plans(request.user)).select_related("call__plan"),
                            pk=pk)
    form = f.ContractForm(request.POST or None)
    return _form_page(request, form, lambda: services.sign_contract(request.user, row, request.POST),
                      title=_("Record the contract of %(id)s") % {"id": row.call.plan.ocid},
                      success=lambda c: _("Contract %(id)s recorded.") % {"id": c.public_id},
                      target=lambda c: ("exchange:contract", c.pk), context={"plan": row.call.plan})


STEPS = {
    "milestone": (f.MilestoneForm, services.add_milestone),
    "payment": (f.PaymentForm, services.pay),
    "delivery": (f.DeliveryForm, services.deliver),
    "evaluation": (f.EvaluationForm, services.evaluate),
    "designation": (f.DesignationForm, services.designate),
}
STEP_TITLES = {"milestone": lambda: _("Add a milestone"), "payment": lambda: _("Record a payment"),
               "delivery": lambda: _("Record person-times served"), "evaluation": lambda: _("Record the evaluation"),
               "designation": lambda: _("Designate an excellent project")}


@staff_required
def contract_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    row = visible_or_404(Contract.objects.select_related("award__call__plan"), request.user, pk)
    form_class, action = STEPS[step]
    kwargs = {"milestones": list(row.milestones.all())} if step in ("payment", "delivery") else {}
    form = form_class(request.POST or None, **kwargs)
    return _form_page(request, form, lambda: action(request.user, row, request.POST),
                      title=f"{STEP_TITLES[step]()} · {row.public_id}", success=lambda r: _("Recorded."),
                      target=lambda r: ("exchange:contract", row.pk), context={"contract": row})
