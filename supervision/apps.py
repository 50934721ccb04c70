from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from registry.services import register_event_check

        from . import setting_labels  # noqa: F401  (the settings in words)
        from .services_reports import audit_before_legal_rep_change

        # The register refuses a change of legal representative without the departure audit (离任审计),
        # whichever interface records it; registry does not import supervision (DESIGN: dependency direction).
        register_event_check(audit_before_legal_rep_change)
