from django import template
from django.utils.translation import gettext_lazy as _

from common.crypto import mask_phone
from portal.display import money

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """Registered funds for the page (元 / 万元, or yuan in English)."""
    return money(amount)


@register.simple_tag(takes_context=True)
def page_url(context, page: int) -> str:
    """The current URL with ``page`` replaced, keeping the filters."""
    query = context["request"].GET.copy()
    query["page"] = page
    return "?" + query.urlencode()


@register.filter
def masked_phone(value) -> str:
    """138****1234: the public never sees a full phone number."""
    return mask_phone(value or "")


AUDIT_ACTIONS = {
    "organization.register": _("Registered (establishment or filing)"),
    "organization.derive": _("Register rebuilt from its events"),
    "organization.import": _("Imported"),
    "event.create": _("Registration event recorded"),
}
AUDIT_OBJECTS = {"Organization": _("Organization"), "RegistrationEvent": _("Registration event"),
                 "ImportJob": _("Import")}


@register.filter
def audit_action(action: str) -> str:
    """An audit event's action in words (the stored code stays in the log)."""
    return str(AUDIT_ACTIONS.get(action, action))


@register.filter
def audit_object(object_type: str) -> str:
    return str(AUDIT_OBJECTS.get(object_type, object_type))
