"""Turning raw input (forms, JSON, spreadsheet cells) into typed register values, with bilingual problems.

One cleaner serves the API, the web forms and the importer, so a rule is written once.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from stdnum.cn import ric

from common.errors import Refusal
from divisions.models import NATIONAL_CODES, Division, level_of_code

from .models import Level, OrgType
from .uscc import check_social_org_uscc

MAX_LENGTHS = {
    "name": 200, "legal_rep_name": 64, "supervisor": 200, "domicile": 300, "business_scope": 4000,
    "phone": 32, "street": 100, "community": 100, "decision_number": 100, "reason": 2000,
    "screening_reason": 2000,
}
TYPE_ALIASES = {
    "social_group": OrgType.SOCIAL_GROUP, "社会团体": OrgType.SOCIAL_GROUP, "社团": OrgType.SOCIAL_GROUP,
    "social_service_agency": OrgType.SOCIAL_SERVICE_AGENCY, "社会服务机构": OrgType.SOCIAL_SERVICE_AGENCY,
    "民办非企业单位": OrgType.SOCIAL_SERVICE_AGENCY, "民非": OrgType.SOCIAL_SERVICE_AGENCY,
    "foundation": OrgType.FOUNDATION, "基金会": OrgType.FOUNDATION,
    "community_org": OrgType.COMMUNITY_ORG, "社区社会组织": OrgType.COMMUNITY_ORG,
}
LEVEL_BY_DIVISION = {"national": Level.NATIONAL, "provincial": Level.PROVINCIAL, "city": Level.CITY,
                     "county": Level.COUNTY}
_PHONE = re.compile(r"^[0-9+\-() ]{5,32}$")


def division_exists(code: str) -> bool:
    return code in NATIONAL_CODES or Division.objects.filter(code=code).exists()


def refusal(code: str, field: str | None, zh: str, en: str, value: object = None, *,
            row: int | None = None) -> Refusal:
    """A refusal of rule ``code``, the value as text (at most 200 characters) and, for imports, its row."""
    return Refusal(code, field, zh, en, row=row, value=None if value is None else str(value)[:200])


def parse_date(value) -> date | None:
    """2016-04-25, 2016/4/25, 2016年4月25日, 20160425, or a date/datetime (Excel cells)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text)
    if not m:
        raise ValueError(text)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse_money(value) -> Decimal | None:
    """Yuan as Decimal: 800, "800.00", "800万元", "800.00 万元", "1,200元"."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
        factor = Decimal(1)
        if text.endswith("元"):
            text = text[:-1]
        if text.endswith("万"):
            text, factor = text[:-1], Decimal(10000)
        elif text.endswith("亿"):
            text, factor = text[:-1], Decimal(100000000)
        amount = Decimal(text) * factor
    if not amount.is_finite():
        raise InvalidOperation
    return amount.quantize(Decimal("0.01"))


def clean_text(data: dict, key: str, problems: list, *, required: bool = False) -> str:
    raw = data.get(key)
    value = "" if raw is None else str(raw).strip()
    if required and not value:
        problems.append(refusal("REQUIRED", key, "必填项不能为空", "this field is required"))
    limit = MAX_LENGTHS.get(key)
    if limit and len(value) > limit:
        problems.append(refusal("MAX-LENGTH", key, f"长度 {len(value)} 超过上限 {limit} 个字符",
                          f"length {len(value)} exceeds the limit of {limit} characters", value))
    return value


def clean_org_type(raw, problems: list) -> str | None:
    value = TYPE_ALIASES.get(str(raw or "").strip())
    if value is None:
        problems.append(refusal("ORG-TYPE", "org_type", "组织类型无效：应为社会团体、社会服务机构（民办非企业单位）、基金会或社区社会组织",
                          "unknown organization type: expected social group, social service agency, foundation or "
                          "community organization", raw))
    return value


def clean_authority(raw, problems: list, *, authority_names: dict | None = None) -> Division | None:
    """A six-digit code, or the authority's name (民政部, 北京市民政局)."""
    text = str(raw or "").strip()
    code = text
    if not re.fullmatch(r"\d{6}", text):
        code = (authority_names or {}).get(text) or resolve_authority_name(text)
    division = Division.objects.filter(code=code).first() if code else None
    if division is None:
        problems.append(_unknown_authority(text))
    return division


def _unknown_authority(text: str) -> Refusal:
    return refusal("DIVISION-UNKNOWN", "authority", f"未知的登记管理机关（行政区划）：{text or '（空）'}",
             f"unknown registering authority (division): {text or '(empty)'}", text)


