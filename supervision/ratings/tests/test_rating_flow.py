"""From application to a conferred grade: scoring, committee decision, publicity, objections, conferral."""

import json
from datetime import timedelta

import pytest

from audit.models import AuditEvent
from common.errors import RuleViolation
from conftest import api_as
from supervision.models import ApplicationState, Grade, GradeSpan, RatingApplication
from supervision.ratings import services as ratings_services
from supervision.tests.rating_helpers import (
    api_codes,
    days_ago,
    decided,
    make_eligible,
    problem_codes,
    score_all,
    state,
    today,
)


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_the_whole_flow_through_the_api_confers_a_grade_valid_five_years(world, monkeypatch):
    org = world.org_a
    make_eligible(org, today())
    audit_before = AuditEvent.objects.count()
    applied = post(api_as(world.user_a), "/api/v1/ratings/applications/", {"note": "申请参加等级评估"})
    assert applied.status_code == 201, applied.content
    app_id = applied.json()["id"]
    assert applied.json()["state"] == "applied" and applied.json()["eligibility"]["eligible"] is True

    indicators = RatingApplication.objects.get(pk=app_id).sheet_version.indicators.all()
    for officer, share in ((world.county_a, "0.92"), (world.province, "0.88")):  # mean: 90% of 1000 = 900
        scores = [{"indicator": i.code, "points": str(i.max_points * type(i.max_points)(share))} for i in indicators]
        response = post(api_as(officer), f"/api/v1/ratings/applications/{app_id}/scores/", {"scores": scores})
        assert response.status_code == 201, response.content

    decision = post(api_as(world.county_a), f"/api/v1/ratings/applications/{app_id}/decision/", {})
    assert decision.status_code == 201, decision.content
    assert decision.json()["total_points"] == "900.00" and decision.json()["grade"] == "5A"
    assert decision.json()["publicity_from"] == today().isoformat()
    assert decision.json()["publicity_until"] == (today() + timedelta(days=6)).isoformat()
    assert "RATING_PUBLICITY_DAYS = 7" in decision.json()["settings_used"][0]

    objection = post(api_as(world.user_a), f"/api/v1/ratings/applications/{app_id}/objections/",
                     {"text": "社会评价部分的得分偏低"})
    assert objection.status_code == 201, objection.content
    assert objection.json()["reply_due"] == (today() + timedelta(days=15)).isoformat()
    answer = post(api_as(world.county_a), f"/api/v1/ratings/objections/{objection.json()['id']}/answer/",
                  {"outcome": "dismissed", "answer": "复核维持原评估结论", "votes_for": 5, "votes_against": 2})
    assert answer.status_code == 200, answer.content

    early = post(api_as(world.county_a), f"/api/v1/ratings/applications/{app_id}/confer/", {})
    assert early.status_code == 409 and api_codes(early) == ["RAT-CONFER-PUBLICITY"]

    later = today() + timedelta(days=10)  # the publicity period has passed
    monkeypatch.setattr(ratings_services, "today", lambda: later)
    conferred = post(api_as(world.county_a), f"/api/v1/ratings/applications/{app_id}/confer/",
                     {"certificate_number": "京评字2026第001号"})
    assert conferred.status_code == 200, conferred.content
    grade = Grade.objects.get(organization=org)
    assert (grade.grade, grade.conferred_on) == ("5A", later)
    assert grade.valid_until == later.replace(year=later.year + 5) - timedelta(days=1)
    assert conferred.json()["state"] == ApplicationState.CONFERRED
    assert ratings_services.grade_on(org, later).grade == "5A"
    assert ratings_services.grade_on(org, grade.valid_until + timedelta(days=1)) is None  # expired the next day
    public = api_as(None).get(f"/api/v1/grades/?organization={org.code}").json()["results"]
    assert [(g["grade"], g["valid_until"]) for g in public] == [("5A", grade.valid_until.isoformat())]
    actions = list(AuditEvent.objects.filter(seq__gt=audit_before).values_list("action", flat=True))
    for expected in ("rating.apply", "rating.score", "rating.decide", "rating.objection", "rating.objection.answer",
                     "rating.confer"):
        assert expected in actions


def test_an_objection_after_the_publicity_period_is_refused_and_changes_nothing(world):
    app = decided(world, world.org_a, decided_on=20)  # publicity: 20 to 14 days ago
    before = state()
    with pytest.raises(RuleViolation) as refused:
        ratings_services.file_objection(world.user_a, app, text="逾期异议", on=days_ago(13))
    assert problem_codes(refused.value) == ["RAT-OBJ-LATE"] and refused.value.status == 409
    assert "RATING_PUBLICITY_DAYS" in refused.value.problems[0].en and refused.value.problems[0].zh
    assert state() == before
    ok = ratings_services.file_objection(world.user_a, app, text="公示期内异议", on=days_ago(14))
    assert ok.reply_due == days_ago(14) + timedelta(days=15)


def test_an_objection_through_the_api_after_publicity_is_refused_in_both_languages(world):
    app = decided(world, world.org_a, decided_on=20)
    before = state()
    response = post(api_as(world.user_a), f"/api/v1/ratings/applications/{app.pk}/objections/", {"text": "迟到"})
    assert response.status_code == 409 and api_codes(response) == ["RAT-OBJ-LATE"]
    error = response.json()["errors"][0]
    assert "公示期" in error["message_zh"] and "publicity period" in error["message_en"]
    assert state() == before


