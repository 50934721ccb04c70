"""REST API of annual reports, penalties and leadership terms (/api/v1/). Views parse input, read through
``visible_to`` and call supervision.services_reports; no rule lives here.

Who sees what: annual reports, reviews and audits are private (the organization itself, the officers over it,
and for the organizations it supervises the business supervisor's user, who records the 初审 and nothing else);
penalties and leadership terms are public, so anonymous readers see all of them while a signed-in user
sees only their scope (like the register). Anything outside a user's scope is a 404, never a 403.
"""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsReviewer, IsStaff, ReviewerWrites
from common.api_errors import error_responses
from common.clock import today
from common.errors import RuleViolation
from supervision import base
from supervision.models import (
    AnnualReport,
    ReportReview,
    ReportState,
    ReportSubmission,
)
from supervision.web import (
    PARSERS,
    NewestFirst,
    OldestSubmissionFirst,
    fact_or_404,
    input_data,
    organization_or_404,
    uploaded_files,
)

from . import queries, services
from .filtersets import AnnualReportFilter
from .serializers import (
    AnnualReportDetailSerializer,
    AnnualReportInput,
    AnnualReportSerializer,
    FirstReviewParams,
    OverdueParams,
    OverdueSerializer,
    ResubmissionInput,
    ReviewInput,
    ReviewSerializer,
    SubmissionSerializer,
)

# --- annual reports ----------------------------------------------------------------------------------------

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
        data = input_data(serializer)
        org = organization_or_404(request, data.pop("organization"))
        report = services.submit_report(request.user, org, data, uploaded_files(request)["audit_report"])
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
    return fact_or_404(AnnualReport.objects.visible_to(request.user).select_related("organization"), pk=pk)


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
        services.resubmit_report(request.user, report, input_data(serializer), uploaded_files(request)["audit_report"])
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
            raise base.not_found()
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
        year = params.validated_data.get("year") or today().year - 1
        queryset = queries.overdue_list(self.request.user, year)
        if params.validated_data.get("finding"):
            queryset = queryset.filter(kind=params.validated_data["finding"])
        if params.validated_data.get("still_missing") is not None:
            queryset = queryset.filter(still_missing=params.validated_data["still_missing"])
        return queryset
