"""Staff pages (officers and administrators). They parse input, call the registry services and render;
jurisdiction comes from ``visible_to`` (reads) and the services (writes)."""


from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from accounts.jurisdiction import is_staff_user
from accounts.permissions import staff_required
from common.crypto import mask_id_number
from common.errors import RuleViolation
from credit import standing as credit_standing
from registry.models import EventKind, Organization, OrgType
from registry.services import decrypt_id, record_event, register_organization

from . import queries
from .display import audit_diff, history_rows, standing_now
from .forms import EventForm, RegisterForm, StaffFilterForm
from .screening_display import screening_rows

PAGE_SIZE = 50


@login_required
def dashboard(request):
    """My jurisdiction: the organizations this officer may see, filtered and paginated."""
    user = request.user
    if user.is_supervisor_user:
        return redirect("reports:first_reviews")
    if not is_staff_user(user):
        own = Organization.objects.filter(pk=user.organization_id_bound).first() if user.is_org_user else None
        if own is None:
            raise PermissionDenied
        return redirect("portal:organization", code=own.code)
    form = StaffFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    orgs = queries.staff_organizations(user, q=data.get("q", ""), org_type=data.get("type", ""),
                                       status=data.get("status", ""), level=data.get("level", ""))
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = credit_standing.attach(page.object_list)  # one query for the page's list entries
    return render(request, "staff/dashboard.html", {
        "form": form, "page": page,
        "counts": queries.register_counts(Organization.objects.visible_to(user)),
        "filtered": any(data.values()),
    })


@staff_required
def register(request):
    """成立登记 / 备案."""
    initial = {"authority": request.user.division_id or "", "org_type": OrgType.SOCIAL_GROUP}
    form = RegisterForm(request.POST or None, initial=initial)
    status = 200
    hits = []
    if request.method == "POST" and form.is_valid():
        try:
            org = register_organization(request.user, form.service_data(),
                                        reason=form.cleaned_data["reason"],
                                        decision_number=form.cleaned_data["decision_number"], screen=True,
                                        screening_confirmed=form.cleaned_data["screening_confirmed"],
                                        screening_reason=form.cleaned_data["screening_reason"])
        except RuleViolation as violation:
            form.show(violation)
            status = violation.status
            hits = getattr(violation, "hits", [])
        else:
            messages.success(request, _("Registered: %(name)s (%(code)s).") % {"name": org.name, "code": org.code})
            return redirect("staff:organization", code=org.code)
    elif request.method == "POST":
        status = 400
    return render(request, "staff/register.html", {"form": form, "hits": screening_rows(hits)}, status=status)


def _visible_or_404(user, code) -> Organization:
    # 404, not 403: an officer learns nothing about organizations outside the jurisdiction.
    org = queries.staff_organization(user, code)
    if org is None:
        raise Http404
    return org


@staff_required
def organization(request, code):
    org = _visible_or_404(request.user, code)
    events = queries.events_of(org)
    audit = [(row, audit_diff(row.before, row.after))
             for row in queries.audit_history(org, [e.pk for e in events])[:200]]
    return render(request, "staff/organization.html", {
        "org": org, "s": standing_now(org), "legal_rep_id_masked": _masked_id(org),
        "standing": credit_standing.standings([org])[org.pk],
        "history": history_rows(events, public=False), "audit": audit,
    })


def _masked_id(org: Organization) -> str:
    try:
        return mask_id_number(decrypt_id(org))
    except InvalidToken:
        return _("(cannot be decrypted with the current key)")


@staff_required
@vary_on_headers("HX-Request")  # htmx gets only the item fields for the chosen kind
def record(request, code):
    """变更 / 换届 / 注销 / 撤销 / 吊销 for one organization in the jurisdiction."""
    org = _visible_or_404(request.user, code)
    kind = request.POST.get("kind") or request.GET.get("kind") or EventKind.CHANGE
    form = EventForm(request.POST or None, initial={"kind": kind})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = record_event(request.user, org, kind=data["kind"], effective_on=data["effective_on"],
                                 decision_number=data["decision_number"], reason=data["reason"],
                                 changes=form.changes(), accepting=True)
        except RuleViolation as violation:
            form.show(violation)
            status = violation.status
        else:
            messages.success(request, _("Recorded: %(event)s, effective %(day)s.")
                             % {"event": event.get_kind_display(), "day": event.effective_on.isoformat()})
            return redirect("staff:organization", code=org.code)
    elif request.method == "POST":
        status = 400
    partial = request.method == "GET" and request.headers.get("HX-Request")
    return render(request, "staff/_event_items.html" if partial else "staff/record_event.html",
                  {"org": org, "form": form, "kind": kind, "item_fields": form.item_fields(kind)}, status=status)
