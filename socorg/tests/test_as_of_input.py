"""Bad ?as_of= input (issue 9, "Bad input"): on every page and API endpoint that replays a day, an invalid or a
future date is a 400 with a bilingual message naming the field and the rule (common.dates.parse_as_of), never a
silent "today"; a valid past date and today still answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.dates import parse_as_of
from common.errors import RuleViolation
from conftest import PASSWORD, api_as

INVALID = ["yesterday", "2020-13-01", "2023-02-29", "2020-1-5", "20200105", "2020-01-01T00:00"]


def future():
    return (timezone.localdate() + timedelta(days=1)).isoformat()


def web_urls(world):
    code = world.org_a.uscc
    return [
        (None, "/search/?q=测试"), (None, "/search/"), (None, f"/org/{code}/"),
        (None, "/credit/lists/abnormal/"), (None, "/credit/lists/serious/"), (None, "/credit/check/?q=测试"),
        (None, f"/credit/org/{code}/"),
        ("county_a", "/supervision/leadership/overdue/"),
        ("province", "/supervision/ratings/indicators/grade-share/?division=110000"),
    ]


def api_urls(world):
    code = world.org_a.uscc
    return [
        (None, "/api/v1/organizations/?q=测试"), (None, "/api/v1/organizations/"),
        (None, f"/api/v1/organizations/{code}/"), (None, "/api/v1/lists/abnormal/"),
        (None, "/api/v1/lists/serious/"), (None, "/api/v1/public/check/?q=测试"),
        (None, f"/api/v1/organizations/{code}/credit/"),
        ("user_a", f"/api/v1/ratings/eligibility/{code}/"),
        ("province", "/api/v1/indicators/grade-share/?division=110000"),
        ("county_a", "/api/v1/leadership-terms/overdue/"),
        ("admin", "/api/v1/exports/"),
    ]


def invalid():
    return "2020-13-01"


# (the bad value, the words the page shows in Chinese and in English, the rule the API names)
BAD = [(invalid, "“2020-13-01”无效", "real calendar date", "AS-OF-FORMAT"),
       (future, "晚于今天", "is after today", "AS-OF-FUTURE")]


def acting(world, who):
    """The user ``who`` names (None: the public)."""
    return getattr(world, who, None) if who else None


def with_as_of(url, value):
    return f"{url}{'&' if '?' in url else '?'}as_of={value}"


def web_client(client, world, who):
    if who:
        client.login(username=getattr(world, who).username, password=PASSWORD)
    return client


@pytest.mark.parametrize("raw", INVALID)
def test_the_one_parser_refuses_what_is_not_a_real_yyyy_mm_dd_date(raw):
    with pytest.raises(RuleViolation) as refused:
        parse_as_of(raw)
    [problem] = refused.value.problems
    assert (problem.code, problem.field, problem.value) == ("AS-OF-FORMAT", "as_of", raw)
    assert raw in problem.zh and raw in problem.en and "YYYY-MM-DD" in problem.en


def test_the_one_parser_refuses_the_future_and_accepts_today_and_the_past():
    today = timezone.localdate()
    with pytest.raises(RuleViolation) as refused:
        parse_as_of(future())
    assert refused.value.problems[0].code == "AS-OF-FUTURE" and "晚于今天" in refused.value.problems[0].zh
    assert parse_as_of(today.isoformat()) == today
    assert parse_as_of(" 2020-02-29 ").isoformat() == "2020-02-29"
    assert parse_as_of("") is None and parse_as_of(None) is None


@pytest.mark.parametrize(("bad", "zh", "en", "code"), BAD)
def test_every_page_answers_a_bad_as_of_with_a_bilingual_400(client, world, bad, zh, en, code):
    for who, url in web_urls(world):
        browser = web_client(client, world, who)
        response = browser.get(with_as_of(url, bad()))
        assert response.status_code == 400, url
        html = response.content.decode()
        assert (zh in html, en in html) == (True, True), url
        assert browser.get(with_as_of(url, "2020-06-30")).status_code == 200, url  # org_a was founded in 2015
        client.logout()


@pytest.mark.parametrize(("bad", "zh", "en", "code"), BAD)
def test_every_api_endpoint_answers_a_bad_as_of_with_a_bilingual_400(world, bad, zh, en, code):
    for who, url in api_urls(world):
        api = api_as(acting(world, who))
        response = api.get(with_as_of(url, bad()))
        assert response.status_code == 400, (url, response.content[:300])
        errors = response.json()["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, "as_of")], url
        assert errors[0]["message_zh"] != errors[0]["message_en"]
        assert api.get(with_as_of(url, timezone.localdate().isoformat())).status_code == 200, url


def test_the_bulk_check_refuses_a_future_as_of(world):
    response = api_as(None).post("/api/v1/public/check/", {"queries": ["测试"], "as_of": future()}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "AS-OF-FUTURE"
    response = api_as(None).post("/api/v1/public/check/", {"queries": ["测试"], "as_of": "2020-02-30"},
                                 format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "AS-OF-FORMAT"
