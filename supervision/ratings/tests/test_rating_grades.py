"""Grades as dated facts: expiry, lowering, cancellation, the Art. 31 bar, and what the public sees."""

import json
from datetime import date, timedelta

import pytest

from common.errors import RuleViolation
from conftest import api_as
from supervision.models import GradeAction, GradeSpan
from supervision.ratings import eligibility
from supervision.ratings import services as ratings_services
from supervision.tests.rating_helpers import api_codes, days_ago, make_eligible, problem_codes, state, today


def record(world, org, grade, years_ago):
    conferred = today().replace(year=today().year - years_ago) - timedelta(days=10)
    return ratings_services.record_grade(world.county_a if org == world.org_a else world.admin, org, grade=grade,
                                conferred_on=conferred, basis="2019 年评估结果公告（纸质档案）")


def rules_refusing(org, on):
    return {r.code for r in eligibility.eligibility(org, on).refusals}


def test_a_lowered_grade_counts_at_the_lower_level_and_bars_applications_for_two_years(world):
    grade = record(world, world.org_a, "4A", 1)
    effective = days_ago(100)
    action = ratings_services.lower_or_cancel(world.county_a, grade, kind="lowered", new_grade="2A", ground="3",
                                     reason="连续两年年检基本合格", effective_on=effective)
    assert action.certificate_return_due == effective + timedelta(days=15)
    assert ratings_services.grade_on(world.org_a, effective - timedelta(days=1)).grade == "4A"
    assert ratings_services.grade_on(world.org_a, effective).grade == "2A"
    span = GradeSpan.objects.get(organization=world.org_a, valid_from=effective)
    assert (span.grade, span.valid_to) == ("2A", grade.valid_until + timedelta(days=1))  # keeps the expiry
    make_eligible(world.org_a, today())
    bar = eligibility.not_barred(world.org_a, today())
    assert bar.code == "RAT-ELIG-BAR" and bar.facts["may_apply_from"] == effective.replace(year=effective.year + 2)
    assert "RATING_BAR_AFTER_LOWERED_YEARS = 2" in bar.settings[0] and "Art. 31" in bar.en
    assert eligibility.not_barred(world.org_a, effective.replace(year=effective.year + 2)) is None


def test_a_cancelled_grade_ends_on_its_date_and_bars_applications_for_three_years(world):
    grade = record(world, world.org_a, "5A", 2)
    effective = days_ago(30)
    ratings_services.lower_or_cancel(world.county_a, grade, kind="cancelled", ground="1", reason="提供虚假材料",
                            effective_on=effective, decision_number="京民评〔2026〕3号")
    assert ratings_services.grade_on(world.org_a, effective) is None
    assert ratings_services.grade_on(world.org_a, effective - timedelta(days=1)).grade == "5A"
    bar = eligibility.not_barred(world.org_a, today())
    assert bar.facts["may_apply_from"] == effective.replace(year=effective.year + 3)
    with pytest.raises(RuleViolation) as refused:
        ratings_services.apply_for_rating(world.user_a, world.org_a)
    assert "RAT-ELIG-BAR" in problem_codes(refused.value)


def test_an_expired_grade_is_no_grade_and_re_evaluation_opens_two_years_before_expiry(world):
    old = record(world, world.org_a, "3A", 6)
    assert old.valid_until < today() and ratings_services.grade_on(world.org_a, today()) is None
    assert "RAT-ELIG-VALID" not in rules_refusing(world.org_a, today())
    recent = record(world, world.org_b, "3A", 1)
    refusal = eligibility.current_grade_not_due(world.org_b, today())
    assert refusal.code == "RAT-ELIG-VALID"
    expiry = recent.valid_until + timedelta(days=1)
    opens = expiry.replace(year=expiry.year - 2)
    assert refusal.facts["may_apply_from"] == opens and "Art. 29" in refusal.en
    assert eligibility.current_grade_not_due(world.org_b, recent.valid_until - timedelta(days=30)) is None


