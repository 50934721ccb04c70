"""An administrator creates and binds accounts in the admin site, without a developer: the add page works, and
the division, the organization and the business supervisor unit are chosen by searching, not typed as ids."""

import pytest
from django.test import Client

from accounts.models import Role, User
from audit.models import AuditEvent
from conftest import SUPERVISOR_A

ADD = "/admin/accounts/user/add/"
PASSWORD = "Xk9-a-long-enough-pass"


@pytest.fixture
def admin_client(world):
    client = Client()
    client.force_login(world.admin)
    return client


def add(client, **fields):
    data = {"username": "new-user", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD}
    data.update(fields)
    return client.post(ADD, data)


def test_the_add_page_shows_the_role_and_searchable_choosers(admin_client):
    response = admin_client.get(ADD)
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("role", "division", "bound_organization", "supervisor_unit"):
        assert f'name="{name}"' in body, name
    # select2 choosers (admin autocomplete), not number boxes
    assert body.count("admin-autocomplete") >= 3
    assert 'name="organization_id_bound"' not in body


def test_an_officer_is_created_with_a_division_and_audited(world, admin_client):
    before = AuditEvent.objects.count()
    response = add(admin_client, role=Role.OFFICER, division="110101")
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new-user")
    assert user.division_id == "110101" and user.is_officer
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "account.create" and event.after["division"] == "110101"


def test_an_officer_without_a_division_is_a_form_error_not_a_500(admin_client):
    response = add(admin_client, role=Role.OFFICER)
    assert response.status_code == 200
    assert "必须指定所代表的行政区划" in response.content.decode()
    assert not User.objects.filter(username="new-user").exists()


def test_an_organization_user_is_bound_through_the_organization_chooser(world, admin_client):
    found = admin_client.get("/admin/autocomplete/", {"term": world.org_a.name[:6], "app_label": "registry",
                                                     "model_name": "registrationevent", "field_name": "organization"})
    assert found.status_code == 200
    ids = [row["id"] for row in found.json()["results"]]
    assert str(world.org_a.pk) in ids
    response = add(admin_client, role=Role.ORGANIZATION, bound_organization=ids[0])
    assert response.status_code == 302
    user = User.objects.get(username="new-user")
    assert user.organization_id_bound == int(ids[0]) and user.is_org_user
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert world.org_a.name in page  # the chosen organization is shown by name


def test_an_organization_user_without_an_organization_is_refused(admin_client):
    response = add(admin_client, role=Role.ORGANIZATION)
    assert response.status_code == 200
    assert "必须绑定一个社会组织" in response.content.decode() or "bound to one organization" in response.content.decode()


def test_a_supervisor_user_chooses_a_unit_the_register_records(world, admin_client):
    found = admin_client.get("/admin/accounts/user/supervisor-units/", {"term": "教育"})
    assert found.status_code == 200
    assert [row["id"] for row in found.json()["results"]] == [SUPERVISOR_A]
    response = add(admin_client, role=Role.SUPERVISOR, division="110101", supervisor_unit=SUPERVISOR_A)
    assert response.status_code == 302
    assert User.objects.get(username="new-user").is_supervisor_user
    response = add(admin_client, username="other", role=Role.SUPERVISOR, division="110101",
                   supervisor_unit="不存在的主管单位")
    assert response.status_code == 200 and not User.objects.filter(username="other").exists()


def test_the_unit_chooser_is_for_administrators(world):
    client = Client()
    client.force_login(world.county_a)
    response = client.get("/admin/accounts/user/supervisor-units/", {"term": "教育"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_changing_a_binding_is_audited(world, admin_client):
    url = f"/admin/accounts/user/{world.county_b.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("groups", "user_permissions",
                                                                               "password", "last_login")}
    data.update({"division": "110105", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
                 "role": Role.OFFICER, "is_active": "on"})
    data.pop("date_joined", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.county_b.refresh_from_db()
    assert world.county_b.division_id == "110105"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "account.change"
    assert (event.before["division"], event.after["division"]) == ("110102", "110105")
