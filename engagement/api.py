"""/api/v1/engagement/…: graduate jobs, pairing, incubation and venues. Reads of postings, pairings, bases, venues
and bookings are public (organizations, not persons); applications are private to the applicant (reference + ID
number), the posting organization and the officers over it. Writes go through the services, which check who may
act and refuse with bilingual, rule-citing errors."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response

from accounts.permissions import IsStaff
from common.api_errors import error_responses
from common.clock import today
from common.errors import RuleViolation
from common.web import visible_or_404
from registry.models import Organization

from . import serializers as s
from . import services
from .models import (
    DutyTarget,
    Incubation,
    IncubationBase,
    JobApplication,
    JobPosting,
    KeyCounty,
    Pairing,
    PairingProject,
    ReportingDeadline,
    TrainingSession,
    Venue,
)

TAGS = ["engagement"]


def not_found():
    return RuleViolation.one("NOT-FOUND", None, "未找到，或无权查看", "not found, or not visible to you", status=404)


def signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise RuleViolation.one("AUTH-REQUIRED", None, "需要登录或提供令牌", "authentication is required", status=401)


def one(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise not_found()
    return obj


def acting_side(request, org) -> None:
    """The posting organization's own user or an officer over it (not its business supervisor): 403, not 404, once
    the organization is visible."""
    if not (request.user.is_org_user or request.user.is_admin or request.user.is_officer):
        raise RuleViolation.one("FORBIDDEN", None, "无权办理此事项", "you may not do this", status=403)


class Postings(generics.GenericAPIView):
    queryset = JobPosting.objects.none()
    serializer_class = s.EngPostingSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngPostingSerializer(many=True)})
    def get(self, request):
        """Postings open today (``?all=1``: every posting)."""
        rows = JobPosting.objects.select_related("organization", "division")
        if not request.query_params.get("all"):
            rows = rows.open_on(today())
        return Response(s.EngPostingSerializer(rows[:500], many=True).data)

    @extend_schema(tags=TAGS, request=s.EngPostingInput, responses={201: s.EngPostingSerializer,
                                                                 **error_responses(400, 401, 403, 404)})
    def post(self, request):
        """Post jobs: registered, active organizations not on a credit list (JOB-ORG-STATUS, JOB-ORG-LISTED)."""
        signed_in(request)
        org = Organization.objects.visible_to(request.user).by_code(request.data.get("organization", "")).first()
        if org is None:
            raise not_found()
        posting = services.create_posting(request.user, org, request.data)
        return Response(s.EngPostingSerializer(posting).data, status=status.HTTP_201_CREATED)


class PostingDetail(generics.GenericAPIView):
    queryset = JobPosting.objects.none()
    serializer_class = s.EngPostingSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: s.EngPostingSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(s.EngPostingSerializer(one(JobPosting.objects.select_related("organization"), pk)).data)


class PostingApplications(generics.GenericAPIView):
    queryset = JobPosting.objects.none()
    serializer_class = s.EngApplicationSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngApplicationSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        """The applications (masked): the posting organization and the officers over it."""
        signed_in(request)
        posting = one(JobPosting.objects.visible_to(request.user), pk)
        acting_side(request, posting.organization)
        rows = posting.applications.prefetch_related("outcomes")
        return Response(s.EngApplicationSerializer(rows, many=True).data)

    @extend_schema(tags=TAGS, request=s.EngApplicationInput, responses={201: s.EngApplicationSerializer,
                                                                     **error_responses(400, 404)})
    def post(self, request, pk):
        """A graduate applies (no account): keep the reference to check the application later."""
        posting = one(JobPosting.objects.all(), pk)
        application = services.apply(posting, request.data, request.user if request.user.is_authenticated else None)
        return Response(s.EngApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationStatus(generics.GenericAPIView):
    queryset = JobApplication.objects.none()
    serializer_class = s.EngApplicationSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, request=s.EngStatusInput, responses={200: s.EngApplicationSerializer,
                                                                **error_responses(404)})
    def post(self, request):
        """The applicant's own application: the reference and the ID number must both match."""
        found = services.application_for_applicant(request.data.get("reference"), request.data.get("id_number"))
        return Response(s.EngApplicationSerializer(found).data)