def resolve_authority_name(name: str) -> str | None:
    """民政部 → 100000; 北京市民政局 → 110000; 某某区民政局 → that county (current codes first)."""
    if not name:
        return None
    if name in ("民政部", "中华人民共和国民政部"):
        return "100000"
    stem = re.sub(r"(民政厅|民政局|民政处)$", "", name)
    if stem == name:
        return None
    for division in Division.objects.filter(status="in_use").order_by("code"):
        if division.full_name == stem or (division.level == "provincial" and division.name == stem):
            return division.code
    return None


def level_for(division: Division) -> str:
    return level_for_code(division.code)


def level_for_code(code: str) -> str:
    """The register's level of an organization registered by the authority of division ``code``."""
    return LEVEL_BY_DIVISION[level_of_code(code)]


def clean_organization(data: dict, *, today: date, settings_socorg: dict) -> tuple[dict, list[Refusal]]:
    """Validate a whole establishment record; return the typed values and every problem found."""
    return clean_organization_with(data, today=today, settings_socorg=settings_socorg, divisions=None)


def clean_organization_with(data: dict, *, today: date, settings_socorg: dict,
                            divisions: "DivisionLookup | None") -> tuple[dict, list[Refusal]]:
    """:func:`clean_organization`, looking divisions up in ``divisions`` (in memory) when given: the bulk
    import cleans a million rows with the same rules and no query per row."""
    problems: list[Refusal] = []
    out: dict = {}
    org_type = clean_org_type(data.get("org_type"), problems)
    out["org_type"] = org_type
    if divisions is None:
        division = clean_authority(data.get("authority"), problems)
    else:
        division = divisions.clean_authority(data.get("authority"), problems)
    out["authority"] = division
    for key in ("name", "legal_rep_name", "supervisor", "domicile", "business_scope", "phone", "street", "community"):
        out[key] = clean_text(data, key, problems, required=key in ("name", "legal_rep_name", "domicile"))
    if out["phone"] and not _PHONE.match(out["phone"]):
        problems.append(refusal("PHONE-FORMAT", "phone", "联系电话格式无效", "contact phone is not a phone number", out["phone"]))

    uscc = str(data.get("uscc") or "").strip().upper()
    out["uscc"] = uscc or None
    if org_type == OrgType.COMMUNITY_ORG:
        if uscc:
            problems.append(refusal("COMMUNITY-NO-USCC", "uscc", "备案的社区社会组织没有统一社会信用代码",
                              "a filed community organization has no unified social credit code", uscc))
        if not out["street"]:
            problems.append(refusal("COMMUNITY-STREET", "street", "社区社会组织须填写所在街道（乡镇）",
                              "a community organization must name its street or township"))
        if division is not None and level_for(division) != Level.COUNTY:
            problems.append(refusal("COMMUNITY-COUNTY", "authority", "社区社会组织由县级民政部门备案",
                              "community organizations are filed with a county-level civil-affairs department",
                              division.code))
    else:
        if not uscc:
            problems.append(refusal("REQUIRED", "uscc", "必填项不能为空", "this field is required"))
        else:
            problems.extend(check_social_org_uscc(uscc, org_type, division_exists if divisions is None
                                                  else divisions.exists))
        if org_type == OrgType.FOUNDATION and division is not None:
            allowed = settings_socorg["FOUNDATION_REGISTRATION_LEVELS"]
            if level_for(division) not in allowed:
                problems.append(refusal("FOUNDATION-LEVEL", "authority",
                                  f"基金会只能由{'、'.join(_level_zh(x) for x in allowed)}登记管理机关登记（设置 FOUNDATION_REGISTRATION_LEVELS）",
                                  f"foundations are registered only at the {', '.join(allowed)} level "
                                  "(setting FOUNDATION_REGISTRATION_LEVELS)", division.code))

    try:
        founded = parse_date(data.get("founded_on"))
        if founded is None:
            problems.append(refusal("REQUIRED", "founded_on", "必填项不能为空", "this field is required"))
        elif founded > today:
            problems.append(refusal("DATE-FUTURE", "founded_on", f"成立日期 {founded} 晚于今天",
                              f"founding date {founded} is in the future", founded))
        out["founded_on"] = founded
    except (ValueError, TypeError):
        problems.append(refusal("DATE-FORMAT", "founded_on", "日期格式无效（应为 2016-04-25、2016/4/25 或 2016年4月25日）",
                          "invalid date (expected 2016-04-25, 2016/4/25 or 2016年4月25日)", data.get("founded_on")))
        out["founded_on"] = None
    out["registered_funds"] = clean_funds(data.get("registered_funds"), problems)
    out["legal_rep_id"] = clean_id_number(data.get("legal_rep_id"), problems)
    return out, problems


