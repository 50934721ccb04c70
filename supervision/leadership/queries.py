from datetime import date

from django.db.models import (
    F,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce

from common.clock import today
from registry.models import Organization, Status
from supervision.models import (
    LeadershipTerm,
    TermPostponement,
)


def current_term(org: Organization) -> LeadershipTerm | None:
    return LeadershipTerm.objects.filter(organization=org).current().order_by("-started_on", "-id").first()


def overdue_terms(user, as_of: date | None = None):
    """Terms in force whose renewal date (or approved postponement) has passed with no renewal filed."""
    as_of = as_of or today()
    latest = (TermPostponement.objects.filter(term=OuterRef("pk")).order_by("-postponed_to")
              .values("postponed_to")[:1])
    return (LeadershipTerm.objects.visible_to(user).current().filter(organization__status=Status.ACTIVE)
            .annotate(due_on=Coalesce(Subquery(latest), F("ends_on"))).filter(due_on__lt=as_of)
            .select_related("organization").order_by("due_on", "organization_id"))


def term_as_of(org: Organization, day: date | None) -> LeadershipTerm | None:
    terms = [t for t in org.leadership_terms.all() if day is None or t.started_on <= day]
    replaced = {t.supersedes_id for t in terms if t.supersedes_id}
    live = [t for t in terms if t.pk not in replaced]
    return max(live, key=lambda t: (t.started_on, t.pk)) if live else None
