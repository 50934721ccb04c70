"""Public pages: anyone may read them, and they show only public fields, whoever is logged in."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from common.dates import as_of_error_response, parse_as_of
from common.errors import RuleViolation
from common.web import problem_response
from credit import standing as credit_standing
from credit.sweep import derive_for
from registry.models import OrgType, Status
from registry.uscc import lookup_problems

from . import queries, sections
from .display import history_rows, standing_now, standing_on
from .forms import AsOfForm, PublicSearchForm

PAGE_SIZE = 20


def home(request):
    return render(request, "portal/home.html", {
        "counts": queries.register_counts(), "form": PublicSearchForm(), "org_types": OrgType, "statuses": Status,
    })


@vary_on_headers("HX-Request")  # the same URL answers htmx with the results only
def search(request):
    form = PublicSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    q, org_type, status = data.get("q", ""), data.get("type", ""), data.get("status", "")
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except RuleViolation as violation:
        return as_of_error_response(request, violation)
    if q:
        number = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
        page = queries.search_page(q, org_type=org_type, status=status, page=number, size=PAGE_SIZE, as_of=as_of)
    else:
        page = Paginator(queries.browse_organizations(org_type=org_type, status=status, as_of=as_of),
                         PAGE_SIZE).get_page(request.GET.get("page"))
        if as_of:
            page.object_list = [org.as_it_stood(as_of) for org in page.object_list]
    page.object_list = credit_standing.attach(page.object_list, as_of)
    template = "portal/_results.html" if request.headers.get("HX-Request") else "portal/search.html"
    return render(request, template, {"form": form, "page": page, "q": data.get("q", ""), "as_of": as_of})


def organization(request, code):
    """The public page; ``?as_of=YYYY-MM-DD`` shows the organization as it stood that day."""
    org = queries.public_organization(code)
    if org is None:
        malformed = lookup_problems(code)
        if malformed:
            return problem_response(request, RuleViolation(malformed))
        raise Http404
    form = AsOfForm()
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except RuleViolation as violation:
        return as_of_error_response(request, violation)
    if as_of is None:
        standing, events = standing_now(org), queries.events_of(org)
    else:
        standing = standing_on(queries.versions_until(org, as_of))
        if standing is None:
            return render(request, "portal/not_founded.html", {"org": org, "as_of": as_of}, status=404)
        events = queries.events_of(org, as_of)
    day = as_of or timezone.localdate()
    badge = credit_standing.standings([org], day, derivations=derive_for([org], day))[org.pk]
    return render(request, "portal/organization.html", {
        "org": org, "s": standing, "as_of": as_of, "form": form, "standing": badge,
        "history": history_rows(events, public=True),
        "sections": sections.collect(org, as_of),
    })
