"""POST /api/v1/imports/ and GET /api/v1/imports/{id}/: multipart upload, dry run, every problem, jurisdiction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import api_as
from registry.models import ImportJob, Organization
from registry.tests.import_files import counts, rows_for, write_csv

pytestmark = pytest.mark.django_db


def upload(client, path, **fields):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), **fields}
    return client.post(reverse("api-import-list"), data, format="multipart")


def test_a_dry_run_checks_the_file_and_writes_nothing(tmp_path, world):
    path = write_csv(tmp_path / "ok.csv", rows_for("110101", 3))
    before = counts()
    response = upload(api_as(world.county_a), path, dry_run="true")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "ready" and body["total_rows"] == 3 and body["errors"] == []
    assert {k: v for k, v in counts().items() if k != "ImportJob"} == {k: v for k, v in before.items()
                                                                       if k != "ImportJob"}


def test_a_clean_file_is_imported_and_answers_201(tmp_path, world):
    path = write_csv(tmp_path / "ok.csv", rows_for("110101", 3))
    response = upload(api_as(world.county_a), path)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "done" and body["summary"]["created"] == 3
    assert Organization.objects.filter(authority_id="110101").count() == 4
    detail = api_as(world.county_a).get(body["url"])
    assert detail.status_code == 200 and detail.json()["state"] == "done"


def test_a_bad_file_answers_400_with_every_problem_and_changes_nothing(tmp_path, world):
    rows = rows_for("110101", 4)
    rows[1]["founded_on"] = "2016-02-30"
    rows[3]["registered_funds"] = "-5"
    path = write_csv(tmp_path / "bad.csv", rows)
    before = counts()
    response = upload(api_as(world.county_a), path)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["field"], e["code"]) for e in errors] == [(3, "成立登记日期", "DATE-FORMAT"),
                                                                   (5, "注册资金", "MONEY-NEGATIVE")]
    assert all(e["message_zh"] and e["message_en"] for e in errors)
    assert errors[0]["value"] == "2016-02-30"
    assert {k: v for k, v in counts().items() if k != "ImportJob"} == {k: v for k, v in before.items()
                                                                       if k != "ImportJob"}


def test_an_officer_cannot_import_for_another_county(tmp_path, world):
    rows = rows_for("110101", 1) + rows_for("110102", 1, start=200)
    path = write_csv(tmp_path / "mixed.csv", rows)
    response = upload(api_as(world.county_a), path)
    assert response.status_code == 400
    assert [(e["row"], e["code"], e["field"]) for e in response.json()["errors"]] == [(3, "JURISDICTION",
                                                                                     "登记管理机关")]
    assert not Organization.objects.filter(name=rows[0]["name"]).exists()


def test_upsert_and_encoding_are_honoured(tmp_path, world):
    path = write_csv(tmp_path / "gbk.csv", rows_for("110101", 2), encoding="gbk")
    assert upload(api_as(world.county_a), path, encoding="gbk").status_code == 201
    rows = rows_for("110101", 2)
    rows[0]["domicile"] = "北京市东城区改过的住所"
    path = write_csv(tmp_path / "changed.csv", rows, encoding="gbk")
    response = upload(api_as(world.county_a), path, upsert="true", encoding="gbk")
    assert response.status_code == 201, response.json()
    assert response.json()["summary"]["updated"] == 1
    assert Organization.objects.get(uscc=rows[0]["uscc"]).events.filter(kind="change").count() == 1


def test_a_job_is_visible_to_its_owner_and_administrators_only(tmp_path, world):
    path = write_csv(tmp_path / "ok.csv", rows_for("110101", 1))
    job = upload(api_as(world.county_a), path, dry_run="true").json()
    assert api_as(world.admin).get(job["url"]).status_code == 200
    assert api_as(world.county_b).get(job["url"]).status_code == 404


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("user_a", 403)])
def test_only_staff_may_import(tmp_path, world, who, status):
    path = write_csv(tmp_path / "ok.csv", rows_for("110101", 1))
    client = api_as(getattr(world, who) if who else None)
    assert upload(client, path).status_code == status
    assert ImportJob.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path, world):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.4")
    response = upload(api_as(world.county_a), path)
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "IMPORT-FORMAT"
