"""The one place that decides which organizations a user may see and act on.

Every model's ``visible_to(user)`` and every write permission is built from :func:`scope_q`, so the
jurisdiction rule lives here and nowhere else.
"""

from django.db.models import Q

from divisions.models import subtree_q

NOTHING = Q(pk__in=[])


def scope_q(user, *, authority_field: str, organization_field: str) -> Q:
    """A filter for the rows ``user`` may see among rows tied to an organization.

    :param user: the request's user (anonymous users included).
    :param authority_field: the lookup from the row to the registering authority's division code,
        e.g. ``"authority_id"`` on Organization or ``"organization__authority_id"`` on its events.
    :param organization_field: the lookup from the row to the organization's id.

    Four plain branches: an administrator sees everything; an officer sees what authorities in their
    division's subtree registered (a county sees its county, a province its whole province, the Ministry
    everything); an organization user sees only its own organization; a business supervisor user
    (业务主管单位) sees the organizations whose *current* business supervisor is its unit, registered by
    authorities in its division's subtree (a join to the organization's current ``supervisor``, so a change of
    supervisor moves the organization at once). Anyone else sees nothing here; the public reads through the public serializers
    and pages, which show only public fields.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_admin:
        return Q()
    if user.is_officer:
        return subtree_q(authority_field, user.division_id)
    if user.is_org_user:
        return Q(**{organization_field: user.organization_id_bound})
    if user.is_supervisor_user:
        unit = (user.supervisor_unit or "").strip()
        if not unit:  # a supervisor user bound to no unit supervises nothing
            return NOTHING
        return subtree_q(authority_field, user.division_id) & Q(
            **{f"{organization_path(organization_field)}supervisor": unit})
    return NOTHING


def organization_path(organization_field: str) -> str:
    """The lookup prefix from a row to its organization, from the organization id field: ``"pk"`` on the
    organization itself gives ``""``, ``"organization_id"`` gives ``"organization__"``. Built from lookups so
    that accounts needs no registry model (imports point down)."""
    if organization_field in ("pk", "id"):
        return ""
    if organization_field.endswith("_id"):
        return organization_field[: -len("_id")] + "__"
    raise ValueError(f"organization_field must be 'pk' or end with '_id', not {organization_field!r}")


def may_act_for_division(user, division_code: str) -> bool:
    """Whether an officer (or admin) may register or record events for an authority with this code.

    Only staff act for an authority: a business supervisor user's division bounds what it sees, never what it
    may do for the registration authority."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin:
        return True
    if not user.is_officer:
        return False
    from divisions.models import subtree_prefix

    prefix = subtree_prefix(user.division_id)
    return division_code.startswith(prefix) if len(prefix) < 6 else division_code == user.division_id


def is_staff_user(user) -> bool:
    """Officers and administrators: registration, registry events, penalties, ratings, spot checks, credit
    facts, imports and exports. Organization users and business supervisor users are never staff."""
    return bool(user and user.is_authenticated and (user.is_admin or user.is_officer))
