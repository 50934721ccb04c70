"""Who acts: the one type services, rules and the audit log use for "the user doing this".

``Actor`` is what a service reads from the user it acts for: a signed-in account (``accounts.User``: an officer,
an organization user, a business supervisor user, an administrator) or Django's anonymous user on public pages.
It is a :class:`typing.Protocol`, so common (below accounts) names it without importing the user model, and any
object with these attributes (a test double) passes. ``None`` is the system itself (the daily sweeps, imports
run from the command line): services that a job may call take ``Actor | None`` and the audit log records
"system".
"""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    """The attributes services read from the acting user (``accounts.User`` has them all; an anonymous user
    answers ``is_authenticated`` False and is refused before anything else is read)."""

    pk: Any
    username: str
    division_id: str | None  # officers: the authority's division; supervisor users: the unit's jurisdiction
    organization_id_bound: int | None  # organization users: the one organization they act for

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_admin(self) -> bool: ...

    @property
    def is_officer(self) -> bool: ...

    @property
    def is_org_user(self) -> bool: ...

    @property
    def is_supervisor_user(self) -> bool: ...
