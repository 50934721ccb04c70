"""REST API of beneficiaries and eligibility (item 6) and of the in-kind distribution ledger (item 7).

Public: a project's eligibility rules and what it served (counts only), distribution programmes, their eligible
institutions, allocations, shipments with receipts (no signatory's name), verification draws with the re-run check
and results, evaluation reports, coverage by county. The organization, its supervisor unit and the officers over it:
beneficiaries (ID numbers masked). Officers: government-aid lists, suspected duplicates and their reviews, draws and
verification results. Views parse input, look objects up through ``visible_to`` (outside: 404) and call services.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.jurisdiction import is_staff_user
from accounts.permissions import IsStaff
from common.api_errors import error_responses
from common.errors import RuleViolation

from . import beneficiaries as bs
from . import distribution as ds
from . import rules_beneficiaries as br
from .api import _stored_upload, not_found, org_public, org_visible
from .models import (
    AidList,
    Beneficiary,
    CharityProject,
    DistributionProgramme,
    DuplicateSuspect,
    LedgerTransaction,
    Shipment,
    VerificationDraw,
)

TAGS = ["charity"]


def _data(request) -> dict:
    data = request.data
    return data.dict() if hasattr(data, "dict") else dict(data)


def _signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise RuleViolation.one("AUTH-REQUIRED", None, "需要登录或提供令牌", "authentication is required", status=401)


# --- serializers ------------------------------------------------------------------------------------------

class RulesSerializer(serializers.Serializer):
    project = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)
    rules = serializers.DictField()
    in_words_zh = serializers.ListField(child=serializers.CharField())
    in_words_en = serializers.ListField(child=serializers.CharField())


def rules_data(project) -> dict:
    rule_set = bs.current_rules(project)
    rules = rule_set.rules if rule_set else {}
    words = br.describe(rules)
    return {"project": project.public_id, "version": rule_set.number if rule_set else None, "rules": rules,
            "in_words_zh": [zh for zh, _en in words], "in_words_en": [en for _zh, en in words]}


class ServedSerializer(serializers.Serializer):
    beneficiaries = serializers.IntegerField()
    persons = serializers.IntegerField()
    institutions = serializers.IntegerField()
    households = serializers.IntegerField()
    person_times = serializers.IntegerField()
    to_persons = serializers.DecimalField(max_digits=16, decimal_places=2)


class SuspectSerializer(serializers.ModelSerializer):
    state = serializers.CharField()
    beneficiary = serializers.CharField(source="beneficiary.public_id")

    class Meta:
        model = DuplicateSuspect
        fields = ["id", "beneficiary", "matched_by", "earlier_label", "earlier_on", "state"]


class BeneficiarySerializer(serializers.ModelSerializer):
    """Staff side: the ID number only masked; the household only as 'recorded'."""

    county = serializers.CharField(source="county_id", allow_null=True)
    suspects = SuspectSerializer(many=True)

    class Meta:
        model = Beneficiary
        fields = ["id", "public_id", "kind", "name", "id_masked", "uscc", "birth_date", "subsistence", "residence",
                  "admission_year", "county", "admitted_on", "checks", "suspects"]


class TransactionSerializer(serializers.ModelSerializer):
    receiver = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()

    class Meta:
        model = LedgerTransaction
        fields = ["public_id", "kind", "occurred_on", "receiver", "amount", "memo"]

    def get_receiver(self, txn) -> str:
        return next((p.account.public_id for p in txn.postings.all() if p.amount > 0), "")

    def get_amount(self, txn) -> str:
        return str(next((p.amount for p in txn.postings.all() if p.amount > 0), ""))


class AidListSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority_id")

    class Meta:
        model = AidList
        fields = ["id", "authority", "level", "title", "issued_on", "file_name", "sha256", "rows"]


class SuspectReviewSerializer(serializers.Serializer):
    suspect = serializers.IntegerField(source="suspect_id")
    outcome = serializers.CharField()
    reason = serializers.CharField()
    reviewed_at = serializers.DateTimeField()


class GoodsSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goods.id")
    name = serializers.CharField(source="goods.name")
    unit = serializers.CharField(source="goods.unit")
    quantity = serializers.DecimalField(source="goods.quantity", max_digits=16, decimal_places=3)
    unit_value = serializers.DecimalField(source="goods.unit_value", max_digits=16, decimal_places=2)
    valuation_basis = serializers.CharField(source="goods.valuation_basis")
    value = serializers.DecimalField(max_digits=18, decimal_places=2)
    allocated = serializers.DecimalField(max_digits=16, decimal_places=3)
    shipped = serializers.DecimalField(max_digits=16, decimal_places=3)
    received = serializers.DecimalField(max_digits=16, decimal_places=3)


class CountySerializer(serializers.Serializer):
    county = serializers.CharField(source="code")
    name = serializers.CharField()
    eligible = serializers.IntegerField()
    allocated = serializers.IntegerField()
    shipped = serializers.IntegerField()
    received = serializers.IntegerField()
    not_received = serializers.IntegerField()
    residents = serializers.IntegerField()
    residents_reached = serializers.IntegerField()
    waiting = serializers.SerializerMethodField()

    def get_waiting(self, row) -> list[str]:
        return [i.stable_id for i in row.waiting]


class CoverageSerializer(serializers.Serializer):
    counties = CountySerializer(many=True)
    total = CountySerializer()


def coverage_data(programme) -> dict:
    rows, total = ds.coverage(programme)
    return {"counties": rows, "total": total}


class ProgrammeSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code")
    project = serializers.CharField(source="project.public_id", allow_null=True, default=None)
    goods = serializers.SerializerMethodField()
    coverage = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = DistributionProgramme
        fields = ["id", "public_id", "name", "organization", "project", "starts_on", "description", "goods",
                  "coverage", "url"]

    def get_goods(self, programme) -> list[dict]:
        return GoodsSerializer(ds.goods_totals(programme), many=True).data

    def get_coverage(self, programme) -> dict:
        return CountySerializer(ds.coverage(programme)[1]).data

    def get_url(self, programme) -> str:
        return reverse("charity:programme", args=[programme.pk])


class InstitutionSerializer(serializers.Serializer):
    stable_id = serializers.CharField()
    name = serializers.CharField()
    county = serializers.CharField(source="county_id")
    residents = serializers.IntegerField()
    uscc = serializers.CharField()


class AllocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    institution = serializers.CharField(source="institution.stable_id")
    goods = serializers.CharField(source="goods.name")
    unit = serializers.CharField(source="goods.unit")
    quantity = serializers.DecimalField(max_digits=16, decimal_places=3)
    allocated_on = serializers.DateField()


class ReceiptSerializer(serializers.Serializer):
    """A receipt without the signatory's name (personal data)."""

    quantity = serializers.DecimalField(max_digits=16, decimal_places=3)
    received_on = serializers.DateField()
    shortfall = serializers.DecimalField(max_digits=16, decimal_places=3)


class ShipmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.CharField()
    allocation = serializers.IntegerField(source="allocation_id")
    institution = serializers.CharField(source="allocation.institution.stable_id")
    goods = serializers.CharField(source="allocation.goods.name")
    quantity = serializers.DecimalField(max_digits=16, decimal_places=3)
    shipped_on = serializers.DateField()
    receipt = serializers.SerializerMethodField()

    def get_receipt(self, shipment) -> dict | None:
        receipt = getattr(shipment, "receipt", None)
        return ReceiptSerializer(receipt).data if receipt else None


class DrawSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    seed = serializers.CharField()
    drawn_on = serializers.DateField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    size = serializers.IntegerField()
    algorithm_version = serializers.CharField()
    algorithm_sha256 = serializers.CharField()
    candidates = serializers.JSONField()
    candidates_sha256 = serializers.CharField()
    sample = serializers.SerializerMethodField()
    verified = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    def get_sample(self, made) -> list[str]:
        ids = dict(made.programme.institutions.filter(pk__in=made.targets).values_list("pk", "stable_id"))
        return [ids[t] for t in made.targets if t in ids]

    def get_verified(self, made) -> bool:
        return ds.verify_draw(made).ok

    def get_results(self, made) -> list[dict]:
        return VerificationResultSerializer(made.results.select_related("institution"), many=True).data


class VerificationResultSerializer(serializers.Serializer):
    institution = serializers.CharField(source="institution.stable_id")
    checked_on = serializers.DateField()
    quantity_found = serializers.DecimalField(max_digits=16, decimal_places=3)
    outcome = serializers.CharField()
    note = serializers.CharField()


class EvaluationReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    evaluator = serializers.CharField()
    evaluator_uscc = serializers.CharField()
    reported_on = serializers.DateField()
    conclusion = serializers.CharField()
    file_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    download = serializers.SerializerMethodField()

    def get_download(self, report) -> str:
        return reverse("charity:evaluation_file", args=[report.pk])


