"""The rating web pages: the organization applies and objects, officers score, decide, answer and confer."""

import pytest
from django.test import Client

from supervision.models import ApplicationState, Grade, IndicatorScore, RatingApplication, ScoreSheetVersion
from supervision.ratings import services as ratings_services
from supervision.tests.rating_helpers import days_ago, decided, make_eligible, state, today


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_organization_applies_on_the_web_and_sees_its_status(world):
    make_eligible(world.org_a, today())
    client = signed_in(world.user_a)
    assert client.get("/supervision/ratings/")["Location"] == f"/supervision/ratings/org/{world.org_a.code}/"
    status = client.get(f"/supervision/ratings/org/{world.org_a.code}/").content.decode()
    assert f"/supervision/ratings/org/{world.org_a.code}/apply/" in status
    response = client.post(f"/supervision/ratings/org/{world.org_a.code}/apply/", {"note": "申请"})
    app = RatingApplication.objects.get(organization=world.org_a)
    assert response.status_code == 302 and response["Location"] == f"/supervision/ratings/applications/{app.pk}/"
    assert app.on_behalf is False and app.state == ApplicationState.APPLIED
    page = client.get(response["Location"]).content.decode()
    assert world.org_a.name in page and "/score/" not in page  # organizations do not score


def test_applying_while_ineligible_on_the_web_shows_the_explanation_and_saves_nothing(world):
    client = signed_in(world.user_a)
    before = state()
    response = client.post(f"/supervision/ratings/org/{world.org_a.code}/apply/", {"note": ""})
    body = response.content.decode()
    assert response.status_code == 400 and "RAT-ELIG-INSPECTION" in body and state() == before
    assert client.get(f"/supervision/ratings/org/{world.org_b.code}/apply/").status_code == 404


def test_officers_score_decide_and_confer_on_the_web(world):
    make_eligible(world.org_a)
    app = ratings_services.apply_for_rating(world.user_a, world.org_a, on=days_ago(40))
    client = signed_in(world.county_a)
    indicators = list(app.sheet_version.indicators.all())
    data = {f"points_{i.pk}": str(i.max_points * 8 / 10) for i in indicators}
    data[f"points_{indicators[0].pk}"] = str(indicators[0].max_points + 5)
    before = state()
    refused = client.post(f"/supervision/ratings/applications/{app.pk}/score/", {**data, "scored_on": days_ago(30)})
    assert refused.status_code == 400 and "RAT-POINTS-RANGE" in refused.content.decode() and state() == before
    data[f"points_{indicators[0].pk}"] = str(indicators[0].max_points * 8 / 10)
    scored = client.post(f"/supervision/ratings/applications/{app.pk}/score/", {**data, "scored_on": days_ago(30)})
    assert scored.status_code == 302 and IndicatorScore.objects.filter(application=app).count() == len(indicators)
    bad = client.post(f"/supervision/ratings/applications/{app.pk}/decide/", {"grade": "3A", "decided_on": days_ago(20)})
    assert bad.status_code == 400 and "RAT-DECIDE-REASON" in bad.content.decode()
    decided_now = client.post(f"/supervision/ratings/applications/{app.pk}/decide/", {"decided_on": days_ago(20)})
    assert decided_now.status_code == 302
    app.refresh_from_db()
    assert (app.state, app.decision.grade, str(app.decision.total_points)) == ("publicity", "4A", "800.00")
    conferred = client.post(f"/supervision/ratings/applications/{app.pk}/confer/", {"certificate_number": "东评001"})
    assert conferred.status_code == 302 and Grade.objects.get(organization=world.org_a).grade == "4A"
    page = signed_in(world.user_a).get(f"/supervision/ratings/org/{world.org_a.code}/").content.decode()
    assert "4A" in page


def test_objections_are_filed_and_answered_on_the_web(world):
    app = decided(world, world.org_a, decided_on=3)  # still in publicity
    org_client = signed_in(world.user_a)
    assert "/objection/" in org_client.get(f"/supervision/ratings/applications/{app.pk}/").content.decode()
    filed = org_client.post(f"/supervision/ratings/applications/{app.pk}/objection/", {"text": "对得分有异议"})
    assert filed.status_code == 302
    objection = app.objections.get()
    assert objection.filed_on == today()
    officer = signed_in(world.county_a)
    assert officer.get(f"/supervision/ratings/objections/{objection.pk}/answer/").status_code == 200
    assert signed_in(world.county_b).get(f"/supervision/ratings/objections/{objection.pk}/answer/").status_code == 404
    answered = officer.post(f"/supervision/ratings/objections/{objection.pk}/answer/",
                            {"outcome": "dismissed", "answer": "维持", "votes_for": "5", "votes_against": "0"})
    assert answered.status_code == 302
    objection.refresh_from_db()
    assert objection.outcome == "dismissed" and objection.answered_on == today()


def test_a_late_objection_on_the_web_is_refused_with_the_rule(world):
    app = decided(world, world.org_a, decided_on=20)
    before = state()
    response = signed_in(world.user_a).post(f"/supervision/ratings/applications/{app.pk}/objection/", {"text": "迟"})
    assert response.status_code == 409 and "RAT-OBJ-LATE" in response.content.decode() and state() == before


def test_a_jurisdiction_saves_its_own_score_sheet_and_bad_bands_are_refused(world):
    client = signed_in(world.province)
    lines = "基础条件 | A1 | 登记与章程 | 400\n工作绩效 | B1 | 服务成效 | 600"
    before = state()
    bad = client.post("/supervision/ratings/sheets/new/", {"division": "110000", "org_type": "social_group",
                                                           "name": "北京市社会团体评估指标", "indicators": lines,
                                                           "bands": "5A 950\n4A 960"})
    assert bad.status_code == 400 and "RAT-BANDS" in bad.content.decode() and state() == before
    made = client.post("/supervision/ratings/sheets/new/", {"division": "110000", "org_type": "social_group",
                                                            "name": "北京市社会团体评估指标", "indicators": lines,
                                                            "bands": "5A 950\n4A 850\n3A 750", "effective_from": "2020-01-01"})
    assert made.status_code == 302
    version = ScoreSheetVersion.objects.get(sheet__division_id="110000")
    assert version.max_total == 1000 and [b.grade for b in version.bands.all()] == ["5A", "4A", "3A"]
    assert ratings_services.sheet_version_for("social_group", "110101", today()) == version  # the county inherits it
    assert ratings_services.sheet_version_for("social_group", "130104", today()).sheet.is_example
    page = Client().get(f"/supervision/ratings/sheets/{version.pk}/").content.decode()
    assert "服务成效" in page and "950" in page
    other = signed_in(world.county_a).post("/supervision/ratings/sheets/new/", {
        "division": "110000", "org_type": "social_group", "name": "x", "indicators": lines, "bands": "5A 950"})
    assert other.status_code == 403


@pytest.mark.parametrize("path", ["/supervision/ratings/sheets/", "/supervision/public/grades/",
                                  "/supervision/public/spot-checks/"])
def test_the_public_pages_open_to_anyone(world, path):
    assert Client().get(path).status_code == 200


def test_the_example_sheets_are_marked_as_examples(world):
    versions = ScoreSheetVersion.objects.filter(sheet__is_example=True)
    assert {v.sheet.org_type for v in versions} == {"social_group", "social_service_agency", "foundation"}
    for version in versions:
        assert version.max_total == 1000 and "洛阳瀍河" in version.note
        assert version.bands.get(grade="5A").min_points == 900
