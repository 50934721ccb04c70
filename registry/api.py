"""REST API of the register. Views parse input, call querysets and services, and render; rules live in
registry.rules/validation/services and accounts.jurisdiction.

Who sees what: anonymous readers get the public serializer over the whole register; any signed-in user
gets ``Organization.objects.visible_to(user)`` (strictly scoped) and the staff serializer, and an
organization outside that scope is a 404, never a 403, so its existence is not confirmed.
"""

from datetime import date

import django_filters
from django.db.models import Q
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, pagination, permissions, serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from accounts.jurisdiction import may_act_for_division, scope_q
from accounts.permissions import StaffWrites
from common.api_errors import error_responses
from common.dates import parse_as_of
from common.errors import RuleViolation
from divisions.api import DivisionCodeFilter
from divisions.models import subtree_q

from . import standing
from .models import Level, Organization, OrgType, RegistrationEvent, Status
from .search import Filters, search
from .serializers import (
    EventInputSerializer,
    EventSerializer,
    PublicEventSerializer,
    PublicOrganizationSerializer,
    RegistrationSerializer,
    SearchParamsSerializer,
    StaffOrganizationSerializer,
)
from .services import NOT_FOUND, record_event, register_organization
from .uscc import lookup_problems

AS_OF_HELP = ("Show the register as it stood on this date (YYYY-MM-DD): only organizations founded by then, "
              "with their name, status and registered items of that day. A date that is not a real YYYY-MM-DD "
              "date (AS-OF-FORMAT) or lies after today (AS-OF-FUTURE) is a 400.")


def readable_organizations(user):
    """Anonymous: the whole public register. Signed in: only what visible_to(user) allows."""
    queryset = Organization.objects.select_related("authority")
    if user.is_authenticated:
        return queryset.visible_to(user)
    return queryset.defer("legal_rep_id_encrypted", "legal_rep_id_hash")  # never even loaded for the public


def organization_or_404(request, code: str) -> Organization:
    org = readable_organizations(request.user).by_code(code).first()
    if org is None:
        malformed = lookup_problems(code)  # a code no organization can have: say what is wrong with it
        raise RuleViolation(malformed, status=400) if malformed else RuleViolation(list(NOT_FOUND.problems),
                                                                                    status=404)
    return org


def as_of_param(request) -> date | None:
    return parse_as_of(request.query_params.get("as_of"))


def organization_as_of(org: Organization, day: date) -> Organization:
    if org.founded_on > day:
        raise RuleViolation.one("NOT-YET-FOUNDED", "as_of", f"该组织在 {day} 尚未成立（成立日期 {org.founded_on}）",
                                f"the organization had not been founded on {day} (founded {org.founded_on})",
                                status=404)
    org.versions_then = list(org.versions.filter(valid_from__lte=day).order_by("valid_from"))
    return org.as_it_stood(day)


def organization_serializer(user):
    return StaffOrganizationSerializer if user.is_authenticated else PublicOrganizationSerializer


# --- filters, pagination, permissions ------------------------------------------------------------------

@extend_schema_field(OpenApiTypes.DATE)
class AsOfFilter(django_filters.CharFilter):
    """``as_of`` read by common.dates.parse_as_of (the one reading for every endpoint)."""


class OrganizationFilter(django_filters.FilterSet):
    # as_of comes first: the status filter reads it (filters apply in declaration order).
    as_of = AsOfFilter(method="filter_as_of", help_text=AS_OF_HELP)
    type = django_filters.ChoiceFilter(field_name="org_type", choices=OrgType.choices)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices, method="filter_status",
                                         help_text="Status (as of the as_of date when given).")
    division = DivisionCodeFilter(method="filter_division",
                                  help_text="Registering authority is this division or lies below it.")
    founded_from = django_filters.DateFilter(field_name="founded_on", lookup_expr="gte")
    founded_to = django_filters.DateFilter(field_name="founded_on", lookup_expr="lte")

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_as_of(self, queryset, name, value):
        day = parse_as_of(value)
        return queryset.as_of(day) if day else queryset

    def filter_status(self, queryset, name, value):
        day = parse_as_of(self.form.cleaned_data.get("as_of"))
        if day is None:
            return queryset.filter(status=value)
        # One filter() call, so all three conditions hold for the same version row.
        return queryset.filter(Q(versions__valid_to__isnull=True) | Q(versions__valid_to__gt=day),
                               versions__valid_from__lte=day, versions__status=value)

    def filter_division(self, queryset, name, value):
        return queryset.filter(subtree_q("authority_id", value))