class AnyInput(serializers.Serializer):
    """Free-form input: the service checks every field and names each problem."""


# --- beneficiaries ------------------------------------------------------------------------------------------

def _public_project(pk) -> CharityProject:
    project = CharityProject.objects.select_related("organization").filter(pk=pk).first()
    if project is None:
        raise not_found()
    return project


def _visible_project(request, pk) -> CharityProject:
    project = CharityProject.objects.visible_to(request.user).select_related("organization").filter(pk=pk).first()
    if project is None:
        raise not_found()
    return project


class ProjectRules(generics.GenericAPIView):
    queryset = CharityProject.objects.none()
    serializer_class = RulesSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: RulesSerializer, **error_responses(404)})
    def get(self, request, pk):
        """The project's eligibility rules (current version), as data and in words."""
        return Response(RulesSerializer(rules_data(_public_project(pk))).data)

    @extend_schema(tags=TAGS, request=AnyInput, responses={201: RulesSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """A new version of the rules: min_age, max_age, subsistence, residence, admission_year, one_per_household,
        not_combinable_projects, not_combinable_levels, not_combinable_by, amount, reason."""
        _signed_in(request)
        project = _visible_project(request, pk)
        bs.set_rules(request.user, project, _data(request))
        return Response(RulesSerializer(rules_data(project)).data, status=status.HTTP_201_CREATED)


class ProjectServed(generics.GenericAPIView):
    queryset = CharityProject.objects.none()
    serializer_class = ServedSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: ServedSerializer, **error_responses(404)})
    def get(self, request, pk):
        """Counts only: beneficiaries, persons, institutions, households, person-times, yuan paid to persons."""
        return Response(ServedSerializer(bs.served(_public_project(pk))).data)


