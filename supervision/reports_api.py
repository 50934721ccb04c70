"""REST API of annual reports, penalties and leadership terms (/api/v1/). Views parse input, read through
``visible_to`` and call supervision.services_reports; no rule lives here.

Who sees what: annual reports, reviews and audits are private (the organization itself, the officers over it,
and for the organizations it supervises the business supervisor's user, who records the 初审 and nothing else);
penalties and leadership terms are public, so anonymous readers see all of them while a signed-in user
sees only their scope (like the register). Anything outside a user's scope is a 404, never a 403.
"""

from functools import partial

import django_filters
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, pagination, parsers, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsReviewer, IsStaff, ReviewerWrites, StaffWrites
from common import web
from common.api_errors import error_responses
from common.errors import RuleViolation
from divisions.api import DivisionCodeFilter
from divisions.models import subtree_q

from . import services_reports as services
from .models import (
    AnnualReport,
    Conclusion,
    DepartureAudit,
    LeadershipTerm,
    Penalty,
    PenaltyKind,
    ReportReview,
    ReportState,
    ReportSubmission,
)
from .reports_serializers import (
    AnnualReportDetailSerializer,
    AnnualReportInput,
    AnnualReportSerializer,
    DepartureAuditInput,
    DepartureAuditSerializer,
    FirstReviewParams,
    LeadershipTermSerializer,
    OverdueParams,
    OverdueSerializer,
    OverdueTermSerializer,
    PenaltyInput,
    PenaltySerializer,
    PostponementInput,
    PostponementSerializer,
    ResubmissionInput,
    ReviewInput,
    ReviewSerializer,
    SubmissionSerializer,
    TermInput,
)

PARSERS = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]


