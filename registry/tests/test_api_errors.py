"""The one error shape: {"errors": [{"code", "field", "message_zh", "message_en"}]} for every failure."""

import pytest
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail

from common.api_errors import exception_handler, validation_errors
from conftest import PASSWORD, api_as, org_row, register_state
from registry.models import Organization

ORGS = "/api/v1/organizations/"


def only_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    assert set(errors[0]) == {"code", "field", "message_zh", "message_en"}
    assert errors[0]["message_zh"] != errors[0]["message_en"]
    return errors[0]


def test_it_rejects_malformed_json_and_changes_nothing(world):
    before = register_state()

    response = api_as(world.county_a).post(ORGS, data='{"name": "半截', content_type="application/json")

    error = only_error(response, 400)
    assert (error["code"], error["field"]) == ("MALFORMED-JSON", None)
    assert error["message_zh"] == "请求体不是有效的 JSON"
    assert register_state() == before


def test_malformed_json_on_events_changes_nothing(world):
    before = register_state()

    response = api_as(world.county_a).post(f"{ORGS}{world.org_a.code}/events/", data="{kind:", content_type="application/json")

    assert only_error(response, 400)["code"] == "MALFORMED-JSON"
    assert register_state() == before


def test_it_only_allows_get_on_an_organization(world):
    response = api_as(world.admin).delete(f"{ORGS}{world.org_a.code}/")

    assert only_error(response, 405)["code"] == "METHOD-NOT-ALLOWED"
    assert Organization.objects.filter(pk=world.org_a.pk).exists()


def test_an_invalid_token_is_401(world):
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert only_error(client.get(ORGS), 401)["code"] == "AUTH-FAILED"


def test_an_unsupported_media_type_is_415(world):
    before = register_state()

    response = api_as(world.county_a).post(ORGS, data="name=x", content_type="text/plain")

    assert only_error(response, 415)["code"] == "UNSUPPORTED-MEDIA-TYPE"
    assert register_state() == before


def test_a_form_post_is_validated_like_json(world):
    row = org_row("110101", 40, name="表单提交测试协会")

    response = api_as(world.county_a).post(ORGS, row)  # multipart

    assert response.status_code == 201, response.content


def test_rule_violations_keep_their_status_and_value(world):
    response = api_as(world.county_a).post(ORGS, org_row("110102", 41), format="json")

    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert (error["code"], error["field"], error["value"]) == ("JURISDICTION", "authority", "110102")


def test_throttling_is_429_with_retry_after():
    response = exception_handler(exceptions.Throttled(wait=30), {})

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response.data["errors"][0]["code"] == "THROTTLED"
    assert "30" in response.data["errors"][0]["message_en"]


def test_unexpected_exceptions_are_left_to_django():
    assert exception_handler(ValueError("boom"), {}) is None


def test_validation_errors_are_flattened_with_dotted_fields():
    detail = {
        "name": [ErrorDetail("too long", code="max_length")],
        "non_field_errors": [ErrorDetail("bad", code="invalid")],
        "changes": {"name": [ErrorDetail("required", code="required")]},
        "items": [{}, {"phone": [ErrorDetail("blank", code="blank")]}],
    }

    errors = validation_errors(detail)

    assert [(e["code"], e["field"]) for e in errors] == [
        ("MAX-LENGTH", "name"), ("INVALID", None), ("REQUIRED", "changes.name"), ("BLANK", "items.1.phone")]


@pytest.mark.parametrize("text, zh, en", [
    ("请确保这个字段不能超过 200 个字符。", "长度超过上限 200 个字符", "longer than the limit of 200 characters"),
    ("Ensure this field has no more than 64 characters.", "长度超过上限 64 个字符",
     "longer than the limit of 64 characters"),
])
def test_limits_are_carried_into_both_languages(text, zh, en):
    error = validation_errors({"name": [ErrorDetail(text, code="max_length")]})[0]

    assert (error["message_zh"], error["message_en"]) == (zh, en)


class TestToken:
    URL = "/api/v1/auth/token/"

    def test_it_works(self, world):
        response = api_as(None).post(self.URL, {"username": "dongcheng", "password": PASSWORD}, format="json")

        assert response.status_code == 200
        client = api_as(None)
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        assert [row["code"] for row in client.get(ORGS).json()["results"]] == [world.org_a.code]

    def test_wrong_password_is_a_bilingual_error(self, world):
        response = api_as(None).post(self.URL, {"username": "dongcheng", "password": "wrong"}, format="json")

        error = only_error(response, 400)
        assert (error["code"], error["field"]) == ("AUTHORIZATION", None)

    def test_missing_password_names_the_field(self, world):
        response = api_as(None).post(self.URL, {"username": "dongcheng"}, format="json")

        error = only_error(response, 400)
        assert (error["code"], error["field"]) == ("REQUIRED", "password")
