"""Per-jurisdiction settings: every local variation and every unconfirmed fact of DOMAIN.md is a setting.

``setting(key, division_code, on)`` answers with the value in force for that division on that date and says
where it came from, so a decision's explanation can name the setting (e.g. "ANNUAL_REPORT_DEADLINE = 05-31,
national default").
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings as django_settings
from django.utils import timezone

from .models import NATIONAL_CODES, Division, JurisdictionSetting

# Defaults declared by the apps (register_defaults); settings.SOCORG overrides them for a deployment.
DEFAULTS: dict[str, object] = {}


def register_defaults(values: dict) -> None:
    """Declare the national defaults of an app's settings (call at import of the app's models)."""
    for key, value in values.items():
        if key in DEFAULTS and DEFAULTS[key] != value:
            raise ValueError(f"setting {key} declared twice with different defaults")
        DEFAULTS[key] = value


@dataclass(frozen=True)
class SettingValue:
    key: str
    value: Any  # a JSON value (number, string, list, mapping), as the setting's default defines
    source: str  # "default" or the division code that set it
    effective_from: date | None = None

    @property
    def explanation(self) -> str:
        where = "默认值 / national default" if self.source == "default" else f"{self.source} 设定 / set by {self.source}"
        return f"{self.key} = {self.value!r} ({where})"


def chain(division_code: str) -> list[str]:
    """The division and its ancestors up to the nation, nearest first."""
    codes, code = [], division_code
    parents = dict(Division.objects.filter(code__in=_candidate_ancestors(division_code)).values_list("code", "parent"))
    while code and code not in codes:
        codes.append(code)
        code = parents.get(code)
    if "100000" not in codes:
        codes.append("100000")
    return codes


def _candidate_ancestors(code: str) -> list[str]:
    if code in NATIONAL_CODES:
        return [code]
    return [code, code[:4] + "00", code[:2] + "0000", "100000"]


def setting(key: str, division_code: str | None = None, on: date | None = None) -> SettingValue:
    """The value of ``key`` in force for ``division_code`` on ``on`` (today by default)."""
    on = on or timezone.localdate()
    if division_code:
        order = chain(division_code)
        rows = (JurisdictionSetting.objects.filter(key=key, division_id__in=order, effective_from__lte=on)
                .order_by("-effective_from", "-id").values_list("division_id", "value", "effective_from"))
        best: dict[str, tuple] = {}
        for division, value, since in rows:
            best.setdefault(division, (value, since))
        for code in order:
            if code in best:
                return SettingValue(key, best[code][0], code, best[code][1])
    if key in django_settings.SOCORG:
        return SettingValue(key, django_settings.SOCORG[key], "default")
    if key in DEFAULTS:
        return SettingValue(key, DEFAULTS[key], "default")
    raise KeyError(f"unknown setting {key}: declare its default with divisions.policy.register_defaults")
