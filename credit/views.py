"""Credit web pages: the public lists, check, announcements and illegal-organization list; an organization's public
credit page; the staff workbench (facts, cases, calendar, illegal batches); the organization's own notices and
applications. Views parse input, call queries and services, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.jurisdiction import is_staff_user, scope_q
from accounts.permissions import staff_required
from common.dates import as_of_or_today, refuses_bad_as_of
from common.errors import RuleViolation
from common.web import problem_response, submit_form
from registry.models import Organization
from registry.uscc import lookup_problems

from . import feeds, queries, rules, screening, services
from .api import check_results, profile
from .forms import (
    CheckForm,
    DecisionForm,
    EvidenceForm,
    FactForm,
    HolidayForm,
    IllegalBatchForm,
    ListFilterForm,
    ObjectionForm,
    RepairForm,
)
from .models import (
    CaseState,
    CreditFact,
    Holiday,
    IllegalOrganization,
    ListNotice,
    Notification,
    ObjectionCase,
    RepairCase,
    ScreeningResult,
    SweepRun,
)
from .policy import PolicyBook
from .sweep import derive_for

PAGE = 30


def _zh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "zh-hans").startswith("zh")


def _public_org(code: str) -> Organization:
    org = Organization.objects.select_related("authority").by_code(code).first()
    if org is None:
        raise Http404
    return org


def _private_org(user, code: str) -> Organization:
    """The organization for its own users and the officers over it; 404 for everyone else."""
    org = Organization.objects.visible_to(user).select_related("authority").by_code(code).first()
    if org is None:
        raise Http404
    return org


def _staff_org(user, code: str) -> Organization:
    return _private_org(user, code)


def acts_for_organization(user) -> bool:
    """The organization's own side (notices, objections, repairs, evidence): its users, and the officers who may
    act for it. A business supervisor user sees the organization but does not act for it."""
    return bool(user.is_authenticated and (user.is_org_user or is_staff_user(user)))


def _own_side_org(user, code: str) -> Organization:
    """The organization for its own users and the officers over it: 404 outside the user's scope, 403 for a
    business supervisor user inside it."""
    org = _private_org(user, code)
    if not acts_for_organization(user):
        raise PermissionDenied
    return org


# --- public ------------------------------------------------------------------------------------------------

def _list_page(request, list_kind: str):
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    day = data.get("as_of") or today
    if day > today:
        day = today
    qs = queries.filter_entries(queries.listed_on(list_kind, day, data.get("division")),
                                listed_from=data.get("listed_from"), listed_to=data.get("listed_to"),
                                rule=data.get("rule")).select_related("organization").order_by("-start_on", "-id")
    keep = request.GET.copy()
    keep.pop("page", None)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    orgs = [e.organization for e in page.object_list]
    book = PolicyBook()
    derivations = derive_for(orgs, day, book)
    rows = []
    for org in orgs:
        entry = derivations[org.pk].current(list_kind)
        if entry is not None:
            rows.append({"org": org, "e": queries.entry_dict(entry, derivations[org.pk],
                                                             book.for_authority(org.authority_id), code=org.code)})
    name_zh, name_en = rules.LIST_NAMES[list_kind]
    return render(request, "credit/lists.html", {
        "form": form, "page": page, "rows": rows, "as_of": day, "is_today": day == today, "list_kind": list_kind,
        "list_name": name_zh if _zh() else name_en, "swept_through": queries.sweep_date(), "zh": _zh(),
        "filters": keep.urlencode(),
    })


@refuses_bad_as_of
def abnormal_list(request):
    return _list_page(request, rules.ABNORMAL)


@refuses_bad_as_of
def serious_list(request):
    return _list_page(request, rules.SERIOUS)


@refuses_bad_as_of
def check(request):
    form = CheckForm(request.GET or None)
    result = None
    if form.is_valid() and form.cleaned_data.get("q"):
        today = timezone.localdate()
        day = min(form.cleaned_data.get("as_of") or today, today)
        result = check_results([form.cleaned_data["q"].strip()], day, single=True, badges=True)[0]
    return render(request, "credit/check.html", {"form": form, "result": result, "zh": _zh()})


def check_bulk(request):
    """Up to 1,000 names or codes, pasted or uploaded (.txt, .csv, .xlsx; UTF-8 or GBK); answers on the page, or
    downloaded as CSV (UTF-8 with BOM) or XLSX. Nothing is stored."""
    from django.http import HttpResponse

    from . import bulk_check

    context = {"zh": _zh(), "max": bulk_check.MAX_BULK, "problems": [], "text": ""}
    if request.method == "POST":
        text = request.POST.get("queries", "")
        context["text"] = text
        try:
            day = as_of_or_today(request.POST.get("as_of"))
            values = bulk_check.collect(text, request.FILES.get("file"))
        except RuleViolation as error:
            context["problems"] = error.problems
            return render(request, "credit/check_bulk.html", context, status=400)
        fmt = request.POST.get("format", "")
        results = check_results(values, day, single=False, badges=fmt not in ("csv", "xlsx"))
        if fmt in ("csv", "xlsx"):
            table = bulk_check.rows(results, request.build_absolute_uri("/")[:-1])
            if fmt == "csv":
                response = HttpResponse(bulk_check.csv_bytes(table), content_type="text/csv; charset=utf-8")
            else:
                response = HttpResponse(bulk_check.xlsx_bytes(table), content_type=(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            response["Content-Disposition"] = f'attachment; filename="check-{day.isoformat()}.{fmt}"'
            return response
        context.update({"results": results, "as_of": day, "text": "\n".join(values),
                        "counts": {"found": sum(1 for r in results if r["registered"]),
                                   "warnings": sum(1 for r in results for m in r["matches"] if m["badge"].warns)
                                   + sum(1 for r in results if r["suspected_illegal"]),
                                   "invalid": sum(1 for r in results if r["code_problems"])}})
    return render(request, "credit/check_bulk.html", context)


def announcements(request):
    qs = ListNotice.objects.filter(channel=ListNotice.Channel.ANNOUNCEMENT).select_related("organization").order_by(
        "-notice_on", "-id")
    return render(request, "credit/announcements.html", {
        "page": Paginator(qs, PAGE).get_page(request.GET.get("page")), "zh": _zh()})


def illegal(request):
    q = request.GET.get("q", "").strip()
    qs = IllegalOrganization.objects.select_related("batch").prefetch_related("bannings").order_by("-batch__published_on",
                                                                                                  "-id")
    if q:
        from registry.search import normalize

        qs = qs.filter(Q(normalized__contains=normalize(q)) | Q(aliases__contains=q))
    return render(request, "credit/illegal.html", {"page": Paginator(qs, PAGE).get_page(request.GET.get("page")),
                                                   "q": q})


@refuses_bad_as_of
def organization(request, code):
    """An organization's public credit page (``?as_of=`` replays a past date)."""
    malformed = lookup_problems(code) if not Organization.objects.by_code(code).exists() else []
    if malformed:
        return problem_response(request, RuleViolation(malformed))
    org = _public_org(code)
    form = ListFilterForm(request.GET or None)
    today = timezone.localdate()
    day = form.cleaned_data.get("as_of") if form.is_valid() and form.cleaned_data.get("as_of") else today
    day = min(day, today)
    if org.founded_on > day:
        raise Http404
    private = request.user.is_authenticated and Organization.objects.visible_to(request.user).filter(pk=org.pk).exists()
    return render(request, "credit/organization.html", {
        "org": org, "p": profile(org, day, private), "as_of": day, "is_today": day == today, "private": private,
        "staff": is_staff_user(request.user) and private, "acts": private and acts_for_organization(request.user),
        "zh": _zh(), "form": form})


