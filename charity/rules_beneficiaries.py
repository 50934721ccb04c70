"""Pure rules of a project's eligibility (no database): the rule set a project declares over beneficiary
attributes, and the check of one candidate against it. Every refusal names its rule id.

A rule set is a dict; every key is optional and an absent key adds no condition:

* ``min_age`` / ``max_age`` (whole years on the day of admission, from the ID number's date of birth) — BENEF-AGE;
* ``subsistence`` (true: only subsistence-allowance 低保 households; false: only others) — BENEF-SUBSISTENCE;
* ``residence`` ("urban" or "rural") — BENEF-RESIDENCE;
* ``admission_year`` (the year of admission to university, e.g. 2026) — BENEF-ADMISSION;
* ``one_per_household`` (true: one beneficiary per household in the project) — BENEF-HOUSEHOLD;
* ``not_combinable_projects`` (public ids of projects whose beneficiaries are refused) — BENEF-NOT-COMBINABLE;
* ``not_combinable_levels`` (levels of imported government-aid lists: province, city, county, other) —
  BENEF-NOT-COMBINABLE-LIST;
* ``not_combinable_by`` ("person", the default, or "household": what counts as the same aid recipient);
* ``amount`` (the aid per beneficiary, yuan, shown on the page).

A person is never admitted twice to the same project (BENEF-TWICE).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from common.errors import Refusal

LEVELS = ("province", "city", "county", "other")
RESIDENCES = ("urban", "rural")
BOOL_TEXT = {"true": True, "1": True, "yes": True, "是": True, "false": False, "0": False, "no": False, "否": False}


@dataclass(frozen=True)
class Candidate:
    kind: str  # "person" or "institution"
    birth_date: date | None
    subsistence: bool | None
    residence: str
    admission_year: int | None


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def parse_bool(value) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text == "":
        return None
    return BOOL_TEXT.get(text)


def _int(value, field: str, problems: list[Refusal], low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        problems.append(Refusal("BENEF-RULES", field, f"“{value}”不是整数", f"'{value}' is not a whole number",
                                value=str(value)))
        return None
    if not low <= number <= high:
        problems.append(Refusal("BENEF-RULES", field, f"{number} 不在 {low}–{high} 之间",
                                f"{number} is not between {low} and {high}", value=str(value)))
        return None
    return number


def _list(value) -> list[str]:
    if value in (None, ""):
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).replace("，", ",").replace("、", ",").split(",")
    return [str(v).strip() for v in items if str(v).strip()]


def clean_rules(data: dict) -> tuple[dict, list[Refusal]]:
    """The rule set from raw input (form, API), every problem at once."""
    problems: list[Refusal] = []
    out: dict = {}
    for key, low, high in (("min_age", 0, 150), ("max_age", 0, 150), ("admission_year", 1950, 2100)):
        number = _int(data.get(key), key, problems, low, high)
        if number is not None:
            out[key] = number
    if "min_age" in out and "max_age" in out and out["min_age"] > out["max_age"]:
        problems.append(Refusal("BENEF-RULES", "max_age", "最高年龄低于最低年龄", "the maximum age is below the minimum",
                                value=str(out["max_age"])))
    for key in ("subsistence", "one_per_household"):
        raw = data.get(key)
        flag = parse_bool(raw)
        if flag is None and raw not in (None, ""):
            problems.append(Refusal("BENEF-RULES", key, f"“{raw}”应为“是”或“否”", f"'{raw}' should be yes or no",
                                    value=str(raw)))
        elif flag is not None and (key == "subsistence" or flag):
            out[key] = flag
    residence = str(data.get("residence") or "").strip()
    if residence:
        if residence not in RESIDENCES:
            problems.append(Refusal("BENEF-RULES", "residence", "城乡应为 urban（城市）或 rural（农村）",
                                    "residence is urban or rural", value=residence))
        else:
            out["residence"] = residence
    projects = _list(data.get("not_combinable_projects"))
    if projects:
        out["not_combinable_projects"] = projects
    levels = _list(data.get("not_combinable_levels"))
    bad = [level for level in levels if level not in LEVELS]
    if bad:
        problems.append(Refusal("BENEF-RULES", "not_combinable_levels",
                                f"救助名单级别无效：{'、'.join(bad)}（应为 province、city、county、other）",
                                f"unknown aid-list levels: {', '.join(bad)} (province, city, county, other)",
                                value=",".join(bad)))
    elif levels:
        out["not_combinable_levels"] = levels
    by = str(data.get("not_combinable_by") or "").strip()
    if by:
        if by not in ("person", "household"):
            problems.append(Refusal("BENEF-RULES", "not_combinable_by", "“不得兼得”的认定应按个人或按家庭",
                                    "not combinable is counted by person or by household", value=by))
        else:
            out["not_combinable_by"] = by
    amount = data.get("amount")
    if amount not in (None, ""):
        try:
            value = Decimal(str(amount).strip())
            if value < 0 or value != value.quantize(Decimal("0.01")):
                raise InvalidOperation
            out["amount"] = str(value.quantize(Decimal("0.01")))
        except (InvalidOperation, ValueError):
            problems.append(Refusal("BENEF-RULES", "amount", f"金额“{amount}”无效", f"invalid amount '{amount}'",
                                    value=str(amount)))
    return out, problems


def check_attributes(rules: dict, candidate: Candidate, on: date) -> list[Refusal]:
    """The attribute rules of ``rules`` that ``candidate`` fails on ``on`` (empty: eligible on attributes)."""
    problems: list[Refusal] = []
    person_rules = {"min_age", "max_age", "subsistence", "residence", "admission_year", "one_per_household"}
    if candidate.kind != "person":
        if person_rules & set(rules):
            problems.append(Refusal("BENEF-KIND", "kind", "本项目的受益条件针对个人，机构不能作为受益人",
                                    "this project's conditions concern persons: an institution cannot be admitted",
                                    value=candidate.kind))
        return problems
    if "min_age" in rules or "max_age" in rules:
        if candidate.birth_date is None:
            problems.append(Refusal("BENEF-AGE", "id_number", "无法确定年龄（需要有效的居民身份证号码）",
                                    "the age cannot be determined (a valid ID number is needed)"))
        else:
            age = age_on(candidate.birth_date, on)
            low, high = rules.get("min_age"), rules.get("max_age")
            if low is not None and age < low:
                problems.append(Refusal("BENEF-AGE", "id_number", f"年龄 {age} 周岁，本项目要求 {low} 周岁以上",
                                        f"aged {age}: this project requires {low} or older", value=str(age)))
            if high is not None and age > high:
                problems.append(Refusal("BENEF-AGE", "id_number", f"年龄 {age} 周岁，本项目要求不超过 {high} 周岁",
                                        f"aged {age}: this project requires {high} or younger", value=str(age)))
    if "subsistence" in rules and candidate.subsistence is not rules["subsistence"]:
        wanted = "低保对象" if rules["subsistence"] else "非低保对象"
        problems.append(Refusal("BENEF-SUBSISTENCE", "subsistence", f"本项目只资助{wanted}",
                                "this project only aids " + ("subsistence-allowance households" if rules["subsistence"]
                                                             else "households without the subsistence allowance"),
                                value=str(candidate.subsistence)))
    if "residence" in rules and candidate.residence != rules["residence"]:
        zh = "城市" if rules["residence"] == "urban" else "农村"
        problems.append(Refusal("BENEF-RESIDENCE", "residence", f"本项目只资助{zh}居民",
                                f"this project only aids {rules['residence']} residents",
                                value=candidate.residence or "-"))
    if "admission_year" in rules and candidate.admission_year != rules["admission_year"]:
        problems.append(Refusal("BENEF-ADMISSION", "admission_year",
                                f"本项目资助 {rules['admission_year']} 年录取的学生",
                                f"this project aids students admitted in {rules['admission_year']}",
                                value=str(candidate.admission_year or "-")))
    return problems


def describe(rules: dict) -> list[tuple[str, str]]:
    """The rule set in words (zh, en), one line per condition, for pages."""
    lines: list[tuple[str, str]] = []
    if "min_age" in rules:
        lines.append((f"年满 {rules['min_age']} 周岁", f"aged {rules['min_age']} or older"))
    if "max_age" in rules:
        lines.append((f"不超过 {rules['max_age']} 周岁", f"aged {rules['max_age']} or younger"))
    if "subsistence" in rules:
        lines.append(("低保对象" if rules["subsistence"] else "非低保对象",
                      "receives the subsistence allowance" if rules["subsistence"] else "no subsistence allowance"))
    if "residence" in rules:
        lines.append(("城市居民" if rules["residence"] == "urban" else "农村居民", f"{rules['residence']} resident"))
    if "admission_year" in rules:
        lines.append((f"{rules['admission_year']} 年被录取", f"admitted in {rules['admission_year']}"))
    if rules.get("one_per_household"):
        lines.append(("每户限一人", "one per household"))
    if rules.get("not_combinable_projects"):
        lines.append(("不得与项目 " + "、".join(rules["not_combinable_projects"]) + " 兼得",
                      "not combinable with projects " + ", ".join(rules["not_combinable_projects"])))
    if rules.get("not_combinable_levels"):
        zh = {"province": "省级", "city": "市级", "county": "县级", "other": "其他"}
        lines.append(("不得与" + "、".join(zh[v] for v in rules["not_combinable_levels"]) + "救助兼得",
                      "not combinable with " + ", ".join(rules["not_combinable_levels"]) + " aid"))
    if "amount" in rules:
        lines.append((f"每人（户）{rules['amount']} 元", f"{rules['amount']} yuan each"))
    return lines