class ApplicationOutcomes(generics.GenericAPIView):
    queryset = JobApplication.objects.none()
    serializer_class = s.EngOutcomeSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def _application(self, request, pk):
        signed_in(request)
        application = one(JobApplication.objects.visible_to(request.user).select_related("posting__organization"), pk)
        acting_side(request, application.posting.organization)
        return application

    @extend_schema(tags=TAGS, responses={200: s.EngOutcomeSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.EngOutcomeSerializer(self._application(request, pk).outcomes.all(), many=True).data)

    @extend_schema(tags=TAGS, request=s.EngOutcomeInput, responses={201: s.EngOutcomeSerializer,
                                                                 **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Record an outcome: interviewed, then hired or declined (JOB-OUTCOME-ORDER, JOB-FULL)."""
        row = services.record_outcome(request.user, self._application(request, pk), request.data)
        return Response(s.EngOutcomeSerializer(row).data, status=status.HTTP_201_CREATED)


class DutyTargets(generics.GenericAPIView):
    queryset = DutyTarget.objects.none()
    serializer_class = s.EngDutyTargetSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngDutyTargetSerializer(many=True)})
    def get(self, request):
        """The duty targets set by the authorities, each with the organizations of its kind that met it."""
        report = services.duty_report(DutyTarget.objects.all())
        return Response([{**s.EngDutyTargetSerializer(r["target"]).data, "organizations": r["organizations"],
                          "met": r["met"], "posts_offered": r["posts"]} for r in report])

    @extend_schema(tags=TAGS, request=s.EngDutyTargetInput, responses={201: s.EngDutyTargetSerializer,
                                                                    **error_responses(400, 401, 403)})
    def post(self, request):
        signed_in(request)
        target = services.set_duty_target(request.user, request.data)
        return Response(s.EngDutyTargetSerializer(target).data, status=status.HTTP_201_CREATED)


class JobCounts(generics.GenericAPIView):
    queryset = JobPosting.objects.none()
    serializer_class = s.EngPostingSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: dict})
    def get(self, request):
        """Posts offered and graduates hired per organization and per registering authority (counts only)."""
        orgs = Organization.objects.all()
        return Response({
            "organizations": [{"code": r["organization"].code, "name": r["organization"].name,
                               "posts": r["posts"], "applications": r["applications"], "hired": r["hired"]}
                              for r in services.job_counts(orgs)],
            "jurisdictions": services.jurisdiction_counts(orgs)})


class KeyCounties(generics.GenericAPIView):
    queryset = KeyCounty.objects.none()
    serializer_class = s.EngKeyCountySerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngKeyCountySerializer(many=True)})
    def get(self, request):
        """The designated key counties, each with the document that designated it."""
        return Response(s.EngKeyCountySerializer(KeyCounty.objects.select_related("county"), many=True).data)

    @extend_schema(tags=TAGS, request=s.EngKeyCountyInput, responses={201: s.EngKeyCountySerializer,
                                                                   **error_responses(400, 401, 403)})
    def post(self, request):
        signed_in(request)
        return Response(s.EngKeyCountySerializer(services.designate_county(request.user, request.data)).data,
                        status=status.HTTP_201_CREATED)


def pairings_qs():
    return Pairing.objects.select_related("organization", "county", "group").prefetch_related(
        "projects__progress", "deadlines")


class Pairings(generics.GenericAPIView):
    queryset = Pairing.objects.none()
    serializer_class = s.EngPairingSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngPairingSerializer(many=True)})
    def get(self, request):
        return Response(s.EngPairingSerializer(pairings_qs()[:500], many=True).data)

    @extend_schema(tags=TAGS, request=s.EngPairingInput, responses={201: s.EngPairingSerializer,
                                                                 **error_responses(400, 401, 403)})
    def post(self, request):
        """Pair an organization or a group with a county (PAIR-UNDESIGNATED in the key-county programme)."""
        signed_in(request)
        pairing = services.create_pairing(request.user, request.data)
        return Response(s.EngPairingSerializer(pairings_qs().get(pk=pairing.pk)).data, status=status.HTTP_201_CREATED)


class PairingDetail(generics.GenericAPIView):
    queryset = Pairing.objects.none()
    serializer_class = s.EngPairingSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: s.EngPairingSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(s.EngPairingSerializer(one(pairings_qs(), pk)).data)


class PairingProjects(generics.GenericAPIView):
    queryset = Pairing.objects.none()
    serializer_class = s.EngProjectSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngProjectSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        return Response(s.EngProjectSerializer(one(Pairing.objects.all(), pk).projects.prefetch_related("progress"),
                                            many=True).data)

    @extend_schema(tags=TAGS, request=s.EngProjectInput, responses={201: s.EngProjectSerializer,
                                                                 **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        signed_in(request)
        project = services.add_project(request.user, one(Pairing.objects.select_related("organization"), pk),
                                       request.data)
        return Response(s.EngProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectProgressView(generics.GenericAPIView):
    queryset = PairingProject.objects.none()
    serializer_class = s.EngProgressSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngProgressSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        return Response(s.EngProgressSerializer(one(PairingProject.objects.all(), pk).progress.all(), many=True).data)

    @extend_schema(tags=TAGS, request=s.EngProgressInput, responses={201: s.EngProgressSerializer,
                                                                  **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Report a period's funds invested, direct purchases, sales helped and beneficiaries."""
        signed_in(request)
        row = services.report_progress(request.user, one(PairingProject.objects.all(), pk), request.data)
        return Response(s.EngProgressSerializer(row).data, status=status.HTTP_201_CREATED)


class Progress(generics.GenericAPIView):
    queryset = Pairing.objects.none()
    serializer_class = s.EngCountyProgressSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngCountyProgressSerializer(many=True)})
    def get(self, request):
        """Progress per county (``?by=group``: per 合力团)."""
        if request.query_params.get("by") == "group":
            return Response(s.EngGroupProgressSerializer(services.group_progress(), many=True).data)
        return Response(s.EngCountyProgressSerializer(services.county_progress(), many=True).data)


class Overdue(generics.GenericAPIView):
    queryset = ReportingDeadline.objects.none()
    serializer_class = s.EngDeadlineSerializer
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngDeadlineSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        """Reporting deadlines missed in the officer's jurisdiction."""
        rows = services.overdue(ReportingDeadline.objects.visible_to(request.user))
        return Response([{**s.EngDeadlineSerializer(d).data, "pairing": d.pairing_id, "county": d.pairing.county.name,
                          "partner": d.pairing.partner_name} for d in rows])


class Bases(generics.GenericAPIView):
    queryset = IncubationBase.objects.none()
    serializer_class = s.EngBaseSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngBaseSerializer(many=True)})
    def get(self, request):
        return Response(s.EngBaseSerializer(IncubationBase.objects.select_related("operator"), many=True).data)

    @extend_schema(tags=TAGS, request=s.EngBaseInput, responses={201: s.EngBaseSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        signed_in(request)
        return Response(s.EngBaseSerializer(services.create_base(request.user, request.data)).data,
                        status=status.HTTP_201_CREATED)


class BaseIncubations(generics.GenericAPIView):
    queryset = IncubationBase.objects.none()
    serializer_class = s.EngIncubationSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngIncubationSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        base = one(IncubationBase.objects.all(), pk)
        return Response(s.EngIncubationSerializer(base.incubations.select_related("organization"), many=True).data)

    @extend_schema(tags=TAGS, request=s.EngIncubationInput, responses={201: s.EngIncubationSerializer,
                                                                    **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        signed_in(request)
        row = services.admit(request.user, one(IncubationBase.objects.select_related("operator"), pk), request.data)
        return Response(s.EngIncubationSerializer(row).data, status=status.HTTP_201_CREATED)


class IncubationGraduation(generics.GenericAPIView):
    queryset = Incubation.objects.none()
    serializer_class = s.EngIncubationSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: s.EngIncubationSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(s.EngIncubationSerializer(one(Incubation.objects.all(), pk)).data)

    @extend_schema(tags=TAGS, request=s.EngGraduationInput, responses={200: s.EngIncubationSerializer,
                                                                    **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Record how the organization left the base: registered, filed or left."""
        signed_in(request)
        row = services.graduate(request.user, one(Incubation.objects.all(), pk), request.data)
        return Response(s.EngIncubationSerializer(row).data)


class BaseSessions(generics.GenericAPIView):
    queryset = IncubationBase.objects.none()
    serializer_class = s.EngSessionSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngSessionSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        base = one(IncubationBase.objects.all(), pk)
        return Response(s.EngSessionSerializer(base.sessions.prefetch_related("attendance"), many=True).data)

    @extend_schema(tags=TAGS, request=s.EngSessionInput, responses={201: s.EngSessionSerializer,
                                                                 **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        signed_in(request)
        row = services.create_session(request.user, one(IncubationBase.objects.select_related("operator"), pk),
                                      request.data)
        return Response(s.EngSessionSerializer(TrainingSession.objects.get(pk=row.pk)).data,
                        status=status.HTTP_201_CREATED)


class Venues(generics.GenericAPIView):
    queryset = Venue.objects.none()
    serializer_class = s.EngVenueSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngVenueSerializer(many=True)})
    def get(self, request):
        return Response(s.EngVenueSerializer(Venue.objects.select_related("base"), many=True).data)

    @extend_schema(tags=TAGS, request=s.EngVenueInput, responses={201: s.EngVenueSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        signed_in(request)
        return Response(s.EngVenueSerializer(services.create_venue(request.user, request.data)).data,
                        status=status.HTTP_201_CREATED)


class VenueBookings(generics.GenericAPIView):
    queryset = Venue.objects.none()
    serializer_class = s.EngBookingSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    @extend_schema(tags=TAGS, responses={200: s.EngBookingSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        venue = one(Venue.objects.all(), pk)
        return Response(s.EngBookingSerializer(venue.bookings.select_related("organization"), many=True).data)

    @extend_schema(tags=TAGS, request=s.EngBookingInput, responses={201: s.EngBookingSerializer,
                                                                 **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Book the venue; an overlapping booking is refused, naming it (VENUE-CONFLICT)."""
        signed_in(request)
        data = dict(request.data.items())
        if data.get("organization"):
            visible_or_404(Organization.objects.by_code(data["organization"]), request.user, error=not_found)
        booking = services.book(request.user, one(Venue.objects.all(), pk), data)
        return Response(s.EngBookingSerializer(booking).data, status=status.HTTP_201_CREATED)
