"""GET /api/v1/divisions/ and /api/v1/divisions/{code}/: public reference data with its history."""

import pytest
from rest_framework.test import APIClient

URL = "/api/v1/divisions/"


@pytest.fixture
def api(db):
    return APIClient()


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_it_lists_divisions_in_code_order_with_a_cursor(api):
    first = api.get(URL, {"page_size": 5}).json()
    second = api.get(first["next"]).json()

    assert [row["code"] for row in first["results"]] == ["100000", "100001", "110000", "110101", "110102"]
    assert second["results"][0]["code"] > first["results"][-1]["code"]
    assert first["previous"] is None and second["previous"]


def test_it_filters_by_level(api):
    provinces = codes(api.get(URL, {"level": "provincial", "page_size": 100}))

    assert len(provinces) == 34 and "110000" in provinces and "130000" in provinces


def test_it_filters_by_status(api):
    retired = codes(api.get(URL, {"status": "retired", "parent": "110000"}))

    assert "110103" in retired and "110101" not in retired


def test_it_filters_by_parent(api):
    children = codes(api.get(URL, {"parent": "110000", "page_size": 100}))

    assert {"110101", "110102", "110103"} <= set(children)
    assert all(code.startswith("11") for code in children)


@pytest.mark.parametrize("q, expected", [("东城", "110101"), ("1101", "110101"), ("石家庄", "130100")])
def test_it_searches_by_name_or_code_prefix(api, q, expected):
    found = codes(api.get(URL, {"q": q, "page_size": 100}))

    assert expected in found


def test_code_prefix_search_returns_only_that_prefix(api):
    assert all(code.startswith("1301") for code in codes(api.get(URL, {"q": "1301", "page_size": 100})))


def test_it_rejects_a_malformed_parent_code(api):
    response = api.get(URL, {"parent": "11"})

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["code"], error["field"]) == ("INVALID", "parent")
    assert error["message_zh"] and error["message_en"]


def test_it_rejects_an_unknown_level(api):
    response = api.get(URL, {"level": "village"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "INVALID-CHOICE"


def test_detail_shows_parent_children_and_authority(api):
    body = api.get(f"{URL}110000/").json()

    assert (body["name"], body["level"], body["parent"]) == ("北京市", "provincial", "100000")
    assert body["authority_name"] == "北京市民政局"
    assert {"110101", "110102", "110103"} <= set(body["children"])


def test_detail_shows_a_retired_code_with_its_successor(api):
    body = api.get(f"{URL}110103/").json()

    assert (body["name"], body["status"], body["end_year"]) == ("崇文区", "retired", 2010)
    assert body["successors"] == [{"code": "110101", "year": None}]
    assert body["full_name"] == "北京市崇文区"


def test_detail_shows_the_history_of_names(api):
    body = api.get(f"{URL}120110/").json()

    assert [(n["name"], n["start_year"], n["end_year"]) for n in body["names"]] == [
        ("东郊区", 1981, 1992), ("东丽区", 1992, None)]


def test_partial_successors_keep_their_year(api):
    body = api.get(f"{URL}130123/").json()

    assert {"code": "130102", "year": 2001} in body["successors"]


def test_it_handles_missing_division(api):
    response = api.get(f"{URL}999999/")

    assert response.status_code == 404
    error = response.json()["errors"][0]
    assert (error["code"], error["field"]) == ("NOT-FOUND", None)
    assert error["message_zh"] != error["message_en"]


def test_it_only_allows_get(api):
    assert api.post(URL, {"code": "999999"}, format="json").status_code == 405