class NewestFirst(pagination.CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500


class OldestSubmissionFirst(pagination.CursorPagination):
    ordering = ("last_submitted_on", "id")
    page_size_query_param = "page_size"
    max_page_size = 500


def _organization(request, code) -> object:
    org = services.visible_organization(request.user, str(code or ""))
    if org is None:
        raise services.not_found()
    return org


_object_or_404 = partial(web.visible_or_404, error=services.not_found)


def _public_or_scoped(model, user):
    """Public facts: everything for anonymous readers, the user's scope for a signed-in user."""
    queryset = model.objects.select_related("organization")
    return queryset.visible_to(user) if user.is_authenticated else queryset


def _files(request) -> dict:
    return {"audit_report": request.FILES.get("audit_report")}


def _data(serializer) -> dict:
    data = dict(serializer.validated_data)
    data.pop("audit_report", None)
    return data


# --- annual reports ----------------------------------------------------------------------------------------

class AnnualReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    report_state = django_filters.ChoiceFilter(field_name="state", choices=ReportState.choices)
    conclusion = django_filters.ChoiceFilter(choices=Conclusion.choices)
    division = DivisionCodeFilter(method="filter_division",
                                  help_text="Registering authority is this division or lies below it.")

    class Meta:
        model = AnnualReport
        fields: list[str] = []

    def filter_division(self, queryset, name, value):
        return queryset.filter(subtree_q("organization__authority_id", value))


@extend_schema_view(
    get=extend_schema(tags=["annual reports"], summary="Annual work reports visible to you",
                      description="An organization user sees its own reports; an officer those of the "
                                  "jurisdiction. Not public.",
                      responses={200: AnnualReportSerializer(many=True), **error_responses(400, 401)}),
    post=extend_schema(tags=["annual reports"], summary="Submit an annual work report (organization user)",
                       description="Only the organization's own account submits (REPORT-OWN-ORGANIZATION). Every "
                                   "figure is checked at once: negative money, the income, expenditure and "
                                   "balance-sheet totals, the audit report required for foundations.",
                       request={"application/json": AnnualReportInput, "multipart/form-data": AnnualReportInput},
                       responses={201: AnnualReportDetailSerializer, **error_responses(400, 401, 403, 404)}),
)
class AnnualReportList(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = PARSERS
    pagination_class = NewestFirst
    filterset_class = AnnualReportFilter
    serializer_class = AnnualReportSerializer

    def get_queryset(self):
        return AnnualReport.objects.visible_to(self.request.user).select_related("organization")

    def create(self, request, *args, **kwargs):
        serializer = AnnualReportInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _data(serializer)
        org = _organization(request, data.pop("organization"))
        report = services.submit_report(request.user, org, data, _files(request)["audit_report"])
        return Response(AnnualReportDetailSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["annual reports"], summary="Reports awaiting the business supervisor's first review (初审)",
               description="A business supervisor user's queue: the reports of the organizations its unit supervises "
                           "(within its division) that await its first review, oldest submission first. Officers "
                           "see those of their jurisdiction (they may record a first review received on paper). "
                           "Organization users: 403.",
               parameters=[FirstReviewParams],
               responses={200: AnnualReportSerializer(many=True), **error_responses(400, 401, 403)})
class FirstReviewQueue(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]
    pagination_class = OldestSubmissionFirst
    serializer_class = AnnualReportSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = FirstReviewParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        queryset = (AnnualReport.objects.visible_to(self.request.user).select_related("organization")
                    .filter(state=ReportState.AWAITING_FIRST_REVIEW))
        if params.validated_data.get("year"):
            queryset = queryset.filter(year=params.validated_data["year"])
        return queryset


def visible_report(request, pk) -> AnnualReport:
    return _object_or_404(AnnualReport.objects.visible_to(request.user).select_related("organization"), pk=pk)


@extend_schema(tags=["annual reports"], summary="One annual work report, with its submissions and reviews",
               responses={200: AnnualReportDetailSerializer, **error_responses(401, 404)})
class AnnualReportDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AnnualReportDetailSerializer

    def get_object(self):
        return visible_report(self.request, self.kwargs["pk"])


@extend_schema_view(
    get=extend_schema(tags=["annual reports"], summary="Submissions of a report (oldest first)",
                      responses={200: SubmissionSerializer(many=True), **error_responses(401, 404)}),
    post=extend_schema(tags=["annual reports"], summary="Resubmit a corrected report (organization user)",
                       description="Allowed after the report was returned for correction, or before anyone "
                                   "reviewed it. The new submission supersedes the previous one.",
                       request={"application/json": ResubmissionInput, "multipart/form-data": ResubmissionInput},
                       responses={201: AnnualReportDetailSerializer, **error_responses(400, 401, 403, 404)}),
)
class AnnualReportSubmissions(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = PARSERS
    pagination_class = None
    serializer_class = SubmissionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportSubmission.objects.none()
        return visible_report(self.request, self.kwargs["pk"]).submissions.order_by("number")

    def create(self, request, *args, **kwargs):
        report = visible_report(request, kwargs["pk"])
        serializer = ResubmissionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.resubmit_report(request.user, report, _data(serializer), _files(request)["audit_report"])
        report.refresh_from_db()
        return Response(AnnualReportDetailSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=["annual reports"], summary="Reviews of a report (oldest first)",
                      responses={200: ReviewSerializer(many=True), **error_responses(401, 404)}),
    post=extend_schema(tags=["annual reports"], summary="Record a review (business supervisor or officer)",
                       description="first_review: the business supervisor's 初审, recorded by the business "
                                   "supervisor's own user for the organizations its unit supervises (its unit is "
                                   "recorded; supervisor_name is ignored), or by an officer on its behalf "
                                   "(supervisor_name). A business supervisor user may record nothing else "
                                   "(REVIEW-SUPERVISOR-FIRST-ONLY, 403). authority: the registration authority's "
                                   "review (officers in the jurisdiction); in "
                                   "annual-inspection mode it concludes qualified / basically_qualified / "
                                   "unqualified, in annual-report mode it completes a formal review without a "
                                   "conclusion (setting ANNUAL_REVIEW_MODE of the jurisdiction).",
                       request=ReviewInput,
                       responses={201: ReviewSerializer, **error_responses(400, 401, 403, 404)}),
)
class AnnualReportReviews(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated, ReviewerWrites]
    pagination_class = None
    serializer_class = ReviewSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportReview.objects.none()
        return visible_report(self.request, self.kwargs["pk"]).reviews.order_by("id")

    def create(self, request, *args, **kwargs):
        report = visible_report(request, kwargs["pk"])
        serializer = ReviewInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        supersedes = None
        if data.get("supersedes"):
            supersedes = report.reviews.filter(pk=data["supersedes"]).first()
            if supersedes is None:
                raise RuleViolation.one("REVIEW-SUPERSEDES", "supersedes", "要更正的审查记录不属于该报告",
                                        "the review to correct does not belong to this report",
                                        value=str(data["supersedes"]))
        review = services.record_review(
            request.user, report, stage=data.get("review_stage"), outcome=data.get("review_outcome"),
            conclusion=data.get("conclusion") or "", reasons=data.get("reasons") or "",
            reviewed_on=data.get("reviewed_on"), supervisor_name=data.get("supervisor_name") or "",
            supersedes=supersedes)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["annual reports"], summary="Download the audit report attached to a submission",
               responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
                          **error_responses(401, 404)})
class AnnualReportAuditFile(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request, pk, number):
        report = visible_report(request, pk)
        submission = report.submissions.filter(number=number).first()
        if submission is None or not submission.audit_report:
            raise services.not_found()
        return FileResponse(submission.audit_report.open("rb"), as_attachment=True,
                            filename=submission.audit_report_name or submission.audit_report.name.rsplit("/")[-1])


@extend_schema(tags=["annual reports"], summary="Overdue annual reports in your jurisdiction (staff)",
               description="The findings of the sweep (`python manage.py report_sweep`): reports missing on the "
                           "day after the deadline, and reports that came in late. `still_missing` says whether "
                           "any report for the year has come in since.",
               parameters=[OverdueParams],
               responses={200: OverdueSerializer(many=True), **error_responses(400, 401, 403)})
class OverdueReports(generics.ListAPIView):
    permission_classes = [IsStaff]
    pagination_class = NewestFirst
    serializer_class = OverdueSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = OverdueParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or services.today().year - 1
        queryset = services.overdue_list(self.request.user, year)
        if params.validated_data.get("finding"):
            queryset = queryset.filter(kind=params.validated_data["finding"])
        if params.validated_data.get("still_missing") is not None:
            queryset = queryset.filter(still_missing=params.validated_data["still_missing"])
        return queryset


