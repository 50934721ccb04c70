import django_filters

from divisions.api import DivisionCodeFilter
from divisions.models import subtree_q
from supervision.models import (
    Penalty,
    PenaltyKind,
)

# --- penalties ---------------------------------------------------------------------------------------------

class PenaltyFilter(django_filters.FilterSet):
    penalty = django_filters.ChoiceFilter(field_name="kind", choices=PenaltyKind.choices)
    organization = django_filters.CharFilter(method="filter_organization", help_text="USCC or filing number.")
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")
    division = DivisionCodeFilter(method="filter_division")

    class Meta:
        model = Penalty
        fields: list[str] = []

    def filter_organization(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(organization__uscc=value) | queryset.filter(organization__filing_number=value)

    def filter_division(self, queryset, name, value):
        return queryset.filter(subtree_q("organization__authority_id", value))
