"""Staff pages: the jurisdiction decides what an officer sees (404 outside it), the services decide what may be
written, and every refusal is shown next to its field without changing anything."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from conftest import PASSWORD, org_row
from registry.demo import org_body
from registry.models import Organization, RegistrationEvent
from registry.uscc import make_uscc

ID_NUMBER = "11010519491231002X"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def field_block(html: str, name: str) -> str:
    """The markup of one form field, from its wrapper to the next field's."""
    match = re.search(rf'id="field-{name}"(.*?)(?=id="field-|</form>)', html, re.S)
    assert match, f"no field {name}"
    return match.group(1)


def good_row(**overrides) -> dict:
    row = {
        "org_type": "social_group", "uscc": make_uscc("1", "110101", org_body(4242)), "authority": "110101",
        "name": "北京市东城区围棋协会", "legal_rep_name": "张三", "legal_rep_id": "110101199003074477",
        "supervisor": "", "domicile": "北京市东城区某某路1号", "founded_on": "2024-03-01",
        "registered_funds": "30000", "business_scope": "围棋交流、培训", "phone": "13912345678",
        "street": "", "community": "", "decision_number": "京东民登〔2024〕1号", "reason": "成立登记",
    }
    row.update(overrides)
    return row


# ---- access ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/staff/", "/staff/organizations/new/"])
def test_staff_pages_send_anonymous_visitors_to_the_login_page(client, world, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_login_page_logs_an_officer_in_and_logout_needs_post(client, world):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "dongcheng", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/staff/").status_code == 302


def test_a_wrong_password_is_refused_on_the_login_page(client, world):
    response = client.post("/accounts/login/", {"username": "dongcheng", "password": "wrong"})
    assert response.status_code == 200 and "notice-error" in response.content.decode()


def test_an_organization_user_is_sent_from_the_workbench_to_its_own_page(client, world):
    response = login(client, world.user_a).get("/staff/")
    assert response.status_code == 302 and response["Location"] == f"/org/{world.org_a.uscc}/"


def test_an_organization_user_may_not_open_staff_organization_pages(client, world):
    login(client, world.user_a)
    assert client.get(f"/staff/organizations/{world.org_a.uscc}/").status_code == 403
    assert client.get("/staff/organizations/new/").status_code == 403


# ---- dashboard ------------------------------------------------------------------------------------------------

def test_dashboard_lists_only_the_officers_jurisdiction(client, world):
    html = login(client, world.county_a).get("/staff/").content.decode()
    assert world.org_a.name in html
    assert world.org_b.name not in html and world.org_city.name not in html and world.org_hebei.name not in html
    assert "北京市东城区" in html  # the header names the jurisdiction


def test_dashboard_of_a_city_officer_covers_its_counties(client, world):
    html = login(client, world.province).get("/staff/").content.decode()
    for org in (world.org_a, world.org_b, world.org_city):
        assert org.name in html
    assert world.org_hebei.name not in html


def test_dashboard_filters_by_status_type_level_and_text(client, world):
    from registry.services import record_event

    record_event(world.admin, world.org_b, kind="revocation", effective_on="2022-01-01", reason="一年未开展活动")
    login(client, world.province)
    html = client.get("/staff/?status=revoked").content.decode()
    assert world.org_b.name in html and world.org_a.name not in html
    html = client.get("/staff/?level=provincial").content.decode()
    assert world.org_city.name in html and world.org_a.name not in html
    html = client.get(f"/staff/?q={world.org_a.uscc[:14]}").content.decode()
    assert world.org_a.name in html and world.org_b.name not in html
    assert "没有符合筛选条件的社会组织" in client.get("/staff/?type=foundation").content.decode()


def test_the_header_shows_the_users_role_and_jurisdiction(client, world):
    html = login(client, world.county_a).get("/staff/").content.decode()
    assert "登记管理机关工作人员" in html and "北京市东城区" in html and "退出登录" in html


# ---- staff organization page --------------------------------------------------------------------------------

def test_staff_org_page_shows_masked_id_full_phone_events_and_audit(client, world):
    html = login(client, world.county_a).get(f"/staff/organizations/{world.org_a.uscc}/").content.decode()
    assert "110105********002X" in html and ID_NUMBER not in html
    assert "13800138000" in html
    assert "成立登记" in html and "organization.register" in html and "event.create" in html
    assert world.org_a.legal_rep_id_hash not in html  # the audit diff shortens the hash


def test_staff_org_page_is_404_for_the_other_countys_organization(client, world):
    login(client, world.county_a)
    assert client.get(f"/staff/organizations/{world.org_b.uscc}/").status_code == 404
    assert client.get(f"/staff/organizations/{world.org_b.uscc}/events/new/").status_code == 404


# ---- registration -------------------------------------------------------------------------------------------

def test_the_register_form_is_prefilled_with_the_officers_division(client, world):
    html = login(client, world.county_a).get("/staff/organizations/new/").content.decode()
    assert 'name="authority" value="110101"' in html
    assert 'value="community_org"' in html and 'type="date"' in html


def test_a_good_registration_creates_the_organization_and_an_audit_event(client, world):
    login(client, world.county_a)
    audit_before = AuditEvent.objects.count()
    response = client.post("/staff/organizations/new/", good_row(), follow=True)
    assert response.status_code == 200
    org = Organization.objects.get(name="北京市东城区围棋协会")
    assert response.redirect_chain[-1][0] == f"/staff/organizations/{org.uscc}/"
    assert "登记成功" in response.content.decode()
    assert org.authority_id == "110101" and org.status == "active" and str(org.registered_funds) == "30000.00"
    assert org.events.get().decision_number == "京东民登〔2024〕1号"
    audit = AuditEvent.objects.filter(action="organization.register", object_id=org.uscc).get()
    assert audit.actor == world.county_a and audit.reason == "成立登记"
    assert AuditEvent.objects.count() == audit_before + 2


def test_a_bad_registration_shows_each_problem_next_to_its_field_and_creates_nothing(client, world):
    login(client, world.county_a)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    bad_uscc = good_row()["uscc"][:17] + ("0" if good_row()["uscc"][17] != "0" else "1")
    counts = (Organization.objects.count(), RegistrationEvent.objects.count(), AuditEvent.objects.count())
    response = client.post("/staff/organizations/new/",
                           good_row(uscc=bad_uscc, name=world.org_a.name, founded_on=future))
    html = response.content.decode()
    assert response.status_code == 400
    assert "USCC-CHECK" in field_block(html, "uscc") and "校验码错误" in field_block(html, "uscc")
    assert "wrong check character" in field_block(html, "uscc")  # the other language, smaller
    assert "NAME-TAKEN" in field_block(html, "name")
    assert "DATE-FUTURE" in field_block(html, "founded_on")
    assert "USCC-CHECK" not in field_block(html, "name")
    assert f'value="{world.org_a.name}"' in html  # the input is kept
    assert counts == (Organization.objects.count(), RegistrationEvent.objects.count(), AuditEvent.objects.count())


def test_registering_for_another_county_is_refused_on_the_authority_field(client, world):
    login(client, world.county_a)
    row = good_row(authority="110102", uscc=make_uscc("1", "110102", org_body(4242)))
    response = client.post("/staff/organizations/new/", row)
    assert response.status_code == 403
    assert "JURISDICTION" in field_block(response.content.decode(), "authority")
    assert not Organization.objects.filter(name=row["name"]).exists()


def test_a_community_organization_is_filed_without_uscc(client, world):
    login(client, world.county_a)
    row = good_row(org_type="community_org", uscc="", name="东城区景山街道合唱团", street="景山街道",
                   community="吉祥社区", registered_funds="")
    response = client.post("/staff/organizations/new/", row)
    org = Organization.objects.get(name="东城区景山街道合唱团")
    assert response.status_code == 302 and org.filing_number.startswith("BA110101")


# ---- lifecycle events ---------------------------------------------------------------------------------------

def test_recording_a_deregistration_changes_the_status(client, world):
    login(client, world.county_a)
    response = client.post(f"/staff/organizations/{world.org_a.uscc}/events/new/", {
        "kind": "deregistration", "effective_on": "2024-06-30", "decision_number": "京东民注〔2024〕3号",
        "reason": "清算完毕，自行解散"})
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.status == "deregistered" and str(world.org_a.status_since) == "2024-06-30"
    assert AuditEvent.objects.filter(action="organization.derive", object_id=world.org_a.uscc).exists()
    html = client.get(f"/staff/organizations/{world.org_a.uscc}/").content.decode()
    assert "已注销" in html and "京东民注〔2024〕3号" in html


def test_a_change_sends_only_the_filled_items(client, world):
    login(client, world.county_a)
    rep = world.org_a.legal_rep_name
    response = client.post(f"/staff/organizations/{world.org_a.uscc}/events/new/", {
        "kind": "change", "effective_on": "2024-01-15", "domicile": "北京市东城区新地址8号", "name": "",
        "legal_rep_name": "", "registered_funds": ""})
    assert response.status_code == 302
    event = world.org_a.events.get(kind="change")
    assert event.changes == {"domicile": "北京市东城区新地址8号"}
    world.org_a.refresh_from_db()
    assert world.org_a.legal_rep_name == rep and world.org_a.domicile == "北京市东城区新地址8号"


def test_event_problems_are_shown_next_to_their_fields(client, world):
    login(client, world.county_a)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(f"/staff/organizations/{world.org_a.uscc}/events/new/", {
        "kind": "change", "effective_on": future, "registered_funds": "很多"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "REG-DATE-FUTURE" in field_block(html, "effective_on")
    assert "MONEY-FORMAT" in field_block(html, "registered_funds")
    assert not world.org_a.events.filter(kind="change").exists()


def test_items_filled_for_a_terminal_event_are_refused_and_kept_visible(client, world):
    login(client, world.county_a)
    response = client.post(f"/staff/organizations/{world.org_a.uscc}/events/new/", {
        "kind": "revocation", "effective_on": "2024-01-15", "reason": "一年未开展活动", "name": "新名字"})
    assert response.status_code == 400
    assert "CHANGE-ITEM" in field_block(response.content.decode(), "name")
    world.org_a.refresh_from_db()
    assert world.org_a.status == "active"


def test_organization_users_cannot_record_events(client, world):
    login(client, world.user_a)
    url = f"/staff/organizations/{world.org_a.uscc}/events/new/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"kind": "deregistration", "effective_on": "2024-01-01", "reason": "x"})
    assert response.status_code == 403
    world.org_a.refresh_from_db()
    assert world.org_a.status == "active" and world.org_a.events.count() == 1


def test_an_officer_cannot_record_events_for_the_other_county(client, world):
    login(client, world.county_a)
    response = client.post(f"/staff/organizations/{world.org_b.uscc}/events/new/",
                           {"kind": "deregistration", "effective_on": "2024-01-01", "reason": "x"})
    assert response.status_code == 404
    assert world.org_b.events.count() == 1


def test_switching_the_event_kind_with_htmx_returns_only_its_item_fields(client, world):
    login(client, world.county_a)
    url = f"/staff/organizations/{world.org_a.uscc}/events/new/"
    html = client.get(url + "?kind=leadership_change", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<fieldset id="change-items"')
    assert 'name="legal_rep_name"' in html and 'name="domicile"' not in html
    html = client.get(url + "?kind=deregistration", HTTP_HX_REQUEST="true").content.decode()
    assert "<input" not in html and "<textarea" not in html
    html = client.get(url).content.decode()
    assert 'name="domicile"' in html and "htmx.min.js" in html


def test_the_registration_form_uses_org_row_keys(world):
    """The form's keys are exactly what register_organization reads (plus decision number and reason)."""
    from portal.forms import RegisterForm

    assert set(RegisterForm.SERVICE_KEYS) == set(org_row("110101", 9)) | {"legal_rep_id", "street", "community"}
