"""Ratings in publicity (公示) are public: the proposed grade, the period and the objection deadline per
organization, on a page linked from the navigation and in the API, with how to object (Order 39 Art. 20)."""

from django.test import Client

from conftest import api_as
from supervision.ratings import services as ratings_services
from supervision.tests.rating_helpers import days_ago, decided, today


def test_the_public_page_lists_proposed_grades_and_objection_deadlines(world):
    app = decided(world, world.org_a, share=0.85, decided_on=2)  # 4A, publicity from 2 days ago
    old = decided(world, world.org_b, share=0.95, decided_on=30)  # its publicity ended long ago
    home = Client().get("/").content.decode()
    assert 'href="/supervision/public/grades/publicity/"' in home  # linked from the navigation

    html = Client().get("/supervision/public/grades/publicity/").content.decode()
    decision = app.decision
    assert world.org_a.name in html and "4A" in html and world.org_b.name not in html
    assert decision.publicity_until.isoformat() in html and decision.publicity_from.isoformat() in html
    assert 'id="how-to-object"' in html and "第二十条" in html and "书面复核申请" in html
    past = Client().get("/supervision/public/grades/publicity/", {"as_of": old.decision.publicity_from.isoformat()})
    assert world.org_b.name in past.content.decode() and world.org_a.name not in past.content.decode()
    assert decision.publicity_until >= today()


def test_the_organization_sees_a_link_to_object_and_an_upheld_objection_shows_the_revised_grade(world):
    app = decided(world, world.org_a, share=0.85, decided_on=3)
    mine = Client()
    mine.force_login(world.user_a)
    assert f"/supervision/ratings/applications/{app.pk}/objection/" in mine.get(
        "/supervision/public/grades/publicity/").content.decode()
    assert f"/supervision/ratings/applications/{app.pk}/objection/" not in Client().get(
        "/supervision/public/grades/publicity/").content.decode()
    objection = ratings_services.file_objection(world.user_a, app, text="指标 3.1 漏计", on=days_ago(2))
    ratings_services.answer_objection(world.county_a, objection, outcome="upheld", answer="复核后改为 5A", revised_grade="5A",
                             votes_for=4, votes_against=1, on=days_ago(1))
    body = api_as(None).get("/api/v1/grades/publicity/").json()
    [row] = body["results"]
    assert row["proposed_grade"] == "4A" and row["revised_grade"] == "5A"
    assert row["revised_on"] == days_ago(1).isoformat() and row["objections_filed"] == 1
    assert row["objection_deadline"] == app.decision.publicity_until.isoformat()
    assert "书面复核申请" in row["how_to_object_zh"] and "written request for review" in row["how_to_object_en"]
    assert "votes_for" not in str(row) and "points" not in str(row["objections_answered"])
    assert "5A" in Client().get("/supervision/public/grades/publicity/").content.decode()


def test_bad_and_future_dates_are_refused_in_both_languages(world):
    api = api_as(None).get("/api/v1/grades/publicity/", {"as_of": "2999-01-01"})
    assert api.status_code == 400 and api.json()["errors"][0]["code"] == "AS-OF-FUTURE"
    bad = api_as(None).get("/api/v1/grades/publicity/", {"as_of": "2024-13-01"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "AS-OF-FORMAT"
    page = Client().get("/supervision/public/grades/publicity/", {"as_of": "2999-01-01"})
    text = page.content.decode()
    assert page.status_code == 400 and "晚于今天" in text and "in the future" in text


def test_the_organization_page_says_its_grade_is_in_publicity_until_the_deadline(world):
    app = decided(world, world.org_a, share=0.85, decided_on=2)
    html = Client().get(f"/org/{world.org_a.code}/").content.decode()
    notice = html[html.index('id="grade-publicity"'):]
    notice = notice[:notice.index("</p>")]
    assert "公示中" in notice and "4A" in notice and app.decision.publicity_until.isoformat() in notice
    assert "/supervision/public/grades/publicity/#how-to-object" in notice
    before = Client().get(f"/org/{world.org_a.code}/", {"as_of": days_ago(3).isoformat()}).content.decode()
    assert 'id="grade-publicity"' not in before
