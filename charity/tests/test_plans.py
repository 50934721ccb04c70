"""Public-fundraising plans through the HTTP API and the web pages: filed by qualified organizations 10 days ahead
(emergency plans within 10 days after the start), every field of Law Art. 24, a filing number, amendments as new
versions, emergency disclosures at least every five days with the overdue ones listed."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from charity.models import FundraisingPlan, PlanVersion
from common.clock import acting_on, today
from conftest import api_as
from divisions.models import JurisdictionSetting

from .helpers import codes, qualify, state, submit_reports

pytestmark = pytest.mark.django_db


def plan_body(start_in=12, length=30, **overrides):
    start = today() + timedelta(days=start_in)
    body = {
        "purpose": "助学：资助低保家庭本科新生", "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=length)).isoformat(), "area": "北京市东城区",
        "person_in_charge": "李四", "office_address": "北京市东城区东四十条 1 号",
        "receiving_accounts": [{"bank": "中国工商银行北京东四支行", "name": "测试慈善会", "number": "0200001234567890"}],
        "online_platform": "腾讯公益", "on_site": False, "beneficiaries": "2026 年被录取的低保家庭本科学生",
        "use_of_funds": "每人一次性 2000 元生活救助", "fundraising_cost": "不从善款列支",
        "residual_property": "转入同类助学项目", "target_amount": "200000.00",
    }
    body.update(overrides)
    return body


def file(user, org, body):
    return api_as(user).post(reverse("api-charity-org-plans", kwargs={"code": org.code}), body, format="json")


@pytest.fixture
def qualified(world):
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    qualify(world)
    return world


def test_an_unqualified_organization_cannot_file(world):
    before = state()
    response = file(world.user_b, world.org_b, plan_body())
    assert response.status_code == 400 and "PLAN-QUALIFIED" in codes(response)
    assert state() == before


def test_a_plan_is_filed_ten_days_ahead_with_every_field_and_a_filing_number(qualified):
    world = qualified
    before = state()
    early = file(world.user_a, world.org_a, plan_body(start_in=9))
    assert early.status_code == 400 and codes(early) == {"PLAN-LEAD"}
    missing = file(world.user_a, world.org_a, plan_body(purpose="", residual_property="", receiving_accounts=[]))
    assert missing.status_code == 400
    fields = {e["field"] for e in missing.json()["errors"]}
    assert {"purpose", "residual_property", "receiving_accounts"} <= fields
    bad = file(world.user_a, world.org_a, plan_body(target_amount="-5", receiving_accounts=[
        {"bank": "银行", "name": "户名", "number": "12AB"}]))
    assert {(e["code"], e["field"]) for e in bad.json()["errors"]} >= {
        ("MONEY-NEGATIVE", "target_amount"), ("PLAN-ACCOUNT", "receiving_accounts.0.number")}
    assert state() == before
    response = file(world.user_a, world.org_a, plan_body(start_in=10))
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["filing_number"] == f"{world.org_a.code}A{today().year % 100:02d}001"
    assert plan["versions"][0]["residual_property"] == "转入同类助学项目"
    second = file(world.user_a, world.org_a, plan_body())
    assert second.json()["filing_number"].endswith("002")
    public = api_as(None).get(reverse("api-charity-plan", kwargs={"pk": plan["id"]}))
    assert public.status_code == 200 and public.json()["versions"][0]["purpose"].startswith("助学")
    # the supervisor unit reads but does not file
    assert file(world.supervisor, world.org_a, plan_body()).status_code == 403


def test_a_designated_platform_list_is_a_local_setting(qualified):
    world = qualified
    JurisdictionSetting.objects.create(division_id="110000", key="CHARITY_DESIGNATED_PLATFORMS",
                                       value=["腾讯公益", "支付宝公益"], effective_from=date(2020, 1, 1))
    response = file(world.user_a, world.org_a, plan_body(online_platform="某某众筹"))
    assert response.status_code == 400 and codes(response) == {"PLAN-PLATFORM"}
    assert file(world.user_a, world.org_a, plan_body()).status_code == 201


def test_amendments_are_new_versions(qualified):
    world = qualified
    plan = file(world.user_a, world.org_a, plan_body()).json()
    url = reverse("api-charity-plan-versions", kwargs={"pk": plan["id"]})
    current = plan_body()
    no_reason = api_as(world.user_a).post(url, dict(current, area="北京市"), format="json")
    assert no_reason.status_code == 400 and codes(no_reason) == {"REQUIRED"}
    same = api_as(world.user_a).post(url, dict(current, amendment_reason="无"), format="json")
    assert same.status_code == 400 and codes(same) == {"PLAN-UNCHANGED"}
    moved = api_as(world.user_a).post(url, dict(plan_body(start_in=5), amendment_reason="提前开始"), format="json")
    assert moved.status_code == 400 and codes(moved) == {"PLAN-LEAD"}
    amended = api_as(world.user_a).post(url, dict(current, area="北京市", amendment_reason="扩大募捐地域"),
                                        format="json")
    assert amended.status_code == 201 and amended.json()["number"] == 2
    detail = api_as(None).get(reverse("api-charity-plan", kwargs={"pk": plan["id"]})).json()
    assert detail["current_version"] == 2 and [v["area"] for v in detail["versions"]] == ["北京市东城区", "北京市"]
    assert detail["filing_number"] == plan["filing_number"]
    assert PlanVersion.objects.filter(plan_id=plan["id"]).count() == 2
    assert api_as(world.user_b).post(url, dict(current, area="河北", amendment_reason="x"),
                                     format="json").status_code == 404


def test_emergency_plans_are_filed_within_ten_days_and_disclosed_every_five(qualified):
    world = qualified
    late = file(world.user_a, world.org_a, dict(plan_body(start_in=-11), emergency=True))
    assert late.status_code == 400 and codes(late) == {"PLAN-EMERGENCY-LATE"}
    ahead = file(world.user_a, world.org_a, dict(plan_body(start_in=3), emergency=True))
    assert ahead.status_code == 400 and codes(ahead) == {"PLAN-EMERGENCY"}
    response = file(world.user_a, world.org_a, dict(plan_body(start_in=-10, length=60), emergency=True))
    assert response.status_code == 201, response.content
    plan = response.json()
    start = date.fromisoformat(plan["starts_on"])
    # nothing disclosed for 10 days: the days 5 and 10 after the start are overdue (today is day 10)
    assert plan["overdue_disclosures"] == [(start + timedelta(days=5)).isoformat()]
    assert plan["outstanding_disclosures"] == plan["overdue_disclosures"]
    overdue = api_as(world.county_a).get(reverse("api-charity-overdue")).json()
    assert [p["filing_number"] for p in overdue["plans"]] == [plan["filing_number"]]
    assert api_as(world.county_b).get(reverse("api-charity-overdue")).json()["plans"] == []
    url = reverse("api-charity-plan-disclosures", kwargs={"pk": plan["id"]})
    bad = api_as(world.user_a).post(url, {"amount_received": "12.345"}, format="json")
    assert bad.status_code == 400 and codes(bad) == {"MONEY-FORMAT"}
    done = api_as(world.user_a).post(url, {"amount_received": "385000.50", "goods": "矿泉水 2000 箱",
                                           "use_so_far": "已拨付 10 万元"}, format="json")
    assert done.status_code == 201
    detail = api_as(None).get(reverse("api-charity-plan", kwargs={"pk": plan["id"]})).json()
    assert detail["overdue_disclosures"] == [(start + timedelta(days=5)).isoformat()]  # still listed as late
    assert detail["outstanding_disclosures"] == []
    assert api_as(world.county_a).get(reverse("api-charity-overdue")).json()["plans"] == []
    assert detail["next_disclosure_due"] == (today() + timedelta(days=5)).isoformat()
    assert detail["disclosures"][0]["amount_received"] == "385000.50"
    regular = file(world.user_a, world.org_a, plan_body()).json()
    not_emergency = api_as(world.user_a).post(reverse("api-charity-plan-disclosures", kwargs={"pk": regular["id"]}),
                                              {"amount_received": "1"}, format="json")
    assert not_emergency.status_code == 400 and codes(not_emergency) == {"PLAN-NOT-EMERGENCY"}


def test_plans_through_the_web_pages(qualified):
    world = qualified
    client = Client()
    client.force_login(world.user_a)
    url = reverse("charity:file_plan", kwargs={"code": world.org_a.code})
    assert client.get(url).status_code == 200
    body = plan_body()
    form = {k: v for k, v in body.items() if k not in ("receiving_accounts", "on_site")}
    form.update(account_bank="工商银行", account_name="测试慈善会", account_number="0200001234567890")
    early = client.post(url, dict(form, starts_on=today().isoformat()))
    assert early.status_code == 400 and 'data-code="PLAN-LEAD"' in early.content.decode()
    assert not FundraisingPlan.objects.exists()
    done = client.post(url, form)
    plan = FundraisingPlan.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("charity:plan", kwargs={"pk": plan.pk})
    page = Client().get(done["Location"]).content.decode()
    assert plan.filing_number in page and "转入同类助学项目" in page and "0200001234567890" in page
    amend = reverse("charity:amend_plan", kwargs={"pk": plan.pk})
    prefilled = client.get(amend).content.decode()
    assert "北京市东城区东四十条 1 号" in prefilled
    assert client.post(amend, dict(form, area="北京市", amendment_reason="扩大地域")).status_code == 302
    assert "扩大地域" in Client().get(reverse("charity:plan", kwargs={"pk": plan.pk})).content.decode()
    assert plan.filing_number in Client().get(reverse("charity:plans")).content.decode()
    # an emergency plan: the overdue disclosure shows on the plan and on the officer's workbench
    with acting_on(today()):
        emergency = client.post(url, dict(form, starts_on=(today() - timedelta(days=7)).isoformat(), emergency="on"))
    assert emergency.status_code == 302
    urgent = FundraisingPlan.objects.get(emergency=True)
    assert 'id="overdue"' in Client().get(reverse("charity:plan", kwargs={"pk": urgent.pk})).content.decode()
    officer = Client()
    officer.force_login(world.county_a)
    assert urgent.filing_number in late_plans(officer)
    disclose = reverse("charity:disclose", kwargs={"pk": urgent.pk})
    assert client.post(disclose, {"amount_received": "-1"}).status_code == 400
    assert client.post(disclose, {"amount_received": "5000.00"}).status_code == 302
    assert urgent.filing_number not in late_plans(officer)
    assert "made late on" in Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("charity:plan", kwargs={"pk": urgent.pk})).content.decode() or "迟延公开" in Client().get(
        reverse("charity:plan", kwargs={"pk": urgent.pk})).content.decode()


def late_plans(client) -> str:
    """The workbench's section of emergency plans with a missed disclosure."""
    page = client.get(reverse("charity:workbench")).content.decode()
    section = page[page.index('id="late-plans"'):]
    return section[:section.index("</section>")]
