"""Public reads from a read replica, when one is configured (``DATABASE_REPLICA_URL``).

:class:`ReplicaReadsMiddleware` marks a request as a public read (anonymous, GET or HEAD) for its duration;
:class:`PublicReadsToReplica` then sends that request's reads to the ``replica`` database. Everything else —
writes, signed-in users (staff must see their own writes at once), the database cache (rate-limit counters must
be exact) — uses the primary. The replica is kept in step by PostgreSQL streaming replication (docs/deployment.md);
migrations run on the primary only."""

from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
CACHE_APP = "django_cache"  # the database cache's model: counters are read and written on the primary
_public_read: ContextVar[bool] = ContextVar("socorg_public_read", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class PublicReadsToReplica:
    def db_for_read(self, model, **hints):
        if _public_read.get() and model._meta.app_label != CACHE_APP and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Place after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (replica_configured() and request.method in ("GET", "HEAD")
                  and not request.user.is_authenticated)
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
