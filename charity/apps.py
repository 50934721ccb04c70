from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharityConfig(AppConfig):
    name = "charity"
    verbose_name = _("Charity")

    def ready(self):
        # Credit's "not on the abnormal or serious list on that date" is a recognition and a qualification check
        # (DOMAIN §6.1: on the abnormal list at application; Order 74 Art. 5(8): on either list). Registered
        # through the same extension point shape as supervision's rating checks (charity.eligibility).
        from credit.eligibility import not_on_a_credit_list

        from . import eligibility, setting_labels  # noqa: F401  (setting_labels: the settings in words)

        eligibility.register_charity_check(eligibility.RECOGNITION, not_on_a_credit_list)
        eligibility.register_charity_check(eligibility.QUALIFICATION, not_on_a_credit_list)
        # A breach of the annual spending standards is a credit fact (charity.services_spending): credit reads it
        # through its fact-source extension point, never importing charity.
        from credit.feeds import register_source

        from .services_spending import breach_facts

        register_source(breach_facts)

        from common.declarations import EVERYONE, AppDeclaration, NavEntry, declare

        declare(AppDeclaration(
            self.label,
            urls=(("charity/", "charity.urls"),),
            api_urls=(("api/v1/", "charity.api_urls"),),
            access=("charity.access", "charity.access_benef"),
            sections=("charity.public_charity",),
            nav=(NavEntry(_("Charities"), "charity:public_list", 55, EVERYONE, current=("charity:*",)),),
        ))
