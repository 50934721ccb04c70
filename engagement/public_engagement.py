"""Engagement's section of the public organization page (found by portal.sections): the organization's graduate
job postings, its pairings and how often it booked shared venues, as they stood on the page's date."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Booking, JobPosting, Pairing


@dataclass
class Section:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def sections(org, as_of=None) -> list[Section]:
    day = as_of or timezone.localdate()
    postings = list(JobPosting.objects.filter(organization=org, posted_on__lte=day).order_by("-posted_on")[:20])
    pairings = list(Pairing.objects.filter(Q(organization=org) | Q(group__members=org), starts_on__lte=day)
                    .select_related("county").distinct()[:20])
    bookings = Booking.objects.filter(organization=org, booked_on__lte=day, cancelled_on__isnull=True).count()
    if not postings and not pairings and not bookings:
        return []
    return [Section(_("Social participation"), "engagement/_section.html",
                    {"postings": postings, "pairings": pairings, "bookings": bookings}, order=60)]
