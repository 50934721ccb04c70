from django.db.models import (
    Exists,
    OuterRef,
)

from registry.models import Organization
from supervision.models import (
    AnnualReport,
    ReportOverdue,
)


def visible_organization(user, code: str) -> Organization | None:
    """The organization with this USCC / filing number if ``user`` may see it (else None: a 404)."""
    return Organization.objects.visible_to(user).by_code(code).select_related("authority").first()


def overdue_list(user, year: int):
    """Overdue findings of ``year`` visible to ``user``, each marked whether the report is still missing."""
    submitted = AnnualReport.objects.filter(organization=OuterRef("organization"), year=year)
    return (ReportOverdue.objects.visible_to(user).filter(year=year).select_related("organization")
            .annotate(still_missing=~Exists(submitted)).order_by("organization__authority_id", "organization_id",
                                                                  "kind"))
