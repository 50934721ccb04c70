"""Web pages of ratings and spot checks: officers (plans, draws, roster, conflicts, findings; applications,
scoring, committee decision, objections, conferral; the 3A+ indicator), organization users (apply, status,
objection, findings and deadlines) and the public (grades, draws, results).

Views parse input, call the services and render. Reads go through ``visible_to`` (outside the jurisdiction:
404, never 403); writes are checked again by the services.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.jurisdiction import is_staff_user, may_act_for_division
from accounts.permissions import staff_required
from common.dates import refuses_bad_as_of
from common.errors import RuleViolation
from common.web import submit_form, visible_or_404
from divisions.models import Division, subtree_q
from registry.models import Organization

from . import ratings_forms as f
from . import services_ratings as ratings
from . import services_spotchecks as spot
from .eligibility import eligibility
from .models import (
    ApplicationState,
    Draw,
    DrawTarget,
    Finding,
    Grade,
    GradeSpan,
    Inspector,
    RatingApplication,
    RatingObjection,
    RectificationNotice,
    ScoreSheetVersion,
    SpotCheckPlan,
)

PAGE_SIZE = 50
T = "supervision/ratings/"


def org_or_404(user, code) -> Organization:
    org = Organization.objects.visible_to(user).select_related("authority").by_code(code).first()
    if org is None:
        raise Http404
    return org


def acts_for_organization(user) -> bool:
    """Applying and objecting are the organization's (or an officer's on its behalf); a business supervisor
    user reads the organization's ratings and spot checks but does not act for it."""
    return user.is_org_user or is_staff_user(user)


def require_acting(user) -> None:
    if not acts_for_organization(user):
        raise PermissionDenied