# --- the organization's own side ---------------------------------------------------------------------------

@login_required
def notifications(request, code):
    org = _own_side_org(request.user, code)
    items = Notification.objects.filter(organization=org).order_by("-notice_on", "-id")
    if request.method == "POST" and request.user.is_org_user:
        items.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("credit:notifications", code=org.code)
    return render(request, "credit/notifications.html", {
        "org": org, "items": items[:200], "zh": _zh(),
        "notices": ListNotice.objects.filter(organization=org).order_by("-notice_on")[:100]})


@login_required
def file_objection(request, code):
    org = _own_side_org(request.user, code)
    facts = feeds.load(feeds.Window.of([org.pk])).get(org.pk, [])
    choices = _fact_choices(facts)
    form = ObjectionForm(request.POST or None, initial={"fact_ref": request.GET.get("fact", "")})
    form.fields["fact_ref"].choices = [("", "—"), *choices]
    return _new_case_page(request, org, form, "objection", lambda: services.file_objection(
        request.user, org, form.cleaned_data["fact_ref"], form.cleaned_data["statement"]), _("Objection filed."))


@login_required
def file_repair(request, code):
    org = _own_side_org(request.user, code)
    form = RepairForm(request.POST or None, initial={"list_kind": request.GET.get("list", rules.ABNORMAL)})
    return _new_case_page(request, org, form, "repair", lambda: services.file_repair(
        request.user, org, form.cleaned_data["list_kind"], form.cleaned_data["statement"]), _("Application filed."))


