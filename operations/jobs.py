"""Every Celery task run is recorded as a :class:`JobRun` (connected in OperationsConfig.ready()): started,
succeeded or failed with the error's first line. A job run inline from its management command (cron) records
nothing here; its own records (credit sweeps, open-data releases) still show on the operations page."""

from django.utils import timezone

from .models import JobRun


def _started(task_id=None, task=None, **kwargs):
    if task is None:
        return
    JobRun.objects.create(task=task.name, task_id=task_id or "", started_at=timezone.now())


def _finished(task_id=None, task=None, state=None, retval=None, **kwargs):
    if task is None:
        return
    failed = state not in (None, "SUCCESS")
    detail = str(retval).splitlines()[0][:500] if failed and retval is not None else ""
    JobRun.objects.filter(task=task.name, task_id=task_id or "", outcome=JobRun.Outcome.RUNNING).update(
        finished_at=timezone.now(), outcome=JobRun.Outcome.FAILED if failed else JobRun.Outcome.SUCCEEDED,
        detail=detail)


def connect() -> None:
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_started, weak=False, dispatch_uid="operations-job-started")
    task_postrun.connect(_finished, weak=False, dispatch_uid="operations-job-finished")
