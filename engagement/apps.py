from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Social participation")

    def ready(self):
        """Declare what this app adds to the project (common/declarations.py)."""
        from common.declarations import EVERYONE, STAFF, AppDeclaration, NavEntry, declare

        from . import setting_labels  # noqa: F401  (the settings in words)

        declare(AppDeclaration(
            self.label,
            urls=(("engagement/", "engagement.urls"),),
            api_urls=(("api/v1/", "engagement.api_urls"),),
            access=("engagement.access",),
            sections=("engagement.public_engagement",),
            nav=(NavEntry(_("Social participation"), "engagement:home", 56, EVERYONE,
                          current=("engagement:*",), not_current=("engagement:workbench",)),
                 NavEntry(_("Participation workbench"), "engagement:workbench", 85, frozenset({STAFF}),
                          current=("engagement:workbench",))),
            beat="engagement.tasks",
        ))
