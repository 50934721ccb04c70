"""Import jobs: an uploaded file is validated (preview of every problem), then applied when confirmed.

Each step is a Celery task when ``CELERY_BROKER_URL`` is set; otherwise Celery runs it inline
(``CELERY_TASK_ALWAYS_EAGER``), so the web page and the API work the same with or without workers. The job
row carries the state; live progress is in the job's progress file (see registry.imports.progress).
"""

import logging
import uuid
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from audit.context import set_request_id

from ..actors import SYSTEM
from ..models import ImportJob
from .progress import progress_path, read_progress
from .report import ErrorReport
from .results import Options, Result
from .run import run_import

log = logging.getLogger(__name__)


def store_upload(uploaded, *, user, upsert: bool, encoding: str = "") -> ImportJob:
    """Save an uploaded file under MEDIA_ROOT/imports/ and create its job (state: waiting)."""
    name = Path(uploaded.name or "upload.csv").name
    folder = Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (get_valid_filename(name) or "upload.csv")
    with open(path, "wb") as fh:
        for chunk in uploaded.chunks():
            fh.write(chunk)
    return ImportJob.objects.create(created_by=user, file_name=name[:255], file_path=str(path), upsert=upsert,
                                    encoding=(encoding or "")[:32])


def error_report_path(job: ImportJob) -> Path:
    return Path(job.file_path + ".errors.csv")


def _run(job: ImportJob, *, dry_run: bool) -> Result:
    set_request_id(f"import-job-{job.pk}")
    actor = job.created_by or SYSTEM
    report = ErrorReport(error_report_path(job))
    try:
        return run_import(
            job.file_path, actor=actor, job=job, file_name=job.file_name, on_problem=report, on_warning=report.warn,
            options=Options(upsert=job.upsert, dry_run=dry_run, encoding=job.encoding or None),
            progress_file=progress_path(job.pk))
    finally:
        report.close()


def _record_problems(job: ImportJob, result: Result) -> None:
    job.state = ImportJob.State.INVALID
    job.error_count = result.error_count
    job.errors = [p.as_dict() for p in result.errors]
    job.total_rows = job.processed_rows = result.total_rows
    job.summary = {**(job.summary or {}), **result.summary()}
    job.finished_at = timezone.now()
    job.save()


def validate_job(job_id: int, then_apply: bool = False) -> None:
    """Check the whole file and record every problem; with ``then_apply`` import it at once if clean."""
    job = ImportJob.objects.get(pk=job_id)
    job.state = ImportJob.State.VALIDATING
    job.save(update_fields=["state"])
    result = _run_recorded(job, dry_run=True)
    if result is None or not result.ok:
        return
    job.state = ImportJob.State.READY
    job.encoding = result.encoding[:32]
    job.error_count = 0
    job.errors = []
    job.total_rows = job.processed_rows = result.total_rows
    job.summary = {**(job.summary or {}), **result.summary()}
    job.save()
    if then_apply:
        apply_job(job_id)


def apply_job(job_id: int) -> None:
    """Import a validated file, all or nothing (the whole file is validated again inside)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.state not in (ImportJob.State.READY, ImportJob.State.FAILED):
            return  # confirmed twice, or not validated: nothing to do
        job.state = ImportJob.State.RUNNING
        job.processed_rows = 0
        job.save(update_fields=["state", "processed_rows"])
    _run_recorded(job, dry_run=False)


def _run_recorded(job: ImportJob, *, dry_run: bool) -> Result | None:
    """Run the job; a crash is a failed job with its reason (None), never a silent stop; problems are recorded
    on the job (INVALID). The job row is read again afterwards."""
    try:
        result = _run(job, dry_run=dry_run)
    except Exception as exc:
        log.exception("import job %s failed%s", job.pk, " while validating" if dry_run else "")
        _fail(job, exc)
        return None
    job.refresh_from_db()
    if not result.ok:
        _record_problems(job, result)
    return result


def _fail(job: ImportJob, exc: Exception) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.FAILED, finished_at=timezone.now(),
        summary={**(job.summary or {}), "failure": f"{type(exc).__name__}: {exc}"[:500]})


@shared_task(name="registry.validate_import")
def validate_import(job_id: int, then_apply: bool = False) -> None:
    validate_job(job_id, then_apply)


@shared_task(name="registry.apply_import")
def apply_import(job_id: int) -> None:
    apply_job(job_id)


def start_validation(job: ImportJob, *, then_apply: bool = False) -> None:
    """Queue (or, without a broker, run inline) the validation of ``job``."""
    validate_import.delay(job.pk, then_apply)


def start_apply(job: ImportJob) -> None:
    apply_import.delay(job.pk)


def progress_of(job: ImportJob) -> dict:
    """What the job page shows: state, phase, rows done of total, percent."""
    live = read_progress(progress_path(job.pk)) if job.state in (
        ImportJob.State.VALIDATING, ImportJob.State.RUNNING) else None
    done, total, phase = job.processed_rows, job.total_rows or None, None
    if live:
        phase, done, total = live.get("phase"), live.get("done") or 0, live.get("total") or total
        if job.state == ImportJob.State.RUNNING and phase == "validate":
            phase = "revalidate"
    finished = job.state in (ImportJob.State.DONE, ImportJob.State.INVALID, ImportJob.State.READY,
                             ImportJob.State.FAILED)
    percent = 100 if finished else (min(99, int(done * 100 / total)) if total else 0)
    return {"phase": phase, "done": done, "total": total, "percent": percent, "finished": finished}
