"""The operations page (system administrators) and /healthz (load balancers)."""

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.queries import verify_chain
from common.declarations import beat_modules
from common.web import user_required

from . import health
from .backup import SUFFIX, backup_directory
from .models import JobRun
from .retention import retention_days

AUDIT_CHAIN_JOB = "audit.verify_chain"

admin_required = user_required(lambda user: user.is_admin,
                               "Login first; then system administrators only (everyone else gets 403).")


@never_cache
def healthz(request):
    """200 when the database and the cache answer, 503 otherwise; for load balancers and probes."""
    checks = health.essential()
    healthy = all(check.state == health.OK for check in checks)
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": [c.as_dict() for c in checks]},
                        status=200 if healthy else 503)


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    task: str
    schedule: str
    last: JobRun | None


def scheduled_jobs() -> list[ScheduledJob]:
    """Every beat entry the apps declare, with the last recorded run of its task."""
    schedule: dict = {}
    for module in beat_modules():
        holder = SimpleNamespace(conf=SimpleNamespace(beat_schedule=dict(schedule)))
        module.install_beat_schedule(holder)
        schedule = holder.conf.beat_schedule
    return [ScheduledJob(name, entry["task"], str(entry["schedule"]),
                         JobRun.objects.filter(task=entry["task"]).order_by("-started_at").first())
            for name, entry in schedule.items()]


def _backups(directory: Path) -> list[dict]:
    if not directory.exists():
        return []
    files = sorted(directory.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)[:10]
    return [{"name": p.name, "size": health.human_bytes(p.stat().st_size),
             "at": timezone.datetime.fromtimestamp(p.stat().st_mtime, tz=timezone.get_current_timezone()),
             "checksum": Path(f"{p}.sha256").is_file()} for p in files]


@never_cache
@admin_required
def status(request):
    checks = [health.database(), health.cache_check(), health.broker(), health.workers()]
    try:
        queues, queue_problem = health.queue_depths(), ""
    except Exception as error:  # noqa: BLE001 - shown on the page
        queues, queue_problem = [], f"{type(error).__name__}: {error}"[:300]
    backups_dir = backup_directory()
    disks = [health.disk(Path(settings.MEDIA_ROOT), _("Uploaded files")), health.disk(backups_dir, _("Backups"))]
    return render(request, "operations/status.html", {
        "checks": checks, "queues": queues, "queue_problem": queue_problem, "jobs": scheduled_jobs(),
        "chain": JobRun.objects.filter(task=AUDIT_CHAIN_JOB).order_by("-started_at").first(),
        "audit_events": AuditEvent.objects.count(), "disks": disks, "backups": _backups(backups_dir),
        "retention_days": retention_days(), "broker_configured": bool(settings.CELERY_BROKER_URL),
    })


@admin_required
@require_POST
def check_chain(request):
    """Walk the audit hash chain now and record the result as a run (shown on the operations page)."""
    started = timezone.now()
    broken = verify_chain()
    JobRun.objects.create(
        task=AUDIT_CHAIN_JOB, started_at=started, finished_at=timezone.now(),
        outcome=JobRun.Outcome.SUCCEEDED if broken is None else JobRun.Outcome.FAILED,
        detail="" if broken is None else f"#{broken.seq}: {broken.problem}")
    return redirect("operations:status")
