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
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.jurisdiction import is_staff_user, may_act_for_division
from accounts.permissions import staff_required
from common.dates import refuses_bad_as_of
from common.errors import RuleViolation
from common.web import visible_or_404
from divisions.models import Division, subtree_q
from registry.models import Organization
from supervision.models import (
    ApplicationState,
    DrawTarget,
    Grade,
    GradeSpan,
    RatingApplication,
    RatingObjection,
    RectificationNotice,
    ScoreSheetVersion,
    SpotCheckPlan,
)
from supervision.web import (
    PAGE_SIZE,
    RATINGS_TEMPLATES,
    act,
    acts_for_organization,
    blank_to_none,
    org_or_404,
    posted,
    require_acting,
)

from . import forms, services
from .eligibility import eligibility

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
    return render(request, RATINGS_TEMPLATES + "home.html", {
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
    return render(request, RATINGS_TEMPLATES + "organization.html", {
        "org": org, "check": eligibility(org, today), "today": today,
        "applications": RatingApplication.objects.filter(organization=org).select_related("decision"),
        "grades": grades, "current": services.grade_on(org, today), "targets": targets,
        "is_staff": is_staff_user(request.user), "acts": acts_for_organization(request.user),
    })


@login_required
def apply(request, code):
    org = org_or_404(request.user, code)
    require_acting(request.user)
    form = forms.ApplyForm(posted(request))
    return act(request, form, lambda d: services.apply_for_rating(request.user, org, note=d["note"]),
               lambda app: ("ratings:application", app.pk), template=RATINGS_TEMPLATES + "apply.html",
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
    total, missing = services.current_total(app)
    scores = []
    if staff:
        by_indicator: dict = {}
        for s in app.scores.select_related("evaluator"):
            by_indicator.setdefault(s.indicator_id, []).append(s)
        scores = [(i, by_indicator.get(i.pk, [])) for i in app.sheet_version.indicators.all()]
    return render(request, RATINGS_TEMPLATES + "application.html", {
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
    form = forms.ProblemForm(posted(request))
    status, problems = 200, []
    if request.method == "POST":
        entries = [{"indicator": i.code, "points": request.POST.get(f"points_{i.pk}", "").strip(),
                    "comment": request.POST.get(f"comment_{i.pk}", "")}
                   for i in indicators if request.POST.get(f"points_{i.pk}", "").strip()]
        try:
            services.score(request.user, app, entries, on=blank_to_none(request.POST.get("scored_on")))
        except RuleViolation as violation:
            form.show(violation)
            status, problems = violation.status, violation.problems
        else:
            messages.success(request, _("Scores recorded."))
            return redirect("ratings:application", pk=app.pk)
    return render(request, RATINGS_TEMPLATES + "score.html", {
        "app": app, "org": app.organization, "form": form, "problems": problems, "posted": request.POST,
        "rows": [(i, i.pk in mine) for i in indicators],
    }, status=status)


@staff_required
def decide(request, pk):
    app = _application(request, pk)
    form = forms.DecideForm(posted(request))
    total, missing = services.current_total(app)

    def call(d):
        grade = d["grade"] or services.GRADE_FROM_BANDS
        return services.decide(request.user, app, grade=grade, reason=d["reason"],
                              decided_on=blank_to_none(d["decided_on"]), decision_number=d["decision_number"])

    return act(request, form, call, lambda _d: ("ratings:application", app.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"app": app, "org": app.organization, "title": gettext_lazy("Committee decision"),
                        "total": total, "missing": missing, "bands": app.sheet_version.bands.all()},
               done_message=_("Decision recorded; the publicity period has started."))


@login_required
def objection(request, pk):
    app = _application(request, pk)
    require_acting(request.user)
    form = forms.ObjectionForm(posted(request))
    staff = is_staff_user(request.user)
    if not staff:
        form.fields.pop("filed_on")

    def call(d):
        return services.file_objection(request.user, app, text=d["text"],
                                      on=blank_to_none(d.get("filed_on")) if staff else None)

    return act(request, form, call, lambda _o: ("ratings:application", app.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"app": app, "org": app.organization, "title": gettext_lazy("File an objection")},
               done_message=_("Objection filed."))


@staff_required
def answer(request, pk):
    obj = visible_or_404(RatingObjection.objects.select_related("application__organization",
                                                                "application__decision"), request.user, pk=pk)
    app = obj.application
    form = forms.AnswerForm(posted(request))

    def call(d):
        return services.answer_objection(request.user, obj, outcome=d["outcome"], answer=d["answer"],
                                        revised_grade=blank_to_none(d["revised_grade"]), votes_for=blank_to_none(d["votes_for"]),
                                        votes_against=blank_to_none(d["votes_against"]),
                                        on=blank_to_none(d["answered_on"]))

    return act(request, form, call, lambda _o: ("ratings:application", app.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"app": app, "org": app.organization, "objection": obj,
                        "title": gettext_lazy("Answer the objection")},
               done_message=_("Answer recorded."))


@staff_required
def confer(request, pk):
    app = _application(request, pk)
    form = forms.ConferForm(posted(request))

    def call(d):
        return services.confer(request.user, app, on=blank_to_none(d["conferred_on"]),
                              certificate_number=d["certificate_number"], decision_number=d["decision_number"])

    return act(request, form, call, lambda _g: ("ratings:application", app.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"app": app, "org": app.organization, "title": gettext_lazy("Confer the grade")},
               done_message=_("Done."))


@staff_required
def grade_action(request, pk):
    grade = visible_or_404(Grade.objects.select_related("organization"), request.user, pk=pk)
    form = forms.GradeActionForm(posted(request))

    def call(d):
        return services.lower_or_cancel(request.user, grade, kind=d["kind"], effective_on=d["effective_on"],
                                       ground=d["ground"], reason=d["reason"], new_grade=blank_to_none(d["new_grade"]),
                                       decision_number=d["decision_number"])

    return act(request, form, call, lambda _a: ("ratings:organization", grade.organization.code),
               template=RATINGS_TEMPLATES + "action.html",
               context={"org": grade.organization, "grade": grade,
                        "title": gettext_lazy("Lower or cancel the grade")},
               done_message=_("Recorded."))


# --- score sheets ----------------------------------------------------------------------------------------

def sheets(request):
    versions = ScoreSheetVersion.objects.select_related("sheet__division").order_by(
        "sheet__division_id", "sheet__org_type", "-number")
    return render(request, RATINGS_TEMPLATES + "sheets.html", {"versions": versions})


def sheet(request, pk):
    version = ScoreSheetVersion.objects.select_related("sheet__division").filter(pk=pk).first()
    if version is None:
        raise Http404
    return render(request, RATINGS_TEMPLATES + "sheet.html", {"version": version, "indicators": version.indicators.all(),
                                              "bands": version.bands.all()})


@staff_required
def sheet_new(request):
    form = forms.SheetForm(posted(request), initial={"division": request.user.division_id or ""})

    def call(d):
        indicators, bands = form.rows()
        return services.create_sheet_version(request.user, division_code=d["division"], org_type=d["org_type"],
                                            name=d["name"], indicators=indicators, bands=bands,
                                            effective_from=blank_to_none(d["effective_from"]), note=d["note"])

    return act(request, form, call, lambda v: ("ratings:sheet", v.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"title": gettext_lazy("New score sheet version")}, done_message=_("Score sheet saved."))


# --- the indicator ----------------------------------------------------------------------------------------

@staff_required
@refuses_bad_as_of
def grade_share(request):
    form = forms.ShareForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    code = data.get("division") or request.user.division_id or "100000"
    day = data.get("as_of") or timezone.localdate()
    division = Division.objects.filter(code=code).first()
    if division is None or not may_act_for_division(request.user, code):
        raise Http404
    return render(request, RATINGS_TEMPLATES + "grade_share.html", {"form": form, "division": division,
                                                    "share": services.grade_share(code, day)})


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
    if grade in services.rules.RANK:
        spans = spans.filter(grade=grade)
    page = Paginator(spans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, RATINGS_TEMPLATES + "public_grades.html", {"page": page, "today": day, "grade": grade,
                                                      "division": division, "grades": services.rules.GRADES})


def public_publicity(request):
    """Proposed grades in publicity (公示) on a day (?as_of, default today): grade, objection deadline, how to object."""
    from . import queries

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
    decisions = queries.in_publicity(day, division if len(division) == 6 and division.isdigit() else None)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [queries.publicity_dict(d, day) for d in page.object_list]
    own = getattr(request.user, "organization_id_bound", None) if request.user.is_authenticated else None
    for row, decision in zip(rows, page.object_list, strict=True):
        row["mine"] = own is not None and decision.application.organization_id == own
    return render(request, RATINGS_TEMPLATES + "public_publicity.html", {
        "page": page, "rows": rows, "day": day, "is_today": day == today, "division": division, "problem": problem,
        "basis": queries.ORDER_39_ART_20}, status=400 if problem else 200)
