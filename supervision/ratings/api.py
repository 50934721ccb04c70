"""REST API of ratings (等级评估) and random spot checks (双随机一公开). Views parse input, look objects up through
``visible_to`` (outside the jurisdiction: 404, never 403) and call the services, which hold every rule.

Who reads what:
- public (anyone): grades with validity and their lowering/cancellation, score sheets, draws (seed, frozen
  candidate list, code version, targets, verification), published spot-check results;
- the organization and staff over it: eligibility, its applications, decisions, objections, its targets,
  findings and rectification notices;
- staff only: scores, plans, roster, conflicts, the grade-share indicator.
"""

from datetime import date

from django.db.models import Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, pagination, permissions, status
from rest_framework.response import Response

from accounts.jurisdiction import is_staff_user, may_act_for_division
from accounts.permissions import IsStaff, StaffWrites
from common.api_errors import error_responses
from common.errors import RuleViolation
from divisions.models import Division, subtree_q
from registry.models import Organization
from supervision.models import (
    Grade,
    GradeSpan,
    RatingApplication,
    RatingObjection,
    ScoreSheetVersion,
)
from supervision.web import (
    AS_OF,
    RATINGS,
    ById,
    division_param,
    not_found_or_hidden,
    organization_visible_or_404,
    parse_as_of,
    scoped_or_404,
    valid,
)

from . import services
from .eligibility import eligibility
from .serializers import (
    RatingAnswerInputSerializer,
    RatingApplicationSerializer,
    RatingApplyInputSerializer,
    RatingConferInputSerializer,
    RatingDecisionInputSerializer,
    RatingDecisionSerializer,
    RatingEligibilitySerializer,
    RatingGradeActionInputSerializer,
    RatingGradeActionSerializer,
    RatingGradeSerializer,
    RatingGradeShareSerializer,
    RatingObjectionInputSerializer,
    RatingObjectionSerializer,
    RatingScoreInputSerializer,
    RatingScoreSerializer,
    RatingSheetInputSerializer,
    RatingSheetVersionSerializer,
)

# --- eligibility and applications -------------------------------------------------------------------------

@extend_schema(tags=RATINGS, summary="Whether the organization may apply for evaluation on a date, with every "
                                     "refusal explained (rule, facts, dates, settings)",
               parameters=[AS_OF], responses={200: RatingEligibilitySerializer, **error_responses(400, 401, 404)})
class EligibilityView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = RatingEligibilitySerializer

    def get(self, request, code):
        org = organization_visible_or_404(request.user, code)
        return Response(eligibility(org, parse_as_of(request)).as_dict())


def applications_for(user):
    return (RatingApplication.objects.visible_to(user)
            .select_related("organization", "decision", "conferred_grade")
            .prefetch_related("objections", "conferred_grade__actions", "conferred_grade__spans"))