def act(request, form, call, success, *, template, context, done_message):
    """The POST half of every action page: run the service; on refusal show its problems, nothing saved."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            response, status = submit_form(form, request, lambda: call(form.cleaned_data), lambda _: done_message,
                                           success)
            if response is not None:
                return response
        else:
            status = 400
    return render(request, template, {**context, "form": form}, status=status)


def posted(request):
    """The POST data to bind a form to (also when every field was left empty), or None on GET."""
    return request.POST if request.method == "POST" else None


def _or_none(value):
    return value if value not in ("", None) else None


# --- home and the organization's own page ---------------------------------------------------------------

@login_required
def home(request):
    """Officers: the workbench of ratings and spot checks. Organization users: their own status page."""
    user = request.user
    if not is_staff_user(user):
        own = Organization.objects.filter(pk=user.organization_id_bound).first() if user.is_org_user else None
        if own is None:
            raise PermissionDenied
        return redirect("ratings:organization", code=own.code)
    apps = RatingApplication.objects.visible_to(user).select_related("organization", "decision")
    today = timezone.localdate()
    overdue = (RatingObjection.objects.visible_to(user).filter(answered_on__isnull=True, reply_due__lt=today)
               .select_related("application__organization"))
    counts = dict(apps.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return render(request, T + "home.html", {
        "open_apps": apps.exclude(state__in=[ApplicationState.CONFERRED, ApplicationState.NOT_GRADED])[:100],
        "counts": [(state, label, counts.get(state, 0)) for state, label in ApplicationState.choices],
        "overdue": overdue[:50], "plans": SpotCheckPlan.objects.visible_to(user).select_related("draw")[:20],
        "late_notices": RectificationNotice.objects.visible_to(user).filter(
            completed_on__isnull=True, deadline__lt=today).select_related("finding__target__organization")[:50],
        "today": today,
    })


@login_required
def organization(request, code):
    """One organization's ratings and spot checks: eligibility today (explained), applications, grades,
    targets with findings and rectification deadlines. Staff over it and its own users."""
    org = org_or_404(request.user, code)
    today = timezone.localdate()
    grades = (Grade.objects.filter(organization=org).prefetch_related("actions")
              .order_by("-conferred_on", "-id"))
    targets = (DrawTarget.objects.filter(organization=org).select_related("draw__plan")
               .prefetch_related("findings__notices").order_by("-draw__drawn_on"))
    return render(request, T + "organization.html", {
        "org": org, "check": eligibility(org, today), "today": today,
        "applications": RatingApplication.objects.filter(organization=org).select_related("decision"),
        "grades": grades, "current": ratings.grade_on(org, today), "targets": targets,
        "is_staff": is_staff_user(request.user), "acts": acts_for_organization(request.user),
    })


@login_required
def apply(request, code):
    org = org_or_404(request.user, code)
    require_acting(request.user)
    form = f.ApplyForm(posted(request))
    return act(request, form, lambda d: ratings.apply_for_rating(request.user, org, note=d["note"]),
               lambda app: ("ratings:application", app.pk), template=T + "apply.html",
               context={"org": org, "check": eligibility(org, timezone.localdate())},
               done_message=_("Application filed."))


# --- applications ------------------------------------------------------------------------------------------

def _application(request, pk) -> RatingApplication:
    return visible_or_404(RatingApplication.objects.select_related("organization__authority", "decision",
                                                                   "sheet_version__sheet"), request.user, pk=pk)


@login_required
def application(request, pk):
    app = _application(request, pk)
    staff = is_staff_user(request.user)
    total, missing = ratings.current_total(app)
    scores = []
    if staff:
        by_indicator: dict = {}
        for s in app.scores.select_related("evaluator"):
            by_indicator.setdefault(s.indicator_id, []).append(s)
        scores = [(i, by_indicator.get(i.pk, [])) for i in app.sheet_version.indicators.all()]
    return render(request, T + "application.html", {
        "app": app, "org": app.organization, "staff": staff, "total": total, "missing": missing, "scores": scores,
        "bands": app.sheet_version.bands.all(), "objections": app.objections.all(),
        "grade": Grade.objects.filter(application=app).prefetch_related("actions").first(),
        "today": timezone.localdate(),
        "may_object": acts_for_organization(request.user) and app.state == ApplicationState.PUBLICITY
        and app.decision.publicity_from <= timezone.localdate() <= app.decision.publicity_until,
    })


@staff_required
def score(request, pk):
    app = _application(request, pk)
    indicators = list(app.sheet_version.indicators.all())
    mine = set(app.scores.filter(evaluator=request.user).values_list("indicator_id", flat=True))
    form = f.ProblemForm(posted(request))
    status, problems = 200, []
    if request.method == "POST":
        entries = [{"indicator": i.code, "points": request.POST.get(f"points_{i.pk}", "").strip(),
                    "comment": request.POST.get(f"comment_{i.pk}", "")}
                   for i in indicators if request.POST.get(f"points_{i.pk}", "").strip()]
        try:
            ratings.score(request.user, app, entries, on=_or_none(request.POST.get("scored_on")))
        except RuleViolation as violation:
            form.show(violation)
            status, problems = violation.status, violation.problems
        else:
            messages.success(request, _("Scores recorded."))
            return redirect("ratings:application", pk=app.pk)
    return render(request, T + "score.html", {
        "app": app, "org": app.organization, "form": form, "problems": problems, "posted": request.POST,
        "rows": [(i, i.pk in mine) for i in indicators],
    }, status=status)


@staff_required
def decide(request, pk):
    app = _application(request, pk)
    form = f.DecideForm(posted(request))
    total, missing = ratings.current_total(app)

    def call(d):
        grade = d["grade"] or ratings.GRADE_FROM_BANDS
        return ratings.decide(request.user, app, grade=grade, reason=d["reason"],
                              decided_on=_or_none(d["decided_on"]), decision_number=d["decision_number"])

    return act(request, form, call, lambda _d: ("ratings:application", app.pk), template=T + "action.html",
               context={"app": app, "org": app.organization, "title": gettext_lazy("Committee decision"),
                        "total": total, "missing": missing, "bands": app.sheet_version.bands.all()},
               done_message=_("Decision recorded; the publicity period has started."))


@login_required
def objection(request, pk):
    app = _application(request, pk)
    require_acting(request.user)
    form = f.ObjectionForm(posted(request))
    staff = is_staff_user(request.user)
    if not staff:
        form.fields.pop("filed_on")

    def call(d):
        return ratings.file_objection(request.user, app, text=d["text"],
                                      on=_or_none(d.get("filed_on")) if staff else None)

    return act(request, form, call, lambda _o: ("ratings:application", app.pk), template=T + "action.html",
               context={"app": app, "org": app.organization, "title": gettext_lazy("File an objection")},
               done_message=_("Objection filed."))


@staff_required
def answer(request, pk):
    obj = visible_or_404(RatingObjection.objects.select_related("application__organization",
                                                                "application__decision"), request.user, pk=pk)
    app = obj.application
    form = f.AnswerForm(posted(request))

    def call(d):
        return ratings.answer_objection(request.user, obj, outcome=d["outcome"], answer=d["answer"],
                                        revised_grade=_or_none(d["revised_grade"]), votes_for=_or_none(d["votes_for"]),
                                        votes_against=_or_none(d["votes_against"]),
                                        on=_or_none(d["answered_on"]))

    return act(request, form, call, lambda _o: ("ratings:application", app.pk), template=T + "action.html",
               context={"app": app, "org": app.organization, "objection": obj,
                        "title": gettext_lazy("Answer the objection")},
               done_message=_("Answer recorded."))


@staff_required
def confer(request, pk):
    app = _application(request, pk)
    form = f.ConferForm(posted(request))

    def call(d):
        return ratings.confer(request.user, app, on=_or_none(d["conferred_on"]),
                              certificate_number=d["certificate_number"], decision_number=d["decision_number"])

    return act(request, form, call, lambda _g: ("ratings:application", app.pk), template=T + "action.html",
               context={"app": app, "org": app.organization, "title": gettext_lazy("Confer the grade")},
               done_message=_("Done."))


@staff_required
def grade_action(request, pk):
    grade = visible_or_404(Grade.objects.select_related("organization"), request.user, pk=pk)
    form = f.GradeActionForm(posted(request))

    def call(d):
        return ratings.lower_or_cancel(request.user, grade, kind=d["kind"], effective_on=d["effective_on"],
                                       ground=d["ground"], reason=d["reason"], new_grade=_or_none(d["new_grade"]),
                                       decision_number=d["decision_number"])

    return act(request, form, call, lambda _a: ("ratings:organization", grade.organization.code),
               template=T + "action.html",
               context={"org": grade.organization, "grade": grade,
                        "title": gettext_lazy("Lower or cancel the grade")},
               done_message=_("Recorded."))


# --- score sheets ----------------------------------------------------------------------------------------

def sheets(request):
    versions = ScoreSheetVersion.objects.select_related("sheet__division").order_by(
        "sheet__division_id", "sheet__org_type", "-number")
    return render(request, T + "sheets.html", {"versions": versions})


def sheet(request, pk):
    version = ScoreSheetVersion.objects.select_related("sheet__division").filter(pk=pk).first()
    if version is None:
        raise Http404
    return render(request, T + "sheet.html", {"version": version, "indicators": version.indicators.all(),
                                              "bands": version.bands.all()})


@staff_required
def sheet_new(request):
    form = f.SheetForm(posted(request), initial={"division": request.user.division_id or ""})

    def call(d):
        indicators, bands = form.rows()
        return ratings.create_sheet_version(request.user, division_code=d["division"], org_type=d["org_type"],
                                            name=d["name"], indicators=indicators, bands=bands,
                                            effective_from=_or_none(d["effective_from"]), note=d["note"])

    return act(request, form, call, lambda v: ("ratings:sheet", v.pk), template=T + "action.html",
               context={"title": gettext_lazy("New score sheet version")}, done_message=_("Score sheet saved."))


# --- the indicator ----------------------------------------------------------------------------------------

@staff_required
@refuses_bad_as_of
def grade_share(request):
    form = f.ShareForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    code = data.get("division") or request.user.division_id or "100000"
    day = data.get("as_of") or timezone.localdate()
    division = Division.objects.filter(code=code).first()
    if division is None or not may_act_for_division(request.user, code):
        raise Http404
    return render(request, T + "grade_share.html", {"form": form, "division": division,
                                                    "share": ratings.grade_share(code, day)})


# --- public -----------------------------------------------------------------------------------------------

def public_grades(request):
    """Organizations holding a valid grade today (or on ?as_of), with its validity."""
    day = timezone.localdate()
    spans = (GradeSpan.objects.filter(valid_from__lte=day, valid_to__gt=day)
             .select_related("organization__authority", "source").order_by("-rank", "organization__name"))
    division = request.GET.get("division", "")
    if len(division) == 6 and division.isdigit():
        spans = spans.filter(subtree_q("organization__authority_id", division))
    grade = request.GET.get("grade", "")
    if grade in ratings.rules.RANK:
        spans = spans.filter(grade=grade)
    page = Paginator(spans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, T + "public_grades.html", {"page": page, "today": day, "grade": grade,
                                                      "division": division, "grades": ratings.rules.GRADES})


def public_publicity(request):
    """Proposed grades in publicity (公示) on a day (?as_of, default today): grade, objection deadline, how to object."""
    from . import publicity

    today = timezone.localdate()
    problem = None
    day = today
    raw = request.GET.get("as_of", "")
    if raw:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            problem = (f"日期“{raw}”格式无效，应为 YYYY-MM-DD", f"invalid date '{raw}' (use YYYY-MM-DD)")
        else:
            if day > today:
                problem = (f"{day} 晚于今天，只能查看过去或今天的公示", f"{day} is in the future: only past dates and today")
        if problem:
            day = today
    division = request.GET.get("division", "")
    decisions = publicity.in_publicity(day, division if len(division) == 6 and division.isdigit() else None)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [publicity.publicity_dict(d, day) for d in page.object_list]
    own = getattr(request.user, "organization_id_bound", None) if request.user.is_authenticated else None
    for row, decision in zip(rows, page.object_list, strict=True):
        row["mine"] = own is not None and decision.application.organization_id == own
    return render(request, T + "public_publicity.html", {
        "page": page, "rows": rows, "day": day, "is_today": day == today, "division": division, "problem": problem,
        "basis": publicity.ORDER_39_ART_20}, status=400 if problem else 200)


def public_results(request):
    findings = (Finding.objects.published().select_related("target__organization__authority", "target__draw__plan")
                .prefetch_related("notices").order_by("-published_on", "-id"))
    division = request.GET.get("division", "")
    if len(division) == 6 and division.isdigit():
        findings = findings.filter(subtree_q("target__organization__authority_id", division))
    draws = Draw.objects.select_related("plan__authority").order_by("-drawn_on", "-id")[:20]
    return render(request, T + "public_results.html", {
        "page": Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page")), "draws": draws,
        "division": division})


def public_draw(request, pk):
    draw = Draw.objects.select_related("plan__authority").filter(pk=pk).first()
    if draw is None:
        raise Http404
    targets = draw.targets.select_related("organization").prefetch_related(
        Prefetch("findings", queryset=Finding.objects.published()))
    return render(request, T + "public_draw.html", {"draw": draw, "targets": targets})


# --- spot checks: plans and draws -------------------------------------------------------------------------

@staff_required
def plans(request):
    queryset = SpotCheckPlan.objects.visible_to(request.user).select_related("authority", "draw")
    return render(request, T + "plans.html", {"page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))})


@staff_required
def plan_new(request):
    initial = {"authority": request.user.division_id or "", "year": timezone.localdate().year, "kind": "periodic",
               "exclude_months": 0}
    form = f.PlanForm(posted(request), initial=initial)

    def call(d):
        return spot.create_plan(request.user, authority_code=d["authority"], year=d["year"], kind=d["kind"],
                                title=d["title"], rate=d["rate"], type_rates=form.type_rates_dict(),
                                exclude_months=d["exclude_months"] or 0,
                                inspectors_per_target=_or_none(d["inspectors_per_target"]),
                                scope_note=d["scope_note"])

    return act(request, form, call, lambda p: ("ratings:plan", p.pk), template=T + "action.html",
               context={"title": gettext_lazy("New spot-check plan")}, done_message=_("Plan created."))


def _plan(request, pk) -> SpotCheckPlan:
    return visible_or_404(SpotCheckPlan.objects.select_related("authority"), request.user, pk=pk)


@staff_required
def plan(request, pk):
    obj = _plan(request, pk)
    draw = Draw.objects.filter(plan=obj).first()
    candidates = None
    if draw is None:
        since = spot.rules.excluded_since(timezone.localdate(), obj.exclude_months)
        candidates = spot.candidates_queryset(obj.authority_id, timezone.localdate(), obj.strata, since).count()
    roster = Inspector.objects.filter(division_id=obj.authority_id, active=True).count()
    return render(request, T + "plan.html", {"plan": obj, "draw": draw, "candidates": candidates, "roster": roster,
                                             "form": f.DrawForm()})


@staff_required
def draw(request, pk):
    obj = _plan(request, pk)
    form = f.DrawForm(posted(request))
    return act(request, form, lambda d: spot.run_draw(request.user, obj, seed=d["seed"] or None),
               lambda dr: ("ratings:draw_detail", dr.pk), template=T + "action.html",
               context={"plan": obj, "title": gettext_lazy("Run the draw")},
               done_message=_("Drawn. The seed, candidate list and code version are published with the draw."))


def _draw(request, pk) -> Draw:
    return visible_or_404(Draw.objects.select_related("plan__authority"), request.user, pk=pk)


@staff_required
def draw_detail(request, pk):
    obj = _draw(request, pk)
    targets = (obj.targets.select_related("organization")
               .prefetch_related("inspectors__inspector", "findings__notices"))
    verification = spot.verify(obj) if request.GET.get("verify") else None
    return render(request, T + "draw.html", {"draw": obj, "plan": obj.plan, "targets": targets,
                                             "verification": verification,
                                             "unpublished": Finding.objects.filter(target__draw=obj,
                                                                                   published_on__isnull=True).count()})


@staff_required
def publish(request, pk):
    obj = _draw(request, pk)
    form = f.PublishForm(posted(request))
    return act(request, form, lambda d: spot.publish_results(request.user, obj, on=_or_none(d["published_on"])),
               lambda _n: ("ratings:draw_detail", obj.pk), template=T + "action.html",
               context={"draw": obj, "plan": obj.plan, "title": gettext_lazy("Publish the results")},
               done_message=_("Results published."))


# --- targets, findings, rectification ---------------------------------------------------------------------

def _target(request, pk) -> DrawTarget:
    return visible_or_404(DrawTarget.objects.select_related("organization", "draw__plan__authority"), request.user,
                          pk=pk)


@login_required
def target(request, pk):
    obj = _target(request, pk)
    staff = is_staff_user(request.user)
    return render(request, T + "target.html", {
        "target": obj, "org": obj.organization, "plan": obj.draw.plan, "staff": staff,
        "inspectors": obj.inspectors.select_related("inspector"),
        "findings": obj.findings.prefetch_related("notices", "inspectors"), "today": timezone.localdate()})


@staff_required
def assign(request, pk):
    obj = _target(request, pk)
    roster = Inspector.objects.filter(division_id=obj.draw.plan.authority_id, active=True)
    form = f.AssignForm(posted(request), inspectors=roster)

    def call(d):
        inspector = Inspector.objects.visible_to(request.user).filter(pk=d["inspector"] or 0).first()
        if inspector is None:
            raise RuleViolation.one("REQUIRED", "inspector", "请选择检查人员", "choose an inspector")
        return spot.assign_inspector(request.user, obj, inspector, reason=d["reason"])

    return act(request, form, call, lambda _r: ("ratings:target", obj.pk), template=T + "action.html",
               context={"target": obj, "org": obj.organization, "plan": obj.draw.plan,
                        "title": gettext_lazy("Assign an inspector")}, done_message=_("Inspector assigned."))


@staff_required
def finding_new(request, pk):
    obj = _target(request, pk)
    assigned = [row.inspector for row in obj.inspectors.select_related("inspector")]
    form = f.FindingForm(posted(request), inspectors=assigned)

    def call(d):
        return spot.record_finding(request.user, obj, method=d["method"], checked_on=d["checked_on"],
                                   conclusion=d["conclusion"], summary=d["summary"], details=d["details"],
                                   inspector_ids=d["inspectors"])

    return act(request, form, call, lambda _f: ("ratings:target", obj.pk), template=T + "action.html",
               context={"target": obj, "org": obj.organization, "plan": obj.draw.plan,
                        "title": gettext_lazy("Record the finding")}, done_message=_("Finding recorded."))


@staff_required
def rectify(request, pk):
    finding = visible_or_404(Finding.objects.select_related("target__organization", "target__draw__plan"),
                             request.user, pk=pk)
    form = f.RectifyForm(posted(request))

    def call(d):
        return spot.issue_rectification(request.user, finding, requirements=d["requirements"],
                                        issued_on=_or_none(d["issued_on"]), deadline=_or_none(d["deadline"]))

    return act(request, form, call, lambda _n: ("ratings:target", finding.target_id), template=T + "action.html",
               context={"target": finding.target, "org": finding.target.organization, "plan": finding.target.draw.plan,
                        "title": gettext_lazy("Issue a rectification notice")},
               done_message=_("Rectification notice issued."))


@staff_required
def complete(request, pk):
    notice = visible_or_404(RectificationNotice.objects.select_related("finding__target__organization",
                                                                       "finding__target__draw__plan"),
                            request.user, pk=pk)
    target_obj = notice.finding.target
    form = f.CompleteForm(posted(request))

    def call(d):
        return spot.complete_rectification(request.user, notice, completed_on=d["completed_on"], note=d["note"])

    return act(request, form, call, lambda _n: ("ratings:target", target_obj.pk), template=T + "action.html",
               context={"target": target_obj, "org": target_obj.organization, "plan": target_obj.draw.plan,
                        "notice": notice, "title": gettext_lazy("Record completion of the rectification")},
               done_message=_("Completion recorded."))


# --- roster and conflicts ---------------------------------------------------------------------------------

@staff_required
def inspectors(request):
    queryset = Inspector.objects.visible_to(request.user).select_related("division").annotate(
        conflict_count=Count("conflicts")).order_by("division_id", "name", "id")
    form = f.InspectorForm(posted(request), initial={"division": request.user.division_id or ""})
    context = {"page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))}
    return act(request, form, lambda d: spot.add_inspector(request.user, division_code=d["division"], name=d["name"],
                                                           unit=d["unit"], badge_number=d["badge_number"]),
               lambda _i: "ratings:inspectors", template=T + "inspectors.html", context=context,
               done_message=_("Inspector added to the roster."))


@staff_required
def inspector(request, pk):
    obj = visible_or_404(Inspector.objects.select_related("division"), request.user, pk=pk)
    form = f.ConflictForm(posted(request))

    def call(d):
        org = Organization.objects.visible_to(request.user).by_code(d["organization"]).first()
        if org is None:
            raise RuleViolation.one("NOT-FOUND", "organization", "未找到该社会组织（或不在您的管辖范围内）",
                                    "organization not found (or outside your jurisdiction)", status=404)
        return spot.declare_conflict(request.user, obj, org, reason=d["reason"], on=_or_none(d["declared_on"]))

    conflicts = obj.conflicts.select_related("organization")
    assignments = (DrawTarget.objects.filter(inspectors__inspector=obj, findings__isnull=True)
                   .select_related("organization", "draw__plan").distinct()[:50])
    return act(request, form, call, lambda _c: ("ratings:inspector", obj.pk), template=T + "inspector.html",
               context={"inspector": obj, "conflicts": conflicts, "open_targets": assignments},
               done_message=_("Conflict declared: this inspector will not be drawn or assigned for it."))
