from django import template

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
