"""Web pages of engagement. Public: the overview, open graduate postings (with the application form), the
applicant's own status check, pairing with key counties and progress per county and per group, each pairing,
incubation bases and training, shared venues with their bookings. The posting organization (and officers over it):
new postings, its applications and their outcomes. Officers: the workbench (overdue reports, reminders, designating
counties, groups, pairings, duty targets, bases, venues). Views parse input, call the services and render."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.jurisdiction import is_staff_user
from accounts.permissions import staff_required
from common.clock import today
from common.errors import RuleViolation
from registry.models import Organization

from . import forms as f
from . import services
from .models import (
    DeadlineKind,
    DutyTarget,
    Incubation,
    IncubationBase,
    JobPosting,
    KeyCounty,
    Pairing,
    PairingGroup,
    Reminder,
    ReportingDeadline,
    TrainingSession,
    Venue,
)

T = "engagement/"


@dataclass
class Spec:
    form: type
    call: Any
    target: Any
    message: str
    kwargs: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)  # field name -> choices known only now (set before validation)


def handle(request, specs: dict[str, Spec]):
    """The forms of a page; on POST the one named by ``form`` runs its service. Returns (forms, response, status)."""
    which = request.POST.get("form") if request.method == "POST" else None
    forms = {name: spec.form(request.POST if name == which else None, **spec.kwargs) for name, spec in specs.items()}
    for name, spec in specs.items():
        for field_name, choices in spec.choices.items():
            forms[name].fields[field_name].choices = choices
    if which not in specs:
        return forms, None, 400 if request.method == "POST" else 200
    if not request.user.is_authenticated:
        return forms, redirect_to_login(request.get_full_path()), 302
    form, spec = forms[which], specs[which]
    if not form.is_valid():
        return forms, None, 400
    try:
        result = spec.call(form.cleaned_data)
    except RuleViolation as violation:
        form.show(violation)
        return forms, None, violation.status
    messages.success(request, spec.message)
    where = spec.target(result)
    return forms, (redirect(*where) if isinstance(where, tuple) else redirect(where)), 302


def acting(user) -> bool:
    return bool(user.is_authenticated and (user.is_org_user or is_staff_user(user)))


def require_acting(user) -> None:
    if not acting(user):
        raise PermissionDenied


def org_or_404(user, code) -> Organization:
    org = Organization.objects.visible_to(user).select_related("authority").by_code(code).first()
    if org is None:
        raise Http404
    return org


def may_act_for(user, org) -> bool:
    return acting(user) and Organization.objects.visible_to(user).filter(pk=org.pk).exists()


def one(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


# --- public -----------------------------------------------------------------------------------------------------
def home(request):
    return render(request, T + "home.html", {"counts": services.counts(), "day": today()})


def jobs(request):
    day = today()
    postings = JobPosting.objects.open_on(day).select_related("organization", "division")[:300]
    orgs = Organization.objects.all()
    return render(request, T + "jobs.html", {
        "postings": postings, "day": day, "jurisdictions": services.jurisdiction_counts(orgs),
        "organizations": services.job_counts(orgs)[:100],
        "duties": services.duty_report(DutyTarget.objects.select_related("division")),
        "own": Organization.objects.filter(pk=request.user.organization_id_bound).first()
        if request.user.is_authenticated and request.user.is_org_user else None})


def posting(request, pk):
    item = one(JobPosting.objects.select_related("organization", "division"), pk)
    form = f.ApplicationForm(request.POST if request.method == "POST" else None)
    applied, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                applied = services.apply(item, form.cleaned_data,
                                         request.user if request.user.is_authenticated else None)
            except RuleViolation as violation:
                form.show(violation)
                status = violation.status
        else:
            status = 400
    return render(request, T + "posting.html", {
        "posting": item, "form": form, "applied": applied, "open": item.is_open(today()),
        "may_manage": may_act_for(request.user, item.organization)}, status=status)


def my_application(request):
    form = f.StatusForm(request.POST if request.method == "POST" else None)
    found, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            found = services.application_for_applicant(form.cleaned_data["reference"], form.cleaned_data["id_number"])
        except RuleViolation as violation:
            form.show(violation)
            status = violation.status
    return render(request, T + "my_application.html", {"form": form, "found": found}, status=status)


def pairing(request):
    pairings = Pairing.objects.select_related("organization", "county", "group").order_by("county_id", "pk")
    return render(request, T + "pairing.html", {
        "counties": KeyCounty.objects.select_related("county"), "progress": services.county_progress(),
        "groups": services.group_progress(), "pairings": pairings[:500]})


def pairing_detail(request, pk):
    item = one(Pairing.objects.select_related("organization", "county", "group"), pk)
    projects = list(item.projects.prefetch_related("progress"))
    for project in projects:
        project.totals = services.project_totals(project)
    open_deadlines = [(d.pk, f"{d.get_kind_display()} {d.period}（{d.due_on:%Y-%m-%d}）")
                      for d in item.deadlines.filter(done_on__isnull=True)]
    project_choices = [(p.pk, p.name) for p in projects]

    def progress(data):
        project = item.projects.get(pk=data["project"])
        return services.report_progress(request.user, project, data)

    def done(data):
        return services.complete_deadline(request.user, item.deadlines.get(pk=data["deadline"]), data)

    back = lambda _result: ("engagement:pairing_detail", item.pk)  # noqa: E731
    forms, response, status = handle(request, {
        "project": Spec(f.ProjectForm, lambda d: services.add_project(request.user, item, d),
                        lambda r: back(r), _("Project added.")),
        "progress": Spec(f.ProgressForm, progress, lambda r: back(r), _("Progress recorded."),
                         choices={"project": project_choices}),
        "meeting": Spec(f.MeetingForm, lambda d: services.schedule_meeting(request.user, item, d),
                        lambda r: back(r), _("Meeting scheduled.")),
        "done": Spec(f.DoneForm, done, lambda r: back(r), _("Report recorded."), choices={"deadline": open_deadlines}),
    })
    if response is not None:
        return response
    day = today()
    deadlines = list(item.deadlines.all())
    for d in deadlines:
        d.overdue = d.done_on is None and d.due_on < day
    return render(request, T + "pairing_detail.html", {
        "pairing": item, "projects": projects, "deadlines": deadlines, "forms": forms,
        "may_manage": may_act_for(request.user, item.organization), "kinds": DeadlineKind}, status=status)


def incubation(request):
    bases = IncubationBase.objects.select_related("operator", "division")
    sessions = TrainingSession.objects.select_related("base").prefetch_related("attendance")[:50]
    return render(request, T + "incubation.html", {"bases": bases, "sessions": sessions})


def base(request, pk):
    item = one(IncubationBase.objects.select_related("operator", "division"), pk)
    incubating = [(i.pk, i.name) for i in item.incubations.filter(outcome="incubating")]

    def graduate(data):
        return services.graduate(request.user, item.incubations.get(pk=data["incubation"]), data)

    here = lambda _result: ("engagement:base", item.pk)  # noqa: E731
    forms, response, status = handle(request, {
        "admit": Spec(f.AdmitForm, lambda d: services.admit(request.user, item, d), here, _("Organization admitted.")),
        "graduate": Spec(f.GraduateForm, graduate, here, _("Incubation outcome recorded."),
                         choices={"incubation": incubating}),
        "session": Spec(f.SessionForm, lambda d: services.create_session(request.user, item, d), here,
                        _("Training session recorded.")),
    })
    if response is not None:
        return response
    may_manage = acting(request.user) and (may_act_for(request.user, item.operator) or is_staff_user(request.user))
    return render(request, T + "base.html", {
        "base": item, "incubations": item.incubations.select_related("organization"),
        "sessions": item.sessions.prefetch_related("attendance"), "venues": item.venues.all(), "forms": forms,
        "may_manage": may_manage}, status=status)


def venues(request):
    rows = list(Venue.objects.select_related("division", "base"))
    usage = services.venue_usage(Venue.objects.all())
    for venue in rows:
        venue.usage = usage.get(venue.pk, {"bookings": 0, "organizations": 0, "attendees": 0})
    return render(request, T + "venues.html", {"venues": rows})


def venue(request, pk):
    item = one(Venue.objects.select_related("division", "base"), pk)
    here = lambda _result: ("engagement:venue", item.pk)  # noqa: E731

    def cancel(data):
        booking = item.bookings.filter(pk=request.POST.get("booking")).first()
        if booking is None:
            raise Http404
        return services.cancel_booking(request.user, booking, data)

    forms, response, status = handle(request, {
        "book": Spec(f.BookingForm, lambda d: services.book(request.user, item, d), here, _("Booking recorded.")),
        "cancel": Spec(f.ProblemForm, cancel, here, _("Booking cancelled.")),
    })
    if response is not None:
        return response
    day = today()
    own = getattr(request.user, "organization_id_bound", None) if request.user.is_authenticated else None
    bookings = list(item.bookings.filter(day__gte=day).select_related("organization"))
    for b in bookings:
        b.may_cancel = b.cancelled_on is None and (own == b.organization_id or (
            is_staff_user(request.user) and may_act_for(request.user, b.organization)))
    usage = services.venue_usage(Venue.objects.filter(pk=item.pk)).get(item.pk)
    return render(request, T + "venue.html", {"venue": item, "bookings": bookings, "forms": forms,
                                              "usage": usage, "may_book": acting(request.user)}, status=status)


# --- the posting organization ------------------------------------------------------------------------------------
def new_posting(request, code):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    org = org_or_404(request.user, code)
    require_acting(request.user)
    forms, response, status = handle(request, {
        "posting": Spec(f.PostingForm, lambda d: services.create_posting(request.user, org, d),
                        lambda p: ("engagement:posting", p.pk), _("Posting published."))})
    if response is not None:
        return response
    return render(request, T + "new_posting.html", {"org": org, "form": forms["posting"]}, status=status)


def applications(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    item = one(JobPosting.objects.visible_to(request.user).select_related("organization"), pk)
    require_acting(request.user)

    def outcome(data):
        application = item.applications.filter(pk=request.POST.get("application")).first()
        if application is None:
            raise Http404
        return services.record_outcome(request.user, application, data)

    forms, response, status = handle(request, {
        "outcome": Spec(f.OutcomeForm, outcome, lambda r: ("engagement:applications", item.pk),
                        _("Application outcome recorded."))})
    if response is not None:
        return response
    rows = list(item.applications.prefetch_related("outcomes"))
    failed = request.POST.get("application") if status != 200 else None
    return render(request, T + "applications.html", {"posting": item, "applications": rows, "form": forms["outcome"],
                                                     "failed": failed}, status=status)


# --- officers --------------------------------------------------------------------------------------------------
@staff_required
def workbench(request):
    user = request.user
    here = lambda _result: "engagement:workbench"  # noqa: E731
    forms, response, status = handle(request, {
        "county": Spec(f.KeyCountyForm, lambda d: services.designate_county(user, d), here, _("County designated.")),
        "group": Spec(f.GroupForm, lambda d: services.create_group(user, d), here, _("Group formed.")),
        "pairing": Spec(f.PairingForm, lambda d: services.create_pairing(user, d),
                        lambda p: ("engagement:pairing_detail", p.pk), _("Pairing recorded.")),
        "target": Spec(f.DutyTargetForm, lambda d: services.set_duty_target(user, d), here, _("Duty target set.")),
        "base": Spec(f.BaseForm, lambda d: services.create_base(user, d), lambda b: ("engagement:base", b.pk),
                     _("Base recorded.")),
        "venue": Spec(f.VenueForm, lambda d: services.create_venue(user, d), lambda v: ("engagement:venue", v.pk),
                      _("Venue recorded.")),
    })
    if response is not None:
        return response
    mine = Organization.objects.visible_to(user)
    deadlines = ReportingDeadline.objects.visible_to(user)
    return render(request, T + "workbench.html", {
        "overdue": services.overdue(deadlines)[:200],
        "coming": services.coming(deadlines).select_related("pairing__county", "pairing__organization",
                                                            "pairing__group")[:200],
        "reminders": Reminder.objects.filter(deadline__in=deadlines).select_related(
            "deadline__pairing__county").order_by("-sent_on", "-pk")[:50],
        "organizations": services.job_counts(mine)[:100], "jurisdictions": services.jurisdiction_counts(mine),
        "groups": PairingGroup.objects.all()[:100], "forms": forms,
        "incubations": Incubation.objects.filter(base__in=IncubationBase.objects.visible_to(user)).count(),
    }, status=status)
