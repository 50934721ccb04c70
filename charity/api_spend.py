"""/api/v1/ routes of transfers to projects, traceability (raised vs received vs spent vs disclosed) and the
transparency of a charity (income, spending, ratios, beneficiaries served as counts, disclosures)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from common.api_errors import error_responses

from . import ledger, services_trace
from .api import (
    TAGS,
    _plan_for_writing,
    not_found,
    org_public,
    plan_or_404,
    project_or_404,
    transactions,
    valid,
)
from .models import LedgerTransaction, TransactionKind
from .serializers import CharityTransactionSerializer


class TransferInputSerializer(serializers.Serializer):
    project = serializers.CharField(help_text="public id of the project receiving the money")
    amount = serializers.CharField(help_text="yuan, to the fen")
    currency = serializers.CharField(required=False, allow_blank=True, default="CNY")
    occurred_on = serializers.CharField(required=False, allow_blank=True, default="")
    memo = serializers.CharField(required=False, allow_blank=True, default="")


class PlanTransfers(generics.GenericAPIView):
    queryset = LedgerTransaction.objects.none()  # for the schema only
    serializer_class = CharityTransactionSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CharityTransactionSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        """The transfers from the plan's fund to its projects' funds (public)."""
        plan = plan_or_404(pk)
        rows = transactions().filter(plan=plan, kind=TransactionKind.TRANSFER).order_by("occurred_on", "id")
        return Response(CharityTransactionSerializer(rows[:2000], many=True).data)

    @extend_schema(tags=TAGS, request=TransferInputSerializer,
                   responses={201: CharityTransactionSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Move money from the plan's restricted fund to a project's restricted fund (both ids on the postings)."""
        plan = _plan_for_writing(request, pk)
        data = valid(TransferInputSerializer, request.data)
        txn = ledger.transfer_to_project(request.user, plan, data)
        return Response(CharityTransactionSerializer(transactions().get(pk=txn.pk)).data,
                        status=status.HTTP_201_CREATED)


class Anything(serializers.Serializer):
    """A read-only document (described in the view)."""


class PlanTrace(generics.GenericAPIView):
    serializer_class = Anything
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: dict, **error_responses(404)})
    def get(self, request, pk):
        """Raised vs received (on the bank statement) vs spent vs disclosed of a plan and its projects, gaps
        flagged (GAP-RECEIVED, GAP-DISCLOSED, GAP-SPENT, GAP-BUDGET)."""
        return Response(services_trace.plan_trace(plan_or_404(pk)))


class ProjectTrace(generics.GenericAPIView):
    serializer_class = Anything
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: dict, **error_responses(404)})
    def get(self, request, pk):
        """Budget, transferred, spent and disclosed of a project, gaps flagged."""
        return Response(services_trace.project_trace(project_or_404(pk)))


class OrganizationTransparency(generics.GenericAPIView):
    serializer_class = Anything
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: dict, **error_responses(404)})
    def get(self, request, code):
        """A charity's transparency figures: income, spending and ratios per annual-report year (explained),
        plans and projects with their totals, beneficiaries served (counts only), disclosures and timeliness."""
        org = org_public(code)
        if not services_trace.is_charity(org):
            raise not_found()
        return Response(services_trace.transparency(org))
