"""Divisions as the API shows them: public reference data (GB/T 2260 with its history)."""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import ChoiceLabel

from .models import Division, DivisionName


class SuccessorSerializer(serializers.Serializer):
    code = serializers.CharField()
    year = serializers.IntegerField(allow_null=True, help_text="When only part of the area moved, the year it did.")


_SUCCESSOR = re.compile(r"^(\d{6})(?:\[(\d{4})\])?$")


def split_codes(value: str) -> list[dict]:
    """Successors are published as one string, e.g. "130102;130104" or "130102[2001];130108[2001]"."""
    out = []
    for part in (value or "").split(";"):
        match = _SUCCESSOR.match(part.strip())
        if match:
            out.append({"code": match.group(1), "year": int(match.group(2)) if match.group(2) else None})
    return out


class DivisionSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True, help_text="With its province and prefecture, e.g. 北京市东城区.")
    level_label = ChoiceLabel("level")
    status_label = ChoiceLabel("status")
    authority_name = serializers.CharField(read_only=True, help_text="Its civil-affairs department, e.g. 北京市民政局.")
    parent = serializers.CharField(source="parent_id", read_only=True, allow_null=True)

    class Meta:
        model = Division
        fields = ["code", "name", "full_name", "level", "level_label", "status", "status_label", "parent",
                  "start_year", "end_year", "authority_name"]


class DivisionNameSerializer(serializers.ModelSerializer):
    successors = serializers.SerializerMethodField()

    class Meta:
        model = DivisionName
        fields = ["name", "start_year", "end_year", "status", "successors"]

    @extend_schema_field(SuccessorSerializer(many=True))
    def get_successors(self, obj) -> list[dict]:
        return split_codes(obj.successors)


class DivisionDetailSerializer(DivisionSerializer):
    children = serializers.SerializerMethodField(help_text="Codes of the divisions directly below.")
    names = DivisionNameSerializer(many=True, read_only=True, help_text="Every name this code has had.")
    successors = serializers.SerializerMethodField(help_text="The codes this one became, if retired or changed.")

    class Meta(DivisionSerializer.Meta):
        fields = [*DivisionSerializer.Meta.fields, "children", "names", "successors"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_children(self, obj) -> list[str]:
        return [child.code for child in obj.children.all()]

    @extend_schema_field(SuccessorSerializer(many=True))
    def get_successors(self, obj) -> list[dict]:
        return split_codes(obj.successors)
