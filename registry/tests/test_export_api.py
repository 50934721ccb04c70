"""GET /api/v1/exports/: the register the user may see, streamed as csv, xlsx or jsonl."""

import csv
import io
import json

import pytest
from django.urls import reverse

from conftest import api_as

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_officer_exports_only_their_own_jurisdiction(world):
    text = body(api_as(world.county_a).get(reverse("api-export"))).decode("utf-8-sig")
    assert world.org_a.uscc in text
    assert world.org_b.uscc not in text and world.org_hebei.uscc not in text and world.org_city.uscc not in text
    beijing = body(api_as(world.province).get(reverse("api-export"))).decode("utf-8-sig")
    codes = {row[0] for row in csv.reader(io.StringIO(beijing))}
    assert codes == {"统一社会信用代码", world.org_a.uscc, world.org_b.uscc, world.org_city.uscc}


def test_csv_is_utf8_with_bom(world):
    response = api_as(world.admin).get(reverse("api-export"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert body(response).startswith(b"\xef\xbb\xbf\xe7\xbb\x9f")  # BOM, then 统
    assert "attachment" in response["Content-Disposition"]


def test_jsonl_and_xlsx_are_served(world):
    from openpyxl import load_workbook

    lines = body(api_as(world.admin).get(reverse("api-export"), {"format": "jsonl", "status": "active"}))
    assert len([json.loads(x) for x in lines.decode().splitlines()]) == 4
    response = api_as(world.admin).get(reverse("api-export"), {"format": "xlsx", "division": "110101"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    assert sheet.max_row == 2 and sheet["A2"].value == world.org_a.uscc


def test_a_filter_outside_the_jurisdiction_yields_nothing(world):
    text = body(api_as(world.county_a).get(reverse("api-export"), {"division": "110102"})).decode("utf-8-sig")
    assert text.count("\n") == 1  # the header only


@pytest.mark.parametrize("params", [{"format": "pdf"}, {"status": "暂停"}, {"as_of": "yesterday"},
                                    {"division": "999999"}])
def test_bad_parameters_answer_400_in_the_error_shape(world, params):
    response = api_as(world.admin).get(reverse("api-export"), params)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] and error["message_zh"] and error["message_en"]


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("user_a", 403)])
def test_only_staff_may_export(world, who, status):
    assert api_as(getattr(world, who) if who else None).get(reverse("api-export")).status_code == status
