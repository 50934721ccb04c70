"""Labels of choices in both languages, for the bilingual texts the rules and pages write (zh first)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.utils import translation


class Bilingual(NamedTuple):
    """A name or a sentence in both languages: ``.zh`` and ``.en`` (it still unpacks as ``zh, en``)."""

    zh: str
    en: str


def bilingual_labels(choices: Iterable[Any]) -> dict[str, Bilingual]:
    """``{value: Bilingual(zh, en)}`` for a Django choices enum (``TextChoices``), whatever language is active."""
    items = [(str(choice.value), choice.label) for choice in choices]
    with translation.override("zh-hans"):
        zh = {value: str(label) for value, label in items}
    with translation.override("en"):
        return {value: Bilingual(zh[value], str(label)) for value, label in items}
