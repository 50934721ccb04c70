"""Web pages of charity recognition, the public-fundraising qualification and filed plans.

Public: the lists of charity organizations and of organizations with the qualification, announcements, filed
plans with versions and disclosures, certificates (PDF). The organization (and the officers over it, its supervisor
unit reading): eligibility explained rule by rule, applications, filing and amending plans, disclosures. Officers:
the workbench (due and overdue decisions, overdue disclosures), extension, decision, revocation.
Views parse input, call the services and render; reads go through ``visible_to`` (404 outside the jurisdiction).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.jurisdiction import is_staff_user
from common.clock import today
from common.errors import RuleViolation
from registry.models import Organization

from . import forms as f
from . import ledger, projects, rules, services
from .certificates import certificate_pdf
from .eligibility import QUALIFICATION, RECOGNITION, eligibility, grant_in_force, spending_result
from .models import (
    Announcement,
    ApplicationState,
    CharityApplication,
    CharityProject,
    FundraisingPlan,
    Grant,
    Kind,
    LedgerTransaction,
    PlanVersion,
    Posting,
)

T = "charity/"


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_staff_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def org_or_404(user, code) -> Organization:
    org = Organization.objects.visible_to(user).select_related("authority").by_code(code).first()
    if org is None:
        raise Http404
    return org


def require_acting(user) -> None:
    """Applying, filing and disclosing are the organization's (or an officer's on its behalf); a business
    supervisor user reads but does not act."""
    if not (user.is_org_user or is_staff_user(user)):
        raise PermissionDenied


def posted(request):
    return request.POST if request.method == "POST" else None


def act(request, form, call, success, *, template, context, done_message):
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = call(form)
            except RuleViolation as violation:
                form.show(violation)
                status = violation.status
            else:
                messages.success(request, done_message)
                return redirect(*success(result))
        else:
            status = 400
    return render(request, template, {**context, "form": form}, status=status)


def plans_qs():
    return FundraisingPlan.objects.select_related("organization__authority").prefetch_related(
        Prefetch("versions", queryset=PlanVersion.objects.order_by("-number")), "disclosures")


# --- public ----------------------------------------------------------------------------------------------

def public_list(request):
    """The public lists (Law Art. 76): charity organizations, or those with the public-fundraising qualification."""
    kind = request.GET.get("kind") or RECOGNITION
    if kind not in Kind.values:
        kind = RECOGNITION
    grants = (Grant.objects.filter(kind=kind).select_related("organization__authority", "revocation")
              .order_by("-granted_on", "-id")[:500])
    return render(request, T + "public_list.html", {"grants": grants, "kind": kind, "kinds": Kind.choices})


def announcements(request):
    rows = Announcement.objects.select_related("organization").order_by("-published_on", "-id")[:300]
    return render(request, T + "announcements.html", {"announcements": rows})


def plan_list(request):
    return render(request, T + "plans.html", {"plans": plans_qs().order_by("-filed_on", "-id")[:300],
                                              "today": today()})


def plan_detail(request, pk):
    plan = plans_qs().filter(pk=pk).first()
    if plan is None:
        raise Http404
    user = request.user
    acts = user.is_authenticated and (user.is_org_user and user.organization_id_bound == plan.organization_id
                                      or is_staff_user(user) and FundraisingPlan.objects.visible_to(user).filter(
                                          pk=plan.pk).exists())
    versions = list(plan.versions.all())
    txns = (LedgerTransaction.objects.filter(plan=plan).select_related("reverses")
            .prefetch_related(Prefetch("postings", queryset=Posting.objects.select_related("account")
                                       .order_by("amount", "id"))).order_by("occurred_on", "id")[:500])
    return render(request, T + "plan.html", {
        "plan": plan, "current": versions[0], "versions": versions, "status": services.disclosure_status(plan),
        "disclosures": plan.disclosures.all(), "acts": acts, "today": today(), "totals": ledger.plan_totals(plan),
        "gap": ledger.disclosure_gap(plan),
        "transactions": txns})


def certificate(request, pk):
    """The certificate as PDF (WeasyPrint; the CJK font named explicitly and embedded as a subset)."""
    grant = Grant.objects.select_related("organization__authority", "revocation").filter(pk=pk).first()
    if grant is None:
        raise Http404
    response = HttpResponse(certificate_pdf(grant), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{grant.certificate_number}.pdf"'
    return response


# --- the organization's page -----------------------------------------------------------------------------

def _spending_view(org, on):
    year = on.year - 1
    public = grant_in_force(org, QUALIFICATION, on.replace(year=year, month=12, day=31)) is not None
    result, used = spending_result(org, year, public, on)
    return {"result": result, "settings": used, "year": year}


@login_required
def organization(request, code):
    org = org_or_404(request.user, code)
    on = today()
    return render(request, T + "organization.html", {
        "org": org, "today": on, "is_staff": is_staff_user(request.user),
        "acts": request.user.is_org_user or is_staff_user(request.user),
        "checks": [(kind, label, eligibility(org, kind, on)) for kind, label in Kind.choices],
        "spending": _spending_view(org, on),
        "applications": CharityApplication.objects.filter(organization=org).select_related("grant"),
        "grants": Grant.objects.filter(organization=org).select_related("revocation"),
        "plans": plans_qs().filter(organization=org),
        "projects": CharityProject.objects.filter(organization=org),
        "rate": projects.organization_rate(org, on),
    })


@login_required
def apply(request, code):
    org = org_or_404(request.user, code)
    require_acting(request.user)
    kind = request.GET.get("kind") or request.POST.get("kind") or RECOGNITION
    if kind not in Kind.values:
        raise Http404
    form = f.ApplyForm(posted(request), level=org.level, kind=kind)

    def call(form):
        return services.apply(request.user, org, kind, resolution_on=form.cleaned_data["resolution_on"],
                              resolution_ref=form.cleaned_data["resolution_ref"],
                              statement=form.cleaned_data["statement"], governance=form.governance())

    return act(request, form, call, lambda app: ("charity:application", app.pk), template=T + "apply.html",
               context={"org": org, "kind": kind, "kind_label": Kind(kind).label,
                        "check": eligibility(org, kind, today())},
               done_message=_("Application filed."))


def _application(request, pk) -> CharityApplication:
    app = (CharityApplication.objects.visible_to(request.user).select_related("organization__authority", "grant")
           .filter(pk=pk).first())
    if app is None:
        raise Http404
    return app


@login_required
def application(request, pk):
    app = _application(request, pk)
    titles = {item.id: item for item in rules.GOVERNANCE_ITEMS}
    return render(request, T + "application.html", {
        "app": app, "org": app.organization, "is_staff": is_staff_user(request.user), "today": today(),
        "governance": [(titles.get(row["id"]), row) for row in app.governance],
        "extensions": app.extensions.all(), "grant": getattr(app, "grant", None)})


@staff_required
def decide(request, pk):
    app = _application(request, pk)
    titles = services.refusal_titles()
    form = f.DecideForm(posted(request), rules_choices=[(k, f"{k} · {v[0]}") for k, v in titles.items()])

    def call(form):
        d = form.cleaned_data
        return services.decide(request.user, app, outcome=d["outcome"], rule=d["rule"], reason=d["reason"],
                               reason_en=d["reason_en"], decided_on=d["decided_on"] or None)

    return act(request, form, call, lambda a: ("charity:application", a.pk), template=T + "decide.html",
               context={"app": app, "org": app.organization,
                        "check": eligibility(app.organization, app.kind, today())},
               done_message=_("Decision recorded."))


@staff_required
def extend(request, pk):
    app = _application(request, pk)
    form = f.ExtendForm(posted(request))

    def call(form):
        d = form.cleaned_data
        return services.extend(request.user, app, days=d["days"], approval_ref=d["approval_ref"], reason=d["reason"])

    return act(request, form, call, lambda e: ("charity:application", app.pk), template=T + "extend.html",
               context={"app": app, "org": app.organization}, done_message=_("Decision period extended."))


@staff_required
def revoke(request, pk):
    grant = Grant.objects.visible_to(request.user).select_related("organization").filter(pk=pk).first()
    if grant is None:
        raise Http404
    form = f.RevokeForm(posted(request))

    def call(form):
        d = form.cleaned_data
        return services.revoke(request.user, grant, revoked_on=d["revoked_on"] or None, reason=d["reason"],
                               legal_basis=d["legal_basis"], decision_number=d["decision_number"])

    return act(request, form, call, lambda r: ("charity:organization", grant.organization.code),
               template=T + "revoke.html", context={"grant": grant, "org": grant.organization},
               done_message=_("Revoked and announced."))


# --- plans -----------------------------------------------------------------------------------------------

@login_required
def file_plan(request, code):
    org = org_or_404(request.user, code)
    require_acting(request.user)
    form = f.PlanForm(posted(request))

    def call(form):
        return services.file_plan(request.user, org, form.data_for_service(),
                                  emergency=bool(form.cleaned_data.get("emergency")))

    return act(request, form, call, lambda plan: ("charity:plan", plan.pk), template=T + "plan_form.html",
               context={"org": org, "amendment": False}, done_message=_("Plan filed."))


def _plan_acting(request, pk) -> FundraisingPlan:
    plan = FundraisingPlan.objects.visible_to(request.user).select_related("organization").filter(pk=pk).first()
    if plan is None:
        raise Http404
    require_acting(request.user)
    return plan


@login_required
def amend_plan(request, pk):
    plan = _plan_acting(request, pk)
    current = plan.current
    initial = {k: getattr(current, k) for k in ("purpose", "starts_on", "ends_on", "area", "person_in_charge",
                                                 "office_address", "online_platform", "on_site", "beneficiaries",
                                                 "use_of_funds", "fundraising_cost", "residual_property")}
    initial["target_amount"] = current.target_amount if current.target_amount is not None else ""
    if current.receiving_accounts:
        account = current.receiving_accounts[0]
        initial.update(account_bank=account["bank"], account_name=account["name"], account_number=account["number"])
    form = f.PlanForm(posted(request), initial=initial, amendment=True)

    def call(form):
        return services.amend_plan(request.user, plan, form.data_for_service(),
                                   reason=form.cleaned_data.get("amendment_reason", ""))

    return act(request, form, call, lambda v: ("charity:plan", plan.pk), template=T + "plan_form.html",
               context={"org": plan.organization, "plan": plan, "amendment": True},
               done_message=_("Amendment filed as a new version."))


@login_required
def disclose(request, pk):
    plan = _plan_acting(request, pk)
    form = f.DisclosureForm(posted(request))

    def call(form):
        d = form.cleaned_data
        return services.disclose(request.user, plan, received_to=d["received_to"] or None,
                                 amount_received=d["amount_received"], goods=d["goods"], use_so_far=d["use_so_far"])

    return act(request, form, call, lambda d: ("charity:plan", plan.pk), template=T + "disclose.html",
               context={"plan": plan, "org": plan.organization, "status": services.disclosure_status(plan)},
               done_message=_("Disclosure published."))


# --- officers --------------------------------------------------------------------------------------------

@staff_required
def workbench(request):
    on = today()
    apps = (CharityApplication.objects.visible_to(request.user).filter(state=ApplicationState.SUBMITTED)
            .select_related("organization").order_by("decision_due"))
    late = []
    for plan in plans_qs().visible_to(request.user).filter(emergency=True, starts_on__lte=on):
        status = services.disclosure_status(plan, on)
        if status.outstanding:
            late.append((plan, status))
    reminders = projects.reminders(CharityProject.objects.visible_to(request.user).select_related("organization")
                                   .prefetch_related("disclosures"), on)
    gaps = [(plan, gap) for plan in plans_qs().visible_to(request.user).filter(disclosures__isnull=False).distinct()
            if (gap := ledger.disclosure_gap(plan))]
    gaps += [(project, gap) for project in CharityProject.objects.visible_to(request.user).filter(
        disclosures__isnull=False).distinct() if (gap := projects.disclosure_gap(project))]
    from .services_spending import breaches
    from .services_trace import unmatched_bank_receipts

    unreceived = [(plan, missing) for plan in plans_qs().visible_to(request.user)
                  if (missing := unmatched_bank_receipts(plan))]
    return render(request, T + "workbench.html", {"apps": apps, "late_plans": late, "today": on,
                                                  "reminders": reminders, "gaps": gaps, "unreceived": unreceived,
                                                  "breaches": breaches(Organization.objects.visible_to(request.user),
                                                                       on)})


# --- the ledger ------------------------------------------------------------------------------------------

@login_required
def donation(request, pk):
    plan = _plan_acting(request, pk)
    form = f.DonationForm(posted(request))
    return act(request, form, lambda form: ledger.record_donation(request.user, plan, form.cleaned_data),
               lambda t: ("charity:plan", plan.pk), template=T + "ledger_form.html",
               context={"plan": plan, "title": _("Record a receipt")}, done_message=_("Receipt recorded."))


@login_required
def disbursement(request, pk):
    plan = _plan_acting(request, pk)
    form = f.DisbursementForm(posted(request))
    return act(request, form, lambda form: ledger.disburse(request.user, plan, form.cleaned_data),
               lambda t: ("charity:plan", plan.pk), template=T + "ledger_form.html",
               context={"plan": plan, "title": _("Record a disbursement")},
               done_message=_("Disbursement recorded."))


@login_required
def reversal(request, pk):
    txn = (LedgerTransaction.objects.visible_to(request.user).select_related("plan", "organization")
           .filter(pk=pk).first())
    if txn is None or txn.plan is None:
        raise Http404
    require_acting(request.user)
    form = f.ReversalForm(posted(request))
    return act(request, form, lambda form: ledger.reverse(request.user, txn, reason=form.cleaned_data["reason"]),
               lambda t: ("charity:plan", txn.plan_id), template=T + "ledger_form.html",
               context={"plan": txn.plan, "txn": txn, "title": _("Reverse a transaction")},
               done_message=_("Reversing entry recorded."))


@login_required
def reconciliation(request, code):
    """The organization's imports and the reconciliation of its ledger with the bank statement."""
    from . import imports
    from .api import _stored_upload

    org = org_or_404(request.user, code)
    own_plans = list(FundraisingPlan.objects.filter(organization=org).order_by("-filed_on"))
    statement_form = f.StatementUploadForm()
    receipts_form = f.ReceiptsUploadForm(plans=own_plans)
    status = 200
    if request.method == "POST":
        require_acting(request.user)
        which = request.POST.get("upload")
        form = (f.StatementUploadForm(request.POST, request.FILES) if which == "statement"
                else f.ReceiptsUploadForm(request.POST, request.FILES, plans=own_plans))
        if which == "statement":
            statement_form = form
        else:
            receipts_form = form
        upload = request.FILES.get("file")
        if form.is_valid() and upload is not None:
            path = _stored_upload(upload)
            try:
                if which == "statement":
                    summary = imports.import_statement(request.user, org, path, file_name=upload.name)
                else:
                    plan = next((p for p in own_plans if str(p.pk) == form.cleaned_data["plan"]), None)
                    if plan is None:
                        raise RuleViolation.one("REQUIRED", "plan", "请选择募捐方案", "choose a plan")
                    summary = imports.import_receipts(request.user, plan, path, channel=form.cleaned_data["channel"],
                                                      file_name=upload.name)
            except RuleViolation as violation:
                form.show(violation)
                status = violation.status
            else:
                messages.success(request, _("Imported: %(created)s new rows, %(unchanged)s unchanged.") % {
                    "created": summary.created, "unchanged": summary.unchanged})
                return redirect("charity:reconciliation", code=org.code)
            finally:
                path.unlink(missing_ok=True)
        else:
            form.show(RuleViolation.one("REQUIRED", "file", "请选择文件", "choose a file"))
            status = 400
    report = imports.reconcile(org)
    return render(request, T + "reconciliation.html", {
        "org": org, "report": report, "statement_form": statement_form, "receipts_form": receipts_form,
        "acts": request.user.is_org_user or is_staff_user(request.user),
        "batches": org.charity_imports.select_related("plan")[:50]}, status=status)


