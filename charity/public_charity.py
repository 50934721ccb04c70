"""Charity's section of the public organization page (found by portal.sections; charity does not import the
portal): recognition and qualification with their certificates and revocations, and the filed fundraising plans,
as they stood on the page's date."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FundraisingPlan, Grant


@dataclass
class Section:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def sections(org, as_of=None) -> list[Section]:
    day = as_of or timezone.localdate()
    grants = list(Grant.objects.filter(organization=org, granted_on__lte=day).select_related("revocation"))
    plans = list(FundraisingPlan.objects.filter(organization=org, filed_on__lte=day).order_by("-filed_on"))
    if not grants and not plans:
        return []
    return [Section(_("Charity organization and public fundraising"), "charity/_section.html",
                    {"grants": grants, "plans": plans, "day": day, "org": org}, order=50)]
