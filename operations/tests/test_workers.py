"""Celery workers exercised: a real worker process on the local Redis runs an import, the credit sweep and the
open-data release sent to it, against its own copy of the register; each run is recorded (operations.JobRun)
and its effect is in the database."""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import api_as
from operations.models import JobRun
from registry.tests.import_files import rows_for, write_csv

from .databases import copy_database, drop_copies

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/9"
TASKS = ("registry.apply_import", "credit.daily_sweep", "stats.daily_release")


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(BROKER, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        return db.execute(sql).fetchall()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_on_redis_runs_an_import_a_sweep_and_a_release(world, tmp_path, settings):
    if not redis_answers():
        pytest.fail(f"Redis does not answer at {BROKER} (the test setup needs the local Redis)")
    var_dir = tmp_path / "var"
    settings.MEDIA_ROOT = var_dir / "media"
    upload = write_csv(tmp_path / "import.csv", rows_for("110101", 3))
    checked = api_as(world.county_a).post(reverse("api-import-list"), {
        "file": SimpleUploadedFile(upload.name, upload.read_bytes()), "dry_run": "true"}, format="multipart")
    assert checked.status_code == 200 and checked.json()["state"] == "ready", checked.json()
    job_id = checked.json()["id"]
    JobRun.objects.all().delete()  # the check above ran inline here; the copy starts with no recorded run
    database, _ = copy_database(tmp_path, "worker")
    queue = f"socorg-test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": database, "CELERY_BROKER_URL": BROKER, "SOCORG_VAR_DIR": str(var_dir),
           "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "socorg", "worker", "--pool=solo", "-Q", queue,
                               "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "warning"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sender = Celery(broker=BROKER)
    try:
        sender.send_task("registry.apply_import", args=[job_id], queue=queue)
        sender.send_task("credit.daily_sweep", queue=queue)
        sender.send_task("stats.daily_release", queue=queue)
        deadline = time.monotonic() + 240
        runs = []
        while time.monotonic() < deadline:
            runs = query(database, "SELECT task, outcome, detail FROM operations_jobrun ORDER BY id")
            if len([r for r in runs if r[1] != "running"]) == len(TASKS) or worker.poll() is not None:
                break
            time.sleep(1)
        assert [(task, outcome) for task, outcome, _ in runs] == [(t, "succeeded") for t in TASKS], runs
        state, = query(database, f"SELECT state FROM registry_importjob WHERE id = {int(job_id)}")[0]
        assert state == "done"
        imported = query(database, "SELECT COUNT(*) FROM registry_organization WHERE name LIKE '测试导入110101%'")
        assert imported[0][0] == 3
        assert list((var_dir / "open-data").glob("**/manifest.json")), "the release wrote its files"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        sender.close()
        drop_copies(database)
