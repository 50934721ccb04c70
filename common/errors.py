"""Bilingual, rule-citing errors.

Every refusal the platform gives names the rule it applies, the field (and row, for imports) and says
why in Chinese and in English. Services raise :class:`RuleViolation`; the API, the web forms and the
commands render it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NoReturn


@dataclass(frozen=True)
class Refusal:
    """The one refusal type: ``code`` is the rule id (e.g. ``NAME-TAKEN``), ``field`` the input it concerns,
    ``zh``/``en`` the reason in both languages; ``row`` and ``value`` for imports. Rules return them, services
    collect them (:class:`Collector`) and raise them (:class:`RuleViolation`)."""

    code: str
    field: str | None
    zh: str
    en: str
    row: int | None = None
    value: str | None = None
    # An eligibility answer also carries the facts and dates it rests on and the settings it read (extension
    # points such as supervision.eligibility); elsewhere both stay empty.
    facts: dict = field(default_factory=dict, compare=False)
    settings: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        data = {"code": self.code, "field": self.field, "message_zh": self.zh, "message_en": self.en}
        if self.row is not None:
            data["row"] = self.row
        if self.value is not None:
            data["value"] = self.value
        return data

    def explained(self) -> dict:
        """The eligibility form: rule, both languages, the facts (dates as ISO text) and the settings used."""
        return {"rule": self.code, "zh": self.zh, "en": self.en,
                "facts": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.facts.items()},
                "settings": list(self.settings)}

    def __str__(self) -> str:
        where = f"row {self.row} " if self.row is not None else ""
        col = f"[{self.field}] " if self.field else ""
        return f"{where}{col}{self.code}: {self.zh} / {self.en}"


@dataclass
class RuleViolation(Exception):
    """One or more problems; nothing was changed."""

    problems: list[Refusal] = field(default_factory=list)
    status: int = 400

    def __post_init__(self):
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, code: str, field_name: str | None, zh: str, en: str, status: int = 400,
            value: object = None) -> RuleViolation:
        return cls([refusal(code, field_name, zh, en, value)], status=status)

    def as_dict(self) -> dict:
        return {"errors": [p.as_dict() for p in self.problems]}


def refusal(code: str, field_name: str | None, zh: str, en: str, value: object = None) -> Refusal:
    """A :class:`Refusal` whose offending ``value`` (a date, an amount, a count …) is kept as the text shown."""
    return Refusal(code, field_name, zh, en, value=None if value is None else str(value))


class Collector:
    """Gathers every problem of one input before refusing it, so the user sees them all at once."""

    def __init__(self) -> None:
        self.problems: list[Refusal] = []

    def add(self, code: str, field_name: str | None, zh: str, en: str, value: object = None) -> None:
        self.problems.append(refusal(code, field_name, zh, en, value))

    def extend(self, problems: Iterable[Refusal]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        """Refuse the input if anything was collected; otherwise go on."""
        if self.problems:
            raise RuleViolation(list(self.problems))

    def refuse(self) -> NoReturn:
        """Refuse now, with everything collected so far (after a problem that makes further checks pointless)."""
        raise RuleViolation(list(self.problems))
