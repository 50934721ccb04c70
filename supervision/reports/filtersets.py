import django_filters

from divisions.api import DivisionCodeFilter
from divisions.models import subtree_q
from supervision.models import (
    AnnualReport,
    Conclusion,
    ReportState,
)


class AnnualReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    report_state = django_filters.ChoiceFilter(field_name="state", choices=ReportState.choices)
    conclusion = django_filters.ChoiceFilter(choices=Conclusion.choices)
    division = DivisionCodeFilter(method="filter_division",
                                  help_text="Registering authority is this division or lies below it.")

    class Meta:
        model = AnnualReport
        fields: list[str] = []

    def filter_division(self, queryset, name, value):
        return queryset.filter(subtree_q("organization__authority_id", value))
