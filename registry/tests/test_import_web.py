"""Staff pages: upload, preview of every problem, confirm, progress (htmx), error report, export download."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from registry.models import ImportJob, Organization
from registry.tests.import_files import counts, rows_for, write_csv

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def upload(client, path, **fields):
    return client.post(reverse("imports:index"), {"file": SimpleUploadedFile(path.name, path.read_bytes()), **fields})


def test_the_page_is_for_staff_only(world):
    assert client_for(None).get(reverse("imports:index")).status_code == 302
    assert client_for(world.user_a).get(reverse("imports:index")).status_code == 403
    page = client_for(world.county_a).get(reverse("imports:index"))
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content


def test_an_upload_is_checked_and_every_problem_is_shown_before_anything_is_written(tmp_path, world):
    rows = rows_for("110101", 4)
    rows[0]["uscc"] = rows[0]["uscc"][:-1] + ("0" if rows[0]["uscc"][-1] != "0" else "1")
    rows[2]["status"] = "暂停"
    before = counts()
    response = upload(client_for(world.county_a), write_csv(tmp_path / "bad.csv", rows))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])
    page = client_for(world.county_a).get(response["Location"]).content.decode()
    assert job.state == "invalid" and job.error_count == 2
    for text in ("USCC-CHECK", "STATUS-VALUE", "统一社会信用代码", "登记状态", "暂停", "校验码", "check character"):
        assert text in page
    assert reverse("imports:confirm", args=[job.pk]) not in page
    report = client_for(world.county_a).get(reverse("imports:errors", args=[job.pk]))
    lines = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))
    assert [(r[0], r[1], r[3]) for r in lines[1:]] == [("2", "统一社会信用代码", "USCC-CHECK"),
                                                       ("4", "登记状态", "STATUS-VALUE")]
    assert {k: v for k, v in counts().items() if k != "ImportJob"} == {k: v for k, v in before.items()
                                                                       if k != "ImportJob"}


def test_a_clean_upload_waits_for_confirmation_then_imports(tmp_path, world):
    client = client_for(world.county_a)
    response = upload(client, write_csv(tmp_path / "ok.csv", rows_for("110101", 3)))
    job = ImportJob.objects.get()
    assert job.state == "ready" and Organization.objects.count() == 4
    page = client.get(response["Location"]).content.decode()
    assert reverse("imports:confirm", args=[job.pk]) in page
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.state == "done" and job.summary["created"] == 3 and Organization.objects.count() == 7
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 302  # twice: nothing more
    assert Organization.objects.count() == 7


def test_progress_is_a_fragment_that_htmx_polls_while_the_job_runs(tmp_path, world):
    client = client_for(world.county_a)
    upload(client, write_csv(tmp_path / "ok.csv", rows_for("110101", 2)))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    fragment = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment
    ImportJob.objects.filter(pk=job.pk).update(state="done")
    done = client.get(reverse("imports:progress", args=[job.pk]) + "?was=active", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.content.decode() and done["HX-Refresh"] == "true"
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "vendor/htmx.min.js" in page and "//unpkg" not in page and "cdn" not in page.lower()


def test_an_officer_cannot_import_for_another_county(tmp_path, world):
    rows = rows_for("110101", 2) + rows_for("110102", 1, start=200)
    upload(client_for(world.county_a), write_csv(tmp_path / "mixed.csv", rows))
    job = ImportJob.objects.get()
    assert job.state == "invalid" and [(e["row"], e["code"]) for e in job.errors] == [(4, "JURISDICTION")]


def test_another_officer_cannot_see_the_job(tmp_path, world):
    upload(client_for(world.county_a), write_csv(tmp_path / "ok.csv", rows_for("110101", 1)))
    job = ImportJob.objects.get()
    other = client_for(world.county_b)
    for name in ("imports:job", "imports:progress", "imports:errors"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert other.post(reverse("imports:confirm", args=[job.pk])).status_code == 404
    assert client_for(world.admin).get(reverse("imports:job", args=[job.pk])).status_code == 200


def test_the_export_download_is_scoped_to_the_officer(world):
    response = client_for(world.county_b).get(reverse("imports:export"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and world.org_b.uscc in text and world.org_a.uscc not in text
    assert client_for(world.user_b).get(reverse("imports:export")).status_code == 403


def test_a_bad_export_filter_shows_the_form_again(world):
    response = client_for(world.admin).get(reverse("imports:export"), {"format": "csv", "division": "999999"})
    assert response.status_code == 400 and "999999" in response.content.decode()
