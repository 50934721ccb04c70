"""How the API shows the register, and the thin input shapes it accepts.

Output: the public serializer shows only what the register publishes; the staff serializer adds the
masked ID number, the full phone and timestamps. Input serializers check shape and length only: every
register rule (USCC, division, dates, names, money) is applied by registry.services, which reports every
problem at once with its rule id.
"""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.crypto import mask_id_number, mask_phone
from common.serializers import ChoiceLabel
from divisions.models import Division

from . import rules, standing
from .models import EventKind, Level, Organization, OrgType, RegistrationEvent, Status
from .services import decrypt_id
from .validation import MAX_LENGTHS, TYPE_ALIASES

# --- output -----------------------------------------------------------------------------------------


class AuthoritySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="authority_name", read_only=True, help_text="e.g. 北京市东城区民政局, 民政部")
    division_name = serializers.CharField(source="full_name", read_only=True)

    class Meta:
        model = Division
        fields = ["code", "name", "division_name"]


class PublicOrganizationSerializer(serializers.ModelSerializer):
    """What anyone may see: the published register. Never the ID number, its hash, or the full phone."""

    code = serializers.CharField(read_only=True, help_text="The USCC, or the filing number of a community organization.")
    former_names = serializers.SerializerMethodField()
    org_type_label = ChoiceLabel("org_type")
    level_label = ChoiceLabel("level")
    status_label = ChoiceLabel("status")
    authority = AuthoritySerializer(read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True, help_text="Masked, e.g. 138****8000.")
    as_of = serializers.SerializerMethodField(help_text="The date the record is shown as of (null: today).")
    standing = serializers.SerializerMethodField(
        help_text="The one standing badge on the day shown: value normal / abnormal / serious / deregistered / "
                  "revoked / certificate_cancelled, its zh/en label, tone (ok, warn, danger, ended), since when, "
                  "the reason and rule ids, and explanation_url (the list entry on the credit page).")

    class Meta:
        model = Organization
        fields = ["code", "uscc", "filing_number", "name", "former_names", "org_type", "org_type_label", "level",
                  "level_label", "authority", "legal_rep_name", "supervisor", "domicile", "founded_on",
                  "registered_funds", "business_scope", "status", "status_label", "status_since", "phone",
                  "street", "community", "is_demo", "as_of", "standing"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_former_names(self, org) -> list[str]:
        return [name for name in org.former_names.split("\n") if name]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, org):
        return getattr(org, "as_of_date", None)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_standing(self, org) -> dict | None:
        if not hasattr(org, "standing_data"):  # one organization (a page attaches the standing set-based)
            standing.attach([org], getattr(org, "as_of_date", None))
        return org.standing_data


STAFF_ONLY_FIELDS = ("legal_rep_id", "created_at", "updated_at")


class StaffOrganizationSerializer(PublicOrganizationSerializer):
    """For officers, administrators and the organization itself (rows already limited by visible_to)."""

    phone = serializers.CharField(read_only=True, help_text="Full for staff; masked for the public.")
    legal_rep_id = serializers.SerializerMethodField(
        help_text="Staff only, masked (110105********002X). Null when shown as of a past date, because the "
                  "register keeps only a keyed hash of earlier numbers.")

    class Meta(PublicOrganizationSerializer.Meta):
        fields = [*PublicOrganizationSerializer.Meta.fields, *STAFF_ONLY_FIELDS]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_legal_rep_id(self, org) -> str | None:
        if getattr(org, "as_of_past", False):
            return None
        return mask_id_number(decrypt_id(org)) or None


class OrganizationSchema(OpenApiSerializerExtension):
    """The documented response is the staff shape with staff-only fields optional: anonymous readers get the
    same object without them."""

    target_class = StaffOrganizationSerializer

    def get_name(self, auto_schema, direction):
        return "Organization"

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = [name for name in schema.get("required", []) if name not in STAFF_ONLY_FIELDS]
        return schema


class EventSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabel("kind")
    superseded_by = serializers.SerializerMethodField(help_text="The event that corrects this one, if any.")
    changes = serializers.SerializerMethodField(help_text="The registered items this event sets.")

    class Meta:
        model = RegistrationEvent
        fields = ["id", "kind", "kind_label", "effective_on", "decision_number", "reason", "changes", "recorded_at",
                  "supersedes", "superseded_by"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_superseded_by(self, event) -> int | None:
        later = getattr(event, "superseded_by", None)
        return later.pk if later else None

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_changes(self, event) -> dict:
        return event.changes


class PublicEventSerializer(EventSerializer):
    """The public never sees the legal representative's ID number, not even as its keyed hash, and sees the
    contact phone masked (138****8000), as on the organization itself."""

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_changes(self, event) -> dict:
        return {key: mask_phone(str(value)) if key == "phone" and value else value
                for key, value in event.changes.items() if key not in ("legal_rep_id_hash", "legal_rep_id")}


# --- input ------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.DATE)
class LenientDateField(serializers.CharField):
    """A date as text; the service parses it (2016-04-25, 2016/4/25, 2016年4月25日) and reports DATE-FORMAT."""


@extend_schema_field({"oneOf": [{"type": "string", "example": "300000.00"}, {"type": "number"}],
                      "description": "Yuan: 300000, \"300000.00\" or \"30万元\"."})
class MoneyField(serializers.CharField):
    """An amount as a number or text; the service parses it (MONEY-FORMAT, MONEY-NEGATIVE)."""


def text(key: str, *, required: bool = False, **kwargs) -> serializers.CharField:
    """A text input whose length limit is the register's (validation.MAX_LENGTHS)."""
    return serializers.CharField(required=required, allow_blank=True, allow_null=True,
                                 max_length=MAX_LENGTHS.get(key), **kwargs)


@extend_schema_field({"type": "string", "enum": list(TYPE_ALIASES)})
class OrgTypeField(serializers.CharField):
    """The English value or a Chinese label; the service resolves it (ORG-TYPE)."""


class RegistrationSerializer(serializers.Serializer):
    """成立登记 / 备案. Shape and length only; registry.services.register_organization applies the rules."""

    uscc = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                 help_text="18 characters; omit for a filed community organization.")
    org_type = OrgTypeField(help_text="social_group, social_service_agency, foundation, community_org "
                                      "(or 社会团体, 社会服务机构, 民办非企业单位, 基金会, 社区社会组织).")
    authority = serializers.CharField(max_length=64, help_text="Six-digit division code (100000 for 民政部) or "
                                                               "the authority's name, e.g. 北京市民政局.")
    name = text("name", required=True)
    legal_rep_name = text("legal_rep_name", required=True)
    legal_rep_id = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=32,
                                         help_text="Resident ID number (GB 11643); stored encrypted.")
    supervisor = text("supervisor", help_text="业务主管单位; empty for direct registration.")
    domicile = text("domicile", required=True)
    founded_on = LenientDateField()
    registered_funds = MoneyField(required=False, allow_blank=True, allow_null=True)
    business_scope = text("business_scope")
    phone = text("phone")
    street = text("street")
    community = text("community")
    reason = text("reason")
    decision_number = text("decision_number")
    screening_confirmed = serializers.BooleanField(
        required=False, default=False,
        help_text="The name is screened before registration; a hit answers 409 NAME-SCREEN-HIT with the candidates "
                  "in `screening`. Send true, with screening_reason, to register over the hits you have seen.")
    screening_reason = text("screening_reason", help_text="Why the name is registered despite the screening hits "
                                                          "(required with screening_confirmed over a hit; audited).")


@extend_schema_field({"type": "string", "enum": list(EventKind.values)})
class EventKindField(serializers.CharField):
    """Validated by the service (EVENT-KIND): establishment only as a correction of an establishment."""


@extend_schema_field({
    "type": "object",
    "description": "New values of the registered items: change may set any of these, leadership_change only "
                   "legal_rep_name and legal_rep_id; the other kinds set none.",
    "properties": {key: {"type": "string"} for key in rules.CHANGEABLE_ITEMS},
    "additionalProperties": False,
})
class ChangesField(serializers.DictField):
    pass


class EventInputSerializer(serializers.Serializer):
    """One lifecycle event; registry.services.record_event applies the rules."""

    kind = EventKindField()
    effective_on = LenientDateField()
    decision_number = text("decision_number")
    reason = text("reason", help_text="Required except for change registrations.")
    changes = ChangesField(required=False)
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=RegistrationEvent.objects.none(), required=False, allow_null=True,
        help_text="Id of an event of this organization that this one corrects.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            self.fields["supersedes"].queryset = organization.events.all()


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, allow_null=True)


class SearchParamsSerializer(serializers.Serializer):
    """Query parameters of a ranked search (GET /organizations/?q=)."""

    q = serializers.CharField(max_length=100, trim_whitespace=True,
                              help_text="Name or former name (any substring, traditional or simplified), full "
                                        "pinyin or initials (prefix), or USCC / filing number (exact or prefix).")
    type = serializers.ChoiceField(choices=OrgType.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    division = serializers.RegexField(r"^\d{6}$", required=False)
    page = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=100, default=20)
