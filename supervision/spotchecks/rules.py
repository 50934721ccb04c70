"""Pure rules of 双随机、一公开 random spot checks (民发〔2017〕45号, DOMAIN §7). No database here.

Rule ids:
  SPOT-RATE        a periodic plan samples at least the minimum rate of its authority's level (Art. 5)
  SPOT-SIZE        sample size = ceil(candidates x rate / 100), at least 1 when there is a candidate
  SPOT-EXCLUDE     organizations drawn in the last N months may be left out of the candidates
  SPOT-INSPECTORS  each target gets at least N inspectors (default 2); on-site checks need at least 2 present
  SPOT-CONFLICT    an inspector never checks an organization they declared a conflict with
  SPOT-VERIFY      a draw re-run from its stored inputs gives the stored result
"""

import calendar
import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from common.errors import RuleViolation
from supervision.days import add_years

PERIODIC = "periodic"
AD_HOC = "ad_hoc"
GENERAL = "general"
LEVEL_RATE_SETTINGS = {
    "county": "SPOT_CHECK_MIN_RATE_COUNTY",
    "city": "SPOT_CHECK_MIN_RATE_CITY",
    "provincial": "SPOT_CHECK_MIN_RATE_PROVINCIAL",
    "national": "SPOT_CHECK_MIN_RATE_NATIONAL",
}
LEVEL_ZH = {"county": "县级", "city": "设区的市级", "provincial": "省级", "national": "民政部（全国）"}


def parse_rate(value, field: str = "rate") -> Decimal:
    """A percentage 0 < rate <= 100, two decimals at most."""
    try:
        rate = Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        raise RuleViolation.one("SPOT-RATE-FORMAT", field, f"抽查比例“{value}”不是数字（百分比，如 5 表示 5%）",
                        f"sampling rate '{value}' is not a number (a percentage: 5 means 5%)", value=str(value)) from None
    if not rate.is_finite() or rate <= 0 or rate > 100 or rate != rate.quantize(Decimal("0.01")):
        raise RuleViolation.one("SPOT-RATE-FORMAT", field, f"抽查比例 {value} 应大于 0、不超过 100，最多两位小数",
                        f"sampling rate {value} must be above 0 and at most 100, with at most two decimals",
                        value=str(value))
    return rate.quantize(Decimal("0.01"))


def check_minimum(*, rate: Decimal, minimum: Decimal, level: str, kind: str, setting_explanation: str,
                  field: str = "rate") -> None:
    """SPOT-RATE: periodic plans only; ad-hoc sampling uses "rates as needed" (Art. 5)."""
    if kind == PERIODIC and rate < minimum:
        raise RuleViolation.one(
            "SPOT-RATE", field,
            f"定期抽查比例 {rate}% 低于{LEVEL_ZH.get(level, level)}登记管理机关的法定最低比例 {minimum}%"
            f"（《社会组织抽查暂行办法》第五条；{setting_explanation}）",
            f"the periodic sampling rate {rate}% is below the legal minimum of {minimum}% for a {level} "
            f"registration authority (MCA 2017 No. 45 Art. 5; {setting_explanation})", value=str(rate))


def sample_size(candidates: int, rate: Decimal) -> int:
    """SPOT-SIZE."""
    if candidates <= 0:
        return 0
    return min(candidates, max(1, math.ceil(Decimal(candidates) * rate / 100)))


def excluded_since(day: date, months: int) -> date | None:
    """SPOT-EXCLUDE: organizations drawn on or after this date are left out (None: no exclusion)."""
    if months <= 0:
        return None
    target_year, index = divmod(day.year * 12 + day.month - 1 - months, 12)
    target_month = index + 1
    last = calendar.monthrange(target_year, target_month)[1]
    return date(target_year, target_month, min(day.day, last))


@dataclass(frozen=True)
class Stratum:
    """A part of the candidate list sampled at its own rate (e.g. foundations, or charities at 100%)."""

    name: str
    rate: Decimal
    source: str  # where the rate comes from: the plan or a setting


def stratum_sizes(counts: dict[str, int], strata: list[Stratum]) -> dict[str, int]:
    """The sample size of each stratum, in draw order."""
    return {s.name: sample_size(counts.get(s.name, 0), s.rate) for s in strata}


def canonical_sha256(value) -> str:
    """SHA-256 of the canonical JSON of ``value`` (sorted keys, no spaces, UTF-8): the published fingerprint."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def check_on_site(*, method: str, inspectors: int, minimum: int, setting_explanation: str) -> None:
    """SPOT-INSPECTORS: an on-site check needs at least ``minimum`` inspectors (default 2)."""
    if method == "on_site" and inspectors < minimum:
        raise RuleViolation.one("SPOT-INSPECTORS", "inspectors",
                        f"实地检查须有至少 {minimum} 名检查人员，现只有 {inspectors} 名（{setting_explanation}）",
                        f"an on-site check needs at least {minimum} inspectors; {inspectors} given "
                        f"({setting_explanation})", value=str(inspectors))


def rectification_deadline_ok(issued_on: date, deadline: date) -> None:
    if deadline <= issued_on:
        raise RuleViolation.one("SPOT-DEADLINE", "deadline", f"整改期限 {deadline} 应晚于通知日期 {issued_on}",
                        f"the rectification deadline {deadline} must be after the notice date {issued_on}",
                        value=deadline.isoformat())
    if deadline > add_years(issued_on, 1):
        raise RuleViolation.one("SPOT-DEADLINE", "deadline", f"整改期限 {deadline} 超过通知日期后一年",
                        f"the rectification deadline {deadline} is more than a year after the notice",
                        value=deadline.isoformat())
