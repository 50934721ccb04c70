from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Register of social organizations")

    def ready(self):
        from . import setting_labels  # noqa: F401  (the deployment settings in words)
