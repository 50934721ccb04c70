"""Name-screening hits as the staff pages show them: who the candidate is, how alike, and why."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCES = {
    "register": _("Registered organization"),
    "former_name": _("Former name of a registered organization"),
    "illegal": _("Suspected illegal organization (published list)"),
    "serious": _("On the serious dishonesty list"),
}


def screening_rows(hits: list[dict]) -> list[dict]:
    zh = (get_language() or "zh-hans").startswith("zh")
    return [{
        "source": SOURCES.get(hit["source"], hit["source"]),
        "name": hit["name"],
        "matched_name": hit["matched_name"] if hit["matched_name"] != hit["name"] else "",
        "code": hit.get("code") or "",
        "score": f"{hit['score']:.2f}",
        "same_authority": bool(hit.get("same_authority")),
        "features": hit["explanation_zh"] if zh else hit["explanation_en"],
        "batch": hit.get("batch") or "",
    } for hit in hits]
