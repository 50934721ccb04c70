"""KPI targets: an authority records a target (Inner Mongolia's 2025-style "3A and above at least 80 % of those
evaluated"), sees the value, the projection from the trend and who holds it back; bad input is refused."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from conftest import api_as, make_user
from stats.models import KpiTarget

from .builders import grades, orgs

pytestmark = pytest.mark.django_db
DEADLINE = date(2028, 12, 31)


@pytest.fixture
def mongolia():
    """Rated organizations in Hohhot (新城区): 50 at 1A/2A since 2019, 50 at 3A since 2019 and ten more at 4A each
    year from 2021 on; in Baotou ten, all 3A or above."""
    low = orgs(50, "150102", founded=date(2015, 1, 1))
    grades(low[:25], "1A", conferred=date(2019, 1, 1), years=20)
    grades(low[25:], "2A", conferred=date(2019, 1, 1), years=20)
    grades(orgs(50, "150102", founded=date(2015, 1, 1)), "3A", conferred=date(2019, 1, 1), years=20)
    today = timezone.localdate()
    for year in range(2021, today.year + 1):
        grades(orgs(10, "150102", founded=date(2015, 1, 1)), "4A", conferred=date(year, 6, 1), years=20)
    grades(orgs(10, "150202", founded=date(2015, 1, 1)), "5A", conferred=date(2019, 1, 1), years=20)
    return make_user("nmg", Role.OFFICER, "150000")


def post(user, **data):
    payload = {"indicator": "SUP-3A-SHARE-RATED", "division": "150000", "target_value": "80",
               "deadline": DEADLINE.isoformat(), "basis": "内蒙古自治区社会组织高质量发展方案（示例）", **data}
    return api_as(user).post(reverse("api-stats-targets"), payload, format="json")


def test_an_authority_records_a_target_and_sees_the_projection_and_who_holds_it_back(mongolia):
    response = post(mongolia)
    assert response.status_code == 201, response.json()
    p = response.json()["progress"]
    years = timezone.localdate().year - 2020
    share_now = round(100 * (60 + 10 * years) / (110 + 10 * years), 1)
    assert p["value"] == share_now and p["meets"] is False
    assert share_now < p["projected"] < 80 and p["projected_meets"] is False  # rising, too slowly
    assert [s["division"] for s in p["sub_jurisdictions"]] == ["150100"]  # Baotou is at 100 %
    assert p["organizations_count"] == 50 and len(p["organizations"]) == 50
    target = KpiTarget.objects.get()
    event = AuditEvent.objects.get(action="stats.target.record", object_id=str(target.pk))
    assert event.actor == mongolia and event.after["target_value"] == "80.00"
    lower = post(mongolia, target_value="65").json()["progress"]
    assert lower["projected_meets"] is True and lower["meets"] is True


def test_the_target_pages_show_progress(client, mongolia):
    client.force_login(mongolia)
    page = client.post(reverse("stats:targets"), {
        "indicator": "SUP-3A-SHARE-RATED", "division": "150000", "comparison": "at_least", "target_value": "80",
        "deadline": DEADLINE.isoformat(), "basis": "示例方案"})
    target = KpiTarget.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("stats:target", args=[target.pk])
    html = client.get(page["Location"]).content.decode()
    assert "3A以上等级占有效评估等级组织比例" in html and "呼和浩特市" in html and "data-chart" in html
    assert "按目前趋势不能实现" in html or "not attained at the present trend" in html
    listing = client.get(reverse("stats:targets")).content.decode()
    assert "内蒙古自治区" in listing and "2028-12-31" in listing


def test_targets_are_scoped_to_the_jurisdiction(mongolia, world):
    post(mongolia)
    target = KpiTarget.objects.get()
    assert api_as(world.province).get(reverse("api-stats-target", args=[target.pk])).status_code == 404
    assert api_as(world.national).get(reverse("api-stats-target", args=[target.pk])).status_code == 200
    assert api_as(world.province).get(reverse("api-stats-targets")).json()["targets"] == []
    refused = post(world.province)
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "JURISDICTION"
    assert post(world.user_a).status_code == 403
    assert KpiTarget.objects.count() == 1


@pytest.mark.parametrize(("data", "status", "code", "field"), [
    ({"indicator": "NOPE"}, 400, "STATS-UNKNOWN-INDICATOR", "indicator"),
    ({"indicator": "REG-REGISTRATIONS"}, 400, "STATS-TARGET-STOCK", "indicator"),
    ({"division": "999999"}, 400, "STATS-UNKNOWN-DIVISION", "division"),
    ({"target_value": "120"}, 400, "STATS-TARGET-PERCENT", "target_value"),
    ({"target_value": "-1"}, 400, "STATS-TARGET-VALUE", "target_value"),
    ({"deadline": "2020-01-01"}, 400, "STATS-TARGET-DEADLINE", "deadline"),
    ({"basis": " "}, 400, "BLANK", "basis"),
])
def test_bad_targets_are_refused_and_nothing_is_recorded(mongolia, data, status, code, field):
    response = post(mongolia, **data)
    assert response.status_code == status
    errors = response.json()["errors"]
    assert any(e["code"] == code and e["field"] == field and e["message_zh"] and e["message_en"] for e in errors), errors
    assert KpiTarget.objects.count() == 0


def test_the_deadline_must_be_after_today(mongolia):
    assert post(mongolia, deadline=timezone.localdate().isoformat()).status_code == 400
    assert post(mongolia, deadline=(timezone.localdate() + timedelta(days=1)).isoformat()).status_code == 201
