"""Serializer fields shared by the apps' APIs."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabel(serializers.Field):
    """The label of a choice field in the active language (社会团体 for ``social_group``).

    The same output as ``CharField(source="get_FOO_display")``, without DRF inspecting the signature of that
    bound method on every object, which cost a third of a search page's serialization.
    """

    def __init__(self, choice_field: str, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)
        self.choice_field = choice_field
        self._labels: dict | None = None

    def to_representation(self, obj):
        if self._labels is None:
            self._labels = dict(type(obj)._meta.get_field(self.choice_field).flatchoices)
        value = getattr(obj, self.choice_field)
        label = self._labels.get(value, value)  # as get_FOO_display: a value outside the choices shows as it is
        return None if label is None else str(label)


@extend_schema_field(OpenApiTypes.DATE)
class AsOfField(serializers.Field):
    """An input ``as_of`` read by :func:`common.dates.parse_as_of` (YYYY-MM-DD, not after today); a refusal is
    the same bilingual 400 (AS-OF-FORMAT / AS-OF-FUTURE) as on every other page and endpoint."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from common.dates import parse_as_of

        return parse_as_of(data, field=self.field_name or "as_of")

    def to_representation(self, value):
        return value.isoformat() if value else None
