import django_filters

from divisions.api import DivisionCodeFilter
from divisions.models import subtree_q
from supervision.models import (
    LeadershipTerm,
)

# --- leadership --------------------------------------------------------------------------------------------

class TermFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(method="filter_organization", help_text="USCC or filing number.")
    current = django_filters.BooleanFilter(method="filter_current", help_text="Only the terms in force.")
    division = DivisionCodeFilter(method="filter_division")

    class Meta:
        model = LeadershipTerm
        fields: list[str] = []

    def filter_organization(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(organization__uscc=value) | queryset.filter(organization__filing_number=value)

    def filter_current(self, queryset, name, value):
        return queryset.current() if value else queryset

    def filter_division(self, queryset, name, value):
        return queryset.filter(subtree_q("organization__authority_id", value))
