"""/healthz for load balancers, the operations page for administrators, Celery task runs recorded, and the audit
retention floor: a command can copy old audit events to an archive but never cut younger ones, and deletes none."""

import gzip
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from conftest import PASSWORD, db_snapshot
from operations.models import JobRun
from operations.retention import earliest_cutoff

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = "en"
    return client


def test_healthz_answers_200_with_each_check_and_503_when_the_cache_fails(settings):
    answer = Client().get("/healthz")
    assert answer.status_code == 200 and answer["Cache-Control"].startswith("max-age=0")
    body = answer.json()
    assert body["status"] == "ok"
    assert {c["name"]: c["state"] for c in body["checks"]} == {"database": "ok", "cache": "ok"}

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # reads nothing back
    failing = Client().get("/healthz")
    assert failing.status_code == 503
    assert {c["name"]: c["state"] for c in failing.json()["checks"]}["cache"] == "failing"


def test_the_operations_page_shows_health_jobs_chain_and_disks_to_administrators_only(world, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.CELERY_BROKER_URL = ""
    page = signed_in(world.admin).get("/operations/")
    assert page.status_code == 200
    html = page.content.decode()
    for words in ("Database", "Cache", "Message broker", "Workers", "Not configured", "Scheduled jobs",
                  "credit-daily-sweep", "not run on a worker yet", "Audit chain", "Uploaded files", "Backups",
                  "No backup has been written to the backup folder yet", "kept at least 183 days"):
        assert words in html, words
    assert 'href="/operations/"' in html  # in the administrator's navigation
    assert signed_in(world.county_a).get("/operations/").status_code == 403
    assert 'href="/operations/"' not in signed_in(world.county_a).get("/staff/").content.decode()
    assert Client().get("/operations/")["Location"].startswith("/accounts/login/")


def test_checking_the_chain_from_the_page_records_the_result(world):
    admin = signed_in(world.admin)
    assert admin.post("/operations/audit-chain/")["Location"] == "/operations/"
    run = JobRun.objects.get(task="audit.verify_chain")
    assert run.outcome == JobRun.Outcome.SUCCEEDED
    assert "Every link holds" in admin.get("/operations/").content.decode()


def test_a_celery_task_run_is_recorded_with_its_outcome(world, settings):
    from credit.tasks import daily_sweep

    daily_sweep.apply(kwargs={"as_of": timezone.localdate().isoformat()})
    run = JobRun.objects.get(task="credit.daily_sweep")
    assert run.outcome == JobRun.Outcome.SUCCEEDED and run.finished_at is not None
    failed = daily_sweep.apply(kwargs={"as_of": "not a date"})
    assert failed.failed()
    last = JobRun.objects.filter(task="credit.daily_sweep").order_by("-id").first()
    assert last.outcome == JobRun.Outcome.FAILED and "not a date" in last.detail
    html = signed_in(world.admin).get("/operations/").content.decode()
    assert "Failed" in html


def test_the_audit_archive_copies_old_events_refuses_a_young_cut_off_and_deletes_nothing(world, tmp_path):
    today = timezone.localdate()
    old = AuditEvent.objects.order_by("seq").first()
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=400))  # an event of last year
    before = db_snapshot(AuditEvent)

    young = earliest_cutoff(today) + timedelta(days=1)
    with pytest.raises(CommandError) as refused:
        call_command("audit_archive", "--before", young.isoformat(), "--output", str(tmp_path))
    assert "AUDIT-RETENTION" in str(refused.value) and "至少保留 183 天" in str(refused.value)
    assert not list(tmp_path.iterdir())

    call_command("audit_archive", "--before", earliest_cutoff(today).isoformat(), "--output", str(tmp_path))
    archive = next(tmp_path.glob("audit-before-*.jsonl.gz"))
    lines = [json.loads(line) for line in gzip.open(archive, "rt", encoding="utf-8")]
    assert [line["seq"] for line in lines] == [old.seq] and lines[0]["hash"] == old.hash
    assert Path(f"{archive}.sha256").read_text().split()[1] == archive.name
    assert db_snapshot(AuditEvent) == before  # nothing deleted


def test_the_retention_setting_can_lengthen_but_never_shorten_the_six_months(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    assert earliest_cutoff(date(2026, 12, 4)) == date(2026, 12, 4) - timedelta(days=183)
    settings.AUDIT_RETENTION_DAYS = 400
    assert earliest_cutoff(date(2026, 12, 4)) == date(2026, 12, 4) - timedelta(days=400)
