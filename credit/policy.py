"""The settings and the working-day calendar the rules need, loaded once per sweep instead of once per decision.

:class:`PolicyBook` answers exactly like :func:`divisions.policy.setting` (nearest division first, latest
``effective_from`` on or before the day, then ``settings.SOCORG``, then the registered default) and produces the
same :class:`divisions.policy.SettingValue`, so explanations name settings the same way everywhere. It reads the
small JurisdictionSetting table once, so a national sweep does not query per decision.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

from django.conf import settings as django_settings

from divisions.models import JurisdictionSetting
from divisions.policy import DEFAULTS, SettingValue, chain

from . import rules
from .models import Holiday


@dataclass(frozen=True)
class CachedSetting(SettingValue):
    """A SettingValue whose explanation is worked out once (a national sweep asks for it millions of times)."""

    @cached_property
    def explanation(self) -> str:
        return SettingValue.explanation.fget(self)


class PolicyBook:
    """All credit settings of every jurisdiction; :meth:`for_authority` gives one authority's :class:`rules.Policy`."""

    def __init__(self, keys=None):
        keys = list(keys or rules.DEFAULTS)
        self.rows: dict[tuple[str, str], tuple[list[date], list[object]]] = {}
        found: dict[tuple[str, str], list[tuple[date, int, object]]] = {}
        for division, key, value, since, pk in JurisdictionSetting.objects.filter(key__in=keys).values_list(
                "division_id", "key", "value", "effective_from", "id"):
            found.setdefault((key, division), []).append((since, pk, value))
        for index, rows in found.items():
            rows.sort(key=lambda r: (r[0], r[1]))
            self.rows[index] = ([r[0] for r in rows], [r[2] for r in rows])
        self.divisions_with_rows = {division for _, division in self.rows}
        self.defaults = {key: CachedSetting(key, django_settings.SOCORG.get(key, DEFAULTS.get(key, rules.DEFAULTS.get(key))),
                                           "default") for key in keys}
        self._policies: dict[str, AuthorityPolicy] = {}

    def for_authority(self, code: str) -> "AuthorityPolicy":
        policy = self._policies.get(code)
        if policy is None:
            relevant = [c for c in _chain(code) if c in self.divisions_with_rows]
            policy = AuthorityPolicy(self, relevant)
            self._policies[code] = policy
        return policy


@lru_cache(maxsize=8192)
def _chain(code: str) -> tuple[str, ...]:
    return tuple(chain(code))


class AuthorityPolicy:
    def __init__(self, book: PolicyBook, chain_codes: list[str]):
        self.book, self.chain = book, chain_codes
        self.cache: dict[tuple[str, date], SettingValue] = {}

    def get(self, key: str, on: date) -> SettingValue:
        if not self.chain:
            return self.book.defaults[key]
        cached = self.cache.get((key, on))
        if cached is not None:
            return cached
        value = self.book.defaults[key]
        for code in self.chain:
            rows = self.book.rows.get((key, code))
            if rows:
                index = bisect_right(rows[0], on)
                if index:
                    value = CachedSetting(key, rows[1][index - 1], code, rows[0][index - 1])
                    break
        self.cache[(key, on)] = value
        return value


def policy_for(authority_code: str) -> AuthorityPolicy:
    """One authority's settings (a fresh read: for services and pages, not for sweeps)."""
    return PolicyBook().for_authority(authority_code)


def work_calendar() -> rules.WorkCalendar:
    """The officers' holiday calendar as the pure rules use it."""
    holidays, workdays = set(), set()
    for day, is_workday in Holiday.objects.values_list("date", "is_workday"):
        (workdays if is_workday else holidays).add(day)
    return rules.WorkCalendar(frozenset(holidays), frozenset(workdays))
