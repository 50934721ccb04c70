"""Spot-check plans: the legal minimum rates by level, strata at their own rate, jurisdiction."""

import json
from datetime import date

import pytest

from common.errors import RuleViolation
from conftest import api_as
from divisions.models import JurisdictionSetting
from supervision.spotchecks import services as spotchecks_services
from supervision.tests.rating_helpers import api_codes, problem_codes, state, today


def plan(actor, authority, rate, kind="periodic", **extra):
    return spotchecks_services.create_plan(actor, authority_code=authority, year=today().year, kind=kind, title="年度抽查",
                            rate=rate, **extra)


@pytest.mark.parametrize(("authority", "below", "minimum"), [
    ("110101", "2.99", "3"), ("130100", "3.9", "4"), ("110000", "4.99", "5"), ("100000", "9.99", "10")])
def test_a_periodic_rate_below_the_legal_minimum_of_the_authoritys_level_is_refused(world, authority, below,
                                                                                  minimum):
    before = state()
    with pytest.raises(RuleViolation) as refused:
        plan(world.admin, authority, below)
    problem = refused.value.problems[0]
    assert (problem.code, problem.field) == ("SPOT-RATE", "rate")
    assert f"{minimum}%" in problem.zh and f"{minimum}%" in problem.en and "SPOT_CHECK_MIN_RATE_" in problem.en
    assert state() == before
    made = plan(world.admin, authority, minimum)
    assert made.rate == made.rate.__class__(minimum) and made.strata[-1] == {"name": "general", "rate": f"{made.rate}",
                                                                             "source": "plan"}


def test_ad_hoc_plans_sample_at_the_rate_needed(world):
    made = plan(world.county_a, "110101", "1", kind="ad_hoc")
    assert str(made.rate) == "1.00"


def test_a_jurisdiction_may_raise_the_minimum_and_the_refusal_names_its_setting(world):
    JurisdictionSetting.objects.create(division_id="110000", key="SPOT_CHECK_MIN_RATE_COUNTY", value=6,
                                       effective_from=date(2020, 1, 1), reason="市级要求区县抽查不低于 6%")
    with pytest.raises(RuleViolation) as refused:
        plan(world.county_a, "110101", "5")
    assert "SPOT_CHECK_MIN_RATE_COUNTY = 6 (110000 设定 / set by 110000)" in refused.value.problems[0].en


def test_types_at_their_own_rate_form_strata_and_may_not_go_below_the_jurisdictions_rate(world):
    JurisdictionSetting.objects.create(division_id="110000", key="SPOT_CHECK_TYPE_RATES", value={"foundation": 100},
                                       effective_from=date(2020, 1, 1))
    made = plan(world.province, "110000", "5", type_rates={"social_service_agency": "10"})
    assert [s["name"] for s in made.strata] == ["type:foundation", "type:social_service_agency", "general"]
    assert made.strata[0]["rate"] == "100.00" and "SPOT_CHECK_TYPE_RATES" in made.strata[0]["source"]
    before = state()
    with pytest.raises(RuleViolation) as refused:
        plan(world.province, "110000", "5", type_rates={"foundation": "50"})
    assert (refused.value.problems[0].code, refused.value.problems[0].field) == ("SPOT-RATE", "type_rates.foundation")
    assert state() == before


def test_bad_plan_input_is_refused_all_at_once(world):
    before = state()
    with pytest.raises(RuleViolation) as refused:
        plan(world.county_a, "110101", "abc", exclude_months=99, inspectors_per_target=1)
    assert set(problem_codes(refused.value)) == {"SPOT-RATE-FORMAT", "SPOT-EXCLUDE", "SPOT-INSPECTORS"}
    assert state() == before


def test_officers_plan_only_for_authorities_in_their_jurisdiction(world):
    before = state()
    with pytest.raises(RuleViolation) as refused:
        plan(world.county_a, "110102", "3")
    assert refused.value.status == 403 and state() == before
    response = api_as(world.county_a).post("/api/v1/spot-checks/plans/", data=json.dumps(
        {"authority": "110101", "year": today().year, "kind": "periodic", "title": "东城区年度抽查", "rate": 2}),
        content_type="application/json")
    assert response.status_code == 400 and api_codes(response) == ["SPOT-RATE"]
    assert "3%" in response.json()["errors"][0]["message_zh"] and state() == before
    made = api_as(world.county_a).post("/api/v1/spot-checks/plans/", data=json.dumps(
        {"authority": "110101", "year": today().year, "kind": "periodic", "title": "东城区年度抽查", "rate": 3}),
        content_type="application/json")
    assert made.status_code == 201
    plan_id = made.json()["id"]
    assert api_as(world.county_b).get(f"/api/v1/spot-checks/plans/{plan_id}/").status_code == 404
    assert api_as(world.province).get(f"/api/v1/spot-checks/plans/{plan_id}/").status_code == 200
    assert api_as(world.user_a).get("/api/v1/spot-checks/plans/").status_code == 403
    listed = api_as(world.county_b).get("/api/v1/spot-checks/plans/").json()["results"]
    assert listed == []
