from rest_framework import serializers

from common.serializers import ChoiceLabel
from registry.serializers import LenientDateField
from supervision.models import (
    DepartureAudit,
    LeadershipTerm,
    TermKind,
    TermPostponement,
)
from supervision.serializer_fields import CountField, enum_field, org_code

# --- leadership --------------------------------------------------------------------------------------------

class PostponementSerializer(serializers.ModelSerializer):
    class Meta:
        model = TermPostponement
        fields = ["id", "postponed_to", "approved_on", "reason", "recorded_at"]
        read_only_fields = fields


class LeadershipTermSerializer(serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    filing = serializers.ChoiceField(source="kind", choices=TermKind.choices, read_only=True)
    filing_label = ChoiceLabel("kind")
    board_members = serializers.ListField(child=serializers.CharField(), read_only=True)
    postponements = PostponementSerializer(many=True, read_only=True)

    class Meta:
        model = LeadershipTerm
        fields = ["id", "organization", "organization_name", "filing", "filing_label", "started_on",
                  "term_years", "ends_on", "legal_rep_name", "board_members", "decision_number", "filed_on",
                  "registration_event", "departure_audit", "setting_explanation", "postponements", "recorded_at"]
        read_only_fields = fields

    def get_organization(self, term) -> str:
        return org_code(term)


class OverdueTermSerializer(LeadershipTermSerializer):
    due_on = serializers.DateField(read_only=True, help_text="Renewal date, or the approved postponement.")

    class Meta(LeadershipTermSerializer.Meta):
        fields = [*LeadershipTermSerializer.Meta.fields, "due_on"]
        read_only_fields = fields


class TermInput(serializers.Serializer):
    organization = serializers.CharField(help_text="USCC or filing number.")
    filing = enum_field(TermKind.choices, required=False, allow_null=True,
                        help_text="initial (the term in force, first record) or renewal (换届). Default: renewal "
                                  "when a term is on file, else initial.")
    started_on = LenientDateField(required=False, allow_null=True, allow_blank=True)
    term_years = CountField(required=False, allow_null=True, help_text="From the charter (default setting "
                                                                       "LEADERSHIP_TERM_YEARS, 5).")
    legal_rep_name = serializers.CharField(required=False, allow_blank=True)
    legal_rep_id = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                         help_text="New legal representative's ID number (stored encrypted).")
    board_members = serializers.ListField(child=serializers.CharField(max_length=64), required=False,
                                          max_length=200)
    decision_number = serializers.CharField(required=False, allow_blank=True)
    filed_on = LenientDateField(required=False, allow_null=True, allow_blank=True, help_text="Default: today.")
    note = serializers.CharField(required=False, allow_blank=True)


class PostponementInput(serializers.Serializer):
    postponed_to = LenientDateField(required=False, allow_null=True, allow_blank=True)
    approved_on = LenientDateField(required=False, allow_null=True, allow_blank=True, help_text="Default: today.")
    reason = serializers.CharField(required=False, allow_blank=True)


class DepartureAuditSerializer(serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()

    class Meta:
        model = DepartureAudit
        fields = ["id", "organization", "person_name", "audited_on", "auditor", "report_number", "summary",
                  "recorded_at"]
        read_only_fields = fields

    def get_organization(self, audit) -> str:
        return org_code(audit)


class DepartureAuditInput(serializers.Serializer):
    organization = serializers.CharField(help_text="USCC or filing number.")
    person_name = serializers.CharField(required=False, allow_blank=True,
                                        help_text="Default: the registered legal representative.")
    audited_on = LenientDateField(required=False, allow_null=True, allow_blank=True)
    auditor = serializers.CharField(required=False, allow_blank=True)
    report_number = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
