"""Web pages of annual reports, penalties and leadership (/supervision/). Views parse input, read through
``visible_to`` and call supervision.services_reports; every rule and permission lives there.

Organization users: their reports (list, fill in, correct, see the outcome). Business supervisor users
(业务主管单位): the queue of their organizations' reports awaiting first review, the reports, and the first-review
form (初审), nothing else. Officers: the review queue, the review form, the overdue lists, penalties and
leadership, all within their jurisdiction (404 outside it).
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.jurisdiction import is_staff_user
from accounts.permissions import staff_required, supervisor_required
from common.clock import today
from common.web import submit_form, visible_or_404
from divisions.policy import setting
from supervision import base
from supervision.leadership import queries as leadership_queries
from supervision.models import (
    MONEY_FIELDS,
    AnnualReport,
    Penalty,
    ReportOverdue,
    ReportState,
    ReviewOutcome,
    ReviewStage,
)
from supervision.web import PAGE_SIZE, own_organization, staff_organization

from . import queries, services
from .forms import (
    FirstReviewForm,
    FirstReviewQueueForm,
    OverdueFilterForm,
    QueueFilterForm,
    ReportForm,
    ReviewForm,
)

# --- supervision home ---------------------------------------------------------------------------------------

@login_required
def home(request):
    if request.user.is_supervisor_user:
        return redirect("reports:first_reviews")
    if not is_staff_user(request.user):
        own_organization(request.user)
        return redirect("reports:mine")
    user = request.user
    last_year = today().year - 1
    counts = {
        "to_review": AnnualReport.objects.visible_to(user).filter(
            state__in=[ReportState.AWAITING_FIRST_REVIEW, ReportState.AWAITING_REVIEW]).count(),
        "overdue": ReportOverdue.objects.visible_to(user).filter(year=last_year).count(),
        "penalties": Penalty.objects.visible_to(user).count(),
        "terms_overdue": leadership_queries.overdue_terms(user).count(),
    }
    return render(request, "supervision/reports/home.html", {"counts": counts, "last_year": last_year})


# --- organization users: my reports -----------------------------------------------------------------------

@login_required
def my_reports(request):
    if is_staff_user(request.user):
        return redirect("reports:queue")
    if request.user.is_supervisor_user:
        return redirect("reports:first_reviews")
    org = own_organization(request.user)
    this_day = today()
    reports = list(AnnualReport.objects.filter(organization=org).order_by("-year"))
    have = {r.year for r in reports}
    first = max(org.founded_on.year, this_day.year - 5)
    due = []
    for year in range(this_day.year - 1, first - 1, -1):
        if year not in have:
            deadline, why = services.deadline_of(org, year)
            due.append({"year": year, "deadline": deadline, "why": why, "late": this_day > deadline})
    findings = ReportOverdue.objects.filter(organization=org).order_by("-year", "kind")
    return render(request, "supervision/reports/mine.html", {"org": org, "reports": reports, "due": due,
                                                             "findings": findings})


def _initial_from(submission) -> dict:
    keys = (*MONEY_FIELDS, "employees", "volunteers", "branches", "activities")
    initial = {key: getattr(submission, key) for key in keys}
    initial["party_organization"] = "true" if submission.party_organization else "false"
    return initial


@login_required
def file_report(request):
    """Fill in and submit the report for a year, or correct the one already submitted (``?year=``)."""
    org = own_organization(request.user)
    raw_year = request.POST.get("year") or request.GET.get("year") or str(today().year - 1)
    year = int(raw_year) if raw_year.isdigit() else None
    report = AnnualReport.objects.filter(organization=org, year=year).first() if year else None
    current = services.current_submission(report) if report else None
    initial = {"year": raw_year, **(_initial_from(current) if current else {})}
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = request.FILES.get("audit_report")
        if report is None:
            response, status = submit_form(
                form, request, lambda: services.submit_report(request.user, org, form.data_for_service(), upload),
                lambda r: _("Submitted: the annual work report for %(year)s.") % {"year": r.year},
                lambda r: ("reports:detail", r.pk))
        else:
            response, status = submit_form(
                form, request, lambda: services.resubmit_report(request.user, report, form.data_for_service(),
                                                                upload),
                lambda s: _("Corrected: the annual work report for %(year)s was resubmitted.") % {"year": report.year},
                lambda s: ("reports:detail", report.pk))
        if response is not None:
            return response
    elif request.method == "POST":
        status = 400
    deadline = services.deadline_of(org, year) if year else None
    audit_required = org.org_type in setting("ANNUAL_REPORT_AUDIT_REQUIRED_TYPES", org.authority_id).value
    return render(request, "supervision/reports/file.html", {
        "org": org, "form": form, "report": report, "current": current, "year": year, "deadline": deadline,
        "audit_required": audit_required,
    }, status=status)


# --- one report (the organization and the officers over it) ------------------------------------------------

@login_required
def report_detail(request, pk):
    report = visible_or_404(AnnualReport.objects.visible_to(request.user).select_related("organization__authority"), pk=pk)
    submissions = list(report.submissions.order_by("number"))
    reviews = list(report.reviews.select_related("reviewer").order_by("id"))
    deadline = services.deadline_of(report.organization, report.year)
    due = services.review_due(report)
    # The same rule as services_reports.resubmit_report, to offer the button only when it will be accepted.
    correctable = report.state == ReportState.RETURNED or not any(r.submission_id == submissions[-1].pk
                                                                  for r in reviews)
    findings = ReportOverdue.objects.filter(organization=report.organization, year=report.year)
    return render(request, "supervision/reports/detail.html", {
        "report": report, "org": report.organization, "current": submissions[-1], "submissions": submissions,
        "reviews": reviews, "deadline": deadline, "due": due, "findings": findings,
        "is_staff": is_staff_user(request.user), "may_correct": base.is_own_org_user(request.user,
                                                                                          report.organization)
        and correctable, "is_supervisor": request.user.is_supervisor_user,
    })


@login_required
def audit_file(request, pk, number):
    report = visible_or_404(AnnualReport.objects.visible_to(request.user), pk=pk)
    submission = report.submissions.filter(number=number).first()
    if submission is None or not submission.audit_report:
        raise Http404
    name = submission.audit_report_name or submission.audit_report.name.rsplit("/")[-1]
    return FileResponse(submission.audit_report.open("rb"), as_attachment=True, filename=name)


# --- business supervisor users: the first review (初审) -------------------------------------------------------

@supervisor_required
def first_reviews(request):
    """The unit's queue: reports of the organizations it supervises awaiting its first review (oldest first)."""
    form = FirstReviewQueueForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    reports = AnnualReport.objects.visible_to(request.user).select_related("organization")
    if data.get("show") != "all":
        reports = reports.filter(state=ReportState.AWAITING_FIRST_REVIEW)
    if data.get("year"):
        reports = reports.filter(year=data["year"])
    reports = reports.order_by("last_submitted_on", "id")
    return render(request, "supervision/reports/first_reviews.html", {
        "form": form, "page": Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page")),
    })


