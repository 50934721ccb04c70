"""REST API of charity recognition, the public-fundraising qualification and filed fundraising plans. Views parse
input, look objects up through ``visible_to`` (outside the jurisdiction: 404, never 403) and call the services.

Public (Law Art. 76): grants with revocations, announcements, filed plans with their versions and disclosures.
The organization, its supervisor unit and the officers over it: eligibility and applications. Officers: the
decision, extensions, revocation and the overdue list of their jurisdiction.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.jurisdiction import is_staff_user
from common.api_errors import error_responses
from common.clock import today
from common.errors import RuleViolation
from registry.models import Organization

from . import imports, ledger, projects, services
from .eligibility import eligibility
from .models import (
    Announcement,
    ApplicationState,
    CharityApplication,
    CharityProject,
    FundraisingPlan,
    Grant,
    ImportBatch,
    Kind,
    LedgerTransaction,
    PlanVersion,
    Posting,
    TransactionKind,
)
from .serializers import (
    CharityAnnouncementSerializer,
    CharityApplicationSerializer,
    CharityApplyInputSerializer,
    CharityDecideInputSerializer,
    CharityDisbursementInputSerializer,
    CharityDisclosureInputSerializer,
    CharityDisclosureSerializer,
    CharityDonationInputSerializer,
    CharityEligibilitySerializer,
    CharityExtendInputSerializer,
    CharityGrantSerializer,
    CharityImportBatchSerializer,
    CharityImportInputSerializer,
    CharityImportResultSerializer,
    CharityLedgerTotalsSerializer,
    CharityPlanInputSerializer,
    CharityPlanSerializer,
    CharityPlanVersionSerializer,
    CharityProjectDisclosureInputSerializer,
    CharityProjectDisclosureSerializer,
    CharityProjectInputSerializer,
    CharityProjectSerializer,
    CharityReconciliationSerializer,
    CharityReversalInputSerializer,
    CharityRevokeInputSerializer,
    CharityTransactionSerializer,
)

TAGS = ["charity"]


def not_found() -> RuleViolation:
    return RuleViolation.one("NOT-FOUND", None, "未找到，或不在您的查看范围内", "not found, or not visible to you",
                             status=404)


def org_visible(user, code) -> Organization:
    org = Organization.objects.visible_to(user).select_related("authority").by_code(code).first()
    if org is None:
        raise not_found()
    return org


def org_public(code) -> Organization:
    org = Organization.objects.select_related("authority").by_code(code).first()
    if org is None:
        raise not_found()
    return org


def valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def kind_param(request) -> str:
    kind = request.query_params.get("kind") or Kind.RECOGNITION
    if kind not in Kind.values:
        raise RuleViolation.one("CH-KIND", "kind", f"申请事项“{kind}”无效，应为 recognition 或 qualification",
                                f"invalid kind '{kind}': recognition or qualification", value=kind)
    return kind


def applications():
    return CharityApplication.objects.select_related("organization__authority", "grant").prefetch_related(
        "extensions")


def application_visible(user, pk) -> CharityApplication:
    app = applications().visible_to(user).filter(pk=pk).first()
    if app is None:
        raise not_found()
    return app


def grants():
    return Grant.objects.select_related("organization", "revocation")


def plans():
    return FundraisingPlan.objects.select_related("organization__authority").prefetch_related(
        Prefetch("versions", queryset=PlanVersion.objects.order_by("number")), "disclosures")


def plan_or_404(pk) -> FundraisingPlan:
    plan = plans().filter(pk=pk).first()
    if plan is None:
        raise not_found()
    return plan


class StaffOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return is_staff_user(request.user)


class Eligibility(generics.GenericAPIView):
    queryset = CharityApplication.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityEligibilitySerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, parameters=[OpenApiParameter("kind", str, description="recognition or qualification")],
                   responses={200: CharityEligibilitySerializer, **error_responses(400, 401, 404)})
    def get(self, request, code):
        """Whether the organization may apply today, rule by rule, from the facts in the register."""
        org = org_visible(request.user, code)
        return Response(eligibility(org, kind_param(request), today()).as_dict())


class OrganizationApplications(generics.GenericAPIView):
    queryset = CharityApplication.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: CharityApplicationSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, code):
        org = org_visible(request.user, code)
        return Response(CharityApplicationSerializer(applications().filter(organization=org), many=True).data)

    @extend_schema(tags=TAGS, request=CharityApplyInputSerializer,
                   responses={201: CharityApplicationSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, code):
        """File an application (the organization's own user, or an officer on its behalf)."""
        org = org_visible(request.user, code)
        data = valid(CharityApplyInputSerializer, request.data)
        app = services.apply(request.user, org, data["kind"], resolution_on=data["resolution_on"],
                             resolution_ref=data["resolution_ref"], statement=data["statement"],
                             governance=data["governance"])
        return Response(CharityApplicationSerializer(application_visible(request.user, app.pk)).data,
                        status=status.HTTP_201_CREATED)


class ApplicationDetail(generics.GenericAPIView):
    queryset = CharityApplication.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: CharityApplicationSerializer, **error_responses(401, 404)})
    def get(self, request, pk):
        return Response(CharityApplicationSerializer(application_visible(request.user, pk)).data)


