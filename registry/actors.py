"""Who acts on the register: a user (officer, administrator; jurisdiction applies) or the system itself (the
command line, e.g. a bulk import of the register of record), allowed everywhere and audited as "system"."""

from __future__ import annotations

from dataclasses import dataclass

from common.actors import Actor


@dataclass(frozen=True)
class SystemActor:
    """The system: allowed everywhere, recorded as "system" (no user row)."""

    username: str = "system"
    pk: None = None
    is_authenticated: bool = True
    is_active: bool = True
    is_admin: bool = True
    is_officer: bool = False
    is_org_user: bool = False
    is_supervisor_user: bool = False
    division_id: str | None = None
    organization_id_bound: int | None = None


SYSTEM = SystemActor()
__all__ = ["SYSTEM", "Actor", "SystemActor"]  # Actor: the one actor type (common.actors); SYSTEM satisfies it
