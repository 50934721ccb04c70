"""The import's entry point: :func:`run_import` runs pass 1 (validate, spill, screen) and pass 2 (write), all or
nothing. See the package's docstring for the whole."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import Change, record_many
from common.errors import Refusal

from ..actors import SYSTEM, Actor, SystemActor
from ..models import ImportJob, Organization
from ..validation import refusal
from . import bulk as bulk_load
from .bulk import BulkLoad, analyze_after_bulk_load, sqlite_bulk_settings
from .progress import update_job, write_progress
from .reconcile import apply_updates, check_against_register
from .results import Options, ProblemLog, Progress, Result
from .screen import screen_rows
from .sources import SourceError, open_source
from .spill import Spill, spill_dir
from .validate import Validator
from .workers import start_workers, with_search_entries
from .write import Writer, batch_digest, check_columns

if TYPE_CHECKING:
    from multiprocessing.pool import Pool


class _Rollback(Exception):
    pass


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


AfterBatch = Callable[[list[int]], None]
# Set-based hooks run inside the import transaction with the ids of each batch's new organizations (apps that
# derive data from organizations register here instead of the import importing them).
after_batch_hooks: list[AfterBatch] = []


def run_import(path: str | Path, *, actor: Actor = SYSTEM, options: Options | None = None,
               job: ImportJob | None = None, file_name: str | None = None, on_problem: Callable[[Refusal], None] | None = None,
               progress: Progress | None = None, progress_file: Path | None = None,
               on_warning: Callable[[Refusal], None] | None = None) -> Result:
    """Validate ``path`` and, unless it has problems or ``options.dry_run``, apply it all-or-nothing.

    ``actor`` is the user importing (jurisdiction applies) or :data:`SYSTEM` for the command line. With ``job``
    the job row is updated as it goes; otherwise (command line) a job row is created inside the import
    transaction, and only when the import changes something.
    """
    options = options or Options()
    path = Path(path)
    started = time.monotonic()
    result = Result(file_name=file_name or path.name, dry_run=options.dry_run)
    log = ProblemLog(on_problem)
    today = timezone.localdate()

    def report(phase: str, done: int, total: int | None) -> None:
        write_progress(progress_file, phase, done, total)
        if progress:
            progress(phase, done, total)
        if job is not None and phase == "validate":
            update_job(job, processed_rows=done, total_rows=total or 0)

    result.sha256 = file_sha256(path)
    spill: Spill | None = None
    pool: Pool | None = None
    try:
        try:
            source = open_source(path, options.encoding)
        except SourceError as exc:
            for problem in exc.problems:
                log.add(problem)
            return _finish(result, log, started)
        result.encoding = source.encoding
        try:
            register_empty = not Organization.objects.exists()
            validator = Validator(source, actor=None if isinstance(actor, SystemActor) else actor, options=options,
                                  log=log, today=today, check_db=not register_empty,
                                  reopen=lambda: open_source(path, options.encoding))
            if validator.read_header():
                pool, workers = start_workers(validator, options.workers)
                spill = Spill(spill_dir())
                try:
                    for batch in validator.batches(report, pool=pool, workers=workers):
                        spill.write(batch)
                        screen_rows(batch, validator, result, on_warning, register=not register_empty)
                except SourceError as exc:
                    for problem in exc.problems:
                        log.add(problem)
        finally:
            source.close()
        result.total_rows = validator.rows
        result.timings["validate"] = time.monotonic() - started
        validator.drop_ledgers()  # pass 2 has no use for them
        if log.count or options.dry_run:
            return _finish(result, log, started)
        _apply(spill, validator, result, actor=actor, options=options, job=job, report=report, today=today,
               register_was_empty=register_empty, pool=pool)
        return _finish(result, log, started)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if spill is not None:
            spill.close()


def _finish(result: Result, log: ProblemLog, started: float) -> Result:
    result.error_count = log.count
    result.errors = list(log.first)
    result.seconds = time.monotonic() - started
    return result


def _apply(spill: Spill, validator: Validator, result: Result, *, actor: Actor, options: Options,
           job: ImportJob | None, report: Callable[[str, int, int | None], None], today: date,
           register_was_empty: bool = False, pool: Pool | None = None) -> None:
    """Pass 2: the spilled rows in ONE transaction (rolled back on any problem, or when nothing changed)."""
    check_columns()
    log = validator.log
    total = validator.rows
    reason_text = options.reason or f"批量导入 / bulk import: {result.file_name}"
    audit_actor = None if isinstance(actor, SystemActor) else actor
    created_job = job is None
    bulk = None
    sqlite_bulk_settings(True)
    try:
        with transaction.atomic():
            if created_job:
                job = ImportJob.objects.create(
                    created_by=audit_actor, file_name=result.file_name, file_path=result.file_name,
                    encoding=result.encoding, upsert=options.upsert, state=ImportJob.State.RUNNING,
                    total_rows=total)
            reason = f"{reason_text}（导入任务 #{job.pk} / import job #{job.pk}）"
            writer = Writer(audit_actor, reason, today)
            # Into a register that was empty when validation began and still is (inside this transaction), every
            # row is new and the file's own duplicates are already excluded: no per-batch lookups. Otherwise the
            # register is checked again here, since it may have changed since validation.
            still_empty = register_was_empty and not Organization.objects.exists()
            bulk = BulkLoad(writer.cursor) if still_empty and total >= bulk_load.BULK_LOAD_MIN_ROWS else None
            if bulk:
                bulk.prepare()
            done = 0
            report("apply", 0, total)
            phase_started = time.monotonic()
            for batch, entries in with_search_entries(spill.batches(), pool):
                new, updates = (batch, []) if still_empty else check_against_register(batch, validator)
                done += len(batch)
                if log.count:
                    continue  # keep checking, to report every problem; nothing more is written
                if new:
                    if entries is not None and len(new) != len(batch):
                        by_row = {r.row: e for r, e in zip(batch, entries, strict=True)}
                        entries = [by_row[r.row] for r in new]
                    ids = writer.insert(new, entries)
                    for hook in after_batch_hooks:
                        hook(ids)
                    record_many(audit_actor, [Change(
                        "organization.import", "ImportJob", str(job.pk),
                        after={"codes": [r.code for r in new], "sha256": batch_digest(new),
                               "rows": [new[0].row, new[-1].row]},
                        reason=reason)])
                    result.created += len(new)
                changed, events = apply_updates(updates, validator, actor, reason)
                result.updated += changed
                result.events += events
                result.unchanged += len(batch) - len(new) - changed
                report("apply", done, total)
            result.events += writer.events
            result.timings["write"] = time.monotonic() - phase_started
            if bulk and not log.count:
                report("index", total, total)
                bulk.finish()
                result.timings["index"] = time.monotonic() - phase_started - result.timings["write"]
            if log.count or (created_job and not result.created and not result.updated):
                raise _Rollback  # problems; or nothing changed and a command-line job leaves no trace
            if result.created or result.updated:
                record_many(audit_actor, [Change(
                    "import.job", "ImportJob", str(job.pk),
                    after={"file_name": result.file_name, "sha256": result.sha256, "rows": result.total_rows,
                           "created": result.created, "updated": result.updated, "events": result.events,
                           "unchanged": result.unchanged, "upsert": options.upsert,
                           "by": getattr(actor, "username", "system")},
                    reason=reason)])
            result.job_id = job.pk
            job.state = ImportJob.State.DONE
            job.total_rows = job.processed_rows = total
            job.error_count = 0
            job.errors = []
            job.finished_at = timezone.now()
            job.summary = {**(job.summary or {}), **result.summary()}
            job.save()
            commit_started = time.monotonic()
        result.timings["commit"] = time.monotonic() - commit_started
    except _Rollback:
        result.created = result.updated = result.events = 0
        result.unchanged = 0 if log.count else result.total_rows
        result.job_id = None if created_job else job.pk
    except IntegrityError as exc:
        log.add(refusal("CONFLICT", None, "与同时进行的登记冲突，未导入任何数据，请重试",
                        f"conflicts with a concurrent change; nothing was imported, please retry ({exc})"[:300]))
        result.created = result.updated = result.events = 0
        result.job_id = None if created_job else job.pk
    finally:
        sqlite_bulk_settings(False)
    if bulk and result.created:
        analyzed = time.monotonic()
        analyze_after_bulk_load()
        result.timings["analyze"] = time.monotonic() - analyzed

