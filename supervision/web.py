"""Helpers the supervision pages and API views share: the organization a request acts on, pagination, the
POST half of an action page, and the ``?as_of=`` / ``?division=`` parameters."""

from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination, parsers

from accounts.jurisdiction import is_staff_user
from common import web
from common.dates import as_of_or_today
from common.errors import RuleViolation
from common.web import submit_form
from registry.models import Organization
from supervision import base
from supervision.reports import queries as reports_queries

PAGE_SIZE = 50


def own_organization(user) -> Organization:
    org = Organization.objects.filter(pk=user.organization_id_bound).first() if user.is_org_user else None
    if org is None:
        raise PermissionDenied
    return org


def staff_organization(user, code) -> Organization:
    org = reports_queries.visible_organization(user, code)
    if org is None:
        raise Http404
    return org


PARSERS = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]


class NewestFirst(pagination.CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500


class OldestSubmissionFirst(pagination.CursorPagination):
    ordering = ("last_submitted_on", "id")
    page_size_query_param = "page_size"
    max_page_size = 500


def organization_or_404(request, code) -> object:
    org = reports_queries.visible_organization(request.user, str(code or ""))
    if org is None:
        raise base.not_found()
    return org


fact_or_404 = partial(web.visible_or_404, error=base.not_found)


def public_or_scoped(model, user):
    """Public facts: everything for anonymous readers, the user's scope for a signed-in user."""
    queryset = model.objects.select_related("organization")
    return queryset.visible_to(user) if user.is_authenticated else queryset


def uploaded_files(request) -> dict:
    return {"audit_report": request.FILES.get("audit_report")}


def input_data(serializer) -> dict:
    data = dict(serializer.validated_data)
    data.pop("audit_report", None)
    return data


RATINGS_TEMPLATES = "supervision/ratings/"


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


def blank_to_none(value):
    return value if value not in ("", None) else None


RATINGS, SPOT = ["ratings"], ["spot checks"]


def not_found_or_hidden() -> RuleViolation:
    return RuleViolation.one("NOT-FOUND", None, "未找到，或不在您的查看范围内", "not found, or not visible to you",
                             status=404)


scoped_or_404 = partial(web.visible_or_404, error=not_found_or_hidden)


def organization_visible_or_404(user, code: str) -> Organization:
    org = Organization.objects.visible_to(user).by_code(code or "").first()
    if org is None:
        raise not_found_or_hidden()
    return org


def valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def division_param(request) -> str | None:
    code = request.query_params.get("division")
    if code is None or code == "":
        return None
    if not (len(code) == 6 and code.isdigit()):
        raise RuleViolation.one("DIVISION", "division", f"行政区划代码“{code}”应为 6 位数字",
                                f"division code '{code}' must be six digits", value=code)
    return code


def parse_as_of(request) -> date:
    """``?as_of=`` by common.dates (AS-OF-FORMAT, AS-OF-FUTURE); today when absent."""
    return as_of_or_today(request.query_params.get("as_of"))


class ById(pagination.CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500


AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, OpenApiParameter.QUERY, description="Date (default today).")
