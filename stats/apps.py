from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from common.declarations import EVERYONE, AppDeclaration, NavEntry, declare

        declare(AppDeclaration(
            self.label,
            urls=(("stats/", "stats.urls"), ("open-data/", "stats.opendata_urls")),
            api_urls=(("api/v1/", "stats.api_urls"),),
            access=("stats.access",),
            nav=(NavEntry(_("Statistics"), "stats:dashboard", 57, EVERYONE, current=("stats:*",)),),
            # After credit's sweep (01:30): the statistics snapshot (02:30) counts both sweeps' results.
            beat="stats.tasks",
        ))
