"""Extension point: an organization's standing (registration status and credit lists) for the register's API
and exports.

The register does not know the credit lists (credit sits above it), so credit fills this point from
``CreditConfig.ready()`` with ``credit.standing.for_api``. A provider takes a page of organizations and a day and
answers ``{organization id: standing dict}`` set-based (one query for the page). Without a provider (credit not
installed) the standing is absent (None), never a guessed 正常.
"""

from collections.abc import Callable
from datetime import date

_providers: list[Callable] = []


def register_provider(provider: Callable) -> Callable:
    """Install ``provider(orgs, day) -> {pk: dict}`` once (idempotent, so ``ready()`` may run twice)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def standings(orgs, day: date | None = None) -> dict[int, dict]:
    orgs = [o for o in orgs if o is not None]
    if not _providers or not orgs:
        return {}
    return _providers[-1](orgs, day)


def attach(orgs, day: date | None = None) -> list:
    """Set ``org.standing_data`` on each organization (a dict, or None); returns the list."""
    orgs = list(orgs)
    found = standings(orgs, day)
    for org in orgs:
        org.standing_data = found.get(org.pk)
    return orgs