@supervisor_required
def first_review(request, pk):
    """Record the unit's first review of one report: passed (forwarded to the authority) or returned."""
    report = visible_or_404(AnnualReport.objects.visible_to(request.user).select_related("organization"), pk=pk)
    form = FirstReviewForm(request.POST or None, initial={"review_outcome": ReviewOutcome.PASSED})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response, status = submit_form(form, request, lambda: services.record_review(
            request.user, report, stage=ReviewStage.FIRST_REVIEW, outcome=data["review_outcome"],
            reasons=data["reasons"], reviewed_on=data["reviewed_on"]),
            lambda r: _("Recorded: %(outcome)s.") % {"outcome": r.get_outcome_display()},
            lambda r: ("reports:detail", report.pk))
        if response is not None:
            return response
    elif request.method == "POST":
        status = 400
    return render(request, "supervision/reports/first_review.html", {
        "report": report, "org": report.organization, "form": form,
        "current": services.current_submission(report),
    }, status=status)


# --- officers: reviews and overdue ---------------------------------------------------------------------------

@staff_required
def queue(request):
    form = QueueFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    reports = AnnualReport.objects.visible_to(request.user).select_related("organization")
    if data.get("year"):
        reports = reports.filter(year=data["year"])
    if data.get("state"):
        reports = reports.filter(state=data["state"])
    else:
        reports = reports.exclude(state=ReportState.CONCLUDED) if not data.get("year") else reports
    reports = reports.order_by("last_submitted_on", "id")
    return render(request, "supervision/reports/queue.html", {
        "form": form, "page": Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page")),
    })


@staff_required
def review(request, pk):
    report = visible_or_404(AnnualReport.objects.visible_to(request.user).select_related("organization"), pk=pk)
    org = report.organization
    supersedes = None
    if request.GET.get("correct") or request.POST.get("supersedes"):
        supersedes = report.reviews.filter(pk=request.GET.get("correct") or request.POST.get("supersedes")).first()
    stage = ReviewStage.FIRST_REVIEW if report.state == ReportState.AWAITING_FIRST_REVIEW else ReviewStage.AUTHORITY
    initial = {"review_stage": stage, "supervisor_name": org.supervisor,
               "review_outcome": ReviewOutcome.PASSED if stage == ReviewStage.FIRST_REVIEW else ReviewOutcome.CONCLUDED,
               "supersedes": supersedes.pk if supersedes else None}
    form = ReviewForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response, status = submit_form(form, request, lambda: services.record_review(
            request.user, report, stage=data["review_stage"], outcome=data["review_outcome"],
            conclusion=data["conclusion"], reasons=data["reasons"], reviewed_on=data["reviewed_on"],
            supervisor_name=data["supervisor_name"], supersedes=supersedes),
            lambda r: _("Recorded: %(outcome)s.") % {"outcome": r.get_outcome_display()},
            lambda r: ("reports:detail", report.pk))
        if response is not None:
            return response
    elif request.method == "POST":
        status = 400
    mode = setting("ANNUAL_REVIEW_MODE", org.authority_id)
    return render(request, "supervision/reports/review.html", {
        "report": report, "org": org, "form": form, "current": services.current_submission(report),
        "mode": mode, "supersedes": supersedes,
    }, status=status)


@staff_required
def overdue(request):
    form = OverdueFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or today().year - 1
    facts = queries.overdue_list(request.user, year)
    if data.get("finding"):
        facts = facts.filter(kind=data["finding"])
    return render(request, "supervision/reports/overdue.html", {
        "form": form, "year": year, "page": Paginator(facts, PAGE_SIZE).get_page(request.GET.get("page")),
    })


# --- officers: one organization's supervision record --------------------------------------------------------

@staff_required
def organization(request, code):
    org = staff_organization(request.user, code)
    terms = list(org.leadership_terms.prefetch_related("postponements").order_by("-started_on", "-id"))
    current = leadership_queries.current_term(org)
    return render(request, "supervision/reports/organization.html", {
        "org": org, "reports": org.annual_reports.order_by("-year"),
        "penalties": org.penalties.order_by("-decided_on", "-id"), "terms": terms, "current_term": current,
        "audits": org.departure_audits.order_by("-audited_on"),
        "findings": ReportOverdue.objects.filter(organization=org).order_by("-year"),
    })
