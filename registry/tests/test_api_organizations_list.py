"""GET /api/v1/organizations/: filters, cursor pagination, as_of, public vs staff fields, jurisdiction."""

import pytest
from django.utils import timezone

from conftest import api_as, org_row
from registry.services import record_event, register_organization

URL = "/api/v1/organizations/"
PUBLIC_FIELDS = {"code", "uscc", "filing_number", "name", "former_names", "org_type", "org_type_label", "level",
                 "level_label", "authority", "legal_rep_name", "supervisor", "domicile", "founded_on",
                 "registered_funds", "business_scope", "status", "status_label", "status_since", "phone", "street",
                 "community", "is_demo", "as_of", "standing"}
STAFF_FIELDS = PUBLIC_FIELDS | {"legal_rep_id", "created_at", "updated_at"}


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_anonymous_sees_the_whole_register_with_public_fields_only(world):
    response = api_as(None).get(URL)

    assert codes(response) == [o.code for o in (world.org_a, world.org_b, world.org_city, world.org_hebei)]
    row = response.json()["results"][0]
    assert set(row) == PUBLIC_FIELDS
    assert row["phone"] == "138****8000"
    assert row["authority"] == {"code": "110101", "name": "北京市东城区民政局", "division_name": "北京市东城区"}


def test_anonymous_response_never_contains_the_id_number_or_its_hash(world):
    body = api_as(None).get(URL).content.decode()

    world.org_a.refresh_from_db()
    assert "legal_rep_id" not in body
    assert "11010519491231002X" not in body and "002X" not in body
    assert world.org_a.legal_rep_id_hash not in body
    assert "13800138000" not in body


def test_staff_get_the_masked_id_number_and_the_full_phone(world):
    row = api_as(world.county_a).get(URL).json()["results"][0]

    assert set(row) == STAFF_FIELDS
    assert row["legal_rep_id"] == "110105********002X"
    assert row["phone"] == "13800138000"


@pytest.mark.parametrize("who, expected", [
    ("county_a", ["org_a"]),
    ("county_b", ["org_b"]),
    ("province", ["org_a", "org_b", "org_city"]),
    ("other_province", ["org_hebei"]),
    ("national", ["org_a", "org_b", "org_city", "org_hebei"]),
    ("admin", ["org_a", "org_b", "org_city", "org_hebei"]),
    ("user_a", ["org_a"]),
    ("user_b", ["org_b"]),
])
def test_each_signed_in_user_lists_only_its_jurisdiction(world, who, expected):
    response = api_as(getattr(world, who)).get(URL)

    assert codes(response) == [getattr(world, name).code for name in expected]


def test_county_officer_cannot_see_other_county(world):
    response = api_as(world.county_a).get(URL, {"division": "110102"})

    assert codes(response) == []


def test_it_filters_by_type(world):
    foundation = register_organization(world.admin, org_row("110000", 10, org_type="foundation",
                                                            name="测试基金会"))

    assert codes(api_as(None).get(URL, {"type": "foundation"})) == [foundation.code]
    assert world.org_a.code in codes(api_as(None).get(URL, {"type": "social_group"}))


def test_it_filters_by_level(world):
    assert codes(api_as(None).get(URL, {"level": "provincial"})) == [world.org_city.code]


def test_it_filters_by_status(world):
    record_event(world.admin, world.org_b, kind="deregistration", effective_on="2020-01-10", reason="自行解散")

    assert codes(api_as(None).get(URL, {"status": "deregistered"})) == [world.org_b.code]
    assert world.org_b.code not in codes(api_as(None).get(URL, {"status": "active"}))


@pytest.mark.parametrize("division, expected", [
    ("110101", ["org_a"]),
    ("110000", ["org_a", "org_b", "org_city"]),
    ("130000", ["org_hebei"]),
    ("130100", ["org_hebei"]),
    ("100000", ["org_a", "org_b", "org_city", "org_hebei"]),
    ("120000", []),
])
def test_it_filters_by_division_subtree(world, division, expected):
    response = api_as(None).get(URL, {"division": division})

    assert codes(response) == [getattr(world, name).code for name in expected]


def test_it_filters_by_founding_range(world):
    old = register_organization(world.admin, org_row("110101", 11, founded_on="2001-03-04"))
    new = register_organization(world.admin, org_row("110101", 12, founded_on="2021-07-08"))

    assert codes(api_as(None).get(URL, {"founded_to": "2010-01-01"})) == [old.code]
    assert codes(api_as(None).get(URL, {"founded_from": "2021-07-08"})) == [new.code]
    middle = codes(api_as(None).get(URL, {"founded_from": "2015-06-01", "founded_to": "2015-06-01"}))
    assert middle == [o.code for o in (world.org_a, world.org_b, world.org_city, world.org_hebei)]


