from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and jurisdictions")

    def ready(self):
        from common.declarations import AppDeclaration, declare

        declare(AppDeclaration(self.label, urls=(("accounts/", "accounts.urls"),), access=("accounts.access",)))
