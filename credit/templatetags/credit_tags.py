"""Template helpers of credit: show the stored Chinese or English text in the page's language."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lang(value, key):
    """``{{ entry|lang:"why" }}`` → entry["why_zh"] on a Chinese page, entry["why_en"] on an English one."""
    suffix = "zh" if (get_language() or "zh-hans").startswith("zh") else "en"
    if isinstance(value, dict):
        return value.get(f"{key}_{suffix}", "")
    return getattr(value, f"{key}_{suffix}", "")


@register.filter
def anchor(ref):
    return str(ref).replace(":", "-")


@register.filter
def screening_source(source):
    """Where a screening candidate comes from, in the page's language (register, former name, …)."""
    from registry.screening_hook import SOURCE_LABELS

    zh, en = SOURCE_LABELS.get(source, (source, source))
    return zh if (get_language() or "zh-hans").startswith("zh") else en
