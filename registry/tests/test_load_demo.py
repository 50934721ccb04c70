"""load_demo: one demo login per role, the business supervisor's among them, and safe to run again."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from registry.models import Organization


def load(count=80) -> str:
    out = io.StringIO()
    call_command("load_demo", "--count", str(count), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_has_a_business_supervisor_user_over_the_demo_organizations_report():
    printed = load()
    supervisor = User.objects.get(username="demo-supervisor")
    org_user = User.objects.get(username="demo-org")
    assert supervisor.role == Role.SUPERVISOR and supervisor.division_id == "110101"
    assert supervisor.supervisor_unit and supervisor.is_supervisor_user
    supervisor.full_clean()
    assert "demo-supervisor" in printed and supervisor.supervisor_unit in printed
    # demo-org reports for an organization that demo-supervisor supervises: the 初审 path can be walked
    own = Organization.objects.get(pk=org_user.organization_id_bound)
    assert own.authority_id == "110101" and own.supervisor == supervisor.supervisor_unit
    visible = set(Organization.objects.visible_to(supervisor))
    assert own in visible
    assert all(o.supervisor == supervisor.supervisor_unit and o.authority_id == "110101" for o in visible)
    assert supervisor.supervisor_unit.startswith("北京市东城区")  # a department of the region it supervises in

    organizations, users = Organization.objects.count(), User.objects.count()
    load()
    assert (Organization.objects.count(), User.objects.count()) == (organizations, users)
    again = User.objects.get(username="demo-supervisor")
    assert (again.supervisor_unit, again.division_id) == (supervisor.supervisor_unit, "110101")
    assert User.objects.get(username="demo-org").organization_id_bound == own.pk
