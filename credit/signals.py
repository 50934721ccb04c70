"""Credit's reaction to registry events: store a screening result for every newly registered or renamed
organization, for officers to review.

The registration form, the API and the imports screen the name *before* registering (registry.screening_hook,
filled in CreditConfig.ready); this receiver keeps the record afterwards. Registry must never import credit, so
credit connects it to RegistrationEvent's post_save. It runs after the registration commits and can never make it
fail.
"""

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def screen_on_registration(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    if instance.kind == "establishment" and instance.supersedes_id is None:
        trigger = "establishment"
    elif instance.kind == "change" and "name" in (instance.changes or {}):
        trigger = "rename"
    else:
        return
    org_id, event_id = instance.organization_id, instance.pk

    def run():
        from .screening import screen_organization

        try:
            screen_organization(org_id, event_id, trigger)
        except Exception:  # screening is advice for officers; the registration itself already stands
            log.exception("name screening failed for organization %s", org_id)

    transaction.on_commit(run)
