"""POST /api/v1/organizations/: registration through the service, every refusal bilingual, nothing written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common import crypto
from conftest import api_as, assert_error, grown, org_row, register_state
from registry.models import Organization

URL = "/api/v1/organizations/"


def post(user, data):
    return api_as(user).post(URL, data, format="json")


@pytest.fixture
def row():
    return org_row("110101", 30, name="北京市东城区测试新登记协会", legal_rep_id="11010519491231002X",
                   phone="13900139000")


def test_it_works(world, row):
    before = register_state()

    response = post(world.county_a, {**row, "reason": "申请材料齐全", "decision_number": "东民登〔2024〕1号"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == row["uscc"] and body["name"] == row["name"]
    assert body["legal_rep_id"] == "110105********002X" and body["phone"] == "13900139000"
    assert response["Location"] == f"/api/v1/organizations/{row['uscc']}/"
    org = Organization.objects.get(uscc=row["uscc"])
    assert (org.authority_id, org.level, org.status) == ("110101", "county", "active")
    assert "11010519491231002X" not in org.legal_rep_id_encrypted
    assert org.legal_rep_id_hash == crypto.search_hash("11010519491231002X")
    event = org.events.get()
    assert (event.kind, event.decision_number, event.actor) == ("establishment", "东民登〔2024〕1号", world.county_a)
    assert grown(before, register_state()) == (1, 1, 1, 2)


def test_it_accepts_chinese_type_and_authority_name(world, row):
    response = post(world.county_a, {**row, "org_type": "社会团体", "authority": "北京市东城区民政局"})

    assert response.status_code == 201, response.content
    assert Organization.objects.get(uscc=row["uscc"]).authority_id == "110101"


def test_a_province_officer_may_register_for_its_counties(world, row):
    assert post(world.province, row).status_code == 201


def test_it_requires_authentication(world, row):
    before = register_state()

    assert_error(post(None, row), 401, "AUTH-REQUIRED", None)
    assert register_state() == before


def test_organization_users_may_not_register(world, row):
    before = register_state()

    assert_error(post(world.user_a, row), 403, "FORBIDDEN", None)
    assert register_state() == before


def test_it_refuses_another_countys_authority_with_jurisdiction(world):
    before = register_state()

    response = post(world.county_a, org_row("110102", 31, name="西城区测试协会"))

    assert_error(response, 403, "JURISDICTION", "authority")
    assert register_state() == before


def test_it_rejects_invalid_uscc_with_rule_and_both_languages(world, row):
    before = register_state()
    wrong_check = "0" if row["uscc"][-1] != "0" else "1"

    response = post(world.county_a, {**row, "uscc": row["uscc"][:-1] + wrong_check})

    assert_error(response, 400, "USCC-CHECK", "uscc")
    assert register_state() == before


def test_it_rejects_a_category_that_does_not_match_the_type(world, row):
    before = register_state()

    response = post(world.county_a, {**row, "org_type": "social_service_agency"})  # the code says 1 社会团体

    assert_error(response, 400, "USCC-CATEGORY-TYPE", "uscc")
    assert register_state() == before


def test_it_rejects_an_unknown_division(world, row):
    before = register_state()

    assert_error(post(world.county_a, {**row, "authority": "999999"}), 400, "DIVISION-UNKNOWN", "authority")
    assert register_state() == before


def test_it_rejects_a_duplicate_uscc(world, row):
    before = register_state()

    assert_error(post(world.county_a, {**row, "uscc": world.org_a.uscc}), 400, "USCC-DUPLICATE", "uscc")
    assert register_state() == before


def test_it_rejects_a_name_taken_by_an_active_organization_of_the_same_authority(world, row):
    before = register_state()

    assert_error(post(world.county_a, {**row, "name": world.org_a.name}), 400, "NAME-TAKEN", "name")
    assert register_state() == before


def test_it_rejects_a_founding_date_in_the_future(world, row):
    before = register_state()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    assert_error(post(world.county_a, {**row, "founded_on": tomorrow}), 400, "DATE-FUTURE", "founded_on")
    assert register_state() == before


def test_it_rejects_negative_funds(world, row):
    before = register_state()

    assert_error(post(world.county_a, {**row, "registered_funds": "-1"}), 400, "MONEY-NEGATIVE", "registered_funds")
    assert register_state() == before


def test_it_rejects_an_over_long_name(world, row):
    before = register_state()

    response = post(world.county_a, {**row, "name": "协" * 201})

    assert_error(response, 400, "MAX-LENGTH", "name")
    assert "200" in response.json()["errors"][0]["message_zh"]
    assert register_state() == before


def test_it_reports_every_problem_at_once(world, row):
    before = register_state()
    wrong_check = "0" if row["uscc"][-1] != "0" else "1"

    response = post(world.county_a, {**row, "uscc": row["uscc"][:-1] + wrong_check, "registered_funds": -5,
                                     "founded_on": "2015年13月1日"})

    assert response.status_code == 400
    assert {e["code"] for e in response.json()["errors"]} == {"USCC-CHECK", "MONEY-NEGATIVE", "DATE-FORMAT"}
    assert register_state() == before


def test_it_reports_missing_required_fields(world):
    before = register_state()

    response = post(world.county_a, {"org_type": "social_group"})

    fields = {e["field"] for e in response.json()["errors"] if e["code"] == "REQUIRED"}
    assert response.status_code == 400
    assert fields == {"authority", "name", "legal_rep_name", "domicile", "founded_on"}
    assert register_state() == before
