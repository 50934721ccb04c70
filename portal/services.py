"""Jurisdiction settings (divisions.JurisdictionSetting): the one writer of a new local value (what is in force
for a division is read in :mod:`portal.queries`). An officer sets values for their own division and the divisions
below it (accounts.jurisdiction.may_act_for_division); administrators for any. A value is a new dated row, never an edit,
from a date that is not in the past (past decisions stay as they were decided), with a reason, audited."""

import json
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from audit.services import record
from common.actors import Actor
from common.clock import today
from common.errors import Collector, RuleViolation
from divisions import settings_info
from divisions.models import JurisdictionSetting
from divisions.policy import DEFAULTS, setting

from .queries import default_of, division_for

# --- the writer -----------------------------------------------------------------------------------------------

def parse_value(key: str, raw: str, problems: Collector) -> object:
    """The typed value an officer typed, shaped like the default (number, yes/no, one of the choices, or for lists
    and tables JSON of the same shape)."""
    default = default_of(key)
    info = settings_info.INFO[key]
    text = (raw or "").strip()
    if text == "":
        problems.add("SETTING-VALUE-REQUIRED", "value", f"请填写“{info.label_zh}”的取值", f"enter a value for “{info.label_en}”")
        return None
    if isinstance(default, bool):
        if text.lower() in ("true", "yes", "1", "是"):
            return True
        if text.lower() in ("false", "no", "0", "否"):
            return False
        problems.add("SETTING-VALUE-BOOL", "value", f"“{info.label_zh}”应为“是”或“否”", f"“{info.label_en}” is yes or no", text)
        return None
    if info.values:
        allowed = [v for v, _ in info.values]
        if text not in allowed:
            problems.add("SETTING-VALUE-CHOICE", "value", f"“{info.label_zh}”只能取规定的选项之一",
                         f"“{info.label_en}” takes one of the listed choices", text)
            return None
        return text
    if isinstance(default, int):
        if not text.isdigit():
            problems.add("SETTING-VALUE-INT", "value", f"“{info.label_zh}”应为不小于0的整数",
                         f"“{info.label_en}” is a whole number, 0 or more", text)
            return None
        return int(text)
    if isinstance(default, float) or (isinstance(default, str) and _is_number(default)):
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or number < 0:
            problems.add("SETTING-VALUE-NUMBER", "value", f"“{info.label_zh}”应为不小于0的数",
                         f"“{info.label_en}” is a number, 0 or more", text)
            return None
        return float(number) if isinstance(default, float) else str(number)
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if type(value) is not type(default) or (isinstance(default, dict) and default and not (
            set(value) <= set(default) and all(_same_kind(value[k], default[k], info) for k in value))):
        shape = json.dumps(default, ensure_ascii=False)
        problems.add("SETTING-VALUE-SHAPE", "value", f"“{info.label_zh}”应与默认值形式相同，如 {shape}",
                     f"“{info.label_en}” has the shape of its default, e.g. {shape}", text[:200])
        return None
    listed = isinstance(default, list)
    wrong_option = listed and bool(info.options) and not set(value) <= set(info.options)
    wrong_type = listed and not info.options and bool(default) and any(type(v) is not type(default[0]) for v in value)
    if wrong_option or wrong_type:
        problems.add("SETTING-VALUE-ITEMS", "value", f"“{info.label_zh}”含有不可用的项", f"“{info.label_en}” holds an item it cannot",
                     text[:200])
        return None
    return value


def _same_kind(value, default, info) -> bool:
    """An entry of a table by type: like the default's entry (a number, a MM-DD day, one of the choices)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, int):
        return isinstance(value, int) and value >= 0
    if info.unit == "mmdd":
        try:
            date.fromisoformat(f"2024-{value}")  # a leap year: 02-29 is a day
        except (TypeError, ValueError):
            return False
        return len(str(value)) == 5
    if info.values:
        return value in dict(info.values)
    return isinstance(value, type(default))


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


@transaction.atomic
def set_setting(actor: Actor, division_code: str, key: str, *, value: str, effective_from: str | date | None,
                reason: str) -> JurisdictionSetting:
    """A new local value of ``key`` for ``division_code`` from ``effective_from`` (default today)."""
    division = division_for(actor, division_code)
    if division is None:
        raise RuleViolation.one("NOT-FOUND", None, "未找到该行政区划，或不在你的管辖范围内",
                                "no such division within your jurisdiction", status=404)
    if key not in settings_info.INFO or key not in DEFAULTS:
        raise RuleViolation.one("SETTING-UNKNOWN", "key", "没有这项设定", "no such setting", status=404)
    problems = Collector()
    parsed = parse_value(key, value, problems)
    start: date | None = today()
    if effective_from not in (None, ""):
        try:
            start = effective_from if isinstance(effective_from, date) else date.fromisoformat(str(effective_from))
        except ValueError:
            problems.add("DATE-FORMAT", "effective_from", "生效日期格式应为 YYYY-MM-DD", "the date is YYYY-MM-DD",
                         str(effective_from)[:20])
            start = None
        if start is not None and start < today():
            problems.add("SETTING-PAST", "effective_from", f"生效日期 {start} 早于今天：已作出的决定不因新设定而改变",
                         f"{start} is in the past: decisions already made stay as they were", str(start))
    reason = (reason or "").strip()
    if not reason:
        problems.add("SETTING-REASON", "reason", "请说明设定的理由或依据（如地方文件文号）",
                     "give the reason or basis (e.g. the local document)")
    problems.raise_if_any()
    before = setting(key, division.code, start)
    row = JurisdictionSetting.objects.create(division=division, key=key, value=parsed, effective_from=start,
                                             reason=reason[:4000], set_by=actor)
    record(actor, "setting.set", "jurisdiction_setting", row.pk,
           before={"key": key, "division": division.code, "value": before.value, "source": before.source},
           after={"key": key, "division": division.code, "value": parsed, "effective_from": start},
           reason=reason)
    return row
