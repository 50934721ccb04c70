from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import ChoiceLabel
from registry.serializers import LenientDateField, MoneyField
from supervision.models import (
    DepartmentKind,
    Penalty,
    PenaltyKind,
)
from supervision.serializer_fields import enum_field, org_code

# --- penalties ---------------------------------------------------------------------------------------------

class PenaltySerializer(serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    penalty = serializers.ChoiceField(source="kind", choices=PenaltyKind.choices, read_only=True)
    penalty_label = ChoiceLabel("kind")
    department_kind = serializers.ChoiceField(choices=DepartmentKind.choices, read_only=True)
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Penalty
        fields = ["id", "organization", "organization_name", "penalty", "penalty_label", "amount",
                  "suspended_from", "suspended_to", "decision_number", "decided_on", "legal_basis", "facts",
                  "department_kind", "department_name", "registration_event", "supersedes", "superseded_by",
                  "correction_reason", "recorded_at"]
        read_only_fields = fields

    def get_organization(self, penalty) -> str:
        return org_code(penalty)

    @extend_schema_field(OpenApiTypes.INT)
    def get_superseded_by(self, penalty) -> int | None:
        return Penalty.objects.filter(supersedes=penalty).values_list("pk", flat=True).first()


class PenaltyInput(serializers.Serializer):
    organization = serializers.CharField(help_text="USCC or filing number.")
    penalty = enum_field(PenaltyKind.choices)
    amount = MoneyField(required=False, allow_null=True, allow_blank=True, help_text="Fine or confiscation only.")
    suspended_from = LenientDateField(required=False, allow_null=True, allow_blank=True,
                                      help_text="Suspension only: first day.")
    suspended_to = LenientDateField(required=False, allow_null=True, allow_blank=True,
                                    help_text="Suspension only: last day.")
    decision_number = serializers.CharField(required=False, allow_blank=True)
    decided_on = LenientDateField(required=False, allow_null=True, allow_blank=True,
                                  help_text="Decision date; not in the future.")
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    facts = serializers.CharField(required=False, allow_blank=True)
    department_kind = enum_field(DepartmentKind.choices, required=False, allow_null=True,
                                 help_text="Default civil_affairs (the registration authority).")
    department_name = serializers.CharField(required=False, allow_blank=True,
                                            help_text="Required for another department; default: the authority.")
    supersedes = serializers.IntegerField(required=False, allow_null=True,
                                          help_text="Id of a penalty of this organization that this one corrects.")
    correction_reason = serializers.CharField(required=False, allow_blank=True)