# --- projects --------------------------------------------------------------------------------------------

def project_detail(request, pk):
    project = (CharityProject.objects.select_related("organization", "plan").prefetch_related("disclosures")
               .filter(pk=pk).first())
    if project is None:
        raise Http404
    user = request.user
    acts = user.is_authenticated and (user.is_org_user and user.organization_id_bound == project.organization_id
                                      or is_staff_user(user) and CharityProject.objects.visible_to(user).filter(
                                          pk=project.pk).exists())
    items, used = projects.schedule(project)
    txns = (LedgerTransaction.objects.filter(project=project).prefetch_related(
        Prefetch("postings", queryset=Posting.objects.select_related("account").order_by("amount", "id")))
        .order_by("occurred_on", "id"))
    on_time, counted = rules.on_time_rate(items)
    return render(request, T + "project.html", {
        "project": project, "items": items, "settings_used": used, "transactions": txns, "acts": acts,
        "disbursed": projects.disbursed(project), "on_time": on_time, "counted": counted,
        "disclosures": project.disclosures.all(), "gap": projects.disclosure_gap(project)})


@login_required
def new_project(request, code):
    org = org_or_404(request.user, code)
    require_acting(request.user)
    form = f.ProjectForm(posted(request))
    return act(request, form, lambda form: projects.create_project(request.user, org, form.cleaned_data),
               lambda p: ("charity:project", p.pk), template=T + "ledger_form.html",
               context={"org": org, "title": _("New charitable project")}, done_message=_("Project created."))


@login_required
def disclose_project(request, pk):
    project = CharityProject.objects.visible_to(request.user).select_related("organization").filter(pk=pk).first()
    if project is None:
        raise Http404
    require_acting(request.user)
    form = f.ProjectDisclosureForm(posted(request))
    return act(request, form, lambda form: projects.disclose_project(request.user, project, form.cleaned_data),
               lambda d: ("charity:project", project.pk), template=T + "ledger_form.html",
               context={"project": project, "title": _("Disclose the project's progress")},
               done_message=_("Disclosure published."))
