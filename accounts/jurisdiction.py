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

    Three plain branches: an administrator sees everything; an officer sees what authorities in their
    division's subtree registered (a county sees its county, a province its whole province, the Ministry
    everything); an organization user sees only its own organization. Anyone else sees nothing here; the
    public reads through the public serializers and pages, which show only public fields.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_admin:
        return Q()
    if user.is_officer:
        return subtree_q(authority_field, user.division_id)
    if user.is_org_user:
        return Q(**{organization_field: user.organization_id_bound})
    return NOTHING


def may_act_for_division(user, division_code: str) -> bool:
    """Whether an officer (or admin) may register or record events for an authority with this code."""
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
    return bool(user and user.is_authenticated and (user.is_admin or user.is_officer))
