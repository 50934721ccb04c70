from datetime import date
from decimal import Decimal, InvalidOperation

from common.clock import today
from common.errors import Collector, RuleViolation
from registry.validation import parse_date, parse_money

MAX_MONEY = Decimal("99999999999999.99")  # max_digits=16, decimal_places=2
TEXT_LIMITS = {"activities": 4000, "reasons": 2000, "correction_note": 2000, "supervisor_name": 200,
               "decision_number": 100, "legal_basis": 2000, "facts": 4000, "department_name": 200,
               "correction_reason": 2000, "legal_rep_name": 64, "note": 2000, "person_name": 64, "auditor": 200,
               "report_number": 100, "summary": 4000, "reason": 2000}
# --- input cleaning --------------------------------------------------------------------------------------

def collect_text(data: dict, key: str, problems: Collector, *, required: bool = False) -> str:
    raw = data.get(key)
    value = "" if raw is None else str(raw).strip()
    if required and not value:
        problems.add("REQUIRED", key, "必填项不能为空", "this field is required")
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        problems.add("MAX-LENGTH", key, f"长度 {len(value)} 超过上限 {limit} 个字符",
              f"length {len(value)} exceeds the limit of {limit} characters", value[:200])
    return value


def collect_date(data: dict, key: str, problems: Collector, *, required: bool = False, default: date | None = None) -> date | None:
    raw = data.get(key)
    try:
        value = parse_date(raw)
    except (ValueError, TypeError):
        problems.add("DATE-FORMAT", key, "日期格式无效，应为 YYYY-MM-DD", "invalid date: use YYYY-MM-DD", str(raw)[:200])
        return None
    if value is None:
        if default is not None:
            return default
        if required:
            problems.add("REQUIRED", key, "必填项不能为空", "this field is required")
    return value


def collect_money(data: dict, key: str, problems: Collector, *, required: bool = True) -> Decimal | None:
    raw = data.get(key)
    if raw is None or str(raw).strip() == "":
        if required:
            problems.add("REQUIRED", key, "必填项不能为空", "this field is required")
        return None
    try:
        exact = Decimal(str(raw).strip())
    except InvalidOperation:
        exact = None
    if exact is not None and exact.is_finite() and exact.as_tuple().exponent < -2:
        problems.add("MONEY-DECIMALS", key, "金额最多保留两位小数（元、角、分）", "amounts have at most 2 decimal places (yuan)",
              str(raw)[:200])
        return None
    try:
        amount = parse_money(raw)
    except (InvalidOperation, ValueError, TypeError):
        problems.add("MONEY-FORMAT", key, "金额格式无效，应为以元为单位的数字", "invalid amount: a number of yuan",
              str(raw)[:200])
        return None
    if amount < 0:
        problems.add("MONEY-NEGATIVE", key, f"金额不能为负数，填报为 {amount} 元", f"amount may not be negative; given {amount}",
              str(amount))
        return None
    if amount > MAX_MONEY:
        problems.add("MONEY-TOO-LARGE", key, "金额超出上限", "amount too large", str(amount))
        return None
    return amount


def collect_count(data: dict, key: str, problems: Collector) -> int | None:
    raw = data.get(key)
    if raw is None or str(raw).strip() == "":
        problems.add("REQUIRED", key, "必填项不能为空", "this field is required")
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        problems.add("COUNT-FORMAT", key, "应为整数", "expected a whole number", str(raw)[:200])
        return None
    if value < 0:
        problems.add("COUNT-NEGATIVE", key, f"人数或个数不能为负数，填报为 {value}", f"a count may not be negative; given {value}",
              str(value))
        return None
    if value > 2_000_000_000:
        problems.add("COUNT-TOO-LARGE", key, "数值过大", "value too large", str(value))
        return None
    return value


TRUE_WORDS = {"true", "1", "yes", "on", "是", "有", "y"}
FALSE_WORDS = {"false", "0", "no", "off", "否", "无", "n"}


def collect_boolean(data: dict, key: str, problems: Collector) -> bool | None:
    raw = data.get(key)
    if isinstance(raw, bool):
        return raw
    text = "" if raw is None else str(raw).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    if text:
        problems.add("BOOLEAN-FORMAT", key, "应为“是”或“否”", "expected yes or no", text[:200])
    else:
        problems.add("REQUIRED", key, "必填项不能为空", "this field is required")
    return None


def collect_year(data: dict, problems: Collector) -> int | None:
    raw = data.get("year")
    if raw is None or str(raw).strip() == "":
        problems.add("REQUIRED", "year", "必填项不能为空", "this field is required")
        return None
    try:
        year = int(str(raw).strip())
    except ValueError:
        year = 0
    if not 1949 <= year <= 9999:
        problems.add("YEAR-FORMAT", "year", "报告年度应为四位年份，如 2024", "the report year is a four-digit year, e.g. 2024",
              str(raw)[:20])
        return None
    return year


TEXT_MAX = 4000


def parse_day(value, field: str, *, default: date | None = None, not_after_today: bool = True) -> date:
    if value in (None, ""):
        if default is None:
            raise RuleViolation.one("REQUIRED", field, "必填项不能为空", "this field is required")
        return default
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise RuleViolation.one("DATE-FORMAT", field, f"日期“{value}”格式无效，应为 YYYY-MM-DD", f"invalid date '{value}' (use YYYY-MM-DD)",
                   value=str(value)) from None
    if not_after_today and day > today():
        raise RuleViolation.one("DATE-FUTURE", field, f"日期 {day} 晚于今天", f"the date {day} is in the future", value=day.isoformat())
    return day


def clean_text(value, field: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise RuleViolation.one("REQUIRED", field, "必填项不能为空", "this field is required")
    if len(text) > max_length:
        raise RuleViolation.one("MAX-LENGTH", field, f"长度超过上限 {max_length} 个字符", f"longer than the limit of {max_length} characters")
    return text


def parse_points(value, field: str) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise RuleViolation.one("RAT-POINTS-FORMAT", field, f"分值“{value}”不是数字", f"points '{value}' is not a number", value=str(value)) from None
    if not points.is_finite() or points != points.quantize(Decimal("0.01")):
        raise RuleViolation.one("RAT-POINTS-FORMAT", field, f"分值 {value} 最多两位小数", f"points {value} may have at most two decimals",
               value=str(value))
    return points

