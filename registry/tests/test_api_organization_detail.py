"""GET /api/v1/organizations/{code}/: by USCC or filing number, as_of, public vs staff, 404 outside scope."""

import pytest

from conftest import api_as, assert_error, org_row
from registry.services import record_event, register_organization


def url(code: str) -> str:
    return f"/api/v1/organizations/{code}/"


def test_anonymous_reads_any_organization_with_public_fields(world):
    response = api_as(None).get(url(world.org_hebei.uscc))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == world.org_hebei.uscc and body["name"] == world.org_hebei.name
    assert "legal_rep_id" not in body and "created_at" not in body


def test_it_masks_the_phone_for_anonymous_and_shows_it_to_staff(world):
    assert api_as(None).get(url(world.org_a.uscc)).json()["phone"] == "138****8000"
    staff = api_as(world.county_a).get(url(world.org_a.uscc)).json()
    assert staff["phone"] == "13800138000"
    assert staff["legal_rep_id"] == "110105********002X"


def test_it_finds_by_lower_case_uscc(world):
    assert api_as(None).get(url(world.org_a.uscc.lower())).json()["code"] == world.org_a.uscc


def test_it_finds_a_community_organization_by_filing_number(world):
    filed = register_organization(world.county_a, org_row("110101", 20, org_type="community_org", uscc="",
                                                          name="东华门街道老年人互助会", street="东华门街道"))

    response = api_as(None).get(url(filed.filing_number))

    assert response.status_code == 200
    assert response.json()["code"] == filed.filing_number
    assert response.json()["uscc"] is None


@pytest.mark.parametrize("who, target", [
    ("county_a", "org_b"), ("county_b", "org_a"), ("county_a", "org_city"), ("province", "org_hebei"),
    ("user_a", "org_b"), ("user_b", "org_a"),
])
def test_out_of_jurisdiction_reads_are_404_not_403(world, who, target):
    response = api_as(getattr(world, who)).get(url(getattr(world, target).code))

    assert_error(response, 404, "NOT-FOUND", None)


def test_org_user_sees_itself_with_staff_fields(world):
    response = api_as(world.user_a).get(url(world.org_a.code))

    assert response.status_code == 200
    assert response.json()["legal_rep_id"] == "110105********002X"


def test_it_handles_missing_organization(world):
    assert_error(api_as(None).get(url("51110101MJ9999999P")), 404, "NOT-FOUND", None)


class TestAsOf:
    @pytest.fixture
    def history(self, world):
        self.old_name = world.org_a.name
        record_event(world.admin, world.org_a, kind="change", effective_on="2018-03-01", reason="更名",
                     changes={"name": "测试东城更名后协会", "domicile": "北京市东城区新地址1号"})
        record_event(world.admin, world.org_a, kind="deregistration", effective_on="2020-05-01", reason="自行解散")
        return world

    def test_it_shows_the_name_then_before_the_rename(self, history):
        body = api_as(None).get(url(history.org_a.code), {"as_of": "2018-02-28"}).json()

        assert (body["name"], body["status"], body["as_of"]) == (self.old_name, "active", "2018-02-28")
        assert body["domicile"] != "北京市东城区新地址1号"
        assert body["former_names"] == []

    def test_it_shows_the_new_name_from_the_rename_day(self, history):
        body = api_as(None).get(url(history.org_a.code), {"as_of": "2018-03-01"}).json()

        assert (body["name"], body["status"]) == ("测试东城更名后协会", "active")
        assert body["domicile"] == "北京市东城区新地址1号"
        assert body["former_names"] == [self.old_name]

    def test_it_shows_the_status_then_around_deregistration(self, history):
        before = api_as(None).get(url(history.org_a.code), {"as_of": "2020-04-30"}).json()
        after = api_as(None).get(url(history.org_a.code), {"as_of": "2020-05-01"}).json()
        today = api_as(None).get(url(history.org_a.code)).json()

        assert (before["status"], before["status_since"]) == ("active", "2015-06-01")
        assert (after["status"], after["status_since"]) == ("deregistered", "2020-05-01")
        assert (today["status"], today["as_of"]) == ("deregistered", None)

    def test_it_is_404_before_the_founding_date(self, history):
        response = api_as(None).get(url(history.org_a.code), {"as_of": "2015-05-31"})

        assert_error(response, 404, "NOT-YET-FOUNDED", "as_of")

    def test_as_of_does_not_open_other_jurisdictions(self, history):
        response = api_as(history.county_b).get(url(history.org_a.code), {"as_of": "2019-01-01"})

        assert_error(response, 404, "NOT-FOUND", None)

    def test_it_rejects_an_invalid_date(self, history):
        assert_error(api_as(None).get(url(history.org_a.code), {"as_of": "yesterday"}), 400, "AS-OF-FORMAT", "as_of")
