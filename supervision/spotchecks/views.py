from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.jurisdiction import is_staff_user
from accounts.permissions import staff_required
from common.errors import RuleViolation
from common.web import visible_or_404
from divisions.models import subtree_q
from registry.models import Organization
from supervision.models import (
    Draw,
    DrawTarget,
    Finding,
    Inspector,
    RectificationNotice,
    SpotCheckPlan,
)
from supervision.web import PAGE_SIZE, RATINGS_TEMPLATES, act, blank_to_none, posted

from . import forms, services


def public_results(request):
    findings = (Finding.objects.published().select_related("target__organization__authority", "target__draw__plan")
                .prefetch_related("notices").order_by("-published_on", "-id"))
    division = request.GET.get("division", "")
    if len(division) == 6 and division.isdigit():
        findings = findings.filter(subtree_q("target__organization__authority_id", division))
    draws = Draw.objects.select_related("plan__authority").order_by("-drawn_on", "-id")[:20]
    return render(request, "supervision/spotchecks/public_results.html", {
        "page": Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page")), "draws": draws,
        "division": division})


def public_draw(request, pk):
    draw = Draw.objects.select_related("plan__authority").filter(pk=pk).first()
    if draw is None:
        raise Http404
    targets = draw.targets.select_related("organization").prefetch_related(
        Prefetch("findings", queryset=Finding.objects.published()))
    return render(request, "supervision/spotchecks/public_draw.html", {"draw": draw, "targets": targets})


# --- spot checks: plans and draws -------------------------------------------------------------------------

