"""Charitable projects 慈善项目: budget, funding sources, disbursements from the ledger, beneficiaries served,
progress disclosures every three months for projects longer than six months and a final one within three months
after the end (Law Art. 79), each with a deadline, reminders and the organization's public on-time rate."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from charity import rules
from charity.models import CharityProject
from common.clock import acting_on, today
from conftest import api_as

from .helpers import codes, qualify, state, submit_reports
from .test_ledger import disburse, donate
from .test_plans import file, plan_body


def test_a_long_project_owes_quarterly_progress_and_a_final_disclosure():
    start, end = date(2026, 1, 15), date(2026, 12, 31)
    items = rules.project_schedule(start, end, [("progress", date(2026, 4, 10)), ("progress", date(2026, 8, 1))],
                                   date(2027, 5, 1))
    assert [(i.kind, i.due, i.status) for i in items] == [
        ("progress", date(2026, 4, 15), "on_time"), ("progress", date(2026, 7, 15), "late"),
        ("progress", date(2026, 10, 15), "missing"), ("final", date(2027, 3, 31), "missing")]
    assert rules.on_time_rate(items) == (1, 4)


def test_a_short_project_owes_only_the_final_disclosure():
    items = rules.project_schedule(date(2026, 1, 1), date(2026, 6, 30), [("final", date(2026, 8, 1))],
                                   date(2026, 9, 1))
    assert [(i.kind, i.due, i.status) for i in items] == [("final", date(2026, 9, 30), "on_time")]
    assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


@pytest.fixture
def plan(world):
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    qualify(world)
    return file(world.user_a, world.org_a, dict(plan_body(start_in=-8, length=60), emergency=True)).json()


def create(user, org, **overrides):
    body = {"name": "慈善助学", "category": "education", "starts_on": (today() - timedelta(days=250)).isoformat(),
            "ends_on": (today() + timedelta(days=200)).isoformat(), "budget": "200000.00",
            "funding_sources": "公开募捐、企业捐赠", "description": "对 2026 年被录取的低保家庭本科学生一次性资助 2000 元"}
    body.update(overrides)
    return api_as(user).post(reverse("api-charity-org-projects", kwargs={"code": org.code}), body, format="json")


def test_projects_are_created_disbursed_and_disclosed_through_the_api(world, plan):
    before = state()
    bad = create(world.user_a, world.org_a, category="sports", budget="-1", plan="NOPE")
    assert bad.status_code == 400
    assert {"PROJECT-CATEGORY", "MONEY-NEGATIVE", "PROJECT-PLAN"} <= codes(bad)
    assert state() == before
    response = create(world.user_a, world.org_a, plan=plan["filing_number"])
    assert response.status_code == 201, response.content
    project = response.json()
    assert project["public_id"].startswith(world.org_a.code + "P")
    # 250 days running, more than six months long: two quarterly deadlines passed, none met
    missing = [i for i in project["schedule"] if i["status"] == "missing"]
    assert len(missing) == 2 and all(i["kind"] == "progress" for i in missing)
    donate(world.user_a, plan, amount="5000.00")
    paid = disburse(world.user_a, plan, recipient_kind="person", recipient_name="赵同学", amount="2000.00",
                    memo="一次性助学金", project=project["public_id"])
    assert paid.status_code == 201, paid.content
    unknown = disburse(world.user_a, plan, project="XYZ")
    assert unknown.status_code == 400 and codes(unknown) == {"PROJECT-UNKNOWN"}
    url = reverse("api-charity-project-disclosures", kwargs={"pk": project["id"]})
    early = api_as(world.user_a).post(url, {"kind": "final", "spent": "2000", "text": "结项"}, format="json")
    assert early.status_code == 400 and codes(early) == {"PROJECT-FINAL-EARLY"}
    negative = api_as(world.user_a).post(url, {"kind": "progress", "spent": "2000", "persons_served": "-3",
                                               "text": "进展"}, format="json")
    assert negative.status_code == 400 and codes(negative) == {"COUNT-NEGATIVE"}
    done = api_as(world.user_a).post(url, {"kind": "progress", "spent": "2000.00", "persons_served": "1",
                                           "text": "已资助 1 人"}, format="json")
    assert done.status_code == 201
    detail = api_as(None).get(reverse("api-charity-project", kwargs={"pk": project["id"]})).json()
    assert detail["disbursed"] == "2000.00" and detail["disclosures"][0]["persons_served"] == 1
    statuses = [i["status"] for i in detail["schedule"]]
    assert statuses.count("late") == 1 and statuses.count("missing") == 1
    assert api_as(world.supervisor).post(url, {"kind": "progress", "spent": "1", "text": "x"},
                                         format="json").status_code == 403


def test_project_pages_reminders_and_the_on_time_rate(world, plan):
    with acting_on(today()):
        project = create(world.county_a, world.org_a).json()
    client = Client()
    client.force_login(world.user_a)
    page = Client().get(reverse("charity:project", kwargs={"pk": project["id"]})).content.decode()
    assert project["public_id"] in page and 'data-status="missing"' in page and "项目进展公开的间隔" in page and "CHARITY_PROJECT_PROGRESS_MONTHS" not in page
    officer = Client()
    officer.force_login(world.county_a)
    assert "慈善助学" in officer.get(reverse("charity:workbench")).content.decode()
    other = Client()
    other.force_login(world.county_b)
    assert "慈善助学" not in other.get(reverse("charity:workbench")).content.decode()
    form = reverse("charity:disclose_project", kwargs={"pk": project["id"]})
    bad = client.post(form, {"kind": "progress", "spent": "abc", "text": "进展"})
    assert bad.status_code == 400 and 'data-code="MONEY-FORMAT"' in bad.content.decode()
    assert client.post(form, {"kind": "progress", "spent": "100.00", "persons_served": "3",
                              "text": "已资助 3 人"}).status_code == 302
    org_page = client.get(reverse("charity:organization", kwargs={"code": world.org_a.code})).content.decode()
    assert 'id="on-time-rate">0 / 2<' in org_page
    new = reverse("charity:new_project", kwargs={"code": world.org_a.code})
    assert client.post(new, {"name": "", "category": "elderly"}).status_code == 400
    assert client.post(new, {"name": "慈善社区惠老助餐", "category": "elderly", "starts_on": today().isoformat(),
                             "ends_on": (today() + timedelta(days=90)).isoformat(), "budget": "50000",
                             "funding_sources": "定向捐赠"}).status_code == 302
    assert CharityProject.objects.filter(name="慈善社区惠老助餐").exists()
