"""Who may apply for evaluation on a date, and why not: every refusal names its rule, facts, dates and settings."""

import json
from datetime import date

import pytest

from common.errors import Refusal, RuleViolation
from conftest import api_as, org_row
from divisions.models import JurisdictionSetting
from registry.services import register_organization
from supervision.models import Penalty
from supervision.ratings import eligibility
from supervision.ratings import services as ratings_services
from supervision.tests.rating_helpers import (
    api_codes,
    days_ago,
    inspected,
    make_eligible,
    problem_codes,
    state,
    today,
)


def refusals(org, on):
    return {r.code: r for r in eligibility.eligibility(org, on).refusals}


def test_an_organization_registered_less_than_two_full_years_is_refused_with_the_day_it_may_apply(world):
    young = register_organization(world.admin, org_row("110101", 21, founded_on=f"{today().year - 1}-03-01"))
    refusal = refusals(young, today())["RAT-ELIG-2Y"]
    opens = date(today().year + 2, 1, 1)  # first full year: this one
    assert refusal.facts == {"founded_on": young.founded_on, "may_apply_from": opens}
    assert str(opens) in refusal.zh and str(opens) in refusal.en and "Art. 6" in refusal.en
    assert refusal.settings == ("RATING_MIN_FULL_YEARS = 2 (默认值 / national default)",)


def test_a_jurisdiction_setting_changes_the_two_year_rule_and_the_refusal_names_it(world):
    JurisdictionSetting.objects.create(division_id="110101", key="RATING_MIN_FULL_YEARS", value=20,
                                       effective_from=date(2000, 1, 1), reason="示例：本辖区要求更长")
    refusal = refusals(world.org_a, today())["RAT-ELIG-2Y"]
    assert "RATING_MIN_FULL_YEARS = 20 (110101 设定 / set by 110101)" in refusal.settings
    assert "RAT-ELIG-2Y" not in refusals(world.org_b, today())


def test_last_years_annual_inspection_must_have_been_taken_and_passed(world):
    org, on = world.org_a, days_ago(40)
    assert refusals(org, on)["RAT-ELIG-INSPECTION"].facts["state"] == "missing"
    inspected(org, on.year - 1, "unqualified", concluded_on=on.replace(day=1) if on.day > 1 else on)
    refusal = refusals(org, on)["RAT-ELIG-INSPECTION"]
    assert refusal.facts["conclusion"] == "unqualified" and "不合格" in refusal.zh


def test_basically_qualified_two_years_running_refuses_but_once_does_not(world):
    org, on = world.org_a, days_ago(40)
    inspected(org, on.year - 1, "basically_qualified", concluded_on=days_ago(50))
    inspected(org, on.year - 2, "qualified", concluded_on=days_ago(400))
    assert "RAT-ELIG-INSPECTION" not in refusals(org, on)
    other = world.org_b
    inspected(other, on.year - 1, "basically_qualified", concluded_on=days_ago(50))
    inspected(other, on.year - 2, "basically_qualified", concluded_on=days_ago(400))
    refusal = refusals(other, on)["RAT-ELIG-INSPECTION"]
    assert refusal.facts["report_years"] == [on.year - 2, on.year - 1]
    assert "RATING_BASIC_QUALIFIED_RUN = 2" in refusal.settings[0]


def test_a_penalty_since_last_year_refuses(world):
    org, on = world.org_a, days_ago(40)
    make_eligible(org, on)
    decided_on = date(on.year - 1, 8, 8)
    Penalty.objects.create(organization=org, kind="warning", decision_number="京民罚字〔X〕1号", decided_on=decided_on,
                           legal_basis="《社会团体登记管理条例》第三十条", facts="未按规定办理变更登记",
                           department_kind="civil_affairs", department_name="东城区民政局")
    refusal = refusals(org, on)["RAT-ELIG-PENALTY"]
    assert refusal.facts["decided_on"] == decided_on and "京民罚字" in refusal.zh and "Art. 7" in refusal.en


def test_a_check_registered_by_a_higher_app_refuses_and_is_explained(world, monkeypatch):
    """How credit will register "not on a credit list on that date" from its AppConfig.ready()."""
    monkeypatch.setattr(eligibility, "rating_checks", list(eligibility.rating_checks))
    listed_on = date(2024, 5, 6)

    def not_on_a_credit_list(org, on):
        if org.pk == world.org_a.pk and on >= listed_on:
            return Refusal("CREDIT-LISTED", None, f"{listed_on} 起列入活动异常名录",
                           f"on the abnormal-activity list since {listed_on}",
                           facts={"list": "abnormal", "since": listed_on}, settings=("CREDIT_SETTING = x",))
        return None

    assert eligibility.register_rating_check(not_on_a_credit_list) is not_on_a_credit_list
    eligibility.register_rating_check(not_on_a_credit_list)  # idempotent: ready() may run twice
    assert eligibility.rating_checks.count(not_on_a_credit_list) == 1
    make_eligible(world.org_a)
    result = eligibility.eligibility(world.org_a, days_ago(40))
    assert [r.code for r in result.refusals] == ["CREDIT-LISTED"]
    assert result.as_dict()["refusals"][0]["facts"] == {"list": "abnormal", "since": "2024-05-06"}
    assert any(name.endswith("not_on_a_credit_list") for name in result.checked)
    before = state()
    with pytest.raises(RuleViolation) as refused:
        ratings_services.apply_for_rating(world.user_a, world.org_a, on=days_ago(40))
    assert problem_codes(refused.value) == ["CREDIT-LISTED"] and "CREDIT_SETTING = x" in refused.value.problems[0].en
    assert state() == before
    assert "CREDIT-LISTED" not in {r.code for r in eligibility.eligibility(world.org_a, date(2024, 5, 5)).refusals}


def test_applying_while_ineligible_is_refused_with_the_whole_explanation_and_changes_nothing(world):
    before = state()
    response = api_as(world.user_a).post("/api/v1/ratings/applications/", data=json.dumps({}),
                                         content_type="application/json")
    assert response.status_code == 400
    assert api_codes(response) == ["RAT-ELIG-INSPECTION"]
    error = response.json()["errors"][0]
    assert "年度检查" in error["message_zh"] and "annual inspection" in error["message_en"]
    assert "RATING_BASIC_QUALIFIED_RUN" in error["message_en"]
    assert state() == before


def test_the_eligibility_endpoint_explains_refusals_to_the_organization_and_staff_only(world):
    url = f"/api/v1/ratings/eligibility/{world.org_a.code}/"
    body = api_as(world.user_a).get(url).json()
    assert body["eligible"] is False and body["refusals"][0]["rule"] == "RAT-ELIG-INSPECTION"
    assert body["refusals"][0]["settings"] and body["checked"]
    assert api_as(world.county_a).get(url + "?as_of=2016-01-01").json()["refusals"][0]["rule"] == "RAT-ELIG-2Y"
    assert api_as(world.user_b).get(url).status_code == 404
    assert api_as(world.county_b).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 401
    assert api_codes(api_as(world.user_a).get(url + "?as_of=2016-13-01")) == ["AS-OF-FORMAT"]


def test_one_application_at_a_time(world):
    make_eligible(world.org_a)
    ratings_services.apply_for_rating(world.user_a, world.org_a, on=days_ago(40))
    assert "RAT-ELIG-OPEN" in refusals(world.org_a, days_ago(39))