def _new_case_page(request, org, form, kind: str, file_case, filed: str):
    """The page that files an objection or a repair application (``kind``): on a valid POST ``file_case()``
    runs; a refusal shows on the form, success goes to the new case's page with the message ``filed``."""
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = submit_form(form, request, file_case, lambda case: filed,
                                       lambda case: (f"credit:{kind}", case.pk))
        if response is not None:
            return response
    return render(request, "credit/case_new.html", {"org": org, "form": form, "kind": kind}, status=status)


def _case_page(request, model, pk, kind):
    case = model.objects.visible_to(request.user).select_related("organization").filter(pk=pk).first()
    if case is None:
        raise Http404
    staff = is_staff_user(request.user)
    decision, upload = DecisionForm(), EvidenceForm()
    status = 200
    if request.method == "POST":
        try:
            if "file" in request.FILES or request.POST.get("do") == "evidence":
                upload = EvidenceForm(request.POST, request.FILES)
                services.add_evidence(request.user, case, request.FILES.get("file"))
                messages.success(request, _("Evidence added."))
            else:
                decision = DecisionForm(request.POST)
                decision.is_valid()
                data = decision.cleaned_data
                action = data.get("action")
                if not staff:
                    raise PermissionDenied
                if action == "accept" and kind == "objection":
                    services.accept_objection(request.user, case)
                elif kind == "objection" and action in ("uphold", "reject"):
                    services.decide_objection(request.user, case, upheld=action == "uphold", reason=data["reason"],
                                              outcome_zh=data["outcome_zh"], outcome_en=data["outcome_en"])
                elif kind == "repair" and action in ("grant", "reject"):
                    services.decide_repair(request.user, case, granted=action == "grant", reason=data["reason"],
                                           outcome_zh=data["outcome_zh"], outcome_en=data["outcome_en"])
                else:
                    raise RuleViolation.one("CREDIT-CASE-ACTION", "action", "无效的操作", "invalid action")
                messages.success(request, _("Decision recorded."))
            return redirect(f"credit:{kind}", pk=case.pk)
        except RuleViolation as violation:
            if "file" in request.FILES or request.POST.get("do") == "evidence":
                for problem in violation.problems:
                    messages.error(request, f"{problem.code}: {problem.zh if _zh() else problem.en}")
            else:
                decision.show(violation)
            status = violation.status
    case = model.objects.select_related("organization").prefetch_related("evidence").get(pk=case.pk)
    today = timezone.localdate()
    clocks = []
    for label, due in ((_("Acceptance due"), getattr(case, "accept_due", None)),
                       (_("Decision due"), case.decision_due), (_("Removal due"), getattr(case, "removal_due", None))):
        if due:
            clocks.append({"label": label, "due": due, "days": (due - today).days, "late": (today - due).days,
                           "open": case.state in (CaseState.SUBMITTED, CaseState.ACCEPTED)})
    return render(request, "credit/case.html", {"case": case, "kind": kind, "staff": staff, "decision": decision,
                                                "upload": upload, "clocks": clocks, "zh": _zh(),
                                                "acts": acts_for_organization(request.user)}, status=status)


@login_required
def objection(request, pk):
    return _case_page(request, ObjectionCase, pk, "objection")


