from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MONEY_HELP = "Yuan, 2 decimal places, not negative: 12345.67, \"12345.67\" or \"1.2万\"."


class RawField(serializers.Field):
    """Passes the value through unchanged; the service parses it and names any problem."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]})
class CountField(RawField):
    pass


@extend_schema_field({"oneOf": [{"type": "boolean"}, {"type": "string", "enum": ["true", "false"]}]})
class YesNoField(RawField):
    pass


def enum_field(choices, **kwargs):
    """One of ``choices`` (the same choice set as the output, so the OpenAPI enum is shared)."""
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("required", False)
    return serializers.ChoiceField(choices=choices, **kwargs)


def org_code(obj) -> str:
    return obj.organization.code


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