class ById(pagination.CursorPagination):
    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 500


class StaffMayRegister(StaffWrites):
    """Registering needs an officer or administrator (after IsAuthenticatedOrReadOnly has let reads through)."""

    code = "registration_staff_only"
    message = "只有登记管理机关工作人员或系统管理员可以办理登记 / only registration officers and administrators may register"


class StaffMayRecordEvents(permissions.BasePermission):
    """Recording an event needs an officer or administrator over the organization's authority."""

    def has_object_permission(self, request, view, org):
        return request.method in permissions.SAFE_METHODS or may_act_for_division(request.user, org.authority_id)


# --- views ---------------------------------------------------------------------------------------------

@extend_schema_view(
    get=extend_schema(
        tags=["organizations"],
        summary="List organizations",
        description="Anonymous: the public register, public fields only. Signed in: only the organizations this "
                    "user may see (an officer's jurisdiction, an organization user's own), with staff fields.\n\n"
                    "With `q`: a ranked search (exact name > prefix > substring > pinyin; USCC or filing number "
                    "exact or prefix), combinable with type, level, status, division and `as_of`, paginated by "
                    "`page`/`page_size`; each result carries `match` (exact, prefix, substring, pinyin, words or "
                    "code). Pinyin and initials match from any syllable of a name (`kangfu`, `cjr`); several "
                    "words separated by spaces must all match (`match` = words).",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, OpenApiParameter.QUERY,
                             description="Search: name or former name (traditional or simplified), pinyin, "
                                         "initials, USCC or filing number (or its beginning); several words "
                                         "separated by spaces must all match."),
            OpenApiParameter("page", OpenApiTypes.INT, OpenApiParameter.QUERY, description="With q: page number."),
        ],
        responses={200: StaffOrganizationSerializer(many=True), **error_responses(400, 401, 429)},
    ),
    post=extend_schema(
        tags=["organizations"],
        summary="Register an organization (成立登记 / 备案)",
        request=RegistrationSerializer,
        responses={201: StaffOrganizationSerializer, **error_responses(400, 401, 403),
                   409: OpenApiResponse(description="NAME-SCREEN-HIT: the name is the same as or looks like a "
                                                    "registered, former, suspected-illegal or serious-list name; "
                                                    "`errors` explains, `screening` lists the candidates with "
                                                    "their scores and features. Nothing was registered.")},
    ),
)
class OrganizationList(generics.ListCreateAPIView):
    filterset_class = OrganizationFilter
    pagination_class = ById
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, StaffMayRegister]

    def get_queryset(self):
        return readable_organizations(self.request.user)

    def get_serializer_class(self):
        return RegistrationSerializer if self.request.method == "POST" else organization_serializer(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        day = as_of_param(self.request)
        page = [org.as_it_stood(day) for org in page] if day else page
        return standing.attach(page, day)  # one query for the page's list entries

    def list(self, request, *args, **kwargs):
        if "q" not in request.query_params:
            return super().list(request, *args, **kwargs)
        params = SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        filters = Filters(org_type=p.get("type"), level=p.get("level"), status=p.get("status"),
                          division=p.get("division"), as_of=as_of_param(request))
        # Anonymous readers search the public register; signed-in users only what they may see.
        scope = (scope_q(request.user, authority_field="authority_id", organization_field="organization_id")
                 if request.user.is_authenticated else None)
        size, number = p["page_size"], p["page"]
        found = search(p["q"], filters, limit=size + 1, offset=(number - 1) * size, scope=scope)
        more = len(found) > size
        rows = self.get_serializer(standing.attach(found[:size]), many=True).data
        for row, org in zip(rows, found, strict=False):
            row["match"] = org.match_tier
        return Response({
            "next": self._page_link(request, number + 1) if more else None,
            "previous": self._page_link(request, number - 1) if number > 1 else None,
            "results": rows,
        })

    @staticmethod
    def _page_link(request, number: int) -> str:
        query = request.query_params.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    def create(self, request, *args, **kwargs):
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason, decision_number = data.pop("reason", None) or "", data.pop("decision_number", None) or ""
        confirmed, screening_reason = data.pop("screening_confirmed", False), data.pop("screening_reason", "") or ""
        org = register_organization(request.user, data, reason=reason, decision_number=decision_number,
                                    screen=True, screening_confirmed=confirmed, screening_reason=screening_reason)
        location = reverse("api-organization-detail", kwargs={"code": org.code})
        return Response(StaffOrganizationSerializer(org).data, status=status.HTTP_201_CREATED,
                        headers={"Location": location})


@extend_schema(
    tags=["organizations"],
    summary="One organization, by USCC or filing number",
    parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, OpenApiParameter.QUERY, description=AS_OF_HELP)],
    responses={200: StaffOrganizationSerializer, **error_responses(400, 404)},
)
class OrganizationDetail(generics.RetrieveAPIView):
    def get_serializer_class(self):
        return organization_serializer(self.request.user)

    def get_object(self):
        org = organization_or_404(self.request, self.kwargs["code"])
        day = as_of_param(self.request)
        return organization_as_of(org, day) if day else org


