from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "credit"
    verbose_name = _("Credit")

    def ready(self):
        from django.db.models.signals import post_save

        from registry.models import RegistrationEvent

        from . import signals

        # The one upward notification allowed: registry does not know credit; credit listens to its events.
        post_save.connect(signals.screen_on_registration, sender=RegistrationEvent,
                          dispatch_uid="credit.screen_on_registration")
        from registry.screening_hook import register_name_screen

        from .screening import screen_batch_before_registration, screen_before_registration

        # Registration screens the name before the officer confirms (form, API, imports): registry asks, credit answers.
        register_name_screen(screen_before_registration, batch=screen_batch_before_registration)
        try:
            from supervision.ratings.eligibility import register_rating_check
        except ImportError:  # supervision without the eligibility extension point
            register_rating_check = None
        checks = ()
        if register_rating_check is not None:
            from .eligibility import not_on_a_credit_list

            checks = ((register_rating_check, not_on_a_credit_list),)
        from registry.standing import register_provider

        from .standing import for_api

        register_provider(for_api)
        from common.declarations import EVERYONE, STAFF, AppDeclaration, NavEntry, declare

        declare(AppDeclaration(
            self.label,
            urls=(("credit/", "credit.urls"),),
            api_urls=(("api/v1/", "credit.api_urls"),),
            access=("credit.access",),
            sections=("credit.public_credit",),
            nav=(
                NavEntry(_("Credit check"), "credit:check", 20, EVERYONE, current=("credit:check",)),
                NavEntry(_("Credit lists"), "credit:abnormal", 30, EVERYONE,
                         current=("credit:abnormal", "credit:serious")),
                NavEntry(_("Credit workbench"), "credit:workbench", 80, frozenset({STAFF}),
                         current=("credit:workbench",)),
            ),
            beat="credit.tasks",
            checks=checks,
        ))
