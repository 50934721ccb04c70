from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        """Declare the operations page and /healthz; record every Celery task run (operations.jobs)."""
        from common.declarations import ADMIN, AppDeclaration, NavEntry, declare

        from . import jobs

        jobs.connect()
        declare(AppDeclaration(
            self.label,
            urls=(("operations/", "operations.urls"), ("healthz", "operations.health_urls")),
            access=("operations.access",),
            nav=(NavEntry(_("Operations"), "operations:status", 95, frozenset({ADMIN}),
                          current=("operations:*",)),),
        ))