@extend_schema_view(
    get=extend_schema(tags=["organizations"], summary="Registration events of an organization (oldest first)",
                      responses={200: EventSerializer(many=True), **error_responses(404)}),
    post=extend_schema(tags=["organizations"], summary="Record a registration event (变更, 换届, 注销, 撤销, 吊销, or a correction)",
                       request=EventInputSerializer,
                       responses={201: EventSerializer, **error_responses(400, 401, 403, 404)}),
)
class OrganizationEvents(generics.ListCreateAPIView):
    pagination_class = None  # tens of events per organization at most
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, StaffMayRecordEvents]

    def get_organization(self) -> Organization:
        if not hasattr(self, "_organization"):
            org = organization_or_404(self.request, self.kwargs["code"])
            self.check_object_permissions(self.request, org)
            self._organization = org
        return self._organization

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no organization
            return RegistrationEvent.objects.none()
        return self.get_organization().events.select_related("superseded_by").order_by("effective_on", "id")

    def get_serializer_class(self):
        if self.request.method == "POST":
            return EventInputSerializer
        return EventSerializer if self.request.user.is_authenticated else PublicEventSerializer

    def create(self, request, *args, **kwargs):
        org = self.get_organization()
        serializer = EventInputSerializer(data=request.data, context={"organization": org})
        serializer.is_valid(raise_exception=True)
        event = record_event(request.user, org, **serializer.validated_data, accepting=True)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["auth"], summary="Exchange a username and password for an API token",
               responses={200: inline_serializer("Token", {"token": serializers.CharField()}), **error_responses(400)})
class TokenView(ObtainAuthToken):
    """A user who signs in with a second factor (accounts.two_factor) gives the current code as ``otp`` too."""

    permission_classes = [permissions.AllowAny]

    def post(self, request, *args, **kwargs):
        from django_otp import match_token
        from rest_framework.authtoken.models import Token

        from accounts.two_factor import token_needs_code

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if token_needs_code(user) and match_token(user, str(request.data.get("otp", "")).strip()) is None:
            raise RuleViolation.one("AUTH-2FA-CODE", "otp", "此账号需要两步验证：请同时提交动态验证码 otp",
                                    "this account signs in with two factors: send the current one-time code as otp")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