class StaffApplicationAction(generics.GenericAPIView):
    queryset = CharityApplication.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityApplicationSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def staff_application(self, request, pk):
        return application_visible(request.user, pk)

    @extend_schema(tags=TAGS, responses={200: CharityApplicationSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(CharityApplicationSerializer(self.staff_application(request, pk)).data)


class ApplicationExtend(StaffApplicationAction):
    @extend_schema(tags=TAGS, request=CharityExtendInputSerializer,
                   responses={200: CharityApplicationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        """Extend the decision period (at most 60 days in all, with the Ministry's approval)."""
        app = self.staff_application(request, pk)
        data = valid(CharityExtendInputSerializer, request.data)
        services.extend(request.user, app, days=data["days"], approval_ref=data["approval_ref"],
                        reason=data["reason"])
        return Response(CharityApplicationSerializer(application_visible(request.user, pk)).data)


class ApplicationDecision(StaffApplicationAction):
    @extend_schema(tags=TAGS, request=CharityDecideInputSerializer,
                   responses={200: CharityApplicationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        """Grant, or refuse naming the rule."""
        app = self.staff_application(request, pk)
        data = valid(CharityDecideInputSerializer, request.data)
        services.decide(request.user, app, outcome=data["outcome"], rule=data["rule"], reason=data["reason"],
                        reason_en=data["reason_en"], decided_on=data["decided_on"] or None)
        return Response(CharityApplicationSerializer(application_visible(request.user, pk)).data)


class GrantList(generics.GenericAPIView):
    queryset = Grant.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityGrantSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, parameters=[
        OpenApiParameter("kind", str, description="recognition or qualification"),
        OpenApiParameter("in_force", bool, description="only those not revoked")],
        responses={200: CharityGrantSerializer(many=True), **error_responses(400)})
    def get(self, request):
        """The public lists: charity organizations, and organizations with the public-fundraising qualification."""
        rows = grants().filter(kind=kind_param(request))
        if request.query_params.get("in_force") in ("1", "true"):
            rows = rows.filter(revocation__isnull=True)
        return Response(CharityGrantSerializer(rows[:1000], many=True).data)


class GrantDetail(generics.GenericAPIView):
    queryset = Grant.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityGrantSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityGrantSerializer, **error_responses(404)})
    def get(self, request, pk):
        grant = grants().filter(pk=pk).first()
        if grant is None:
            raise not_found()
        return Response(CharityGrantSerializer(grant).data)


class GrantRevoke(generics.GenericAPIView):
    queryset = Grant.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityGrantSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def staff_grant(self, request, pk):
        grant = grants().visible_to(request.user).filter(pk=pk).first()
        if grant is None:
            raise not_found()
        return grant

    @extend_schema(tags=TAGS, responses={200: CharityGrantSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(CharityGrantSerializer(self.staff_grant(request, pk)).data)

    @extend_schema(tags=TAGS, request=CharityRevokeInputSerializer,
                   responses={200: CharityGrantSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        """Revoke; a revoked qualification bars a new application for five years."""
        grant = self.staff_grant(request, pk)
        data = valid(CharityRevokeInputSerializer, request.data)
        services.revoke(request.user, grant, revoked_on=data["revoked_on"] or None, reason=data["reason"],
                        legal_basis=data["legal_basis"], decision_number=data["decision_number"])
        return Response(CharityGrantSerializer(grants().get(pk=pk)).data)


class AnnouncementList(generics.GenericAPIView):
    queryset = Announcement.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityAnnouncementSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityAnnouncementSerializer(many=True)})
    def get(self, request):
        rows = Announcement.objects.select_related("organization").order_by("-published_on", "-id")[:500]
        return Response(CharityAnnouncementSerializer(rows, many=True).data)


class PlanList(generics.GenericAPIView):
    queryset = FundraisingPlan.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityPlanSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityPlanSerializer(many=True)})
    def get(self, request):
        """Every filed plan (public), newest first."""
        return Response(CharityPlanSerializer(plans().order_by("-filed_on", "-id")[:500], many=True).data)


class OrganizationPlans(generics.GenericAPIView):
    queryset = FundraisingPlan.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityPlanSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityPlanSerializer(many=True), **error_responses(404)})
    def get(self, request, code):
        org = org_public(code)
        return Response(CharityPlanSerializer(plans().filter(organization=org), many=True).data)

    @extend_schema(tags=TAGS, request=CharityPlanInputSerializer,
                   responses={201: CharityPlanSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, code):
        """File a plan (a qualified organization's own user, or an officer over it)."""
        if not request.user.is_authenticated:
            raise RuleViolation.one("AUTH-REQUIRED", None, "需要登录或提供令牌", "authentication is required", status=401)
        org = org_visible(request.user, code)
        data = valid(CharityPlanInputSerializer, request.data)
        plan = services.file_plan(request.user, org, data, emergency=data["emergency"])
        return Response(CharityPlanSerializer(plan_or_404(plan.pk)).data, status=status.HTTP_201_CREATED)


class PlanDetail(generics.GenericAPIView):
    queryset = FundraisingPlan.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityPlanSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityPlanSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(CharityPlanSerializer(plan_or_404(pk)).data)


def _plan_for_writing(request, pk) -> FundraisingPlan:
    if not request.user.is_authenticated:
        raise RuleViolation.one("AUTH-REQUIRED", None, "需要登录或提供令牌", "authentication is required", status=401)
    plan = plans().visible_to(request.user).filter(pk=pk).first()
    if plan is None:
        raise not_found()
    return plan


class PlanVersions(generics.GenericAPIView):
    queryset = FundraisingPlan.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityPlanVersionSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityPlanVersionSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        return Response(CharityPlanVersionSerializer(plan_or_404(pk).versions.all(), many=True).data)

    @extend_schema(tags=TAGS, request=CharityPlanInputSerializer,
                   responses={201: CharityPlanVersionSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Amend: a new version under the same filing number, with the reason."""
        plan = _plan_for_writing(request, pk)
        data = valid(CharityPlanInputSerializer, request.data)
        version = services.amend_plan(request.user, plan, data, reason=data["amendment_reason"])
        return Response(CharityPlanVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class PlanDisclosures(generics.GenericAPIView):
    queryset = FundraisingPlan.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityDisclosureSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityDisclosureSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        return Response(CharityDisclosureSerializer(plan_or_404(pk).disclosures.all(), many=True).data)

    @extend_schema(tags=TAGS, request=CharityDisclosureInputSerializer,
                   responses={201: CharityDisclosureSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Disclose an emergency fundraising's receipts to date."""
        plan = _plan_for_writing(request, pk)
        data = valid(CharityDisclosureInputSerializer, request.data)
        disclosure = services.disclose(request.user, plan, received_to=data["received_to"] or None,
                                       amount_received=data["amount_received"], goods=data["goods"],
                                       use_so_far=data["use_so_far"])
        return Response(CharityDisclosureSerializer(disclosure).data, status=status.HTTP_201_CREATED)


class CharityOverdueSerializer(serializers.Serializer):
    applications = CharityApplicationSerializer(many=True)
    plans = CharityPlanSerializer(many=True)


class Overdue(generics.GenericAPIView):
    queryset = CharityApplication.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityOverdueSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    @extend_schema(tags=TAGS, responses={200: CharityOverdueSerializer, **error_responses(401, 403)})
    def get(self, request):
        """The officer's jurisdiction: applications past their decision date and emergency plans with a missed
        disclosure not yet made."""
        day = today()
        apps = applications().visible_to(request.user).filter(state=ApplicationState.SUBMITTED,
                                                              decision_due__lt=day)
        late_plans = [p for p in plans().visible_to(request.user).filter(emergency=True, starts_on__lte=day)
                      if services.disclosure_status(p, day).outstanding]
        return Response({"applications": CharityApplicationSerializer(apps, many=True).data,
                         "plans": CharityPlanSerializer(late_plans, many=True).data})


# --- the donations ledger ----------------------------------------------------------------------------------

def transactions():
    return LedgerTransaction.objects.select_related("plan", "reverses").prefetch_related(
        Prefetch("postings", queryset=Posting.objects.select_related("account").order_by("amount", "id")))


class PlanTransactions(generics.GenericAPIView):
    queryset = LedgerTransaction.objects.none()  # for the schema only; reads go through visible_to
    serializer_class = CharityTransactionSerializer
    permission_classes = [permissions.AllowAny]
    kind = ""
    input_serializer = None

    def get(self, request, pk):
        plan = plan_or_404(pk)
        rows = transactions().filter(plan=plan, kind=self.kind).order_by("occurred_on", "id")
        return Response(CharityTransactionSerializer(rows[:2000], many=True).data)


class PlanDonations(PlanTransactions):
    kind = TransactionKind.RECEIPT

    @extend_schema(tags=TAGS, responses={200: CharityTransactionSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        """The receipts of a plan (public; persons never named)."""
        return super().get(request, pk)

    @extend_schema(tags=TAGS, request=CharityDonationInputSerializer,
                   responses={201: CharityTransactionSerializer, 200: CharityTransactionSerializer,
                              **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        """Record a receipt: donor → receiving account → the plan's restricted fund. The same transaction id with
        the same contents answers 200 with the recorded receipt (idempotent)."""
        plan = _plan_for_writing(request, pk)
        data = valid(CharityDonationInputSerializer, request.data)
        before = LedgerTransaction.objects.count()
        txn = ledger.record_donation(request.user, plan, data)
        created = LedgerTransaction.objects.count() > before
        return Response(CharityTransactionSerializer(transactions().get(pk=txn.pk)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PlanDisbursements(PlanTransactions):
    kind = TransactionKind.DISBURSEMENT

    @extend_schema(tags=TAGS, responses={200: CharityTransactionSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        """The disbursements of a plan (public; persons never named)."""
        return super().get(request, pk)

    @extend_schema(tags=TAGS, request=CharityDisbursementInputSerializer,
                   responses={201: CharityTransactionSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Disburse from the plan's restricted fund to a beneficiary or an institution."""
        plan = _plan_for_writing(request, pk)
        data = valid(CharityDisbursementInputSerializer, request.data)
        txn = ledger.disburse(request.user, plan, data)
        return Response(CharityTransactionSerializer(transactions().get(pk=txn.pk)).data,
                        status=status.HTTP_201_CREATED)


class PlanLedger(generics.GenericAPIView):
    queryset = LedgerTransaction.objects.none()  # for the schema only
    serializer_class = CharityLedgerTotalsSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityLedgerTotalsSerializer, **error_responses(404)})
    def get(self, request, pk):
        """Received, disbursed and held, and every transaction of the plan with its postings."""
        plan = plan_or_404(pk)
        totals = ledger.plan_totals(plan)
        rows = transactions().filter(plan=plan).order_by("occurred_on", "id")[:5000]
        return Response(CharityLedgerTotalsSerializer({"plan": plan.filing_number, **totals,
                                                       "transactions": rows}).data)


class TransactionReversal(generics.GenericAPIView):
    queryset = LedgerTransaction.objects.none()  # for the schema only
    serializer_class = CharityTransactionSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityTransactionSerializer, **error_responses(404)})
    def get(self, request, pk):
        txn = transactions().filter(pk=pk).first()
        if txn is None:
            raise not_found()
        return Response(CharityTransactionSerializer(txn).data)

    @extend_schema(tags=TAGS, request=CharityReversalInputSerializer,
                   responses={201: CharityTransactionSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        """Correct a receipt or a disbursement by a reversing transaction, with the reason."""
        if not request.user.is_authenticated:
            raise RuleViolation.one("AUTH-REQUIRED", None, "需要登录或提供令牌", "authentication is required", status=401)
        txn = LedgerTransaction.objects.visible_to(request.user).filter(pk=pk).first()
        if txn is None:
            raise not_found()
        data = valid(CharityReversalInputSerializer, request.data)
        reversal = ledger.reverse(request.user, txn, reason=data["reason"])
        return Response(CharityTransactionSerializer(transactions().get(pk=reversal.pk)).data,
                        status=status.HTTP_201_CREATED)


# --- imports and reconciliation ------------------------------------------------------------------------------

def _stored_upload(upload):
    """The uploaded file in a temporary path with its suffix (the reader picks CSV or XLSX by it)."""
    import tempfile
    from pathlib import Path

    suffix = Path(upload.name or "").suffix.lower()
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115 (removed by the caller)
    for chunk in upload.chunks():
        handle.write(chunk)
    handle.close()
    return Path(handle.name)


def _import_result(summary):
    return {"batch": summary.batch, "rows": summary.rows, "created": summary.created, "unchanged": summary.unchanged}


class PlanReceiptImports(generics.GenericAPIView):
    queryset = ImportBatch.objects.none()  # for the schema only
    serializer_class = CharityImportBatchSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    def _plan(self, request, pk):
        plan = plans().visible_to(request.user).filter(pk=pk).first()
        if plan is None:
            raise not_found()
        return plan

    @extend_schema(tags=TAGS, responses={200: CharityImportBatchSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, pk):
        plan = self._plan(request, pk)
        return Response(CharityImportBatchSerializer(ImportBatch.objects.filter(plan=plan), many=True).data)

    @extend_schema(tags=TAGS, request={"multipart/form-data": CharityImportInputSerializer},
                   responses={201: CharityImportResultSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        """Import a settlement file or donation list as receipts of the plan (all rows or none)."""
        plan = self._plan(request, pk)
        data = valid(CharityImportInputSerializer, request.data)
        path = _stored_upload(data["file"])
        try:
            summary = imports.import_receipts(request.user, plan, path, channel=data["channel"],
                                              file_name=data["file"].name)
        finally:
            path.unlink(missing_ok=True)
        return Response(CharityImportResultSerializer(_import_result(summary)).data, status=status.HTTP_201_CREATED)


class OrganizationStatements(generics.GenericAPIView):
    queryset = ImportBatch.objects.none()  # for the schema only
    serializer_class = CharityImportBatchSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=TAGS, responses={200: CharityImportBatchSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, code):
        org = org_visible(request.user, code)
        rows = ImportBatch.objects.filter(organization=org, kind="statement")
        return Response(CharityImportBatchSerializer(rows, many=True).data)

    @extend_schema(tags=TAGS, request={"multipart/form-data": CharityImportInputSerializer},
                   responses={201: CharityImportResultSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, code):
        """Import a bank statement for reconciliation (all rows or none; idempotent by transaction id)."""
        org = org_visible(request.user, code)
        data = valid(CharityImportInputSerializer, request.data)
        path = _stored_upload(data["file"])
        try:
            summary = imports.import_statement(request.user, org, path, file_name=data["file"].name)
        finally:
            path.unlink(missing_ok=True)
        return Response(CharityImportResultSerializer(_import_result(summary)).data, status=status.HTTP_201_CREATED)


def reconciliation_data(org, request) -> dict:
    from datetime import date as day

    def param(name):
        raw = request.query_params.get(name) if hasattr(request, "query_params") else request.GET.get(name)
        if not raw:
            return None
        try:
            return day.fromisoformat(raw)
        except ValueError:
            raise RuleViolation.one("DATE-FORMAT", name, f"日期“{raw}”格式无效，应为 YYYY-MM-DD",
                                    f"invalid date '{raw}' (use YYYY-MM-DD)", value=raw) from None

    result = imports.reconcile(org, param("from"), param("to"))
    return {"balanced": result.balanced, "matched": len(result.matched), "amount_differs": result.amount_differs,
            "ledger_only": result.ledger_only, "statement_only": result.statement_only,
            "outside_plans": result.outside_plans}


class OrganizationReconciliation(generics.GenericAPIView):
    queryset = ImportBatch.objects.none()  # for the schema only
    serializer_class = CharityReconciliationSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, parameters=[OpenApiParameter("from", str), OpenApiParameter("to", str)],
                   responses={200: CharityReconciliationSerializer, **error_responses(400, 401, 404)})
    def get(self, request, code):
        """The ledger's bank receipts against the bank statement, to the fen, unmatched items on both sides."""
        org = org_visible(request.user, code)
        return Response(CharityReconciliationSerializer(reconciliation_data(org, request)).data)


# --- projects --------------------------------------------------------------------------------------------

def projects_qs():
    return CharityProject.objects.select_related("organization", "plan").prefetch_related("disclosures")


def project_or_404(pk):
    project = projects_qs().filter(pk=pk).first()
    if project is None:
        raise not_found()
    return project


class OrganizationProjects(generics.GenericAPIView):
    queryset = CharityProject.objects.none()  # for the schema only
    serializer_class = CharityProjectSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityProjectSerializer(many=True), **error_responses(404)})
    def get(self, request, code):
        org = org_public(code)
        return Response(CharityProjectSerializer(projects_qs().filter(organization=org), many=True).data)

    @extend_schema(tags=TAGS, request=CharityProjectInputSerializer,
                   responses={201: CharityProjectSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, code):
        """Create a charitable project (the organization's own user, or an officer over it)."""
        if not request.user.is_authenticated:
            raise RuleViolation.one("AUTH-REQUIRED", None, "需要登录或提供令牌", "authentication is required", status=401)
        org = org_visible(request.user, code)
        project = projects.create_project(request.user, org, valid(CharityProjectInputSerializer, request.data))
        return Response(CharityProjectSerializer(project_or_404(project.pk)).data, status=status.HTTP_201_CREATED)


class ProjectDetail(generics.GenericAPIView):
    queryset = CharityProject.objects.none()  # for the schema only
    serializer_class = CharityProjectSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityProjectSerializer, **error_responses(404)})
    def get(self, request, pk):
        """A project: budget, funding, what the ledger disbursed, disclosures and their deadlines."""
        return Response(CharityProjectSerializer(project_or_404(pk)).data)


class ProjectDisclosures(generics.GenericAPIView):
    queryset = CharityProject.objects.none()  # for the schema only
    serializer_class = CharityProjectDisclosureSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityProjectDisclosureSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        return Response(CharityProjectDisclosureSerializer(project_or_404(pk).disclosures.all(), many=True).data)

    @extend_schema(tags=TAGS, request=CharityProjectDisclosureInputSerializer,
                   responses={201: CharityProjectDisclosureSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """A progress or final disclosure."""
        if not request.user.is_authenticated:
            raise RuleViolation.one("AUTH-REQUIRED", None, "需要登录或提供令牌", "authentication is required", status=401)
        project = CharityProject.objects.visible_to(request.user).filter(pk=pk).first()
        if project is None:
            raise not_found()
        disclosure = projects.disclose_project(request.user, project,
                                               valid(CharityProjectDisclosureInputSerializer, request.data))
        return Response(CharityProjectDisclosureSerializer(disclosure).data, status=status.HTTP_201_CREATED)
