"""Reads of the register that the services decide on (writers stay in services.py)."""

from __future__ import annotations

from . import rules
from .models import Organization, SearchEntry, Status


def rule_events(org: Organization) -> list[rules.Event]:
    """The organization's registration events, as the pure rules take them."""
    return [rules.Event(e.pk, e.kind, e.effective_on, e.changes, e.supersedes_id)
            for e in org.events.all().order_by("effective_on", "id")]


def uscc_taken(uscc: str, *, exclude_pk: int | None = None) -> bool:
    qs = Organization.objects.filter(uscc=uscc)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def active_name_taken(authority: object, name: str, *, exclude_pk: int | None = None) -> bool:
    """An active organization of the registering authority already has exactly this name."""
    qs = Organization.objects.filter(authority=authority, name=name, status=Status.ACTIVE)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def folded_duplicate(name: str, authority: object, *, exclude_pk: int | None = None) -> str | None:
    """The active name of the same authority that equals ``name`` after simplified/traditional folding, full-width
    folding and removing spaces (the search index keeps every name in that form)."""
    from .search import normalize

    qs = SearchEntry.objects.filter(name=normalize(name), authority_id=getattr(authority, "pk", authority),
                                    status=Status.ACTIVE)
    if exclude_pk:
        qs = qs.exclude(organization_id=exclude_pk)
    return qs.values_list("organization__name", flat=True).first()


def next_filing_number(authority_code: str) -> str:
    """The next 备案 number of the authority: BA + its code + a six-digit sequence."""
    prefix = f"BA{authority_code}"
    last = (Organization.objects.filter(filing_number__startswith=prefix).order_by("-filing_number")
            .values_list("filing_number", flat=True).first())
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:06d}"
