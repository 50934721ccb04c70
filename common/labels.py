"""Labels of choices in both languages, for the bilingual texts the rules and pages write (zh first)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation


def bilingual_labels(choices: Iterable[Any]) -> dict[str, tuple[str, str]]:
    """``{value: (zh, en)}`` for a Django choices enum (``TextChoices``), whatever language is active."""
    items = [(str(choice.value), choice.label) for choice in choices]
    with translation.override("zh-hans"):
        zh = {value: str(label) for value, label in items}
    with translation.override("en"):
        return {value: (zh[value], str(label)) for value, label in items}
