from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, permissions, status
from rest_framework.response import Response

from accounts.permissions import IsStaff, StaffWrites
from common.api_errors import error_responses
from supervision.models import (
    DepartureAudit,
    LeadershipTerm,
)
from supervision.web import NewestFirst, fact_or_404, input_data, organization_or_404, public_or_scoped

from . import queries, services
from .filtersets import TermFilter
from .serializers import (
    DepartureAuditInput,
    DepartureAuditSerializer,
    LeadershipTermSerializer,
    OverdueTermSerializer,
    PostponementInput,
    PostponementSerializer,
    TermInput,
)


@extend_schema_view(
    get=extend_schema(tags=["leadership"], summary="Leadership terms (public)",
                      responses={200: LeadershipTermSerializer(many=True), **error_responses(400)}),
    post=extend_schema(tags=["leadership"], summary="File a leadership term: the term in force, or a renewal (换届)",
                       description="A renewal records the registration event leadership_change (with the new legal "
                                   "representative when it changes). Before it, the outgoing legal "
                                   "representative's financial audit must be on file when the setting "
                                   "LEADERSHIP_AUDIT_BEFORE requires it (LEAD-AUDIT-REQUIRED).",
                       request=TermInput,
                       responses={201: LeadershipTermSerializer, **error_responses(400, 401, 403, 404)}),
)
class TermList(generics.ListCreateAPIView):
    permission_classes = [StaffWrites]
    pagination_class = NewestFirst
    filterset_class = TermFilter
    serializer_class = LeadershipTermSerializer

    def get_queryset(self):
        return public_or_scoped(LeadershipTerm, self.request.user).prefetch_related("postponements")

    def create(self, request, *args, **kwargs):
        serializer = TermInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = input_data(serializer)
        org = organization_or_404(request, data.pop("organization"))
        term = services.file_term(request.user, org, data)
        return Response(LeadershipTermSerializer(term).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["leadership"], summary="One leadership term",
               responses={200: LeadershipTermSerializer, **error_responses(404)})
class TermDetail(generics.RetrieveAPIView):
    serializer_class = LeadershipTermSerializer

    def get_object(self):
        return fact_or_404(public_or_scoped(LeadershipTerm, self.request.user), pk=self.kwargs["pk"])


@extend_schema_view(
    get=extend_schema(tags=["leadership"], summary="Postponements of a term's renewal",
                      responses={200: PostponementSerializer(many=True), **error_responses(404)}),
    post=extend_schema(tags=["leadership"], summary="Record an approved postponement of the renewal (延期换届)",
                       description="At most LEADERSHIP_POSTPONEMENT_MAX_MONTHS (default 12) after the renewal date.",
                       request=PostponementInput,
                       responses={201: PostponementSerializer, **error_responses(400, 401, 403, 404)}),
)
class TermPostponements(generics.ListCreateAPIView):
    permission_classes = [StaffWrites]
    pagination_class = None
    serializer_class = PostponementSerializer

    def term(self) -> LeadershipTerm:
        return fact_or_404(public_or_scoped(LeadershipTerm, self.request.user), pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LeadershipTerm.objects.none()
        return self.term().postponements.order_by("postponed_to")

    def create(self, request, *args, **kwargs):
        term = self.term()
        serializer = PostponementInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        postponement = services.postpone_term(request.user, term, input_data(serializer))
        return Response(PostponementSerializer(postponement).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["leadership"], summary="Terms overdue for renewal in your jurisdiction (staff)",
               description="The term in force ended (or its approved postponement passed) and no renewal was "
                           "filed, as of `as_of` (default today).",
               parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, OpenApiParameter.QUERY)],
               responses={200: OverdueTermSerializer(many=True), **error_responses(400, 401, 403)})
class OverdueTerms(generics.ListAPIView):
    permission_classes = [IsStaff]
    pagination_class = None
    serializer_class = OverdueTermSerializer
    filter_backends: list = []

    def get_queryset(self):
        from common.dates import parse_as_of

        return queries.overdue_terms(self.request.user, parse_as_of(self.request.query_params.get("as_of"))).prefetch_related(
            "postponements")[:1000]


@extend_schema_view(
    get=extend_schema(tags=["leadership"], summary="Departure audits (离任审计) visible to you",
                      responses={200: DepartureAuditSerializer(many=True), **error_responses(401)}),
    post=extend_schema(tags=["leadership"], summary="Record a departure audit (officer in the jurisdiction)",
                       request=DepartureAuditInput,
                       responses={201: DepartureAuditSerializer, **error_responses(400, 401, 403, 404)}),
)
class DepartureAuditList(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated, StaffWrites]
    pagination_class = NewestFirst
    serializer_class = DepartureAuditSerializer

    def get_queryset(self):
        return DepartureAudit.objects.visible_to(self.request.user).select_related("organization")

    def create(self, request, *args, **kwargs):
        serializer = DepartureAuditInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = input_data(serializer)
        org = organization_or_404(request, data.pop("organization"))
        audit = services.record_departure_audit(request.user, org, data)
        return Response(DepartureAuditSerializer(audit).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["leadership"], summary="One departure audit",
               responses={200: DepartureAuditSerializer, **error_responses(401, 404)})
class DepartureAuditDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DepartureAuditSerializer

    def get_object(self):
        queryset = DepartureAudit.objects.visible_to(self.request.user).select_related("organization")
        return fact_or_404(queryset, pk=self.kwargs["pk"])
