"""The share of 3A and above: organizations with a valid grade >= 3A / active organizations, per jurisdiction
and date, both numbers stated."""

from datetime import timedelta
from decimal import Decimal

from conftest import api_as
from registry.services import record_event
from supervision.ratings import services as ratings_services
from supervision.tests.rating_helpers import api_codes, days_ago, today


def grade(world, org, value, conferred_on):
    return ratings_services.record_grade(world.admin, org, grade=value, conferred_on=conferred_on, basis="评估结果公告")


def setup_grades(world):
    """org_a 4A (current), org_b 2A (current), org_city 3A (expired 100 days ago), org_hebei 5A (current)."""
    grade(world, world.org_a, "4A", days_ago(300))
    grade(world, world.org_b, "2A", days_ago(300))
    old = today() - timedelta(days=100)
    grade(world, world.org_city, "3A", old.replace(year=old.year - 5))
    grade(world, world.org_hebei, "5A", days_ago(10))


def test_the_share_counts_valid_3a_and_above_among_active_organizations_of_the_jurisdiction_on_the_date(world):
    setup_grades(world)
    beijing = ratings_services.grade_share("110000", today())
    assert (beijing.graded_3a_plus, beijing.active, beijing.share) == (1, 3, Decimal("33.3"))
    assert beijing.by_grade == {"5A": 0, "4A": 1, "3A": 0, "2A": 1, "1A": 0}
    a_year_ago = ratings_services.grade_share("110000", days_ago(200))  # org_city's 3A was still valid then
    assert (a_year_ago.graded_3a_plus, a_year_ago.active) == (2, 3)
    assert ratings_services.grade_share("110101", today()).share == Decimal("100.0")
    assert ratings_services.grade_share("110102", today()).share == Decimal("0.0")
    nation = ratings_services.grade_share("100000", today())
    assert (nation.graded_3a_plus, nation.active) == (2, 4)
    before_any = ratings_services.grade_share("110000", days_ago(400))
    assert (before_any.graded_3a_plus, before_any.active) == (1, 3)  # only org_city's old grade


def test_an_organization_that_is_no_longer_active_leaves_both_numbers(world):
    setup_grades(world)
    ended = days_ago(5)
    record_event(world.admin, world.org_a, kind="deregistration", effective_on=ended, reason="自行解散")
    after = ratings_services.grade_share("110000", today())
    assert (after.graded_3a_plus, after.active) == (0, 2)
    before = ratings_services.grade_share("110000", ended - timedelta(days=1))
    assert (before.graded_3a_plus, before.active) == (1, 3)


def test_the_indicator_api_states_both_numbers_and_stays_within_the_jurisdiction(world):
    setup_grades(world)
    body = api_as(world.province).get(f"/api/v1/indicators/grade-share/?division=110000&as_of={today()}").json()
    assert (body["graded_3a_plus"], body["active"], body["share_percent"]) == (1, 3, "33.3")
    assert body["rule"] == "RAT-SHARE" and body["definition_zh"] and body["definition_en"]
    own = api_as(world.county_a).get("/api/v1/indicators/grade-share/").json()
    assert (own["division"], own["share_percent"]) == ("110101", "100.0")
    assert api_as(world.county_a).get("/api/v1/indicators/grade-share/?division=110000").status_code == 404
    assert api_as(world.other_province).get("/api/v1/indicators/grade-share/?division=110101").status_code == 404
    assert api_as(world.user_a).get("/api/v1/indicators/grade-share/").status_code == 403
    assert api_as(None).get("/api/v1/indicators/grade-share/").status_code == 401
    bad = api_as(world.province).get("/api/v1/indicators/grade-share/?division=11&as_of=2026-02-30")
    assert bad.status_code == 400 and api_codes(bad) == ["DIVISION"]


def test_the_indicator_page_shows_the_share_with_numerator_and_denominator(world, client):
    setup_grades(world)
    client.force_login(world.province)
    page = client.get(f"/supervision/ratings/indicators/grade-share/?division=110000&as_of={today()}")
    body = page.content.decode()
    assert page.status_code == 200 and "33.3%" in body and "110000" in body
    client.force_login(world.county_a)
    assert client.get("/supervision/ratings/indicators/grade-share/?division=110000").status_code == 404
