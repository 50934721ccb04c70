"""Shapes of the credit API. Output serializers render the plain dicts of :mod:`credit.queries` (and document
them); input serializers check shape and length only: every rule is applied by :mod:`credit.services`, which
reports every problem at once with its rule id."""

from django.urls import reverse
from rest_framework import serializers

from common.serializers import AsOfField, ChoiceLabel

from .models import (
    ENTERABLE_KINDS,
    CreditFact,
    Evidence,
    Holiday,
    ListKind,
    ObjectionCase,
    PenaltyKind,
    RepairCase,
)

# --- output ------------------------------------------------------------------------------------------------


class FactRefSerializer(serializers.Serializer):
    ref = serializers.CharField(help_text="Source and id: cf (credit fact), re (registration event), sp/ar/sc/gr … "
                                          "(supervision).")
    kind = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    summary_zh = serializers.CharField()
    summary_en = serializers.CharField()
    url = serializers.CharField(help_text="Where the fact is shown publicly.")


class GroundSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="ABN-1 … ABN-7, SER-1 … SER-8")
    rule_text_zh = serializers.CharField()
    rule_text_en = serializers.CharField()
    triggered_on = serializers.DateField(help_text="The day the fact was known and had occurred (prior notice day).")
    listed_on = serializers.DateField()
    withdrawn_on = serializers.DateField(allow_null=True, help_text="Set when a correction withdrew the ground.")
    facts = FactRefSerializer(many=True)


class EntrySerializer(serializers.Serializer):
    list = serializers.CharField(help_text="abnormal (活动异常名录) or serious (严重违法失信名单).")
    list_name_zh = serializers.CharField()
    list_name_en = serializers.CharField()
    listed_on = serializers.DateField(help_text="Since when.")
    removed_on = serializers.DateField(allow_null=True)
    period_counted_from = serializers.DateField(help_text="Restarted by each new ground (CREDIT_CLOCK_RESTART).")
    rules = serializers.ListField(child=serializers.CharField())
    grounds = GroundSerializer(many=True)
    why_zh = serializers.CharField()
    why_en = serializers.CharField()
    earliest_exit = serializers.DateField(allow_null=True, help_text="Until when at the earliest (open entries).")
    exit_condition_zh = serializers.CharField(allow_blank=True)
    exit_condition_en = serializers.CharField(allow_blank=True)
    exit_rule = serializers.CharField(allow_blank=True)
    exit_rule_text_zh = serializers.CharField(allow_blank=True)
    exit_rule_text_en = serializers.CharField(allow_blank=True)
    exit_facts = FactRefSerializer(many=True)
    deciding_authority = serializers.CharField()
    legal_basis_zh = serializers.CharField()
    legal_basis_en = serializers.CharField()
    settings = serializers.ListField(child=serializers.CharField(), help_text="Every setting the decision used.")


class ListStateSerializer(EntrySerializer):
    listed = serializers.BooleanField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "listed":
                field.required = False


class AuthorityRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OrgBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    org_type = serializers.CharField()
    org_type_label = serializers.CharField()
    authority = AuthorityRefSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    founded_on = serializers.DateField()


class StandingListingSerializer(serializers.Serializer):
    list = serializers.CharField()
    since = serializers.DateField()
    rules = serializers.ListField(child=serializers.CharField())
    explanation_url = serializers.CharField()


class StandingSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="normal, abnormal, serious, deregistered, revoked, certificate_cancelled "
                                            "or suspected_illegal.")
    label_zh = serializers.CharField(help_text="正常 / 活动异常名录 / 严重违法失信名单 / 已注销 / 已撤销 / 已吊销 / 涉嫌非法社会组织")
    label_en = serializers.CharField()
    tone = serializers.CharField(help_text="ok, warn (amber), danger (red) or ended (grey).")
    warns = serializers.BooleanField()
    as_of = serializers.DateField()
    since = serializers.DateField(allow_null=True)
    reason_zh = serializers.CharField(allow_blank=True)
    reason_en = serializers.CharField(allow_blank=True)
    rules = serializers.ListField(child=serializers.CharField())
    explanation_url = serializers.CharField(help_text="The list entry (rule and date) on the credit page.")
    listings = StandingListingSerializer(many=True)


class CodeProblemSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message_zh = serializers.CharField()
    message_en = serializers.CharField()


class CheckMatchSerializer(OrgBriefSerializer):
    standing = StandingSerializer()
    abnormal = ListStateSerializer()
    serious = ListStateSerializer()
    answer_zh = serializers.CharField()
    answer_en = serializers.CharField()


class BanningOutSerializer(serializers.Serializer):
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(allow_blank=True)
    authority = serializers.CharField()


class IllegalOrgSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    claimed_activities = serializers.CharField(allow_blank=True)
    reported_where = serializers.CharField(allow_blank=True)
    batch = serializers.CharField()
    batch_number = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField()
    published_by = serializers.CharField()
    bannings = BanningOutSerializer(many=True)
    matched_on = serializers.CharField(required=False, help_text="In a check: name or alias.")
    matched_alias = serializers.CharField(required=False, allow_blank=True)
    standing = StandingSerializer(required=False)


class SimilarSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CheckResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    as_of = serializers.DateField()
    registered = serializers.BooleanField()
    matches = CheckMatchSerializer(many=True)
    similar = SimilarSerializer(many=True, help_text="Single queries only: registered names containing the query.")
    suspected_illegal = IllegalOrgSerializer(many=True, help_text="Matched by name or by alias (涉嫌非法社会组织，民政部门公布).")
    valid_code = serializers.BooleanField(help_text="False when the query reads as a USCC but breaks a GB 32100 rule.")
    code_problems = CodeProblemSerializer(many=True)
    answer_zh = serializers.CharField()
    answer_en = serializers.CharField()


class BulkCheckResultSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    results = CheckResultSerializer(many=True)


class ListRowSerializer(EntrySerializer):
    organization = OrgBriefSerializer()


class NoticeSerializer(serializers.Serializer):
    list = serializers.CharField()
    notice_on = serializers.DateField()
    listing_on = serializers.DateField()
    withdrawn_on = serializers.DateField(allow_null=True)
    rules = serializers.ListField(child=serializers.CharField())
    channel = serializers.CharField()


class FactorSerializer(serializers.Serializer):
    key = serializers.CharField()
    zh = serializers.CharField()
    en = serializers.CharField()
    points = serializers.FloatField()
    facts = serializers.ListField(child=serializers.CharField())


class EvaluationSerializer(serializers.Serializer):
    on = serializers.DateField()
    graded = serializers.BooleanField(help_text="False: no grade (nothing to evaluate, or the registration ended); "
                                                "reason_zh/reason_en say why")
    score = serializers.FloatField(allow_null=True)
    grade = serializers.CharField(allow_blank=True, help_text="A–D, or empty when not graded")
    negative_record = serializers.BooleanField(help_text="a factor with negative points was counted")
    basis_zh = serializers.CharField(allow_blank=True, help_text="the rule and the facts counted")
    basis_en = serializers.CharField(allow_blank=True)
    reason_zh = serializers.CharField(allow_blank=True, help_text="why there is no grade")
    reason_en = serializers.CharField(allow_blank=True)
    factors = FactorSerializer(many=True)
    settings = serializers.ListField(child=serializers.CharField())


class InformationItemSerializer(serializers.Serializer):
    ref = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    date = serializers.DateField()
    known_on = serializers.DateField()
    summary_zh = serializers.CharField()
    summary_en = serializers.CharField()
    corrected = serializers.BooleanField()


class InformationSerializer(serializers.Serializer):
    basic = InformationItemSerializer(many=True)
    annual_report = InformationItemSerializer(many=True)
    inspection = InformationItemSerializer(many=True)
    penalty = InformationItemSerializer(many=True)
    other = InformationItemSerializer(many=True)


class OutcomeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    filed_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    state = serializers.CharField()
    outcome_zh = serializers.CharField(allow_blank=True)
    outcome_en = serializers.CharField(allow_blank=True)


class CreditProfileSerializer(serializers.Serializer):
    organization = OrgBriefSerializer()
    as_of = serializers.DateField()
    abnormal = ListStateSerializer()
    serious = ListStateSerializer()
    history = EntrySerializer(many=True)
    notices = NoticeSerializer(many=True, help_text="Public announcements; all prior notices for the organization "
                                                   "itself and its officers.")
    evaluation = EvaluationSerializer()
    information = InformationSerializer()
    outcomes = OutcomeSerializer(many=True)