@extend_schema_view(
    get=extend_schema(tags=RATINGS, summary="Rating applications visible to you",
                      responses={200: RatingApplicationSerializer(many=True), **error_responses(401)}),
    post=extend_schema(tags=RATINGS, summary="Apply for evaluation (the organization, or an officer on its behalf)",
                       request=RatingApplyInputSerializer,
                       responses={201: RatingApplicationSerializer, **error_responses(400, 401, 403, 404)}),
)
class ApplicationList(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = RatingApplicationSerializer
    pagination_class = ById

    def get_queryset(self):
        queryset = applications_for(self.request.user)
        state = self.request.query_params.get("state")
        return queryset.filter(state=state) if state else queryset

    def create(self, request, *args, **kwargs):
        data = valid(RatingApplyInputSerializer, request.data)
        code = data.get("organization") or ""
        if not code and request.user.is_org_user:
            org = Organization.objects.filter(pk=request.user.organization_id_bound).first()
        elif not code:
            raise RuleViolation.one("REQUIRED", "organization", "请填写申请评估的社会组织（统一社会信用代码）",
                                    "name the organization that applies (its USCC)")
        else:
            org = organization_visible_or_404(request.user, code)
        app = services.apply_for_rating(request.user, org, note=data.get("note") or "")
        return Response(RatingApplicationSerializer(applications_for(request.user).get(pk=app.pk)).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=RATINGS, summary="One rating application",
               responses={200: RatingApplicationSerializer, **error_responses(401, 404)})
class ApplicationDetail(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = RatingApplicationSerializer

    def get(self, request, pk):
        return Response(RatingApplicationSerializer(scoped_or_404(applications_for(request.user), request.user, pk)).data)


class ApplicationAction(generics.GenericAPIView):
    """GET shows what the action acts on; POST acts. Both need the application to be visible (else 404)."""

    permission_classes = [permissions.IsAuthenticated, StaffWrites]

    def application(self) -> RatingApplication:
        return scoped_or_404(applications_for(self.request.user), self.request.user, self.kwargs["pk"])


@extend_schema_view(
    get=extend_schema(tags=RATINGS, summary="Evaluators' scores of an application (staff)",
                      responses={200: RatingScoreSerializer(many=True), **error_responses(401, 403, 404)}),
    post=extend_schema(tags=RATINGS, summary="Score indicators (one evaluator; scores are final)",
                       request=RatingScoreInputSerializer,
                       responses={201: RatingScoreSerializer(many=True), **error_responses(400, 401, 403, 404, 409)}),
)
class ApplicationScores(ApplicationAction):
    queryset = RatingApplication.objects.none()  # for the schema's path parameter; reads go through visible_to
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = RatingScoreSerializer
    pagination_class = None

    def get(self, request, pk):
        app = self.application()
        scores = app.scores.select_related("indicator", "evaluator")
        return Response(RatingScoreSerializer(scores, many=True).data)

    def post(self, request, pk):
        app = self.application()
        data = valid(RatingScoreInputSerializer, request.data)
        rows = services.score(request.user, app, [dict(e) for e in data["scores"]], on=data.get("scored_on") or None)
        return Response(RatingScoreSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=RATINGS, summary="The application, with the committee decision if there is one",
                      responses={200: RatingApplicationSerializer, **error_responses(401, 404)}),
    post=extend_schema(tags=RATINGS, summary="Committee decision: the bands' grade, or another with a reason; "
                                             "opens the publicity period",
                       request=RatingDecisionInputSerializer,
                       responses={201: RatingDecisionSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class ApplicationDecision(ApplicationAction):
    serializer_class = RatingApplicationSerializer

    def get(self, request, pk):
        return Response(RatingApplicationSerializer(self.application()).data)

    def post(self, request, pk):
        app = self.application()
        data = valid(RatingDecisionInputSerializer, request.data)
        grade = data.get("grade")  # omitted or empty: the bands' grade; "none": no grade
        decision = services.decide(request.user, app, grade=grade or services.GRADE_FROM_BANDS,
                                  reason=data.get("reason") or "", decided_on=data.get("decided_on") or None,
                                  decision_number=data.get("decision_number") or "")
        return Response(RatingDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=RATINGS, summary="Objections to an application's result",
                      responses={200: RatingObjectionSerializer(many=True), **error_responses(401, 404)}),
    post=extend_schema(tags=RATINGS, summary="File an objection during the publicity period (Art. 20)",
                       request=RatingObjectionInputSerializer,
                       responses={201: RatingObjectionSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class ApplicationObjections(ApplicationAction):
    queryset = RatingApplication.objects.none()  # for the schema's path parameter; reads go through visible_to
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = RatingObjectionSerializer
    pagination_class = None

    def get(self, request, pk):
        return Response(RatingObjectionSerializer(self.application().objections.all(), many=True).data)

    def post(self, request, pk):
        app = self.application()
        data = valid(RatingObjectionInputSerializer, request.data)
        on = data.get("filed_on") if is_staff_user(request.user) else None
        objection = services.file_objection(request.user, app, text=data["text"], on=on or None)
        return Response(RatingObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=RATINGS, summary="One objection",
                      responses={200: RatingObjectionSerializer, **error_responses(401, 404)}),
    post=extend_schema(tags=RATINGS, summary="Answer an objection (review committee, Arts. 22–23)",
                       request=RatingAnswerInputSerializer,
                       responses={200: RatingObjectionSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class ObjectionAnswer(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, StaffWrites]
    serializer_class = RatingObjectionSerializer

    def objection(self):
        return scoped_or_404(RatingObjection.objects.all(), self.request.user, self.kwargs["pk"])

    def get(self, request, pk):
        return Response(RatingObjectionSerializer(self.objection()).data)

    def post(self, request, pk):
        objection = self.objection()
        data = valid(RatingAnswerInputSerializer, request.data)
        answered = services.answer_objection(
            request.user, objection, outcome=data["outcome"], answer=data["answer"],
            revised_grade=data.get("revised_grade"), votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"), on=data.get("answered_on") or None)
        return Response(RatingObjectionSerializer(answered).data)


@extend_schema_view(
    get=extend_schema(tags=RATINGS, summary="The application to be conferred",
                      responses={200: RatingApplicationSerializer, **error_responses(401, 403, 404)}),
    post=extend_schema(tags=RATINGS, summary="Confer the grade after publicity (valid five years, Art. 28)",
                       request=RatingConferInputSerializer,
                       responses={200: RatingApplicationSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class ApplicationConfer(ApplicationAction):
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = RatingApplicationSerializer

    def get(self, request, pk):
        return Response(RatingApplicationSerializer(self.application()).data)

    def post(self, request, pk):
        app = self.application()
        data = valid(RatingConferInputSerializer, request.data)
        services.confer(request.user, app, on=data.get("conferred_on") or None,
                       certificate_number=data.get("certificate_number") or "",
                       decision_number=data.get("decision_number") or "")
        return Response(RatingApplicationSerializer(applications_for(request.user).get(pk=app.pk)).data)


# --- grades (public) ------------------------------------------------------------------------------------

def public_grades():
    return (Grade.objects.select_related("organization")
            .prefetch_related("actions", Prefetch("spans", queryset=GradeSpan.objects.order_by("valid_from"))))


class PublicityPage(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema(
    tags=RATINGS, summary="Proposed grades in publicity (评估结果公示, public), with the objection deadline",
    description="Committee decisions whose publicity period covers `as_of` (default today), deadline soonest first: "
                "the proposed grade (null: no grade), the period, the objection deadline (its last day, Order 39 "
                "Art. 20), how to object, and objections answered so far (an upheld one with the revised grade).",
    parameters=[
        OpenApiParameter("as_of", OpenApiTypes.DATE, description="The day (YYYY-MM-DD); default today, no future."),
        OpenApiParameter("division", OpenApiTypes.STR, description="Registering authority in this division's subtree."),
    ],
    responses={200: OpenApiTypes.OBJECT, **error_responses(400)},
)
class PublicityList(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    pagination_class = PublicityPage

    def get(self, request):
        from . import queries

        day = parse_as_of(request)
        page = self.paginate_queryset(queries.in_publicity(day, division_param(request)))
        response = self.get_paginated_response([queries.publicity_dict(d, day) for d in page])
        response.data["as_of"] = day
        return response


@extend_schema(
    tags=RATINGS, summary="Conferred grades (public), with validity, lowering and cancellation",
    parameters=[
        OpenApiParameter("division", OpenApiTypes.STR, description="Registering authority in this division's subtree."),
        OpenApiParameter("organization", OpenApiTypes.STR, description="USCC or filing number."),
        OpenApiParameter("valid_on", OpenApiTypes.DATE, description="Only grades in force on this date."),
        OpenApiParameter("min_grade", OpenApiTypes.STR, description="With valid_on: at least this grade then, e.g. 3A."),
    ],
    responses={200: RatingGradeSerializer(many=True), **error_responses(400)},
)
class GradeList(generics.ListAPIView):
    serializer_class = RatingGradeSerializer
    pagination_class = ById

    def get_queryset(self):
        params = self.request.query_params
        queryset = public_grades()
        division = division_param(self.request)
        if division:
            queryset = queryset.filter(subtree_q("organization__authority_id", division))
        if params.get("organization"):
            queryset = queryset.filter(Q(organization__uscc=params["organization"].upper())
                                       | Q(organization__filing_number=params["organization"].upper()))
        if params.get("valid_on"):
            day = date.fromisoformat(params["valid_on"]) if _is_date(params["valid_on"]) else None
            if day is None:
                raise RuleViolation.one("DATE-FORMAT", "valid_on", "日期格式无效，应为 YYYY-MM-DD",
                                        "invalid date (use YYYY-MM-DD)", value=params["valid_on"])
            spans = GradeSpan.objects.filter(valid_from__lte=day, valid_to__gt=day)
            if params.get("min_grade"):
                spans = spans.filter(rank__gte=services.rules.RANK[services.rules.clean_grade(params["min_grade"],
                                                                                      field="min_grade")])
            queryset = queryset.filter(pk__in=spans.values("source_id"))
        return queryset


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@extend_schema(tags=RATINGS, summary="One conferred grade (public)",
               responses={200: RatingGradeSerializer, **error_responses(404)})
class GradeDetail(generics.GenericAPIView):
    serializer_class = RatingGradeSerializer

    def get(self, request, pk):
        grade = public_grades().filter(pk=pk).first()
        if grade is None:
            raise not_found_or_hidden()
        return Response(RatingGradeSerializer(grade).data)


@extend_schema_view(
    get=extend_schema(tags=RATINGS, summary="Lowering and cancellation of a grade (public)",
                      responses={200: RatingGradeActionSerializer(many=True), **error_responses(404)}),
    post=extend_schema(tags=RATINGS, summary="Lower or cancel a grade (Art. 30); starts the Art. 31 bar",
                       request=RatingGradeActionInputSerializer,
                       responses={201: RatingGradeActionSerializer, **error_responses(400, 401, 403, 404, 409)}),
)
class GradeActions(generics.GenericAPIView):
    queryset = Grade.objects.none()  # for the schema's path parameter; reads go through visible_to
    permission_classes = [StaffWrites]
    serializer_class = RatingGradeActionSerializer
    pagination_class = None

    def get(self, request, pk):
        grade = Grade.objects.filter(pk=pk).first()
        if grade is None:
            raise not_found_or_hidden()
        return Response(RatingGradeActionSerializer(grade.actions.all(), many=True).data)

    def post(self, request, pk):
        grade = scoped_or_404(Grade.objects.all(), request.user, pk)
        data = valid(RatingGradeActionInputSerializer, request.data)
        action = services.lower_or_cancel(request.user, grade, kind=data["kind"], effective_on=data["effective_on"],
                                         ground=data["ground"], reason=data["reason"],
                                         new_grade=data.get("new_grade"),
                                         decision_number=data.get("decision_number") or "")
        return Response(RatingGradeActionSerializer(action).data, status=status.HTTP_201_CREATED)


# --- score sheets ---------------------------------------------------------------------------------------

def sheet_versions():
    return ScoreSheetVersion.objects.select_related("sheet").prefetch_related("indicators", "bands")


@extend_schema_view(
    get=extend_schema(tags=RATINGS, summary="Score sheet versions (public evaluation standards)",
                      responses={200: RatingSheetVersionSerializer(many=True)}),
    post=extend_schema(tags=RATINGS, summary="A jurisdiction's own score sheet version (indicators and bands)",
                       request=RatingSheetInputSerializer,
                       responses={201: RatingSheetVersionSerializer, **error_responses(400, 401, 403)}),
)
class SheetList(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, StaffWrites]
    serializer_class = RatingSheetVersionSerializer
    pagination_class = ById

    def get_queryset(self):
        return sheet_versions()

    def create(self, request, *args, **kwargs):
        data = valid(RatingSheetInputSerializer, request.data)
        version = services.create_sheet_version(
            request.user, division_code=data["division"], org_type=data["org_type"], name=data["name"],
            indicators=[dict(i) for i in data["indicators"]], bands=[dict(b) for b in data["bands"]],
            effective_from=data.get("effective_from") or None, note=data.get("note") or "")
        return Response(RatingSheetVersionSerializer(sheet_versions().get(pk=version.pk)).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=RATINGS, summary="One score sheet version", responses={200: RatingSheetVersionSerializer,
                                                                          **error_responses(404)})
class SheetDetail(generics.GenericAPIView):
    serializer_class = RatingSheetVersionSerializer

    def get(self, request, pk):
        version = sheet_versions().filter(pk=pk).first()
        if version is None:
            raise not_found_or_hidden()
        return Response(RatingSheetVersionSerializer(version).data)


# --- the indicator ----------------------------------------------------------------------------------------

@extend_schema(
    tags=RATINGS, summary="Share of 3A and above in a jurisdiction on a date (both numbers stated)",
    parameters=[OpenApiParameter("division", OpenApiTypes.STR, description="Division code (default: yours)."), AS_OF],
    responses={200: RatingGradeShareSerializer, **error_responses(400, 401, 403, 404)},
)
class GradeShareView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    serializer_class = RatingGradeShareSerializer

    def get(self, request):
        code = division_param(request) or request.user.division_id or "100000"
        if not Division.objects.filter(code=code).exists() or not _may_view_division(request.user, code):
            raise not_found_or_hidden()
        return Response(services.grade_share(code, parse_as_of(request)).as_dict())


def _may_view_division(user, code: str) -> bool:
    """An officer may read the statistics of their division and the divisions below it."""
    return may_act_for_division(user, code)
