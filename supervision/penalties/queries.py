from datetime import date

from registry.models import Organization


def penalties_as_of(org: Organization, day: date | None):
    """The organization's penalties in force on ``day`` (today when None), newest first."""
    rows = list(org.penalties.all().order_by("-decided_on", "-id"))
    if day is not None:
        rows = [p for p in rows if p.decided_on <= day]
    replaced = {p.supersedes_id for p in rows if p.supersedes_id}
    return [p for p in rows if p.pk not in replaced]
