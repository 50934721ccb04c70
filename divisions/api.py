"""Read-only API over the division table (public reference data, so no login is needed)."""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, pagination

from common.api_errors import error_responses

from .models import Division
from .serializers import DivisionDetailSerializer, DivisionSerializer

CODE_REGEX = r"^\d{6}$"


@extend_schema_field(OpenApiTypes.STR)
class DivisionCodeFilter(django_filters.CharFilter):
    """A six-digit division code; anything else is a 400, never a query."""

    field_class = forms.RegexField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("regex", CODE_REGEX)
        super().__init__(*args, **kwargs)


class DivisionFilter(django_filters.FilterSet):
    parent = DivisionCodeFilter(field_name="parent_id", help_text="Code of the parent division.")
    q = django_filters.CharFilter(method="filter_q", help_text="Name contains this text, or code starts with it.")

    class Meta:
        model = Division
        fields = ["level", "status", "parent"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value)) if value else queryset


class ByCode(pagination.CursorPagination):
    ordering = "code"
    page_size_query_param = "page_size"
    max_page_size = 500


@extend_schema(tags=["divisions"], summary="List administrative divisions (GB/T 2260, with retired codes)",
               responses={200: DivisionSerializer(many=True), **error_responses(400)})
class DivisionList(generics.ListAPIView):
    queryset = Division.objects.all()
    serializer_class = DivisionSerializer
    filterset_class = DivisionFilter
    pagination_class = ByCode


@extend_schema(tags=["divisions"], summary="One division with its parent, children, names history and successors",
               responses={200: DivisionDetailSerializer, **error_responses(404)})
class DivisionDetail(generics.RetrieveAPIView):
    queryset = Division.objects.prefetch_related("children", "names")
    serializer_class = DivisionDetailSerializer
    lookup_field = "code"