@staff_required
def plans(request):
    queryset = SpotCheckPlan.objects.visible_to(request.user).select_related("authority", "draw")
    return render(request, "supervision/spotchecks/plans.html", {"page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))})


@staff_required
def plan_new(request):
    initial = {"authority": request.user.division_id or "", "year": timezone.localdate().year, "kind": "periodic",
               "exclude_months": 0}
    form = forms.PlanForm(posted(request), initial=initial)

    def call(d):
        return services.create_plan(request.user, authority_code=d["authority"], year=d["year"], kind=d["kind"],
                                title=d["title"], rate=d["rate"], type_rates=form.type_rates_dict(),
                                exclude_months=d["exclude_months"] or 0,
                                inspectors_per_target=blank_to_none(d["inspectors_per_target"]),
                                scope_note=d["scope_note"])

    return act(request, form, call, lambda p: ("ratings:plan", p.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"title": gettext_lazy("New spot-check plan")}, done_message=_("Plan created."))


def _plan(request, pk) -> SpotCheckPlan:
    return visible_or_404(SpotCheckPlan.objects.select_related("authority"), request.user, pk=pk)


@staff_required
def plan(request, pk):
    obj = _plan(request, pk)
    draw = Draw.objects.filter(plan=obj).first()
    candidates = None
    if draw is None:
        since = services.rules.excluded_since(timezone.localdate(), obj.exclude_months)
        candidates = services.candidates_queryset(obj.authority_id, timezone.localdate(), obj.strata, since).count()
    roster = Inspector.objects.filter(division_id=obj.authority_id, active=True).count()
    return render(request, "supervision/spotchecks/plan.html", {"plan": obj, "draw": draw, "candidates": candidates, "roster": roster,
                                             "form": forms.DrawForm()})


@staff_required
def draw(request, pk):
    obj = _plan(request, pk)
    form = forms.DrawForm(posted(request))
    return act(request, form, lambda d: services.run_draw(request.user, obj, seed=d["seed"] or None),
               lambda dr: ("ratings:draw_detail", dr.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"plan": obj, "title": gettext_lazy("Run the draw")},
               done_message=_("Drawn. The seed, candidate list and code version are published with the draw."))


def _draw(request, pk) -> Draw:
    return visible_or_404(Draw.objects.select_related("plan__authority"), request.user, pk=pk)


@staff_required
def draw_detail(request, pk):
    obj = _draw(request, pk)
    targets = (obj.targets.select_related("organization")
               .prefetch_related("inspectors__inspector", "findings__notices"))
    verification = services.verify(obj) if request.GET.get("verify") else None
    return render(request, "supervision/spotchecks/draw.html", {"draw": obj, "plan": obj.plan, "targets": targets,
                                             "verification": verification,
                                             "unpublished": Finding.objects.filter(target__draw=obj,
                                                                                   published_on__isnull=True).count()})


@staff_required
def publish(request, pk):
    obj = _draw(request, pk)
    form = forms.PublishForm(posted(request))
    return act(request, form, lambda d: services.publish_results(request.user, obj, on=blank_to_none(d["published_on"])),
               lambda _n: ("ratings:draw_detail", obj.pk), template=RATINGS_TEMPLATES + "action.html",
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
    return render(request, "supervision/spotchecks/target.html", {
        "target": obj, "org": obj.organization, "plan": obj.draw.plan, "staff": staff,
        "inspectors": obj.inspectors.select_related("inspector"),
        "findings": obj.findings.prefetch_related("notices", "inspectors"), "today": timezone.localdate()})


@staff_required
def assign(request, pk):
    obj = _target(request, pk)
    roster = Inspector.objects.filter(division_id=obj.draw.plan.authority_id, active=True)
    form = forms.AssignForm(posted(request), inspectors=roster)

    def call(d):
        inspector = Inspector.objects.visible_to(request.user).filter(pk=d["inspector"] or 0).first()
        if inspector is None:
            raise RuleViolation.one("REQUIRED", "inspector", "请选择检查人员", "choose an inspector")
        return services.assign_inspector(request.user, obj, inspector, reason=d["reason"])

    return act(request, form, call, lambda _r: ("ratings:target", obj.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"target": obj, "org": obj.organization, "plan": obj.draw.plan,
                        "title": gettext_lazy("Assign an inspector")}, done_message=_("Inspector assigned."))


@staff_required
def finding_new(request, pk):
    obj = _target(request, pk)
    assigned = [row.inspector for row in obj.inspectors.select_related("inspector")]
    form = forms.FindingForm(posted(request), inspectors=assigned)

    def call(d):
        return services.record_finding(request.user, obj, method=d["method"], checked_on=d["checked_on"],
                                   conclusion=d["conclusion"], summary=d["summary"], details=d["details"],
                                   inspector_ids=d["inspectors"])

    return act(request, form, call, lambda _f: ("ratings:target", obj.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"target": obj, "org": obj.organization, "plan": obj.draw.plan,
                        "title": gettext_lazy("Record the finding")}, done_message=_("Finding recorded."))


@staff_required
def rectify(request, pk):
    finding = visible_or_404(Finding.objects.select_related("target__organization", "target__draw__plan"),
                             request.user, pk=pk)
    form = forms.RectifyForm(posted(request))

    def call(d):
        return services.issue_rectification(request.user, finding, requirements=d["requirements"],
                                        issued_on=blank_to_none(d["issued_on"]), deadline=blank_to_none(d["deadline"]))

    return act(request, form, call, lambda _n: ("ratings:target", finding.target_id), template=RATINGS_TEMPLATES + "action.html",
               context={"target": finding.target, "org": finding.target.organization, "plan": finding.target.draw.plan,
                        "title": gettext_lazy("Issue a rectification notice")},
               done_message=_("Rectification notice issued."))


@staff_required
def complete(request, pk):
    notice = visible_or_404(RectificationNotice.objects.select_related("finding__target__organization",
                                                                       "finding__target__draw__plan"),
                            request.user, pk=pk)
    target_obj = notice.finding.target
    form = forms.CompleteForm(posted(request))

    def call(d):
        return services.complete_rectification(request.user, notice, completed_on=d["completed_on"], note=d["note"])

    return act(request, form, call, lambda _n: ("ratings:target", target_obj.pk), template=RATINGS_TEMPLATES + "action.html",
               context={"target": target_obj, "org": target_obj.organization, "plan": target_obj.draw.plan,
                        "notice": notice, "title": gettext_lazy("Record completion of the rectification")},
               done_message=_("Completion recorded."))


# --- roster and conflicts ---------------------------------------------------------------------------------

@staff_required
def inspectors(request):
    queryset = Inspector.objects.visible_to(request.user).select_related("division").annotate(
        conflict_count=Count("conflicts")).order_by("division_id", "name", "id")
    form = forms.InspectorForm(posted(request), initial={"division": request.user.division_id or ""})
    context = {"page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))}
    return act(request, form, lambda d: services.add_inspector(request.user, division_code=d["division"], name=d["name"],
                                                           unit=d["unit"], badge_number=d["badge_number"]),
               lambda _i: "ratings:inspectors", template="supervision/spotchecks/inspectors.html", context=context,
               done_message=_("Inspector added to the roster."))


@staff_required
def inspector(request, pk):
    obj = visible_or_404(Inspector.objects.select_related("division"), request.user, pk=pk)
    form = forms.ConflictForm(posted(request))

    def call(d):
        org = Organization.objects.visible_to(request.user).by_code(d["organization"]).first()
        if org is None:
            raise RuleViolation.one("NOT-FOUND", "organization", "未找到该社会组织（或不在您的管辖范围内）",
                                    "organization not found (or outside your jurisdiction)", status=404)
        return services.declare_conflict(request.user, obj, org, reason=d["reason"], on=blank_to_none(d["declared_on"]))

    conflicts = obj.conflicts.select_related("organization")
    assignments = (DrawTarget.objects.filter(inspectors__inspector=obj, findings__isnull=True)
                   .select_related("organization", "draw__plan").distinct()[:50])
    return act(request, form, call, lambda _c: ("ratings:inspector", obj.pk), template="supervision/spotchecks/inspector.html",
               context={"inspector": obj, "conflicts": conflicts, "open_targets": assignments},
               done_message=_("Conflict declared: this inspector will not be drawn or assigned for it."))