def test_an_upheld_objection_revises_the_grade_that_is_conferred(world):
    app = decided(world, world.org_a, share=0.85, decided_on=20)  # 850: 4A by the example bands
    assert app.decision.grade == "4A"
    objection = ratings_services.file_objection(world.user_a, app, text="指标 3.1 漏计", on=days_ago(18))
    with pytest.raises(RuleViolation) as split:
        ratings_services.answer_objection(world.county_a, objection, outcome="upheld", answer="改为 5A", revised_grade="5A",
                                 votes_for=3, votes_against=3, on=days_ago(10))
    assert problem_codes(split.value) == ["RAT-OBJ-MAJORITY"]
    answered = ratings_services.answer_objection(world.county_a, objection, outcome="upheld", answer="复核后改为 5A",
                                        revised_grade="5A", votes_for=4, votes_against=1, on=days_ago(10))
    assert answered.answered_late is False
    grade = ratings_services.confer(world.county_a, app)
    assert grade.grade == "5A"


def test_conferral_waits_for_every_objection_to_be_answered(world):
    app = decided(world, world.org_a, decided_on=20)
    ratings_services.file_objection(world.user_a, app, text="异议", on=days_ago(15))
    before = state()
    with pytest.raises(RuleViolation) as refused:
        ratings_services.confer(world.county_a, app)
    assert problem_codes(refused.value) == ["RAT-CONFER-OBJECTIONS"] and state() == before


def test_the_committee_may_decide_otherwise_than_the_bands_only_with_a_reason(world):
    make_eligible(world.org_a)
    app = ratings_services.apply_for_rating(world.user_a, world.org_a, on=days_ago(40))
    score_all(world.county_a, app, on=days_ago(30))  # 900: 5A by the bands
    before = state()
    with pytest.raises(RuleViolation) as refused:
        ratings_services.decide(world.county_a, app, grade="4A", decided_on=days_ago(20))
    assert problem_codes(refused.value) == ["RAT-DECIDE-REASON"] and state() == before
    decision = ratings_services.decide(world.county_a, app, grade="4A", reason="存在未整改的财务问题", decided_on=days_ago(20))
    assert (decision.band_grade, decision.grade) == ("5A", "4A")


def test_a_grade_outside_1a_to_5a_is_refused_in_the_decision_and_nothing_changes(world):
    make_eligible(world.org_a)
    app = ratings_services.apply_for_rating(world.user_a, world.org_a, on=days_ago(40))
    score_all(world.county_a, app, on=days_ago(30))
    before = state()
    response = post(api_as(world.county_a), f"/api/v1/ratings/applications/{app.pk}/decision/",
                    {"grade": "6A", "reason": "特别优秀"})
    assert response.status_code == 400 and api_codes(response) == ["RAT-GRADE"]
    error = response.json()["errors"][0]
    assert error["field"] == "grade" and "6A" in error["message_zh"] and "1A" in error["message_en"]
    assert state() == before
    app.refresh_from_db()
    assert app.state == ApplicationState.SCORING


def test_a_decision_needs_every_indicator_scored(world):
    make_eligible(world.org_a)
    app = ratings_services.apply_for_rating(world.user_a, world.org_a, on=days_ago(40))
    first = app.sheet_version.indicators.first()
    ratings_services.score(world.county_a, app, [{"indicator": first.code, "points": "10"}], on=days_ago(30))
    with pytest.raises(RuleViolation) as refused:
        ratings_services.decide(world.county_a, app, decided_on=days_ago(20))
    assert problem_codes(refused.value) == ["RAT-DECIDE-INCOMPLETE"]


def test_points_outside_the_indicator_range_and_second_scores_are_refused(world):
    make_eligible(world.org_a)
    app = ratings_services.apply_for_rating(world.user_a, world.org_a, on=days_ago(40))
    indicator = app.sheet_version.indicators.first()
    before = state()
    with pytest.raises(RuleViolation) as refused:
        ratings_services.score(world.county_a, app, [{"indicator": indicator.code, "points": indicator.max_points + 1}])
    assert problem_codes(refused.value) == ["RAT-POINTS-RANGE"] and state() == before
    ratings_services.score(world.county_a, app, [{"indicator": indicator.code, "points": "1"}])
    with pytest.raises(RuleViolation) as again:
        ratings_services.score(world.county_a, app, [{"indicator": indicator.code, "points": "2"}])
    assert problem_codes(again.value) == ["RAT-SCORE-DUP"]


def test_a_total_below_every_band_closes_the_application_without_a_grade(world):
    app = decided(world, world.org_a, share=0.3, decided_on=20)
    assert app.decision.grade == "" and app.decision.band_grade == ""
    assert ratings_services.confer(world.county_a, app) is None
    app.refresh_from_db()
    assert app.state == ApplicationState.NOT_GRADED and not Grade.objects.exists() and not GradeSpan.objects.exists()


def test_organizations_and_officers_act_only_within_their_own_scope(world):
    make_eligible(world.org_b)
    before = state()
    with pytest.raises(RuleViolation) as other_org:
        ratings_services.apply_for_rating(world.user_a, world.org_b)
    with pytest.raises(RuleViolation) as other_county:
        ratings_services.apply_for_rating(world.county_a, world.org_b)
    assert other_org.value.status == other_county.value.status == 403 and state() == before
    response = post(api_as(world.user_a), "/api/v1/ratings/applications/", {"organization": world.org_b.code})
    assert response.status_code == 404 and state() == before
    app = ratings_services.apply_for_rating(world.county_b, world.org_b, on=days_ago(40))
    assert app.on_behalf is True
    for who in (world.user_a, world.county_a, world.other_province):
        assert api_as(who).get(f"/api/v1/ratings/applications/{app.pk}/").status_code == 404
    assert api_as(world.user_b).get(f"/api/v1/ratings/applications/{app.pk}/").status_code == 200
    scores = post(api_as(world.user_b), f"/api/v1/ratings/applications/{app.pk}/scores/",
                  {"scores": [{"indicator": "1.1", "points": "50"}]})
    assert scores.status_code == 403 and state()[1] == before[1]