@login_required
def repair(request, pk):
    return _case_page(request, RepairCase, pk, "repair")


@login_required
def evidence_file(request, pk):
    """Download an evidence file: the organization itself and the officers over it (404 for everyone else)."""
    evidence = queries.evidence_visible_to(request.user, pk)
    if evidence is None:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


# --- staff -------------------------------------------------------------------------------------------------

@staff_required
def workbench(request):
    user = request.user
    scope = scope_q(user, authority_field="organization__authority_id", organization_field="organization_id")
    open_states = [CaseState.SUBMITTED, CaseState.ACCEPTED]
    return render(request, "credit/workbench.html", {
        "objections": ObjectionCase.objects.filter(scope, state__in=open_states).select_related("organization")
        .order_by("accept_due")[:100],
        "repairs": RepairCase.objects.filter(scope, state__in=open_states).select_related("organization")
        .order_by("decision_due")[:100],
        "screenings": ScreeningResult.objects.filter(scope, flagged=True).select_related("organization")[:50],
        "sweeps": SweepRun.objects.all()[:10], "today": timezone.localdate(),
    })


@staff_required
def staff_organization(request, code):
    org = _staff_org(request.user, code)
    return render(request, "credit/staff_organization.html", {
        "org": org, "facts": CreditFact.objects.filter(organization=org).order_by("-occurred_on", "-id"),
        "p": profile(org, timezone.localdate(), True), "zh": _zh(),
        "screenings": ScreeningResult.objects.filter(organization=org)[:10],
        "objections": ObjectionCase.objects.filter(organization=org)[:50],
        "repairs": RepairCase.objects.filter(organization=org)[:50],
    })




def _fact_choices(facts) -> list[tuple[str, str]]:
    """The facts an objection or a certificate can concern, newest first, each in words (its ref is the value)."""
    return [(f.ref, rules.fact_line(f, f.ref)[0 if _zh() else 1]) for f in
            sorted(facts, key=lambda f: f.occurred_on, reverse=True)
            if f.kind not in (rules.CORRECTION, rules.RECTIFICATION_VERIFIED, rules.SERIOUS_REMOVAL_VERIFIED)]


@staff_required
def record_fact(request, code):
    org = _staff_org(request.user, code)
    form = FactForm(request.POST or None, initial={"kind": request.GET.get("kind", "penalty")})
    form.fields["supersedes_ref"].choices = [("", "—"), *_fact_choices(
        feeds.load(feeds.Window.of([org.pk])).get(org.pk, []))]
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in ("", None, [])}
        response, status = submit_form(
            form, request, lambda: services.record_fact(request.user, org, data),
            lambda fact: _("Credit fact recorded; the lists were re-derived for this organization."),
            lambda fact: ("credit:staff_organization", org.code))
        if response is not None:
            return response
    return render(request, "credit/fact_form.html", {"org": org, "form": form}, status=status)


@staff_required
def holidays(request):
    form = HolidayForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.set_holiday(request.user, form.cleaned_data)
        except RuleViolation as violation:
            form.show(violation)
            status = violation.status
        else:
            messages.success(request, _("Calendar updated."))
            return redirect("credit:holidays")
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
    return render(request, "credit/holidays.html", {
        "form": form, "days": Holiday.objects.filter(date__year=year), "year": year}, status=status)


@staff_required
def illegal_new(request):
    form = IllegalBatchForm(request.POST or None, initial={"authority": request.user.division_id or ""})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_illegal_batch(request.user, form.service_data())
        except RuleViolation as violation:
            form.show(violation)
            status = violation.status
        else:
            messages.success(request, _("Batch published."))
            return redirect("credit:illegal")
    return render(request, "credit/illegal_new.html", {"form": form}, status=status)


def screen_page(request):
    """Public screening page (the same as GET /api/v1/screen/)."""
    name = request.GET.get("name", "").strip()
    result, problem = None, None
    if name:
        if len(screening.clean(name)) < 2:
            problem = _("A name needs at least 2 characters to be screened.")
        else:
            result = screening.screen(name)
    return render(request, "credit/screen.html", {"name": name, "result": result, "problem": problem, "zh": _zh()})
