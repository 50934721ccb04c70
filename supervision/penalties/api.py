from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from accounts.permissions import StaffWrites
from common.api_errors import error_responses
from common.errors import RuleViolation
from supervision.models import (
    Penalty,
)
from supervision.web import NewestFirst, fact_or_404, input_data, organization_or_404, public_or_scoped

from . import services
from .filtersets import PenaltyFilter
from .serializers import PenaltyInput, PenaltySerializer


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
        return public_or_scoped(Penalty, self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = PenaltyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = input_data(serializer)
        org = organization_or_404(request, data.pop("organization"))
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
        return fact_or_404(public_or_scoped(Penalty, self.request.user), pk=self.kwargs["pk"])
