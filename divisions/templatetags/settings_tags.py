"""Settings on pages, in words: ``{% settings_table citations %}`` (a small table: setting, value, where it comes
from) and ``{{ text|settings_in_words }}`` (each ``KEY = value (source)`` citation of a text as a sentence)."""

from django import template

from divisions import settings_info

register = template.Library()


@register.inclusion_tag("divisions/_settings_table.html")
def settings_table(citations, caption=""):
    return {"rows": settings_info.parse(citations), "caption": caption}


@register.filter
def settings_in_words(text):
    return settings_info.in_words(text)


@register.filter
def without_settings(text):
    """``text`` with its setting citations left out (the page shows them in a table beside it)."""
    return settings_info.CITATION.sub("", str(text or "")).replace("()", "").replace("（）", "").strip(" ·;；")