class ScreenFeaturesSerializer(serializers.Serializer):
    char_overlap = serializers.FloatField()
    core_similarity = serializers.FloatField()
    stripped_similarity = serializers.FloatField()
    order_free = serializers.FloatField()
    pinyin_similarity = serializers.FloatField()
    traditional = serializers.BooleanField()
    insertions = serializers.ListField(child=serializers.CharField())
    one_character_edit = serializers.BooleanField(help_text="The cores are one inserted or deleted character apart.")
    numbers_differ = serializers.BooleanField(help_text="The names carry different numbers (第1号 / 第2号).")
    region = serializers.CharField(help_text="same, swapped, nested (one adds the higher division), noted (region "
                                             "only in a note), broad_variant (中国/中华/全国 …), one_sided, "
                                             "local_vs_national, generic_core, different, none.")
    form = serializers.CharField()


class ScreenCandidateSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=[("register", "register"), ("former_name", "former_name"),
                                              ("illegal", "illegal"), ("serious", "serious")])
    same_authority = serializers.BooleanField(required=False, help_text="Register candidates: registered by the "
                                                                        "same authority as the screened name.")
    id = serializers.IntegerField()
    code = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    matched_name = serializers.CharField()
    score = serializers.FloatField()
    match = serializers.BooleanField()
    features = ScreenFeaturesSerializer()
    explanation_zh = serializers.CharField()
    explanation_en = serializers.CharField()


class ScreenQuerySerializer(serializers.Serializer):
    name = serializers.CharField()
    normalized = serializers.CharField()
    broad_prefixes = serializers.ListField(child=serializers.CharField())
    regions = serializers.ListField(child=serializers.CharField())
    core = serializers.CharField(allow_blank=True)
    core_without_insertions = serializers.CharField(allow_blank=True)
    insertions = serializers.ListField(child=serializers.CharField())
    form = serializers.CharField(allow_blank=True)
    traditional_converted = serializers.BooleanField()


class ScreenResultSerializer(serializers.Serializer):
    query = ScreenQuerySerializer()
    threshold = serializers.FloatField()
    results = ScreenCandidateSerializer(many=True)


class CreditFactSerializer(serializers.ModelSerializer):
    ref = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text="See kind_label; the kinds are listed on the input.")
    kind_label = ChoiceLabel("kind")
    penalty_kinds = serializers.SerializerMethodField()

    class Meta:
        model = CreditFact
        fields = ["ref", "kind", "kind_label", "occurred_on", "known_on", "effective_on", "penalty_kinds",
                  "fine_amount", "details", "issuing_authority", "document_number", "legal_basis", "description",
                  "supersedes_ref", "recorded_at"]
        read_only_fields = fields

    def get_penalty_kinds(self, fact) -> list[str]:
        return [k for k in fact.penalty_kinds.split(",") if k]


class EvidenceSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="Where the file is downloaded (same access as the case).")

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "sha256", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, evidence) -> str:
        return reverse("api-credit-evidence", args=[evidence.pk])


class ObjectionSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    state_label = ChoiceLabel("state")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ObjectionCase
        fields = ["id", "organization", "fact_ref", "fact_label", "counted_from", "statement", "state", "state_label",
                  "filed_on", "filing_deadline", "accept_due", "accepted_on", "decision_due", "decided_on",
                  "decision_reason", "public_outcome_zh", "public_outcome_en", "correction", "settings_cited",
                  "evidence"]
        read_only_fields = fields


class RepairSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    state_label = ChoiceLabel("state")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = RepairCase
        fields = ["id", "organization", "list_kind", "entry_start", "statement", "state", "state_label", "filed_on",
                  "decision_due", "decided_on", "verified_on", "removal_due", "decision_reason", "public_outcome_zh",
                  "public_outcome_en", "removal", "settings_cited", "evidence"]
        read_only_fields = fields


class HolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["date", "is_workday", "name", "source"]


# --- input -------------------------------------------------------------------------------------------------