def test_lowering_must_lower_and_act_on_a_grade_in_force(world):
    grade = record(world, world.org_a, "3A", 1)
    before = state()
    with pytest.raises(RuleViolation) as up:
        ratings_services.lower_or_cancel(world.county_a, grade, kind="lowered", new_grade="4A", ground="6", reason="x",
                                effective_on=days_ago(1))
    with pytest.raises(RuleViolation) as bad_grade:
        ratings_services.lower_or_cancel(world.county_a, grade, kind="lowered", new_grade="0A", ground="6", reason="x",
                                effective_on=days_ago(1))
    with pytest.raises(RuleViolation) as before_conferral:
        ratings_services.lower_or_cancel(world.county_a, grade, kind="cancelled", ground="6", reason="x",
                                effective_on=grade.conferred_on - timedelta(days=1))
    with pytest.raises(RuleViolation) as no_ground:
        ratings_services.lower_or_cancel(world.county_a, grade, kind="cancelled", ground="9", reason="x",
                                effective_on=days_ago(1))
    with pytest.raises(RuleViolation) as other_county:
        ratings_services.lower_or_cancel(world.county_b, grade, kind="cancelled", ground="6", reason="x",
                                effective_on=days_ago(1))
    assert problem_codes(up.value) == ["RAT-ACTION-NOT-LOWER"]
    assert problem_codes(bad_grade.value) == ["RAT-GRADE"]
    assert problem_codes(before_conferral.value) == ["RAT-ACTION-NOT-IN-FORCE"]
    assert problem_codes(no_ground.value) == ["RAT-ACTION-GROUND"]
    assert other_county.value.status == 403
    assert state() == before


def test_grade_actions_through_the_api_are_staff_only_and_public_to_read(world):
    grade = record(world, world.org_a, "4A", 1)
    url = f"/api/v1/grades/{grade.pk}/actions/"
    data = {"kind": "lowered", "new_grade": "3A", "ground": "5", "reason": "受到警告处罚",
            "effective_on": days_ago(5).isoformat()}
    before = state()
    assert api_as(world.user_a).post(url, data=json.dumps(data), content_type="application/json").status_code == 403
    assert api_as(world.county_b).post(url, data=json.dumps(data), content_type="application/json").status_code == 404
    bad = api_as(world.county_a).post(url, data=json.dumps({**data, "new_grade": "7A"}),
                                      content_type="application/json")
    assert bad.status_code == 400 and api_codes(bad) == ["RAT-GRADE"]
    assert state() == before
    made = api_as(world.county_a).post(url, data=json.dumps(data), content_type="application/json")
    assert made.status_code == 201 and GradeAction.objects.count() == 1
    public = api_as(None).get(f"/api/v1/grades/{grade.pk}/").json()
    assert public["grade"] == "4A" and public["grade_today"] == "3A" and public["actions"][0]["kind"] == "lowered"
    listed = api_as(None).get(f"/api/v1/grades/?valid_on={today()}&min_grade=4A").json()["results"]
    assert listed == []
    assert len(api_as(None).get(f"/api/v1/grades/?valid_on={today()}&min_grade=3A").json()["results"]) == 1


def test_the_public_organization_page_shows_the_grade_with_its_validity_as_of_any_date(world, client):
    grade = record(world, world.org_a, "4A", 1)
    ratings_services.lower_or_cancel(world.county_a, grade, kind="lowered", new_grade="2A", ground="4", reason="年检不合格",
                            effective_on=days_ago(10))
    page = client.get(f"/org/{world.org_a.code}/").content.decode()
    assert "评估等级" in page and "2A" in page and grade.valid_until.isoformat() in page
    then = client.get(f"/org/{world.org_a.code}/?as_of={days_ago(20).isoformat()}").content.decode()
    assert "4A" in then
    grades = client.get("/supervision/public/grades/").content.decode()
    assert world.org_a.name in grades and "2A" in grades


def test_grades_before_founding_or_in_the_future_are_refused(world):
    before = state()
    with pytest.raises(RuleViolation) as early:
        ratings_services.record_grade(world.county_a, world.org_a, grade="3A", conferred_on=date(2010, 1, 1), basis="x")
    with pytest.raises(RuleViolation) as future:
        ratings_services.record_grade(world.county_a, world.org_a, grade="3A", conferred_on=today() + timedelta(days=1),
                             basis="x")
    assert problem_codes(early.value) == ["RAT-GRADE-DATE"] and problem_codes(future.value) == ["DATE-FUTURE"]
    assert state() == before
