"""Credit's section of the public organization page (found by portal.sections; credit does not import the portal).

The section shows whether the organization is on a list on the page's date (or today), why, since when and until
what, its credit evaluation, and links to the full credit information and list history."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.declarations import Section


def sections(org, as_of) -> list[Section]:
    from .api import profile

    day = as_of or timezone.localdate()
    if org.founded_on > day:
        return []
    data = profile(org, day, private=False)
    past = sum(1 for e in data["history"] if e["removed_on"])
    return [Section(_("Credit information and lists"), "credit/_section.html",
                    {"profile": data, "code": org.code, "as_of": as_of, "past": past}, order=30)]