class AsOfParamsSerializer(serializers.Serializer):
    as_of = AsOfField(help_text="Replay this date (YYYY-MM-DD, not after today); default today.")


class ListParamsSerializer(AsOfParamsSerializer):
    division = serializers.RegexField(r"^\d{6}$", required=False,
                                      help_text="Deciding authority is this division or lies below it.")
    listed_from = serializers.DateField(required=False)
    listed_to = serializers.DateField(required=False)
    rule = serializers.RegexField(r"^(ABN|SER)-\d$", required=False, help_text="Only entries citing this ground.")


class CheckParamsSerializer(AsOfParamsSerializer):
    q = serializers.CharField(max_length=200, help_text="Name (current or former) or USCC / filing number.")


class BulkCheckSerializer(serializers.Serializer):
    queries = serializers.ListField(child=serializers.CharField(max_length=200), allow_empty=False,
                                    help_text="Up to 1,000 names or codes.")
    as_of = AsOfField(help_text="Replay this date (YYYY-MM-DD, not after today); default today.")


class ScreenParamsSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, trim_whitespace=True)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)


FACT_KINDS_HELP = "One of: " + ", ".join(k.value for k in ENTERABLE_KINDS) + "."


class CreditFactInputSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=40, help_text=FACT_KINDS_HELP)
    occurred_on = serializers.CharField(max_length=20)
    known_on = serializers.CharField(max_length=20, required=False, allow_blank=True)
    penalty_kinds = serializers.ListField(child=serializers.ChoiceField(choices=PenaltyKind.choices), required=False)
    fine_amount = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True)
    issuing_authority = serializers.CharField(max_length=200, required=False, allow_blank=True)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    legal_basis = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    first_letter_on = serializers.CharField(max_length=20, required=False, allow_blank=True)
    second_letter_on = serializers.CharField(max_length=20, required=False, allow_blank=True)
    grade = serializers.CharField(max_length=4, required=False, allow_blank=True)
    valid_until = serializers.CharField(max_length=20, required=False, allow_blank=True)
    result = serializers.CharField(max_length=30, required=False, allow_blank=True)
    supersedes_ref = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                           help_text="no_responsibility_certified: the abnormal-list fact concerned.")
    rectification_deadline = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                                   help_text="rectification_overdue: the notice's deadline.")
    situation = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                      help_text="fundraising_inactive: inactive or unqualified.")
    last_fundraising_on = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                                help_text="fundraising_inactive (inactive): the last public "
                                                          "fundraising.")


class ObjectionInputSerializer(serializers.Serializer):
    fact_ref = serializers.CharField(max_length=40)
    statement = serializers.CharField(max_length=4000)


class RepairInputSerializer(serializers.Serializer):
    list_kind = serializers.ChoiceField(choices=ListKind.choices)
    statement = serializers.CharField(max_length=4000)


class CaseActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[("accept", "accept"), ("decide", "decide")])
    upheld = serializers.BooleanField(required=False, help_text="Objections: true upholds (corrects the fact).")
    granted = serializers.BooleanField(required=False, help_text="Repairs: true verifies and removes.")
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    removal_on = serializers.DateField(required=False, help_text="Repairs: removal date (default: today).")
    outcome_zh = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    outcome_en = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class EvidenceInputSerializer(serializers.Serializer):
    file = serializers.FileField()


class IllegalItemSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    claimed_activities = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    reported_where = serializers.CharField(max_length=200, required=False, allow_blank=True)


class IllegalBatchInputSerializer(serializers.Serializer):
    authority = serializers.RegexField(r"^\d{6}$")
    title = serializers.CharField(max_length=200)
    batch_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    published_on = serializers.DateField()
    organizations = IllegalItemSerializer(many=True)


class IllegalBatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    batch_number = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField()
    authority = serializers.CharField()
    organizations = IllegalOrgSerializer(many=True)


class BanningInputSerializer(serializers.Serializer):
    authority = serializers.RegexField(r"^\d{6}$")
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ScreeningResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    trigger = serializers.CharField()
    ran_at = serializers.DateTimeField()
    threshold = serializers.FloatField()
    top_score = serializers.FloatField()
    flagged = serializers.BooleanField()
    candidates = ScreenCandidateSerializer(many=True)
