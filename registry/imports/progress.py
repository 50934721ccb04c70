"""Progress of an import job.

The apply pass runs inside a transaction that other connections cannot see (and on SQLite cannot write beside),
so live progress goes to a small JSON file per job, replaced atomically once per batch; that works the same on
SQLite and PostgreSQL and never touches the import transaction. The job row gets ``processed_rows`` per batch
while validating (outside any transaction) and its final counts inside the import transaction."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction

from ..models import ImportJob


def progress_path(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "imports" / f"job-{job_id}.progress.json"


def write_progress(path: Path | None, phase: str, done: int, total: int | None) -> None:
    """Atomically replace the progress file (readers never see half a file)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total, "at": time.time()}))
    os.replace(tmp, path)


def read_progress(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def update_job(job: ImportJob, **fields: int) -> None:
    """Progress on the job row, outside any transaction; skipped when the database is busy (SQLite)."""
    if transaction.get_connection().in_atomic_block:
        return
    try:
        ImportJob.objects.filter(pk=job.pk).update(**fields)
    except DatabaseError:
        pass

