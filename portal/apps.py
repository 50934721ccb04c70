from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from common.declarations import ANONYMOUS, EVERYONE, STAFF, AppDeclaration, NavEntry, declare

        declare(AppDeclaration(
            self.label,
            urls=(("staff/", "portal.staff_urls"), ("", "portal.urls")),
            access=("portal.access_settings",),
            nav=(
                NavEntry(_("Public search"), "portal:search", 10, EVERYONE, current=("portal:*",)),
                NavEntry(_("Workbench"), "staff:home", 60, frozenset({ANONYMOUS, STAFF}),
                         current=("staff:*", "imports:*")),
                NavEntry(_("API docs"), "/api/docs/", 1000, EVERYONE),
            ),
        ))
