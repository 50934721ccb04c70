from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from supervision.models import (
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    Inspector,
    RectificationNotice,
    SpotCheckPlan,
)
from supervision.serializer_fields import DayField, NumberField, RatingOrganizationRefSerializer, text

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