class ProjectBeneficiaries(generics.GenericAPIView):
    queryset = Beneficiary.objects.none()
    serializer_class = BeneficiarySerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: BeneficiarySerializer(many=True), **error_responses(401, 404)})
    def get(self, request, pk):
        project = _visible_project(request, pk)
        rows = Beneficiary.objects.filter(project=project).prefetch_related("suspects__reviews")
        return Response(BeneficiarySerializer(rows, many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput,
                   responses={201: BeneficiarySerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Admit a beneficiary: kind, name, id_number, household, subsistence, residence, admission_year, uscc,
        county, admitted_on. Refused with the rule and the earlier aid (project or list, date)."""
        project = _visible_project(request, pk)
        made = bs.admit(request.user, project, _data(request))
        return Response(BeneficiarySerializer(made).data, status=status.HTTP_201_CREATED)


class BeneficiaryDisbursements(generics.GenericAPIView):
    queryset = LedgerTransaction.objects.none()
    serializer_class = TransactionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def _beneficiary(self, request, pk) -> Beneficiary:
        found = Beneficiary.objects.visible_to(request.user).filter(pk=pk).first()
        if found is None:
            raise not_found()
        return found

    @extend_schema(tags=TAGS, responses={200: TransactionSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, pk):
        found = self._beneficiary(request, pk)
        rows = (LedgerTransaction.objects.filter(postings__account__public_id=found.public_id).distinct()
                .prefetch_related("postings__account").order_by("occurred_on", "id"))
        return Response(TransactionSerializer(rows, many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput,
                   responses={201: TransactionSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        """Disburse the beneficiary's aid from the project's plan fund (receiver id = the beneficiary's id)."""
        txn = bs.disburse_to(request.user, self._beneficiary(request, pk), _data(request))
        return Response(TransactionSerializer(LedgerTransaction.objects.prefetch_related("postings__account")
                                              .get(pk=txn.pk)).data, status=status.HTTP_201_CREATED)


class AidLists(generics.GenericAPIView):
    queryset = AidList.objects.none()
    serializer_class = AidListSerializer
    permission_classes = [IsStaff]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=TAGS, responses={200: AidListSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        return Response(AidListSerializer(AidList.objects.visible_to(request.user)[:500], many=True).data)

    @extend_schema(tags=TAGS, request={"multipart/form-data": AnyInput},
                   responses={201: AidListSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        """Import a government-aid list (fields authority, level, title, issued_on; file CSV or XLSX)."""
        upload = request.FILES.get("file")
        if upload is None:
            raise RuleViolation.one("REQUIRED", "file", "请选择文件", "choose a file")
        path = _stored_upload(upload)
        try:
            made = bs.import_aid_list(request.user, _data(request), path, file_name=upload.name)
        finally:
            path.unlink(missing_ok=True)
        return Response(AidListSerializer(made).data, status=status.HTTP_201_CREATED)


class Suspects(generics.GenericAPIView):
    queryset = DuplicateSuspect.objects.none()
    serializer_class = SuspectSerializer
    permission_classes = [IsStaff]

    @extend_schema(tags=TAGS, responses={200: SuspectSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        rows = DuplicateSuspect.objects.visible_to(request.user).select_related("beneficiary").order_by("-id")[:500]
        return Response(SuspectSerializer(rows, many=True).data)


class SuspectReviews(generics.GenericAPIView):
    queryset = DuplicateSuspect.objects.none()
    serializer_class = SuspectReviewSerializer
    permission_classes = [IsStaff]

    def _suspect(self, request, pk) -> DuplicateSuspect:
        found = DuplicateSuspect.objects.visible_to(request.user).filter(pk=pk).first()
        if found is None:
            raise not_found()
        return found

    @extend_schema(tags=TAGS, responses={200: SuspectReviewSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(SuspectReviewSerializer(self._suspect(request, pk).reviews.all(), many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput, responses={201: SuspectReviewSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Confirm (confirmed), clear (cleared) or undo (undone) a suspected duplicate, with a reason."""
        data = _data(request)
        made = bs.review(request.user, self._suspect(request, pk), outcome=str(data.get("outcome") or ""),
                         reason=str(data.get("reason") or ""))
        return Response(SuspectReviewSerializer(made).data, status=status.HTTP_201_CREATED)


# --- distribution -------------------------------------------------------------------------------------------

def _programme(pk) -> DistributionProgramme:
    found = DistributionProgramme.objects.select_related("organization", "project").filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def _acting_programme(request, pk) -> DistributionProgramme:
    _signed_in(request)
    found = DistributionProgramme.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


class OrganizationProgrammes(generics.GenericAPIView):
    queryset = DistributionProgramme.objects.none()
    serializer_class = ProgrammeSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: ProgrammeSerializer(many=True), **error_responses(404)})
    def get(self, request, code):
        org = org_public(code)
        return Response(ProgrammeSerializer(DistributionProgramme.objects.filter(organization=org), many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput,
                   responses={201: ProgrammeSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, code):
        """Create a programme: name, starts_on, project, description, goods [{name, unit, quantity, unit_value,
        valuation_basis}]."""
        _signed_in(request)
        made = ds.create_programme(request.user, org_visible(request.user, code), request.data)
        return Response(ProgrammeSerializer(made).data, status=status.HTTP_201_CREATED)


class ProgrammeDetail(generics.GenericAPIView):
    queryset = DistributionProgramme.objects.none()
    serializer_class = ProgrammeSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: ProgrammeSerializer, **error_responses(404)})
    def get(self, request, pk):
        return Response(ProgrammeSerializer(_programme(pk)).data)


class ProgrammeInstitutions(generics.GenericAPIView):
    queryset = DistributionProgramme.objects.none()
    serializer_class = InstitutionSerializer
    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]

    @extend_schema(tags=TAGS, responses={200: InstitutionSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        return Response(InstitutionSerializer(_programme(pk).institutions.all(), many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput,
                   responses={201: InstitutionSerializer(many=True), **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Add eligible institutions: {"institutions": [{stable_id, name, county, residents, uscc}]}."""
        programme = _acting_programme(request, pk)
        rows = request.data.get("institutions") if isinstance(request.data, dict) else None
        made = ds.add_institutions(request.user, programme, list(rows or []))
        return Response(InstitutionSerializer(made, many=True).data, status=status.HTTP_201_CREATED)


class ProgrammeAllocations(generics.GenericAPIView):
    queryset = DistributionProgramme.objects.none()
    serializer_class = AllocationSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: AllocationSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        rows = _programme(pk).allocations.select_related("institution", "goods")
        return Response(AllocationSerializer(rows, many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput,
                   responses={201: AllocationSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Allocate goods to an eligible institution: institution (stable id), goods (id or name), quantity."""
        made = ds.allocate(request.user, _acting_programme(request, pk), _data(request))
        return Response(AllocationSerializer(made).data, status=status.HTTP_201_CREATED)


class ProgrammeShipments(generics.GenericAPIView):
    queryset = DistributionProgramme.objects.none()
    serializer_class = ShipmentSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: ShipmentSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        rows = (Shipment.objects.filter(programme=_programme(pk))
                .select_related("allocation__institution", "allocation__goods", "receipt"))
        return Response(ShipmentSerializer(rows, many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput, responses={201: ShipmentSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Record a shipment of an allocation: allocation, quantity, shipped_on, carrier_ref."""
        made = ds.ship(request.user, _acting_programme(request, pk), _data(request))
        return Response(ShipmentSerializer(made).data, status=status.HTTP_201_CREATED)


class ShipmentReceipt(generics.GenericAPIView):
    queryset = Shipment.objects.none()
    serializer_class = ShipmentSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: ShipmentSerializer, **error_responses(404)})
    def get(self, request, pk):
        found = Shipment.objects.select_related("allocation__institution", "allocation__goods").filter(pk=pk).first()
        if found is None:
            raise not_found()
        return Response(ShipmentSerializer(found).data)

    @extend_schema(tags=TAGS, request=AnyInput,
                   responses={201: ShipmentSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        """Confirm the receipt: quantity (never more than shipped), received_on, signed_by, note."""
        _signed_in(request)
        found = Shipment.objects.visible_to(request.user).filter(pk=pk).first()
        if found is None:
            raise not_found()
        ds.confirm_receipt(request.user, found, _data(request))
        return Response(ShipmentSerializer(Shipment.objects.get(pk=found.pk)).data, status=status.HTTP_201_CREATED)


class ProgrammeDraws(generics.GenericAPIView):
    queryset = VerificationDraw.objects.none()
    serializer_class = DrawSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: DrawSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        return Response(DrawSerializer(_programme(pk).draws.all(), many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput, responses={201: DrawSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Draw the verification sample (officers): rate (percent), seed (optional; random when absent)."""
        programme = _acting_programme(request, pk)
        if not is_staff_user(request.user):
            raise RuleViolation.one("FORBIDDEN", None, "核查抽样由登记机关工作人员进行", "officers draw the sample", status=403)
        made = ds.draw(request.user, programme, _data(request))
        return Response(DrawSerializer(made).data, status=status.HTTP_201_CREATED)


class DrawDetail(generics.GenericAPIView):
    queryset = VerificationDraw.objects.none()
    serializer_class = DrawSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: DrawSerializer, **error_responses(404)})
    def get(self, request, pk):
        """A draw with its seed, frozen candidates, sample, results and whether re-running it gives the same."""
        found = VerificationDraw.objects.filter(pk=pk).first()
        if found is None:
            raise not_found()
        return Response(DrawSerializer(found).data)


class DrawResults(generics.GenericAPIView):
    queryset = VerificationDraw.objects.none()
    serializer_class = VerificationResultSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: VerificationResultSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        found = VerificationDraw.objects.filter(pk=pk).first()
        if found is None:
            raise not_found()
        return Response(VerificationResultSerializer(found.results.select_related("institution"), many=True).data)

    @extend_schema(tags=TAGS, request=AnyInput,
                   responses={201: VerificationResultSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Record a verification result (officers): institution, checked_on, quantity_found, note."""
        _signed_in(request)
        found = VerificationDraw.objects.visible_to(request.user).filter(pk=pk).first()
        if found is None:
            raise not_found()
        made = ds.record_verification(request.user, found, _data(request))
        return Response(VerificationResultSerializer(made).data, status=status.HTTP_201_CREATED)


class ProgrammeEvaluations(generics.GenericAPIView):
    queryset = DistributionProgramme.objects.none()
    serializer_class = EvaluationReportSerializer
    permission_classes = [permissions.AllowAny]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=TAGS, responses={200: EvaluationReportSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        return Response(EvaluationReportSerializer(_programme(pk).evaluations.all(), many=True).data)

    @extend_schema(tags=TAGS, request={"multipart/form-data": AnyInput},
                   responses={201: EvaluationReportSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        """Add a third-party evaluation report: evaluator, evaluator_uscc, reported_on, conclusion, file."""
        made = ds.add_evaluation(request.user, _acting_programme(request, pk), _data(request),
                                 request.FILES.get("file"))
        return Response(EvaluationReportSerializer(made).data, status=status.HTTP_201_CREATED)


class ProgrammeCoverage(generics.GenericAPIView):
    queryset = DistributionProgramme.objects.none()
    serializer_class = CoverageSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses={200: CoverageSerializer, **error_responses(404)})
    def get(self, request, pk):
        """Per county: eligible institutions, allocated, shipped, received, not yet received (and which)."""
        return Response(CoverageSerializer(coverage_data(_programme(pk))).data)
