"""Every import screens each row's name: hits are warnings of their row (a warning column in the report, a table
on the job page, a line on the command line), never a refusal; a folded duplicate of an active name of the same
authority is refused (NAME-TAKEN)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from credit.services import publish_illegal_batch
from registry.models import ImportJob, Organization
from registry.tests.import_files import rows_for, write_csv


@pytest.fixture
def listed(world):
    publish_illegal_batch(world.national, {
        "authority": "100000", "title": "第六批涉嫌非法社会组织名单", "published_on": "2026-02-01",
        "organizations": [{"name": "中国国学文化促进总会", "aliases": ["中华书画艺术研究院"]}]})


def import_file(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_organizations", str(path), "--no-progress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def sample(tmp_path):
    rows = rows_for("110101", 3, start=300)
    rows[0]["name"] = "中国书画研究院"
    rows[1]["name"] = "北京市东城区晨曦围棋协会"
    rows[2]["name"] = "北京市东城区长青书画研究会"
    return write_csv(tmp_path / "register.csv", rows)


def test_the_command_reports_each_hit_in_the_warning_column_and_still_imports(tmp_path, world, listed):
    report = tmp_path / "report.csv"
    out, err = import_file(sample(tmp_path), "--dry-run", "--report", str(report))

    assert "name screening: 1 row(s)" in out and "dry run passed" in out
    assert "warning" in err and "中华书画艺术研究院" in err and "NAME-SCREEN-HIT" in err
    lines = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert lines[0][-1] == "筛查警告 screening warning"
    assert [(r[0], r[2], r[3]) for r in lines[1:]] == [("2", "中国书画研究院", "NAME-SCREEN-HIT")]
    assert "中华书画艺术研究院" in lines[1][4] and "score" in lines[1][5] and lines[1][6]

    out, _err = import_file(sample(tmp_path))
    assert "3 created" in out
    assert Organization.objects.filter(name="中国书画研究院").exists()


def test_a_folded_duplicate_in_a_file_is_refused_naming_row_column_and_rule(tmp_path, world):
    rows = rows_for("110101", 2, start=320)
    rows[1]["name"] = "測試 110101 第1號協會"  # org_a's name in traditional characters, with spaces
    report = tmp_path / "report.csv"
    before = Organization.objects.count()

    with pytest.raises(CommandError):
        import_file(write_csv(tmp_path / "dup.csv", rows), "--report", str(report))

    lines = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert [(r[0], r[1], r[3]) for r in lines[1:] if r[3] == "NAME-TAKEN"] == [("3", "社会组织名称", "NAME-TAKEN")]
    assert Organization.objects.count() == before


def test_the_web_import_shows_the_hits_before_confirmation_and_in_the_report(tmp_path, world, listed):
    client = Client()
    client.force_login(world.county_a)
    path = sample(tmp_path)

    response = client.post(reverse("imports:index"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})

    job = ImportJob.objects.get()
    assert job.state == "ready" and job.summary["warnings"] == 1
    page = client.get(response["Location"]).content.decode()
    assert "screening-warnings" in page and "中华书画艺术研究院" in page and "名称筛查" in page
    assert reverse("imports:confirm", args=[job.pk]) in page
    report = client.get(reverse("imports:errors", args=[job.pk]))
    lines = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))
    assert lines[1][0] == "2" and lines[1][3] == "NAME-SCREEN-HIT" and lines[1][6]


def test_the_import_api_returns_the_warnings_with_the_job(tmp_path, world, listed):
    from conftest import api_as

    path = sample(tmp_path)
    response = api_as(world.county_a).post("/api/v1/imports/", {"file": SimpleUploadedFile(
        path.name, path.read_bytes())}, format="multipart")

    assert response.status_code == 201, response.content  # imports run at once under the tests (eager tasks)
    body = response.json()
    assert body["summary"]["warnings"] == 1
    assert body["summary"]["screening_warnings"][0]["code"] == "NAME-SCREEN-HIT"
    assert body["summary"]["screening_warnings"][0]["row"] == 2
