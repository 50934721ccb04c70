"""Health of the parts the platform runs on, each as a :class:`Check` with a state, a measured figure and a reason
in both languages. ``/healthz`` asks the two a request cannot do without (database, cache); the operations page
asks them all."""

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext_lazy as _

OK, WARNING, FAILING, NOT_CONFIGURED = "ok", "warning", "failing", "not_configured"
STATE_LABELS = {OK: _("Working"), WARNING: _("Needs attention"), FAILING: _("Not working"),
                NOT_CONFIGURED: _("Not configured")}


@dataclass(frozen=True)
class Check:
    name: str
    label: str
    state: str
    figure: str
    reason: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    def as_dict(self) -> dict:
        return {"name": self.name, "state": self.state, "figure": self.figure, "reason": self.reason}


def _elapsed_ms(start: float) -> str:
    return f"{(time.perf_counter() - start) * 1000:.1f} ms"


def database() -> Check:
    start = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return Check("database", str(_("Database")), FAILING, "", f"{type(error).__name__}: {error}"[:300])
    return Check("database", str(_("Database")), OK, _elapsed_ms(start),
                 str(_("%(vendor)s answers a query") % {"vendor": connection.vendor}))


def cache_check() -> Check:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    start = time.perf_counter()
    try:
        cache.set(key, value, 10)
        stored = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        return Check("cache", str(_("Cache")), FAILING, "", f"{type(error).__name__}: {error}"[:300])
    if stored != value:
        return Check("cache", str(_("Cache")), FAILING, _elapsed_ms(start), str(_("a value written was not read back")))
    return Check("cache", str(_("Cache")), OK, _elapsed_ms(start), str(_("a value is written and read back")))


def _broker_url() -> str:
    return getattr(settings, "CELERY_BROKER_URL", "") or ""


def broker() -> Check:
    url = _broker_url()
    if not url:
        return Check("broker", str(_("Message broker")), NOT_CONFIGURED, "",
                     str(_("no broker is set: scheduled jobs run inline from their commands (cron)")))
    from celery import current_app as app

    start = time.perf_counter()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001
        return Check("broker", str(_("Message broker")), FAILING, "", f"{type(error).__name__}: {error}"[:300])
    return Check("broker", str(_("Message broker")), OK, _elapsed_ms(start), str(_("the broker accepts a connection")))


def workers() -> Check:
    if not _broker_url():
        return Check("workers", str(_("Workers")), NOT_CONFIGURED, "", str(_("no broker: no workers to ask")))
    from celery import current_app as app

    try:
        answers = app.control.ping(timeout=1.0) or []
    except Exception as error:  # noqa: BLE001
        return Check("workers", str(_("Workers")), FAILING, "", f"{type(error).__name__}: {error}"[:300])
    if not answers:
        return Check("workers", str(_("Workers")), FAILING, "0", str(_("no worker answered within one second")))
    names = ", ".join(sorted(name for answer in answers for name in answer))
    return Check("workers", str(_("Workers")), OK, str(len(answers)), names[:300])


def queue_depths() -> list[tuple[str, int]]:
    """(queue, waiting messages) of the Redis broker's queues; empty when another broker or none is used."""
    url = _broker_url()
    if not url.startswith("redis"):
        return []
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    queues = {"celery"} | {getattr(q, "name", str(q)) for q in (getattr(settings, "CELERY_TASK_QUEUES", None) or [])}
    return [(name, int(client.llen(name))) for name in sorted(queues)]


def disk(path: Path, label: str) -> Check:
    from .backup import directory_size, free_space

    size = directory_size(path)
    free = free_space(path)
    state = OK if free > 1024**3 else WARNING
    reason = _("%(free)s free on its disk") % {"free": human_bytes(free)}
    if state == WARNING:
        reason = _("only %(free)s free on its disk (less than 1 GB)") % {"free": human_bytes(free)}
    return Check(f"disk:{path.name}", label, state, human_bytes(size), f"{path} · {reason}")


def human_bytes(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"


def essential() -> list[Check]:
    """What every request needs: /healthz answers 503 when one of them fails."""
    return [database(), cache_check()]