# --- penalties ---------------------------------------------------------------------------------------------

class PenaltyFilter(django_filters.FilterSet):
    penalty = django_filters.ChoiceFilter(field_name="kind", choices=PenaltyKind.choices)
    organization = django_filters.CharFilter(method="filter_organization", help_text="USCC or filing number.")
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")
    division = DivisionCodeFilter(method="filter_division")

    class Meta:
        model = Penalty
        fields: list[str] = []

    def filter_organization(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(organization__uscc=value) | queryset.filter(organization__filing_number=value)

    def filter_division(self, queryset, name, value):
        return queryset.filter(subtree_q("organization__authority_id", value))


@extend_schema_view(
    get=extend_schema(tags=["penalties"], summary="Administrative penalties (public)",
                      description="Anonymous readers see every penalty (public credit information); a signed-in "
                                  "user sees those in their scope.",
                      responses={200: PenaltySerializer(many=True), **error_responses(400)}),
    post=extend_schema(tags=["penalties"], summary="Record an administrative penalty (officer in the jurisdiction)",
                       description="Revocation and certificate cancellation also record the registration event "
                                   "(撤销 / 吊销) and change the organization's status. A penalty dated in the "
                                   "future is refused (PENALTY-DATE-FUTURE).",
                       request=PenaltyInput,
                       responses={201: PenaltySerializer, **error_responses(400, 401, 403, 404)}),
)
class PenaltyList(generics.ListCreateAPIView):
    permission_classes = [StaffWrites]
    pagination_class = NewestFirst
    filterset_class = PenaltyFilter
    serializer_class = PenaltySerializer

    def get_queryset(self):
        return _public_or_scoped(Penalty, self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = PenaltyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _data(serializer)
        org = _organization(request, data.pop("organization"))
        supersedes = None
        if data.get("supersedes"):
            supersedes = org.penalties.filter(pk=data.pop("supersedes")).first()
            if supersedes is None:
                raise RuleViolation.one("PENALTY-SUPERSEDES", "supersedes", "要更正的处罚不属于该组织",
                                        "the penalty to correct does not belong to this organization")
        penalty = services.record_penalty(request.user, org, data, supersedes=supersedes)
        return Response(PenaltySerializer(penalty).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["penalties"], summary="One administrative penalty",
               responses={200: PenaltySerializer, **error_responses(404)})
class PenaltyDetail(generics.RetrieveAPIView):
    serializer_class = PenaltySerializer

    def get_object(self):
        return _object_or_404(_public_or_scoped(Penalty, self.request.user), pk=self.kwargs["pk"])


# --- leadership --------------------------------------------------------------------------------------------

class TermFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(method="filter_organization", help_text="USCC or filing number.")
    current = django_filters.BooleanFilter(method="filter_current", help_text="Only the terms in force.")
    division = DivisionCodeFilter(method="filter_division")

    class Meta:
        model = LeadershipTerm
        fields: list[str] = []

    def filter_organization(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(organization__uscc=value) | queryset.filter(organization__filing_number=value)

    def filter_current(self, queryset, name, value):
        return queryset.current() if value else queryset

    def filter_division(self, queryset, name, value):
        return queryset.filter(subtree_q("organization__authority_id", value))


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
        return _public_or_scoped(LeadershipTerm, self.request.user).prefetch_related("postponements")

    def create(self, request, *args, **kwargs):
        serializer = TermInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _data(serializer)
        org = _organization(request, data.pop("organization"))
        term = services.file_term(request.user, org, data)
        return Response(LeadershipTermSerializer(term).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["leadership"], summary="One leadership term",
               responses={200: LeadershipTermSerializer, **error_responses(404)})
class TermDetail(generics.RetrieveAPIView):
    serializer_class = LeadershipTermSerializer

    def get_object(self):
        return _object_or_404(_public_or_scoped(LeadershipTerm, self.request.user), pk=self.kwargs["pk"])


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
        return _object_or_404(_public_or_scoped(LeadershipTerm, self.request.user), pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LeadershipTerm.objects.none()
        return self.term().postponements.order_by("postponed_to")

    def create(self, request, *args, **kwargs):
        term = self.term()
        serializer = PostponementInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        postponement = services.postpone_term(request.user, term, _data(serializer))
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

        return services.overdue_terms(self.request.user, parse_as_of(self.request.query_params.get("as_of"))).prefetch_related(
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
        data = _data(serializer)
        org = _organization(request, data.pop("organization"))
        audit = services.record_departure_audit(request.user, org, data)
        return Response(DepartureAuditSerializer(audit).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["leadership"], summary="One departure audit",
               responses={200: DepartureAuditSerializer, **error_responses(401, 404)})
class DepartureAuditDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DepartureAuditSerializer

    def get_object(self):
        queryset = DepartureAudit.objects.visible_to(self.request.user).select_related("organization")
        return _object_or_404(queryset, pk=self.kwargs["pk"])

