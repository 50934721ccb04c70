"""Rural-revitalization pairing through the HTTP API: designated key counties with their documents; pairings of an
organization or a 合力团 with a county (many-to-one); PAIR-UNDESIGNATED in the key-county programme; projects and
progress rolled up per county and per group; the reporting cadence as deadlines with reminders and an overdue list."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from common.clock import today
from conftest import api_as, assert_error
from engagement import rules
from engagement.models import Reminder, ReportingDeadline
from engagement.services import send_reminders

from .helpers import engagement_state, list_abnormal, post

pytestmark = pytest.mark.django_db
COUNTY = "110101"  # 东城区 stands in for a key county in the shared test world


def designate(world, county=COUNTY):
    response = post(world.province, "api-engagement-key-counties", {
        "county": county, "document_number": "京乡振发〔2026〕3号", "issued_by": "北京市乡村振兴局",
        "designated_on": "2026-01-05"})
    assert response.status_code == 201, response.content
    return response.json()


def pair(user, **data):
    body = {"programme": "key_county", "county": COUNTY, "starts_on": "2026-01-01", "ends_on": "2026-12-31", **data}
    return post(user, "api-engagement-pairings", body)


def test_designated_counties_keep_their_provenance(world):
    designate(world)
    rows = api_as(None).get(reverse("api-engagement-key-counties")).json()
    assert rows == [{"county": COUNTY, "county_name": "东城区", "document_number": "京乡振发〔2026〕3号",
                     "issued_by": "北京市乡村振兴局", "designated_on": "2026-01-05"}]
    assert_error(post(world.county_b, "api-engagement-key-counties", {
        "county": COUNTY, "document_number": "x", "issued_by": "x", "designated_on": "2026-01-05"}), 400,
        "PAIR-DESIGNATED-TWICE", "county")
    assert_error(post(world.province, "api-engagement-key-counties", {
        "county": "110000", "document_number": "x", "issued_by": "x", "designated_on": "2026-01-05"}), 400,
        "PAIR-COUNTY", "county")


def test_an_undesignated_county_is_refused_in_the_key_county_programme_and_nothing_is_written(world):
    before = engagement_state()
    error = assert_error(pair(world.user_a, organization=world.org_a.code), 400, "PAIR-UNDESIGNATED", "county")
    assert "东城区" in error["message_zh"]
    assert engagement_state() == before
    assert pair(world.user_a, organization=world.org_a.code, programme="general").status_code == 201


def test_dates_in_the_wrong_order_and_a_listed_partner_are_refused(world):
    designate(world)
    list_abnormal(world, world.org_a)
    before = engagement_state()
    response = pair(world.county_a, organization=world.org_a.code, starts_on="2026-12-31", ends_on="2026-01-01")
    assert_error(response, 400, "PAIR-PERIOD", "ends_on")
    assert_error(response, 400, "JOB-ORG-LISTED", "organization")
    assert_error(pair(world.county_a), 400, "PAIR-PARTNER", "organization")
    assert engagement_state() == before


def test_many_to_one_pairing_projects_and_progress_per_county_and_per_group(world):
    designate(world)
    group = post(world.county_a, "api-engagement-pairings", {})  # a pairing needs its fields: refused
    assert group.status_code == 400
    from engagement.services import create_group

    formed = create_group(world.province, {"name": "东城合力团", "lead": world.org_b.code,
                                           "members": f"{world.org_city.code}\n{world.org_b.code}"})
    one = pair(world.user_a, organization=world.org_a.code).json()
    two = pair(world.province, group=formed.name).json()
    assert two["organization"]["code"] == world.org_b.code and two["group"] == "东城合力团"
    for pairing, budget, progress in ((one, "100000.00", [("30000.00", "5000.00", "8000.00", 120)]),
                                      (two, "500000.00", [("200000.00", "60000.00", "70000.00", 900),
                                                          ("50000.00", "0", "10000.50", 100)])):
        project = post(world.admin, "api-engagement-pairing-projects", {
            "name": "产业帮扶", "budget": budget, "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
            pk=pairing["id"]).json()
        for invested, purchases, sales, people in progress:
            response = post(world.admin, "api-engagement-project-progress", {
                "reported_on": "2026-06-30", "invested": invested, "direct_purchases": purchases,
                "sales_help": sales, "beneficiaries": people}, pk=project["id"])
            assert response.status_code == 201, response.content
    counties = api_as(None).get(reverse("api-engagement-progress")).json()
    assert counties == [{"code": COUNTY, "name": "东城区", "designated": True, "pairings": 2, "organizations": 2,
                         "groups": 1, "projects": 2, "budget": "600000.00", "invested": "280000.00",
                         "direct_purchases": "65000.00", "sales_help": "88000.50", "beneficiaries": 1120}]
    groups = api_as(None).get(reverse("api-engagement-progress"), {"by": "group"}).json()
    assert [(g["group"], g["members"], g["counties"], g["projects"], g["invested"], g["beneficiaries"])
            for g in groups] == [("东城合力团", 2, 1, 1, "250000.00", 1000)]


def test_progress_by_another_organization_is_refused(world):
    designate(world)
    pairing = pair(world.user_a, organization=world.org_a.code).json()
    response = post(world.user_b, "api-engagement-pairing-projects", {
        "name": "x", "budget": "1", "starts_on": "2026-01-01", "ends_on": "2026-02-01"}, pk=pairing["id"])
    assert_error(response, 403, "JURISDICTION")


def test_the_cadence_quarterly_half_year_and_year_end():
    due = rules.cadence(date(2026, 1, 1), date(2026, 12, 31))
    assert [(d.kind, d.period, d.due_on) for d in due] == [
        ("quarterly", "2026Q1", date(2026, 3, 31)), ("quarterly", "2026Q2", date(2026, 6, 30)),
        ("half_year", "2026H1", date(2026, 6, 30)), ("quarterly", "2026Q3", date(2026, 9, 30)),
        ("year_end", "2026", date(2026, 12, 31))]
    assert [d.due_on for d in rules.cadence(date(2026, 5, 1), date(2026, 8, 1), 10)] == [date(2026, 7, 10)] * 2


def test_deadlines_reminders_and_the_overdue_list(world):
    designate(world)
    year = today().year - 1  # a pairing of last year: every deadline has passed
    pairing = pair(world.user_a, organization=world.org_a.code, starts_on=f"{year}-01-01",
                   ends_on=f"{year}-12-31").json()
    assert [d["kind"] for d in pairing["deadlines"]] == ["quarterly", "quarterly", "half_year", "quarterly",
                                                         "year_end"]
    overdue = api_as(world.county_a).get(reverse("api-engagement-overdue")).json()
    assert [d["period"] for d in overdue] == [f"{year}Q1", f"{year}Q2", f"{year}H1", f"{year}Q3", f"{year}"]
    assert api_as(world.county_b).get(reverse("api-engagement-overdue")).json() == []
    assert api_as(world.user_a).get(reverse("api-engagement-overdue")).status_code == 403
    assert send_reminders(date(year, 12, 26)) == {"coming": 1, "overdue": 4}
    assert send_reminders(date(year, 12, 26)) == {"coming": 0, "overdue": 0}  # once each
    assert send_reminders(date(year + 1, 1, 2)) == {"coming": 0, "overdue": 1}  # the year-end summary, now missed
    assert Reminder.objects.filter(kind="coming").get().deadline.period == f"{year}"
    from engagement.services import complete_deadline

    q1 = ReportingDeadline.objects.get(period=f"{year}Q1")
    complete_deadline(world.user_a, q1, {"summary": "一季度调度：完成 3 个项目"})
    assert_error(_raises(lambda: complete_deadline(world.user_a, q1, {"summary": "again"})), 400, "PAIR-DONE-TWICE")
    assert len(api_as(world.county_a).get(reverse("api-engagement-overdue")).json()) == 4


def _raises(call):
    from common.errors import RuleViolation

    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


def test_amounts_are_decimals_in_yuan(world):
    designate(world)
    pairing = pair(world.user_a, organization=world.org_a.code).json()
    project = post(world.user_a, "api-engagement-pairing-projects", {
        "name": "消费帮扶", "budget": "1.005", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}, pk=pairing["id"])
    assert_error(project, 400, "MONEY-FORMAT", "budget")
    assert Decimal("0.00") == Decimal(0)
