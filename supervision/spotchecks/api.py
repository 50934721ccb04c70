from django.db.models import Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, permissions, status
from rest_framework.response import Response

from accounts.jurisdiction import is_staff_user
from accounts.permissions import IsStaff, StaffWrites
from common.api_errors import error_responses
from divisions.models import subtree_q
from supervision.models import (
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    Inspector,
    RectificationNotice,
    SpotCheckPlan,
)
from supervision.web import (
    SPOT,
    ById,
    division_param,
    not_found_or_hidden,
    organization_visible_or_404,
    scoped_or_404,
    valid,
)

from . import services
from .serializers import (
    SpotAssignInputSerializer,
    SpotCandidatesSerializer,
    SpotCompleteInputSerializer,
    SpotConflictInputSerializer,
    SpotConflictSerializer,
    SpotDrawInputSerializer,
    SpotDrawSerializer,
    SpotFindingInputSerializer,
    SpotFindingSerializer,
    SpotInspectorInputSerializer,
    SpotInspectorSerializer,
    SpotPlanInputSerializer,
    SpotPlanSerializer,
    SpotPublicResultSerializer,
    SpotPublishInputSerializer,
    SpotRectificationInputSerializer,
    SpotRectificationSerializer,
    SpotStaffFindingSerializer,
    SpotTargetInspectorSerializer,
    SpotTargetSerializer,
    SpotVerificationSerializer,
)

# --- spot checks: roster ---------------------------------------------------------------------------------

