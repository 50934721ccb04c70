from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import staff_required
from common.dates import refuses_bad_as_of
from common.web import submit_form, visible_or_404
from divisions.policy import setting
from supervision.base import explain_item
from supervision.models import (
    DepartureAudit,
    LeadershipTerm,
    TermKind,
)
from supervision.reports import services as reports_services
from supervision.reports.forms import AsOfFilterForm
from supervision.web import PAGE_SIZE, staff_organization

from . import queries, services
from .forms import DepartureAuditForm, PostponementForm, TermForm


@staff_required
def term_new(request, code):
    org = staff_organization(request.user, code)
    current = queries.current_term(org)
    years = setting("LEADERSHIP_TERM_YEARS", org.authority_id)
    initial = {"filing": TermKind.RENEWAL if current else TermKind.INITIAL, "legal_rep_name": org.legal_rep_name,
               "term_years": years.value}
    form = TermForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = submit_form(form, request, lambda: services.file_term(request.user, org, form.raw()),
                                   lambda t: _("Filed: the term from %(day)s.") % {"day": t.started_on.isoformat()},
                                   lambda t: ("reports:organization", org.code))
        if response is not None:
            return response
    elif request.method == "POST":
        status = 400
    return render(request, "supervision/leadership/term_form.html", {
        "org": org, "form": form, "current": current, "years": years,
        "audit_rule": explain_item(setting("LEADERSHIP_AUDIT_BEFORE", org.authority_id), org.org_type),
        "audits": DepartureAudit.objects.filter(organization=org).order_by("-audited_on")[:5],
    }, status=status)


@staff_required
def audit_new(request, code):
    org = staff_organization(request.user, code)
    form = DepartureAuditForm(request.POST or None, initial={"person_name": org.legal_rep_name})
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = submit_form(form, request,
                                   lambda: services.record_departure_audit(request.user, org, form.raw()),
                                   lambda a: _("Recorded: the audit of %(name)s.") % {"name": a.person_name},
                                   lambda a: ("reports:organization", org.code))
        if response is not None:
            return response
    elif request.method == "POST":
        status = 400
    return render(request, "supervision/leadership/audit_form.html", {"org": org, "form": form}, status=status)


@staff_required
def postpone(request, pk):
    term = visible_or_404(LeadershipTerm.objects.visible_to(request.user).select_related("organization"), pk=pk)
    org = term.organization
    form = PostponementForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = submit_form(form, request, lambda: services.postpone_term(request.user, term, form.raw()),
                                   lambda p: _("Recorded: renewal postponed to %(day)s.")
                                   % {"day": p.postponed_to.isoformat()},
                                   lambda p: ("reports:organization", org.code))
        if response is not None:
            return response
    elif request.method == "POST":
        status = 400
    limit = setting("LEADERSHIP_POSTPONEMENT_MAX_MONTHS", org.authority_id)
    return render(request, "supervision/leadership/postpone_form.html", {"org": org, "term": term, "form": form,
                                                                       "limit": limit}, status=status)


@staff_required
@refuses_bad_as_of
def leadership_overdue(request):
    form = AsOfFilterForm(request.GET)
    as_of = (form.cleaned_data.get("as_of") if form.is_valid() else None) or reports_services.today()
    rows = queries.overdue_terms(request.user, as_of)
    return render(request, "supervision/leadership/leadership_overdue.html", {
        "form": form, "as_of": as_of, "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
    })
