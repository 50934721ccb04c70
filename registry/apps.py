from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Register of social organizations")

    def ready(self):
        from common.declarations import AppDeclaration, declare

        from . import setting_labels  # noqa: F401  (the deployment settings in words)
        from .imports import tasks  # noqa: F401  (Celery's autodiscovery looks only for registry.tasks)

        declare(AppDeclaration(
            self.label,
            urls=(("staff/imports/", "registry.imports.urls"),),
            api_urls=(("api/v1/", "registry.api_urls"), ("api/v1/", "registry.imports.api_urls")),
            access=("registry.imports.access",),
        ))
