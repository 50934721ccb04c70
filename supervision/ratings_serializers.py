"""How the API shows ratings and spot checks, and the thin input shapes it accepts.

Input serializers check shape only: grades, points, rates, dates and every rule are applied by
services_ratings / services_spotchecks, which refuse with a rule id in both languages (RAT-GRADE, SPOT-RATE …).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import ChoiceLabel

from .models import (
    CommitteeDecision,
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    Grade,
    GradeAction,
    Indicator,
    IndicatorScore,
    Inspector,
    RatingApplication,
    RatingObjection,
    RectificationNotice,
    ScoreSheetVersion,
    SpotCheckPlan,
)


@extend_schema_field(OpenApiTypes.DATE)
class DayField(serializers.CharField):
    """A date as YYYY-MM-DD; the service parses it (DATE-FORMAT, DATE-FUTURE)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)


@extend_schema_field({"type": "string", "example": "4A",
                      "description": "5A, 4A, 3A, 2A or 1A (also AAAAA …); anything else is refused with RAT-GRADE."})
class GradeField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)


@extend_schema_field({"oneOf": [{"type": "string", "example": "85.5"}, {"type": "number"}]})
class NumberField(serializers.CharField):
    """A number as text or JSON number; the service parses it."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(str(data) if isinstance(data, (int, float)) else data)


def text(max_length=4000, **kwargs):
    kwargs.setdefault("required", False)
    return serializers.CharField(allow_blank=True, allow_null=True, max_length=max_length, **kwargs)


class RatingOrganizationRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    authority = serializers.CharField(source="authority_id", read_only=True)


# --- score sheets ---------------------------------------------------------------------------------------

class RatingIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "section", "code", "name", "max_points", "order"]


class RatingBandSerializer(serializers.Serializer):
    grade = serializers.CharField()
    min_points = serializers.DecimalField(max_digits=8, decimal_places=2)


class RatingSheetVersionSerializer(serializers.ModelSerializer):
    sheet_name = serializers.CharField(source="sheet.name")
    division = serializers.CharField(source="sheet.division_id")
    org_type = serializers.CharField(source="sheet.org_type")
    is_example = serializers.BooleanField(source="sheet.is_example",
                                          help_text="An illustrative sheet shipped with the platform, not a standard.")
    indicators = RatingIndicatorSerializer(many=True, read_only=True)
    bands = RatingBandSerializer(many=True, read_only=True)

    class Meta:
        model = ScoreSheetVersion
        fields = ["id", "sheet_name", "division", "org_type", "is_example", "number", "effective_from", "max_total",
                  "note", "indicators", "bands"]


class RatingIndicatorInputSerializer(serializers.Serializer):
    section = serializers.CharField(max_length=100)
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=300)
    max_points = NumberField(max_length=20)


class RatingBandInputSerializer(serializers.Serializer):
    grade = GradeField(required=True)
    min_points = NumberField(max_length=20)


class RatingSheetInputSerializer(serializers.Serializer):
    division = serializers.CharField(max_length=6, help_text="The jurisdiction whose standard this is.")
    org_type = serializers.CharField(max_length=24)
    name = serializers.CharField(max_length=200)
    effective_from = DayField()
    note = text()
    indicators = RatingIndicatorInputSerializer(many=True)
    bands = RatingBandInputSerializer(many=True)


# --- applications ----------------------------------------------------------------------------------------

class RatingScoreSerializer(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    evaluator = serializers.CharField(source="evaluator.username", read_only=True)

    class Meta:
        model = IndicatorScore
        fields = ["id", "indicator", "indicator_code", "evaluator", "points", "comment", "scored_on"]


class RatingScoreEntrySerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=20, help_text="The indicator's code (e.g. 3.1) or id.")
    points = NumberField(max_length=20)
    comment = text()


class RatingScoreInputSerializer(serializers.Serializer):
    scores = RatingScoreEntrySerializer(many=True)
    scored_on = DayField()


class RatingDecisionSerializer(serializers.ModelSerializer):
    band_grade = serializers.CharField(read_only=True, help_text="5A … 1A; empty for none")
    grade = serializers.CharField(read_only=True, help_text="5A … 1A; empty for none")

    class Meta:
        model = CommitteeDecision
        fields = ["decided_on", "total_points", "band_grade", "grade", "reason", "decision_number",
                  "publicity_from", "publicity_until", "settings_used"]


class RatingDecisionInputSerializer(serializers.Serializer):
    grade = GradeField(help_text="Omit (or leave empty) to take the grade the bands give; 'none' for no grade. A "
                                 "grade other than the bands' needs a reason.")
    reason = text()
    decided_on = DayField()
    decision_number = text(100)


class RatingObjectionSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField(read_only=True, help_text="upheld, dismissed, or empty while unanswered")
    revised_grade = serializers.CharField(read_only=True, help_text="5A … 1A; empty for none")
    answered_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = RatingObjection
        fields = ["id", "application", "filed_on", "text", "reply_due", "answered_on", "answered_late", "outcome",
                  "revised_grade", "answer", "votes_for", "votes_against"]


class RatingObjectionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    filed_on = DayField(help_text="Officers recording a written objection received earlier; others: today.")


class RatingAnswerInputSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=12, help_text="upheld or dismissed")
    answer = serializers.CharField(max_length=4000)
    revised_grade = GradeField()
    votes_for = serializers.IntegerField(required=False, allow_null=True)
    votes_against = serializers.IntegerField(required=False, allow_null=True)
    answered_on = DayField()


class RatingGradeActionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="lowered or cancelled")
    new_grade = serializers.CharField(read_only=True, help_text="5A … 1A; empty for none")

    class Meta:
        model = GradeAction
        fields = ["id", "kind", "effective_on", "new_grade", "ground", "reason", "decision_number",
                  "certificate_return_due"]


class RatingGradeSerializer(serializers.ModelSerializer):
    grade = serializers.CharField(read_only=True, help_text="5A, 4A, 3A, 2A or 1A as conferred")
    organization = RatingOrganizationRefSerializer(read_only=True)
    actions = RatingGradeActionSerializer(many=True, read_only=True)
    grade_today = serializers.SerializerMethodField(help_text="The grade this conferral gives today (after any "
                                                              "lowering), or null when expired, cancelled or replaced.")

    class Meta:
        model = Grade
        fields = ["id", "organization", "grade", "conferred_on", "valid_until", "grade_today", "certificate_number",
                  "decision_number", "application", "actions"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_grade_today(self, grade) -> str | None:
        from django.utils import timezone

        day = self.context.get("as_of") or timezone.localdate()
        for span in grade.spans.all():
            if span.valid_from <= day < span.valid_to:
                return span.grade
        return None


class RatingConferInputSerializer(serializers.Serializer):
    conferred_on = DayField()
    certificate_number = text(100)
    decision_number = text(100)


class RatingGradeActionInputSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=12, help_text="lowered or cancelled")
    effective_on = DayField(required=True)
    new_grade = GradeField(help_text="For lowered: the lower grade.")
    ground = serializers.CharField(max_length=2, help_text="Order 39 Art. 30 ground, 1 to 6.")
    reason = serializers.CharField(max_length=4000)
    decision_number = text(100)


class RatingApplicationSerializer(serializers.ModelSerializer):
    organization = RatingOrganizationRefSerializer(read_only=True)
    state = serializers.CharField(read_only=True, help_text="applied, scoring, publicity, conferred or not_graded")
    state_label = ChoiceLabel("state")
    decision = serializers.SerializerMethodField()
    objections = RatingObjectionSerializer(many=True, read_only=True)
    grade = serializers.SerializerMethodField()

    class Meta:
        model = RatingApplication
        fields = ["id", "organization", "applied_on", "on_behalf", "state", "state_label", "sheet_version",
                  "eligibility", "note", "decision", "objections", "grade"]

    @extend_schema_field(RatingDecisionSerializer(allow_null=True))
    def get_decision(self, app):
        decision = getattr(app, "decision", None)
        return RatingDecisionSerializer(decision).data if decision else None

    @extend_schema_field(RatingGradeSerializer(allow_null=True))
    def get_grade(self, app):
        grade = getattr(app, "conferred_grade", None)
        return RatingGradeSerializer(grade, context=self.context).data if grade else None


class RatingApplyInputSerializer(serializers.Serializer):
    organization = serializers.CharField(max_length=32, help_text="USCC (or filing number) of the organization; "
                                                                  "an organization user may omit it.",
                                         required=False, allow_blank=True)
    note = text()


class RatingRefusalSerializer(serializers.Serializer):
    rule = serializers.CharField()
    zh = serializers.CharField()
    en = serializers.CharField()
    facts = serializers.DictField()
    settings = serializers.ListField(child=serializers.CharField())


class RatingEligibilitySerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    on = serializers.DateField()
    eligible = serializers.BooleanField()
    checked = serializers.ListField(child=serializers.CharField(), help_text="The checks run, in order.")
    refusals = RatingRefusalSerializer(many=True)


class RatingGradeShareSerializer(serializers.Serializer):
    division = serializers.CharField()
    as_of = serializers.DateField()
    by_grade = serializers.DictField(child=serializers.IntegerField())
    graded_3a_plus = serializers.IntegerField(help_text="Numerator: active organizations with a valid grade >= 3A.")
    active = serializers.IntegerField(help_text="Denominator: active organizations registered in the jurisdiction.")
    share_percent = serializers.CharField(allow_null=True)
    rule = serializers.CharField()
    definition_zh = serializers.CharField()
    definition_en = serializers.CharField()


# --- spot checks ----------------------------------------------------------------------------------------

class SpotInspectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspector
        fields = ["id", "name", "division", "unit", "badge_number", "active"]


class SpotInspectorInputSerializer(serializers.Serializer):
    division = serializers.CharField(max_length=6)
    name = serializers.CharField(max_length=64)
    unit = text(200)
    badge_number = text(64)


class SpotConflictSerializer(serializers.ModelSerializer):
    organization = RatingOrganizationRefSerializer(read_only=True)

    class Meta:
        model = ConflictDeclaration
        fields = ["id", "inspector", "organization", "declared_on", "reason"]


class SpotConflictInputSerializer(serializers.Serializer):
    organization = serializers.CharField(max_length=32, help_text="USCC or filing number.")
    reason = serializers.CharField(max_length=4000)
    declared_on = DayField()


class SpotPlanSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="periodic or ad_hoc")
    draw = serializers.SerializerMethodField()

    class Meta:
        model = SpotCheckPlan
        fields = ["id", "authority", "year", "kind", "title", "rate", "strata", "exclude_months",
                  "inspectors_per_target", "scope_note", "settings_used", "draw"]

    @extend_schema_field(OpenApiTypes.INT)
    def get_draw(self, plan) -> int | None:
        draw = getattr(plan, "draw", None)
        return draw.pk if draw else None


class SpotPlanInputSerializer(serializers.Serializer):
    authority = serializers.CharField(max_length=6, help_text="The planning authority's division code.")
    year = serializers.IntegerField()
    kind = serializers.CharField(max_length=12, help_text="periodic or ad_hoc")
    title = serializers.CharField(max_length=200)
    rate = NumberField(max_length=20, help_text="Percent, e.g. 5 for 5%.")
    type_rates = serializers.DictField(child=NumberField(max_length=20), required=False,
                                       help_text="Organization types sampled at their own rate, {type: percent}.")
    exclude_months = serializers.IntegerField(required=False, default=0)
    inspectors_per_target = serializers.IntegerField(required=False, allow_null=True)
    scope_note = text()


class SpotDrawInputSerializer(serializers.Serializer):
    seed = text(128, help_text="A published seed (e.g. a lottery result announced beforehand); omit for a random "
                               "one, which is published with the draw.")


class SpotTargetInspectorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="inspector_id")
    name = serializers.CharField(source="inspector.name")
    how = serializers.CharField()


class SpotRectificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationNotice
        fields = ["id", "finding", "issued_on", "deadline", "requirements", "completed_on", "completion_note"]


class SpotFindingSerializer(serializers.ModelSerializer):
    notices = SpotRectificationSerializer(many=True, read_only=True)
    conclusion = serializers.CharField(read_only=True, help_text="no_problem, rectify or referred")
    method = serializers.CharField(read_only=True, help_text="desk or on_site")
    inspectors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "target", "method", "checked_on", "conclusion", "summary", "inspectors", "published_on",
                  "notices"]


class SpotStaffFindingSerializer(SpotFindingSerializer):
    class Meta(SpotFindingSerializer.Meta):
        fields = [*SpotFindingSerializer.Meta.fields, "details"]


class SpotTargetSerializer(serializers.ModelSerializer):
    organization = RatingOrganizationRefSerializer(read_only=True)
    inspectors = SpotTargetInspectorSerializer(many=True, read_only=True)
    findings = SpotFindingSerializer(many=True, read_only=True)

    class Meta:
        model = DrawTarget
        fields = ["id", "draw", "organization", "stratum", "position", "inspectors", "findings"]


class SpotPublicTargetSerializer(serializers.ModelSerializer):
    organization = RatingOrganizationRefSerializer(read_only=True)

    class Meta:
        model = DrawTarget
        fields = ["id", "organization", "stratum", "position"]


class SpotDrawSerializer(serializers.ModelSerializer):
    """What the draw publishes: seed, code version, fingerprints and targets; anyone can re-run it."""

    plan = SpotPlanSerializer(read_only=True)
    targets = SpotPublicTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Draw
        fields = ["id", "plan", "seed", "drawn_on", "algorithm_version", "algorithm_sha256", "python_version",
                  "candidates_count", "candidates_sha256", "excluded_since", "excluded_count", "sizes",
                  "inspectors_per_target", "roster_sha256", "result_sha256", "targets"]


class SpotCandidatesSerializer(serializers.Serializer):
    draw = serializers.IntegerField()
    sha256 = serializers.CharField(help_text="SHA-256 of the canonical JSON of `candidates`.")
    candidates = serializers.ListField(child=serializers.ListField(), help_text="[organization id, code, stratum].")


class SpotVerificationCheckSerializer(serializers.Serializer):
    check = serializers.CharField()
    passed = serializers.BooleanField()
    detail = serializers.CharField()


class SpotVerificationSerializer(serializers.Serializer):
    draw = serializers.IntegerField()
    ok = serializers.BooleanField()
    checks = SpotVerificationCheckSerializer(many=True)


class SpotAssignInputSerializer(serializers.Serializer):
    inspector = serializers.IntegerField()
    reason = serializers.CharField(max_length=4000)


class SpotFindingInputSerializer(serializers.Serializer):
    method = serializers.CharField(max_length=8, help_text="desk or on_site")
    checked_on = DayField(required=True)
    conclusion = serializers.CharField(max_length=12, help_text="no_problem, rectify or referred")
    summary = serializers.CharField(max_length=4000, help_text="Published.")
    details = text(help_text="Internal.")
    inspectors = serializers.ListField(child=serializers.IntegerField(), help_text="Inspector ids present.")


class SpotRectificationInputSerializer(serializers.Serializer):
    requirements = serializers.CharField(max_length=4000)
    issued_on = DayField()
    deadline = DayField()


class SpotCompleteInputSerializer(serializers.Serializer):
    completed_on = DayField(required=True)
    note = serializers.CharField(max_length=4000)


class SpotPublishInputSerializer(serializers.Serializer):
    published_on = DayField()


class SpotPublicResultSerializer(serializers.ModelSerializer):
    organization = RatingOrganizationRefSerializer(source="target.organization", read_only=True)
    plan = serializers.CharField(source="target.draw.plan.title", read_only=True)
    year = serializers.IntegerField(source="target.draw.plan.year", read_only=True)
    draw = serializers.IntegerField(source="target.draw_id", read_only=True)
    conclusion = serializers.CharField(read_only=True, help_text="no_problem, rectify or referred")
    method = serializers.CharField(read_only=True, help_text="desk or on_site")
    rectification_deadline = serializers.SerializerMethodField()
    rectified_on = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["id", "organization", "plan", "year", "draw", "method", "checked_on", "conclusion", "summary",
                  "published_on", "rectification_deadline", "rectified_on"]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_rectification_deadline(self, finding):
        notices = list(finding.notices.all())
        return notices[-1].deadline if notices else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_rectified_on(self, finding):
        notices = list(finding.notices.all())
        return notices[-1].completed_on if notices else None