@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="Inspector roster (your jurisdiction)",
                      responses={200: SpotInspectorSerializer(many=True), **error_responses(401, 403)}),
    post=extend_schema(tags=SPOT, summary="Add an inspector to an authority's roster", request=SpotInspectorInputSerializer,
                       responses={201: SpotInspectorSerializer, **error_responses(400, 401, 403)}),
)
class InspectorList(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = SpotInspectorSerializer
    pagination_class = ById

    def get_queryset(self):
        return Inspector.objects.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        data = valid(SpotInspectorInputSerializer, request.data)
        inspector = services.add_inspector(request.user, division_code=data["division"], name=data["name"],
                                       unit=data.get("unit") or "", badge_number=data.get("badge_number") or "")
        return Response(SpotInspectorSerializer(inspector).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=SPOT, summary="One inspector", responses={200: SpotInspectorSerializer, **error_responses(401, 403, 404)})
class InspectorDetail(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = SpotInspectorSerializer

    def get(self, request, pk):
        return Response(SpotInspectorSerializer(scoped_or_404(Inspector.objects.all(), request.user, pk)).data)


@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="Conflicts an inspector declared",
                      responses={200: SpotConflictSerializer(many=True), **error_responses(401, 403, 404)}),
    post=extend_schema(tags=SPOT, summary="Declare a conflict (回避): never drawn or assigned for that organization",
                       request=SpotConflictInputSerializer,
                       responses={201: SpotConflictSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class InspectorConflicts(generics.GenericAPIView):
    queryset = Inspector.objects.none()  # for the schema's path parameter; reads go through visible_to
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = SpotConflictSerializer
    pagination_class = None

    def get(self, request, pk):
        inspector = scoped_or_404(Inspector.objects.all(), request.user, pk)
        conflicts = ConflictDeclaration.objects.filter(inspector=inspector).select_related("organization")
        return Response(SpotConflictSerializer(conflicts, many=True).data)

    def post(self, request, pk):
        inspector = scoped_or_404(Inspector.objects.all(), request.user, pk)
        data = valid(SpotConflictInputSerializer, request.data)
        org = organization_visible_or_404(request.user, data["organization"])
        conflict = services.declare_conflict(request.user, inspector, org, reason=data["reason"],
                                         on=data.get("declared_on") or None)
        return Response(SpotConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)


# --- plans and draws --------------------------------------------------------------------------------------

def plans_for(user):
    return SpotCheckPlan.objects.visible_to(user).select_related("draw")


@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="Spot-check plans (your jurisdiction)",
                      responses={200: SpotPlanSerializer(many=True), **error_responses(401, 403)}),
    post=extend_schema(tags=SPOT, summary="Create a plan; periodic plans need at least the legal minimum rate",
                       request=SpotPlanInputSerializer, responses={201: SpotPlanSerializer, **error_responses(400, 401, 403)}),
)
class PlanList(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = SpotPlanSerializer
    pagination_class = ById

    def get_queryset(self):
        return plans_for(self.request.user)

    def create(self, request, *args, **kwargs):
        data = valid(SpotPlanInputSerializer, request.data)
        plan = services.create_plan(request.user, authority_code=data["authority"], year=data["year"], kind=data["kind"],
                                title=data["title"], rate=data["rate"], type_rates=data.get("type_rates") or {},
                                exclude_months=data.get("exclude_months") or 0,
                                inspectors_per_target=data.get("inspectors_per_target"),
                                scope_note=data.get("scope_note") or "")
        return Response(SpotPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=SPOT, summary="One plan", responses={200: SpotPlanSerializer, **error_responses(401, 403, 404)})
class PlanDetail(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = SpotPlanSerializer

    def get(self, request, pk):
        return Response(SpotPlanSerializer(scoped_or_404(plans_for(request.user), request.user, pk)).data)


@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="The plan to draw", responses={200: SpotPlanSerializer,
                                                                       **error_responses(401, 403, 404)}),
    post=extend_schema(tags=SPOT, summary="Run the draw (targets, then inspectors); final and reproducible",
                       request=SpotDrawInputSerializer,
                       responses={201: SpotDrawSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class PlanDraw(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = SpotPlanSerializer

    def get(self, request, pk):
        return Response(SpotPlanSerializer(scoped_or_404(plans_for(request.user), request.user, pk)).data)

    def post(self, request, pk):
        plan = scoped_or_404(plans_for(request.user), request.user, pk)
        data = valid(SpotDrawInputSerializer, request.data)
        draw = services.run_draw(request.user, plan, seed=data.get("seed") or None)
        return Response(SpotDrawSerializer(public_draws().get(pk=draw.pk)).data, status=status.HTTP_201_CREATED)


def public_draws():
    return Draw.objects.select_related("plan").prefetch_related(
        Prefetch("targets", queryset=DrawTarget.objects.select_related("organization").order_by("position")))


def public_draw_or_404(pk) -> Draw:
    draw = public_draws().filter(pk=pk).first()
    if draw is None:
        raise not_found_or_hidden()
    return draw


@extend_schema(tags=SPOT, summary="A draw as published: seed, code version, fingerprints, sample sizes, targets",
               responses={200: SpotDrawSerializer, **error_responses(404)})
class DrawDetail(generics.GenericAPIView):
    serializer_class = SpotDrawSerializer

    def get(self, request, pk):
        return Response(SpotDrawSerializer(public_draw_or_404(pk)).data)


@extend_schema(tags=SPOT, summary="The frozen candidate list of a draw (to re-run it yourself)",
               responses={200: SpotCandidatesSerializer, **error_responses(404)})
class DrawCandidates(generics.GenericAPIView):
    serializer_class = SpotCandidatesSerializer

    def get(self, request, pk):
        draw = Draw.objects.filter(pk=pk).first()
        if draw is None:
            raise not_found_or_hidden()
        return Response({"draw": draw.pk, "sha256": draw.candidates_sha256, "candidates": draw.candidates})


@extend_schema(tags=SPOT, summary="Re-run the draw from its stored inputs and compare (same as verify_draw)",
               responses={200: SpotVerificationSerializer, **error_responses(404)})
class DrawVerify(generics.GenericAPIView):
    serializer_class = SpotVerificationSerializer

    def get(self, request, pk):
        draw = Draw.objects.filter(pk=pk).first()
        if draw is None:
            raise not_found_or_hidden()
        result = services.verify(draw)
        return Response({"draw": draw.pk, "ok": result.ok,
                         "checks": [{"check": c, "passed": p, "detail": d} for c, p, d in result.checks]})


@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="The draw whose results would be published",
                      responses={200: SpotDrawSerializer, **error_responses(401, 403, 404)}),
    post=extend_schema(tags=SPOT, summary="Publish every recorded, unpublished finding of the draw (一公开)",
                       request=SpotPublishInputSerializer,
                       responses={200: SpotDrawSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class DrawPublish(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = SpotDrawSerializer

    def draw(self):
        return scoped_or_404(public_draws(), self.request.user, self.kwargs["pk"])

    def get(self, request, pk):
        return Response(SpotDrawSerializer(self.draw()).data)

    def post(self, request, pk):
        draw = self.draw()
        data = valid(SpotPublishInputSerializer, request.data)
        services.publish_results(request.user, draw, on=data.get("published_on") or None)
        return Response(SpotDrawSerializer(draw).data)


# --- targets, findings, rectification --------------------------------------------------------------------

def targets_for(user):
    return DrawTarget.objects.visible_to(user).select_related("organization", "draw").prefetch_related(
        "inspectors__inspector", "findings__notices", "findings__inspectors")


def finding_serializer(user):
    return SpotStaffFindingSerializer if is_staff_user(user) else SpotFindingSerializer


@extend_schema(tags=SPOT, summary="One target: its inspectors, findings and rectification notices (the organization "
                                  "sees its own)",
               responses={200: SpotTargetSerializer, **error_responses(401, 404)})
class TargetDetail(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SpotTargetSerializer

    def get(self, request, pk):
        return Response(SpotTargetSerializer(scoped_or_404(targets_for(request.user), request.user, pk)).data)


@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="Inspectors of a target",
                      responses={200: SpotTargetInspectorSerializer(many=True), **error_responses(401, 403, 404)}),
    post=extend_schema(tags=SPOT, summary="Assign an inspector by hand (never one with a declared conflict)",
                       request=SpotAssignInputSerializer,
                       responses={201: SpotTargetInspectorSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class TargetInspectors(generics.GenericAPIView):
    queryset = DrawTarget.objects.none()  # for the schema's path parameter; reads go through visible_to
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = SpotTargetInspectorSerializer
    pagination_class = None

    def get(self, request, pk):
        target = scoped_or_404(targets_for(request.user), request.user, pk)
        return Response(SpotTargetInspectorSerializer(target.inspectors.all(), many=True).data)

    def post(self, request, pk):
        target = scoped_or_404(targets_for(request.user), request.user, pk)
        data = valid(SpotAssignInputSerializer, request.data)
        inspector = scoped_or_404(Inspector.objects.all(), request.user, data["inspector"])
        row = services.assign_inspector(request.user, target, inspector, reason=data["reason"])
        return Response(SpotTargetInspectorSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="Findings of a target", responses={200: SpotFindingSerializer(many=True),
                                                                          **error_responses(401, 404)}),
    post=extend_schema(tags=SPOT, summary="Record a finding (on-site: at least two inspectors present)",
                       request=SpotFindingInputSerializer,
                       responses={201: SpotStaffFindingSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class TargetFindings(generics.GenericAPIView):
    queryset = DrawTarget.objects.none()  # for the schema's path parameter; reads go through visible_to
    permission_classes = [permissions.IsAuthenticated, StaffWrites]
    serializer_class = SpotFindingSerializer
    pagination_class = None

    def get(self, request, pk):
        target = scoped_or_404(targets_for(request.user), request.user, pk)
        return Response(finding_serializer(request.user)(target.findings.all(), many=True).data)

    def post(self, request, pk):
        target = scoped_or_404(targets_for(request.user), request.user, pk)
        data = valid(SpotFindingInputSerializer, request.data)
        finding = services.record_finding(request.user, target, method=data["method"], checked_on=data["checked_on"],
                                      conclusion=data["conclusion"], summary=data["summary"],
                                      details=data.get("details") or "", inspector_ids=data["inspectors"])
        return Response(SpotStaffFindingSerializer(finding).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="Rectification notices of a finding",
                      responses={200: SpotRectificationSerializer(many=True), **error_responses(401, 404)}),
    post=extend_schema(tags=SPOT, summary="Issue a rectification notice with a deadline",
                       request=SpotRectificationInputSerializer,
                       responses={201: SpotRectificationSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class FindingRectifications(generics.GenericAPIView):
    queryset = Finding.objects.none()  # for the schema's path parameter; reads go through visible_to
    permission_classes = [permissions.IsAuthenticated, StaffWrites]
    serializer_class = SpotRectificationSerializer
    pagination_class = None

    def get(self, request, pk):
        finding = scoped_or_404(Finding.objects.all(), request.user, pk)
        return Response(SpotRectificationSerializer(finding.notices.all(), many=True).data)

    def post(self, request, pk):
        finding = scoped_or_404(Finding.objects.all(), request.user, pk)
        data = valid(SpotRectificationInputSerializer, request.data)
        notice = services.issue_rectification(request.user, finding, requirements=data["requirements"],
                                          issued_on=data.get("issued_on") or None,
                                          deadline=data.get("deadline") or None)
        return Response(SpotRectificationSerializer(notice).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=SPOT, summary="One rectification notice",
                      responses={200: SpotRectificationSerializer, **error_responses(401, 404)}),
    post=extend_schema(tags=SPOT, summary="Record that the rectification was completed (once)",
                       request=SpotCompleteInputSerializer,
                       responses={200: SpotRectificationSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class RectificationComplete(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, StaffWrites]
    serializer_class = SpotRectificationSerializer

    def get(self, request, pk):
        return Response(SpotRectificationSerializer(scoped_or_404(RectificationNotice.objects.all(), request.user,
                                                               pk)).data)

    def post(self, request, pk):
        notice = scoped_or_404(RectificationNotice.objects.all(), request.user, pk)
        data = valid(SpotCompleteInputSerializer, request.data)
        done = services.complete_rectification(request.user, notice, completed_on=data["completed_on"],
                                           note=data["note"])
        return Response(SpotRectificationSerializer(done).data)


@extend_schema(
    tags=SPOT, summary="Published spot-check results (public)",
    parameters=[OpenApiParameter("division", OpenApiTypes.STR, description="Registering authority in this subtree."),
                OpenApiParameter("organization", OpenApiTypes.STR, description="USCC or filing number."),
                OpenApiParameter("year", OpenApiTypes.INT, description="Plan year.")],
    responses={200: SpotPublicResultSerializer(many=True), **error_responses(400)},
)
class PublicResults(generics.ListAPIView):
    serializer_class = SpotPublicResultSerializer
    pagination_class = ById

    def get_queryset(self):
        params = self.request.query_params
        queryset = (Finding.objects.published().select_related("target__organization", "target__draw__plan")
                    .prefetch_related("notices"))
        division = division_param(self.request)
        if division:
            queryset = queryset.filter(subtree_q("target__organization__authority_id", division))
        if params.get("organization"):
            code = params["organization"].upper()
            queryset = queryset.filter(Q(target__organization__uscc=code) | Q(target__organization__filing_number=code))
        if params.get("year", "").isdigit():
            queryset = queryset.filter(target__draw__plan__year=int(params["year"]))
        return queryset
