"""GET /api/v1/organizations/?q= — ranked public search through the API."""

from conftest import api_as, org_row
from registry.services import record_event, register_organization

URL = "/api/v1/organizations/"


def setup_names(world):
    register_organization(world.admin, org_row("110000", 31, name="北京市慈善协会"))
    register_organization(world.admin, org_row("110101", 32, name="东城区慈善协会"))
    gone = register_organization(world.admin, org_row("110102", 33, name="西城区慈善协会"))
    record_event(world.admin, gone, kind="deregistration", effective_on="2024-01-01", reason="解散")


def test_it_ranks_and_explains_the_match(world, api):
    setup_names(world)
    body = api.get(URL, {"q": "北京市慈善协会"}).json()
    assert body["results"][0]["name"] == "北京市慈善协会"
    assert body["results"][0]["match"] == "exact"
    assert "legal_rep_id" not in body["results"][0]


def test_it_finds_by_pinyin_initials_and_traditional(world, api):
    setup_names(world)
    for q in ("beijingshicishanxiehui", "bjscsxh", "北京市慈善協會"):
        names = [r["name"] for r in api.get(URL, {"q": q}).json()["results"]]
        assert "北京市慈善协会" in names, q


def test_removed_organizations_are_found_with_their_status(world, api):
    setup_names(world)
    [row] = [r for r in api.get(URL, {"q": "慈善协会"}).json()["results"] if r["name"] == "西城区慈善协会"]
    assert row["status"] == "deregistered"


def test_it_combines_with_filters(world, api):
    setup_names(world)
    names = [r["name"] for r in api.get(URL, {"q": "慈善", "division": "110101"}).json()["results"]]
    assert names == ["东城区慈善协会"]
    assert api.get(URL, {"q": "慈善", "status": "active", "division": "110102"}).json()["results"] == []


def test_signed_in_officers_search_only_their_jurisdiction(world):
    setup_names(world)
    names = [r["name"] for r in api_as(world.county_a).get(URL, {"q": "慈善"}).json()["results"]]
    assert names == ["东城区慈善协会"]


def test_it_pages_without_repeating(world, api):
    setup_names(world)
    first = api.get(URL, {"q": "慈善", "page_size": 2}).json()
    second = api.get(first["next"]).json()
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert not {r["uscc"] for r in first["results"]} & {r["uscc"] for r in second["results"]}


def test_an_overlong_query_is_a_clear_error(world, api):
    response = api.get(URL, {"q": "x" * 101})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "q" and error["message_zh"] and error["message_en"]