def test_it_paginates_with_a_cursor_in_id_order(world):
    client = api_as(None)
    seen, url, pages = [], URL + "?page_size=3", 0
    while url:
        body = client.get(url).json()
        seen.extend(row["code"] for row in body["results"])
        url, pages = body["next"], pages + 1

    assert pages == 2
    assert seen == [o.code for o in (world.org_a, world.org_b, world.org_city, world.org_hebei)]


def test_a_page_costs_the_same_few_queries_however_many_rows(world, django_assert_max_num_queries):
    for index in range(50, 60):
        register_organization(world.admin, org_row("110101", index))

    with django_assert_max_num_queries(2):  # the page, and the list entries of its standing badges
        assert len(codes(api_as(world.county_a).get(URL))) == 11
    with django_assert_max_num_queries(3):  # plus the versions of the page
        assert len(codes(api_as(None).get(URL, {"as_of": "2016-01-01", "status": "active"}))) == 14


def test_it_rejects_a_malformed_division_filter(world):
    response = api_as(None).get(URL, {"division": "11x"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "INVALID"
    assert response.json()["errors"][0]["field"] == "division"


class TestAsOf:
    """org_a: founded 2015-06-01, renamed 2018-03-01, deregistered 2020-05-01."""

    @pytest.fixture
    def history(self, world):
        self.old_name = world.org_a.name
        record_event(world.admin, world.org_a, kind="change", effective_on="2018-03-01", reason="更名",
                     changes={"name": "测试东城更名后协会"})
        record_event(world.admin, world.org_a, kind="deregistration", effective_on="2020-05-01", reason="自行解散")
        return world

    def row_of(self, response, org):
        return next(row for row in response.json()["results"] if row["code"] == org.code)

    def test_it_shows_the_name_and_status_of_that_day(self, history):
        before_rename = self.row_of(api_as(None).get(URL, {"as_of": "2017-01-01"}), history.org_a)
        after_rename = self.row_of(api_as(None).get(URL, {"as_of": "2019-01-01"}), history.org_a)
        after_end = self.row_of(api_as(None).get(URL, {"as_of": "2021-01-01"}), history.org_a)

        assert (before_rename["name"], before_rename["status"]) == (self.old_name, "active")
        assert before_rename["former_names"] == [] and before_rename["as_of"] == "2017-01-01"
        assert (after_rename["name"], after_rename["status"]) == ("测试东城更名后协会", "active")
        assert after_rename["former_names"] == [self.old_name]
        assert (after_end["status"], after_end["status_since"]) == ("deregistered", "2020-05-01")

    def test_it_lists_only_organizations_founded_by_then(self, history):
        assert codes(api_as(None).get(URL, {"as_of": "2015-05-31"})) == []
        assert len(codes(api_as(None).get(URL, {"as_of": "2015-06-01"}))) == 4

    def test_status_filter_uses_the_status_of_that_day(self, history):
        assert codes(api_as(None).get(URL, {"as_of": "2019-01-01", "status": "deregistered"})) == []
        assert codes(api_as(None).get(URL, {"as_of": "2021-01-01", "status": "deregistered"})) == [history.org_a.code]
        active_2019 = codes(api_as(None).get(URL, {"as_of": "2019-01-01", "status": "active"}))
        assert history.org_a.code in active_2019

    def test_as_of_stays_within_the_jurisdiction(self, history):
        assert codes(api_as(history.county_b).get(URL, {"as_of": "2019-01-01"})) == [history.org_b.code]

    def test_staff_get_no_id_number_for_a_past_version(self, history):
        past = self.row_of(api_as(history.county_a).get(URL, {"as_of": "2019-01-01"}), history.org_a)
        current = self.row_of(api_as(history.county_a).get(URL, {"as_of": timezone.localdate().isoformat()}),
                              history.org_a)

        assert past["legal_rep_id"] is None
        assert current["legal_rep_id"] == "110105********002X"

    def test_it_rejects_an_invalid_date(self, history):
        response = api_as(None).get(URL, {"as_of": "2019-13-45"})

        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert (error["code"], error["field"]) == ("AS-OF-FORMAT", "as_of")
        assert error["message_zh"] and error["message_en"]
