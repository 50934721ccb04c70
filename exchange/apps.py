from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Resources and purchased services")

    def ready(self):
        """Declare what this app adds to the project (common/declarations.py: AppDeclaration has every field)."""
        from common.declarations import EVERYONE, AppDeclaration, NavEntry, declare

        from . import setting_labels  # noqa: F401  (the settings in words)

        declare(AppDeclaration(
            self.label,
            urls=(("exchange/", "exchange.urls"),),
            api_urls=(("api/v1/", "exchange.api_urls"),),
            access=("exchange.access",),
            nav=(NavEntry(_("Resources and needs"), "exchange:home", 57, EVERYONE, current=("exchange:*",)),),
        ))