def clean_funds(raw, problems: list) -> Decimal | None:
    try:
        funds = parse_money(raw)
    except (InvalidOperation, ValueError, TypeError):
        problems.append(refusal("MONEY-FORMAT", "registered_funds", "金额格式无效", "invalid amount of money", raw))
        return None
    if funds is not None and funds < 0:
        problems.append(refusal("MONEY-NEGATIVE", "registered_funds", "注册资金不能为负数", "registered funds cannot be negative",
                          funds))
    if funds is not None and funds >= Decimal("1e14"):
        problems.append(refusal("MONEY-RANGE", "registered_funds", "金额过大", "amount too large", funds))
    return funds


def _ric_valid(value: str) -> bool:
    # python-stdnum 2.2 raises KeyError (not a ValidationError) when its place table knows the prefecture of
    # the first six digits but not the county: treat that as the unknown birth place it is.
    try:
        return ric.is_valid(value)
    except KeyError:
        return False


def clean_id_number(raw, problems: list) -> str:
    value = str(raw or "").strip().upper()
    if value and not _ric_valid(value):
        problems.append(refusal("RIC-INVALID", "legal_rep_id", "法定代表人身份证号码无效（GB 11643 校验不通过）",
                          "legal representative's ID number is invalid (fails the GB 11643 check)"))
    return value


def _level_zh(level: str) -> str:
    return {"national": "全国", "provincial": "省级", "city": "市级", "county": "县级"}.get(level, level)


_AUTHORITY_SUFFIX = re.compile(r"(民政厅|民政局|民政处)$")
_SIX_DIGITS = re.compile(r"\d{6}")


class DivisionLookup:
    """Every division in memory, for cleaning many rows at once (imports): no query per row.

    Answers as :func:`clean_authority`, :func:`division_exists` and :func:`resolve_authority_name` do (a test
    checks every current authority name against the latter), from one query at construction.
    """

    def __init__(self):
        self.by_code: dict[str, Division] = {d.code: d for d in Division.objects.all()}
        self._by_stem: dict[str, str] = {}
        for division in sorted(self.by_code.values(), key=lambda d: d.code):
            if division.status != "in_use":
                continue
            self._by_stem.setdefault(division.full_name, division.code)
            if division.level == "provincial":
                self._by_stem.setdefault(division.name, division.code)
        self._cache: dict[str, Division | None] = {}

    def exists(self, code: str) -> bool:
        return code in NATIONAL_CODES or code in self.by_code

    def resolve_name(self, name: str) -> str | None:
        if not name:
            return None
        if name in ("民政部", "中华人民共和国民政部"):
            return "100000"
        stem = _AUTHORITY_SUFFIX.sub("", name)
        return None if stem == name else self._by_stem.get(stem)

    def find(self, raw) -> Division | None:
        """The division for a six-digit code or an authority name, or None."""
        text = str(raw or "").strip()
        if text not in self._cache:
            code = text if _SIX_DIGITS.fullmatch(text) else self.resolve_name(text)
            self._cache[text] = self.by_code.get(code) if code else None
        return self._cache[text]

    def clean_authority(self, raw, problems: list) -> Division | None:
        division = self.find(raw)
        if division is None:
            problems.append(_unknown_authority(str(raw or "").strip()))
        return division


STATUS_ALIASES = {
    "正常": "active", "存续": "active", "active": "active",
    "注销": "deregistered", "已注销": "deregistered", "注销登记": "deregistered", "deregistered": "deregistered",
    "撤销": "revoked", "已撤销": "revoked", "撤销登记": "revoked", "revoked": "revoked",
    "吊销": "certificate_cancelled", "已吊销": "certificate_cancelled", "吊销登记证书": "certificate_cancelled",
    "certificate_cancelled": "certificate_cancelled",
}


def clean_status(raw, problems: list) -> str | None:
    """登记状态: 正常, 注销, 撤销 or 吊销 (or the English codes); empty means 正常."""
    text = str(raw or "").strip()
    if not text:
        return "active"
    status = STATUS_ALIASES.get(text) or STATUS_ALIASES.get(text.lower())
    if status is None:
        problems.append(refusal("STATUS-VALUE", "status", f"登记状态无效：{text}（应为正常、注销、撤销或吊销）",
                          f"invalid registration status: {text} (expected 正常, 注销, 撤销 or 吊销)", text))
    return status
