"""How the API shows ratings and spot checks, and the thin input shapes it accepts.

Input serializers check shape only: grades, points, rates, dates and every rule are applied by
services_ratings / services_spotchecks, which refuse with a rule id in both languages (RAT-GRADE, SPOT-RATE …).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import ChoiceLabel
from supervision.models import (
    CommitteeDecision,
    Grade,
    GradeAction,
    Indicator,
    IndicatorScore,
    RatingApplication,
    RatingObjection,
    ScoreSheetVersion,
)
from supervision.serializer_fields import (
    DayField,
    GradeField,
    NumberField,
    RatingOrganizationRefSerializer,
    text,
)

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
