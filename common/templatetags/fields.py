"""``{% render_field form.name %}`` (``wide=True`` for a field across the grid): the one partial that shows a
form field with its label, required marker, help and the services' bilingual problems."""

from django import template

register = template.Library()


@register.inclusion_tag("common/_field.html")
def render_field(field, wide=False):
    return {"field": field, "wide": wide}
