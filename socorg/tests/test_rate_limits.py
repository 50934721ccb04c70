"""API rate limits (issue 9, item 11): anonymous callers per address and signed-in callers per user, counted in
the shared cache, answered with 429, Retry-After and the bilingual error body; the bulk check counts each name.
Every test sets low rates with override_settings and starts from an empty cache (the other tests run with the
limits off: conftest._no_rate_limits)."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from common.cache_config import cache_settings, rate_setting
from conftest import api_as

SEARCH = "/api/v1/organizations/?q=测试"
CHECK = "/api/v1/public/check/"


def rates(anon="3/minute", user="5/minute", **extra):
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK,
                                             "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user}, **extra})


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def assert_throttled(response):
    assert response.status_code == 429, response.content[:300]
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60
    [error] = response.json()["errors"]
    assert error["code"] == "THROTTLED"
    assert "请求过于频繁" in error["message_zh"] and "too many requests" in error["message_en"]
    assert f"{wait}" in error["message_en"] or f"{wait - 1}" in error["message_en"]
    return wait


def test_anonymous_callers_are_limited_per_address(world, empty_cache):
    api = api_as(None)
    with rates(anon="3/minute"):
        assert [api.get(SEARCH).status_code for _ in range(3)] == [200, 200, 200]
        assert_throttled(api.get(SEARCH))
        assert_throttled(api.get(f"/api/v1/organizations/{world.org_a.uscc}/"))  # one budget for every endpoint
        other = api_as(None)
        assert other.get(SEARCH, REMOTE_ADDR="10.0.0.2").status_code == 200  # another address has its own


def test_signed_in_callers_have_their_own_budget_per_user(world, empty_cache):
    with rates(anon="1/minute", user="4/minute"):
        assert api_as(None).get(SEARCH).status_code == 200
        assert_throttled(api_as(None).get(SEARCH))
        officer = api_as(world.county_a)
        assert [officer.get(SEARCH).status_code for _ in range(4)] == [200] * 4
        assert_throttled(officer.get(SEARCH))
        assert api_as(world.county_b).get(SEARCH).status_code == 200


def test_the_bulk_check_counts_each_name(world, empty_cache):
    api = api_as(None)
    with rates(anon="10/minute"):
        response = api.post(CHECK, {"queries": ["测试"] * 7}, format="json")
        assert response.status_code == 200 and response.json()["count"] == 7
        assert api.post(CHECK, {"queries": ["甲", "乙", "丙"]}, format="json").status_code == 200  # 10 of 10
        assert_throttled(api.post(CHECK, {"queries": ["丁"]}, format="json"))
        assert_throttled(api.get(CHECK, {"q": "测试"}))


def test_a_batch_over_the_whole_limit_says_to_split_it(world, empty_cache):
    with rates(anon="5/minute"):
        response = api_as(None).post(CHECK, {"queries": ["测试"] * 6}, format="json")
        assert response.status_code == 429
        [error] = response.json()["errors"]
        assert error["code"] == "THROTTLE-BATCH" and "分批" in error["message_zh"] and "split" in error["message_en"]
        assert api_as(None).post(CHECK, {"queries": ["测试"] * 5}, format="json").status_code == 200


def test_retry_after_counts_down_to_when_enough_requests_have_expired(world, empty_cache, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("common.throttling._CostedThrottle.timer", lambda self: clock[0])
    api = api_as(None)
    with rates(anon="4/minute"):
        assert api.post(CHECK, {"queries": ["甲", "乙"]}, format="json").status_code == 200  # t=1000, 2 counted
        clock[0] = 1030.0
        assert api.post(CHECK, {"queries": ["丙", "丁"]}, format="json").status_code == 200  # t=1030, 4 counted
        clock[0] = 1040.0
        assert int(api.get(SEARCH)["Retry-After"]) == 20  # the t=1000 pair expires at 1060
        response = api.post(CHECK, {"queries": ["甲", "乙", "丙"]}, format="json")
        assert response.status_code == 429 and int(response["Retry-After"]) == 50  # needs the t=1030 pair too
        clock[0] = 1061.0
        assert api.get(SEARCH).status_code == 200


def test_rates_are_settings_and_off_disables_them(world, empty_cache):
    assert rate_setting(None, "2000/hour") == "2000/hour"
    assert rate_setting("60/minute", "2000/hour") == "60/minute"
    assert rate_setting("off", "2000/hour") is None
    with rates(anon=None):
        assert all(api_as(None).get(SEARCH).status_code == 200 for _ in range(10))


def test_the_cache_is_redis_when_configured_and_the_database_otherwise():
    assert cache_settings({})["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    redis = cache_settings({"REDIS_URL": "redis://127.0.0.1:6379/1"})["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache_settings({"SOCORG_CACHE_URL": "redis://h:1/2", "REDIS_URL": "redis://x"})["default"]["LOCATION"] == (
        "redis://h:1/2")
    with pytest.raises(ValueError):
        cache_settings({"SOCORG_CACHE_URL": "memcached://127.0.0.1"})


def test_counts_are_shared_through_redis(world):
    """Two clients (as two gunicorn workers would) share one count when the cache is Redis."""
    redis_lib = pytest.importorskip("redis")
    try:
        redis_lib.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis_lib.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    caches = cache_settings({"SOCORG_CACHE_URL": "redis://127.0.0.1:6379/15",
                             "SOCORG_CACHE_PREFIX": f"socorg-test-{uuid.uuid4().hex}"})
    with override_settings(CACHES=caches), rates(anon="2/minute"):
        try:
            assert api_as(None).get(SEARCH).status_code == 200
            assert api_as(None).get(SEARCH).status_code == 200
            assert_throttled(api_as(None).get(SEARCH))
        finally:
            cache.delete("throttle_anon_127.0.0.1")  # only our own key (clear() would flush the Redis database)


def test_the_limits_are_documented_in_the_openapi_description():
    description = api_as(None).get("/api/schema/?format=json").json()["info"]["description"]
    assert "429" in description and "Retry-After" in description and "SOCORG_THROTTLE_ANON" in description
