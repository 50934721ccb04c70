"""Pure rules of charity recognition, the public-fundraising qualification and fundraising plans (DOMAIN §6).

No database here: facts in, decisions out, each rule with the id that decisions cite. The national defaults of
every time limit and ratio are in :data:`DEFAULTS` (declared as per-jurisdiction settings by ``charity.models``);
facts DOMAIN marks [unconfirmed] are settings whose default adds no condition of its own.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from common.errors import Refusal

RECOGNITION, QUALIFICATION = "recognition", "qualification"
CHARITY_TYPES = ("foundation", "social_group", "social_service_agency")  # Law Art. 8

# The 2016 three-ministry table (DOMAIN §6.4, S53). One row per tier: the class of organization, whether it holds
# the qualification, the lowest prior-year-end net assets of the tier (yuan), the spending ratio and its base, the
# management-cost ceiling (share of the year's total spending) and, for the smallest non-public 社团/社服, the
# additional share of prior-year income. Tiers marked unconfirmed in DOMAIN are kept; every tier is a setting.
SPENDING_TABLE = [
    {"tier": "F-PUB", "class": "foundation", "public": True, "min_net_assets": "0", "spend": "0.70",
     "base": "income", "mgmt": "0.10"},
    {"tier": "O-PUB", "class": "other", "public": True, "min_net_assets": "0", "spend": "0.70",
     "base": "income", "mgmt": "0.13"},
    {"tier": "F-6000", "class": "foundation", "public": False, "min_net_assets": "60000000", "spend": "0.06",
     "base": "net_assets", "mgmt": "0.12"},
    {"tier": "F-800", "class": "foundation", "public": False, "min_net_assets": "8000000", "spend": "0.06",
     "base": "net_assets", "mgmt": "0.13"},
    {"tier": "F-400", "class": "foundation", "public": False, "min_net_assets": "4000000", "spend": "0.07",
     "base": "net_assets", "mgmt": "0.15"},
    {"tier": "F-0", "class": "foundation", "public": False, "min_net_assets": "0", "spend": "0.08",
     "base": "net_assets", "mgmt": "0.20"},
    {"tier": "O-1000", "class": "other", "public": False, "min_net_assets": "10000000", "spend": "0.06",
     "base": "net_assets", "mgmt": "0.13"},
    {"tier": "O-500", "class": "other", "public": False, "min_net_assets": "5000000", "spend": "0.07",
     "base": "net_assets", "mgmt": "0.14"},
    {"tier": "O-100", "class": "other", "public": False, "min_net_assets": "1000000", "spend": "0.08",
     "base": "net_assets", "mgmt": "0.15"},
    {"tier": "O-0", "class": "other", "public": False, "min_net_assets": "0", "spend": "0.08",
     "base": "net_assets", "mgmt": "0.20", "income_share": "0.50"},
]

DEFAULTS = {
    # Law Art. 10 (2023): 认定 decided within 20 days; extension ≤ 60 days with MCA approval [primary].
    "CHARITY_RECOGNITION_DECISION_DAYS": 20,
    # Law Art. 22 (2023): the qualification decided within 20 days [primary].
    "CHARITY_QUALIFICATION_DECISION_DAYS": 20,
    "CHARITY_DECISION_EXTENSION_MAX_DAYS": 60,
    # The law says "日" without "工作日": calendar days, a last day off work moving to the next working day.
    # "working" counts working days of the holiday calendar instead (a local reading of 行政许可法 Art. 82).
    "CHARITY_DECISION_DAY_COUNT": "calendar",
    # Law Art. 22 (2023): registered at least one year (满一年) for the qualification [primary].
    "CHARITY_QUALIFICATION_MIN_YEARS": 1,
    # Order 58 (2016) Art. 8: an administrative penalty within 2 years before applying (Order 73 not seen).
    "CHARITY_RECOGNITION_PENALTY_YEARS": 2,
    # Order 74 Art. 5 (commentary S45): no violations in the 1 year before applying (was 2).
    "CHARITY_QUALIFICATION_PENALTY_YEARS": 1,
    # Order 59 required 3A or above; whether Order 74 keeps it is unconfirmed: "" adds no condition.
    "CHARITY_QUALIFICATION_MIN_GRADE": "",
    # Law Art. 111: after the qualification is revoked, no application for 5 years [primary].
    "CHARITY_QUALIFICATION_REAPPLY_BAR_YEARS": 5,
    # No bar after a revoked recognition is given in DOMAIN: 0 adds none.
    "CHARITY_RECOGNITION_REAPPLY_BAR_YEARS": 0,
    # Order 74 Art. 5(3): a board of supervisors of at least 3 at provincial level or above.
    "CHARITY_SUPERVISORS_MIN_PROVINCIAL": 3,
    "CHARITY_SPENDING_TABLE": SPENDING_TABLE,
    # Three-ministry rule Art. 11: management costs under 200,000 yuan are exempt from the ratio.
    "CHARITY_MGMT_EXEMPT_BELOW": "200000",
    # How a breach of the spending standards counts in credit: "abnormal" = for a charity holding the
    # public-fundraising qualification, the abnormal-list ground of no longer meeting the qualification conditions
    # (Order 60 ground 4 with Order 74 Art. 5, S45 [secondary]), an information fact for other charities;
    # "information" = an information fact only.
    "CHARITY_SPENDING_BREACH_GROUND": "abnormal",
    # MCA guideline (2026-01-01, S50): file 10 days before fundraising starts [secondary].
    "CHARITY_PLAN_LEAD_DAYS": 10,
    # Law Art. 73: an emergency plan is filed within 10 days after fundraising started [primary].
    "CHARITY_EMERGENCY_FILING_DAYS": 10,
    # Law Art. 72: emergency receipts disclosed at least every 5 days [primary].
    "CHARITY_EMERGENCY_DISCLOSURE_DAYS": 5,
    # Law Art. 79: projects longer than 6 months disclose at least every 3 months, and in full within 3 months
    # after the end [primary].
    "CHARITY_PROJECT_LONG_MONTHS": 6,
    "CHARITY_PROJECT_PROGRESS_MONTHS": 3,
    "CHARITY_PROJECT_FINAL_MONTHS": 3,
    # How many days ahead a disclosure deadline is shown as a reminder (a page setting, not a legal condition).
    "CHARITY_PROJECT_REMINDER_DAYS": 15,
    # Law Art. 27: online fundraising on an MCA-designated platform. The list is not in DOMAIN: empty = any
    # platform name is accepted and shown as declared.
    "CHARITY_DESIGNATED_PLATFORMS": [],
}


# --- the decision clock ---------------------------------------------------------------------------------------

def decision_due(applied_on: date, days: int, count: str, calendar) -> date:
    """The last day of a decision period of ``days`` from ``applied_on`` (the day itself not counted).
    ``calendar`` is a credit.rules.WorkCalendar; ``count`` is "calendar" or "working"."""
    if count == "working":
        return calendar.add_working_days(applied_on, days)
    return calendar.deadline(applied_on, days)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def registered_full_years(founded_on: date, on: date, years: int) -> tuple[bool, date]:
    """满 N 年: on or after the N-th anniversary of the founding date; returns (met, the first day it is met)."""
    opens = add_years(founded_on, years)
    return on >= opens, opens


# --- governance (Order 74 Art. 5) -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GovItem:
    id: str
    zh: str
    en: str
    provincial_only: bool = False


GOVERNANCE_ITEMS = (
    GovItem("GOV-1", "治理结构健全，理事会能够有效决策（第五条第一项）",
            "sound governance with an effective board (Art. 5(1))"),
    GovItem("GOV-2A", "来自同一组织或相互间存在关联关系组织的理事不超过理事总数的三分之一（第五条第二项）",
            "at most one third of the board from the same or related organizations (Art. 5(2))"),
    GovItem("GOV-2B", "理事之间不存在近亲属关系（第五条第二项）", "no near relatives serving together on the board (Art. 5(2))"),
    GovItem("GOV-2C", "非内地居民理事不超过理事总数的三分之一（第五条第二项）",
            "at most one third of the board not mainland residents (Art. 5(2))"),
    GovItem("GOV-2D", "法定代表人由内地居民担任（第五条第二项）", "the legal representative is a mainland resident (Art. 5(2))"),
    GovItem("GOV-2E", "秘书长为专职（第五条第二项）", "a full-time secretary-general (Art. 5(2))"),
    GovItem("GOV-2F", "理事长（会长）与秘书长不由同一人兼任（第五条第二项）",
            "the chair is not also the secretary-general (Art. 5(2))"),
    GovItem("GOV-2G", "有与本组织慈善活动相适应的专职工作人员（第五条第二项）", "adequate full-time staff (Art. 5(2))"),
    GovItem("GOV-3", "监事依法履职（第五条第三项）", "supervisors actually perform their duties (Art. 5(3))"),
    GovItem("GOV-3P", "在省级以上登记的，监事会成员不少于规定人数（第五条第三项）",
            "registered at provincial level or above: a board of supervisors of at least the required size (Art. 5(3))",
            provincial_only=True),
    GovItem("GOV-4", "财务、项目、采购、资产、人事、档案、会计监督、信息公开等内部制度健全（第五条第四项）",
            "a full set of internal systems: finance, projects, procurement, assets, personnel, archives, "
            "accounting supervision, information disclosure (Art. 5(4))"),
    GovItem("GOV-5", "执行国家统一的会计制度（第五条）", "national uniform accounting system applied (Art. 5)"),
)
GOVERNANCE_BY_ID = {item.id: item for item in GOVERNANCE_ITEMS}


def governance_items_for(level: str) -> list[GovItem]:
    provincial = level in ("national", "provincial")
    return [item for item in GOVERNANCE_ITEMS if provincial or not item.provincial_only]


def check_governance(checklist, level: str, supervisors_min: int) -> tuple[list[dict], list[Refusal]]:
    """The Art. 5 checklist as declared by the applicant: every applicable item met and backed by evidence.
    Returns the cleaned checklist (id, met, evidence[, supervisors]) and the problems, one per failing item."""
    problems: list[Refusal] = []
    if not isinstance(checklist, dict):
        return [], [Refusal("QUAL-GOVERNANCE", "governance", "治理条件清单应为对象（条目编号 → 是否符合、证明材料）",
                              "the governance checklist must be an object (item id -> met, evidence)")]
    unknown = sorted(set(checklist) - set(GOVERNANCE_BY_ID))
    for key in unknown:
        problems.append(Refusal("QUAL-GOVERNANCE", f"governance.{key}", f"未知的治理条件条目“{key}”",
                                  f"unknown governance item '{key}'", value=str(key)))
    cleaned = []
    for item in governance_items_for(level):
        entry = checklist.get(item.id)
        where = f"governance.{item.id}"
        if not isinstance(entry, dict):
            problems.append(Refusal(item.id, where, f"未申报：{item.zh}", f"not declared: {item.en}"))
            continue
        met = entry.get("met") is True or str(entry.get("met")).lower() in ("true", "1", "yes", "on")
        evidence = str(entry.get("evidence") or "").strip()[:1000]
        row = {"id": item.id, "met": met, "evidence": evidence}
        if not met:
            problems.append(Refusal(item.id, where, f"不符合：{item.zh}", f"not met: {item.en}"))
        elif not evidence:
            problems.append(Refusal(item.id, f"{where}.evidence", f"缺少证明材料：{item.zh}",
                                      f"no evidence given: {item.en}"))
        if item.id == "GOV-3P":
            try:
                count = int(entry.get("supervisors") or 0)
            except (TypeError, ValueError):
                count = 0
            row["supervisors"] = count
            if count < supervisors_min:
                problems.append(Refusal(item.id, f"{where}.supervisors",
                                          f"监事会成员 {count} 人，少于 {supervisors_min} 人（第五条第三项）",
                                          f"{count} supervisors, fewer than {supervisors_min} (Art. 5(3))",
                                          value=str(count)))
        cleaned.append(row)
    return cleaned, problems


# --- spending and management costs (three-ministry rule, DOMAIN §6.4) -----------------------------------------

@dataclass(frozen=True)
class YearFigures:
    """One annual report's figures (yuan)."""

    year: int
    income_total: Decimal
    charitable_spending: Decimal
    management_costs: Decimal
    total_spending: Decimal
    net_assets: Decimal


@dataclass
class SpendingResult:
    year: int
    tier: str = ""
    exempt: str = ""  # why the year is exempt, if it is
    ok: bool = True
    problems: list[Refusal] = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    lines: list[tuple[str, str]] = field(default_factory=list)  # the explanation, step by step (zh, en)


def pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def yuan(value: Decimal) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def tier_for(table: list[dict], org_type: str, public: bool, net_assets: Decimal) -> dict:
    cls = "foundation" if org_type == "foundation" else "other"
    rows = [r for r in table if r["class"] == cls and bool(r["public"]) == public]
    rows.sort(key=lambda r: Decimal(r["min_net_assets"]), reverse=True)
    for row in rows:
        if net_assets >= Decimal(row["min_net_assets"]):
            return row
    return rows[-1]


def check_spending(*, year: int, org_type: str, public: bool, founded_on: date, this: YearFigures | None,
                   prior: list[YearFigures], table: list[dict], mgmt_exempt_below: Decimal,
                   recognized_on: date | None = None) -> SpendingResult:
    """Whether the charitable spending and management costs of ``year`` were within the standards, explained
    line by line in ``result.lines`` (zh, en).

    ``this`` is the report of ``year``; ``prior`` the reports of the up to three years before it, latest first
    (the base: prior-year income or prior-year-end net assets; Art. 10 lets the 3-year average replace it, so the
    year passes if either base is met). Art. 11: management costs under the exemption are not held to the ratio.
    Art. 12: an organization registered (``founded_on``) or recognized (``recognized_on``) less than a year before
    the start of ``year`` is exempt for that year."""
    result = SpendingResult(year)
    say = result.lines.append
    kind_zh, kind_en = ("基金会", "foundation") if org_type == "foundation" else ("社会团体或社会服务机构",
                                                                              "social group or service agency")
    say((f"{year} 年度：{kind_zh}，{'具有' if public else '不具有'}公开募捐资格",
         f"{year}: a {kind_en}, {'with' if public else 'without'} the public-fundraising qualification"))
    started = max(founded_on, recognized_on) if recognized_on else founded_on
    if started > date(year, 1, 1):
        result.exempt = "first_year"
        what_zh, what_en = ("认定", "recognized") if recognized_on and recognized_on >= founded_on else ("登记",
                                                                                                      "registered")
        say((f"{started} {what_zh}，{year} 年度不满一年，免于适用支出和管理费用标准（三部门规定第十二条）",
             f"{what_en} on {started}: less than a full year in {year}, exempt from the standards "
             f"(three-ministry rule Art. 12)"))
        return result
    if this is None:
        result.ok = False
        result.problems.append(Refusal("CH-SPENDING", "annual_report",
                                         f"没有 {year} 年度的年度工作报告，无法核实上年度慈善活动支出和管理费用",
                                         f"no annual report for {year}: the prior year's charitable spending and "
                                         f"management costs cannot be verified", value=str(year)))
        return result
    base_year = prior[0] if prior and prior[0].year == year - 1 else None
    if base_year is None:
        # founded during the base year with no report for it: the first full year is exempt as well (Art. 12)
        if started > date(year - 1, 1, 1):
            result.exempt = "first_year"
            say((f"{started} 起算，{year - 1} 年度无年度报告，{year} 年度为第一个完整年度，免于适用标准（三部门规定第十二条）",
                 f"counted from {started}; no report for {year - 1}: {year} is the first full year, exempt "
                 f"(three-ministry rule Art. 12)"))
            return result
        result.ok = False
        result.problems.append(Refusal("CH-SPENDING", "annual_report",
                                         f"没有 {year - 1} 年度的年度工作报告，无法确定 {year} 年度支出的计算基数",
                                         f"no annual report for {year - 1}: the base of {year}'s spending is unknown",
                                         value=str(year - 1)))
        return result
    tier = tier_for(table, org_type, public, base_year.net_assets)
    result.tier = tier["tier"]
    if public:
        say((f"档次 {tier['tier']}：具有公开募捐资格，不论净资产（三部门规定第七条）",
             f"tier {tier['tier']}: qualified to fundraise publicly, whatever the net assets (three-ministry rule "
             f"Art. 7)"))
    else:
        say((f"档次 {tier['tier']}：{year - 1} 年末净资产 {yuan(base_year.net_assets)} 元，不低于该档下限 "
             f"{yuan(Decimal(tier['min_net_assets']))} 元（三部门规定第八、九条）",
             f"tier {tier['tier']}: net assets at the end of {year - 1} of {yuan(base_year.net_assets)} yuan, at "
             f"least the tier's floor of {yuan(Decimal(tier['min_net_assets']))} (three-ministry rule Arts. 8-9)"))
    key = "income_total" if tier["base"] == "income" else "net_assets"
    single = getattr(base_year, key)
    window = [p for p in prior if year - 3 <= p.year <= year - 1]
    average = (sum((getattr(p, key) for p in window), Decimal(0)) / len(window)).quantize(FEN) \
        if len(window) == 3 else None
    need = Decimal(tier["spend"])
    spent = this.charitable_spending
    required_single = (need * single).quantize(FEN)
    required_average = (need * average).quantize(FEN) if average is not None else None
    met_single = spent >= required_single
    met_average = required_average is not None and spent >= required_average
    result.figures = {"tier": tier["tier"], "base": tier["base"], "base_single": single, "base_average": average,
                      "spending": spent, "required_ratio": tier["spend"], "required_single": required_single,
                      "required_average": required_average, "management_costs": this.management_costs,
                      "total_spending": this.total_spending, "management_ceiling": tier["mgmt"]}
    base_zh = "上年总收入" if tier["base"] == "income" else "上年末净资产"
    base_en = "prior-year total income" if tier["base"] == "income" else "prior-year-end net assets"
    say((f"计算基数：{base_zh} {yuan(single)} 元 × {pct(need)} = 应支出 {yuan(required_single)} 元",
         f"base: {base_en} {yuan(single)} yuan × {pct(need)} = {yuan(required_single)} yuan to spend"))
    if average is not None and required_average is not None:
        say((f"或按前三年平均 {yuan(average)} 元 × {pct(need)} = {yuan(required_average)} 元（三部门规定第十条）",
             f"or the 3-year average {yuan(average)} yuan × {pct(need)} = {yuan(required_average)} yuan "
             f"(three-ministry rule Art. 10)"))
    else:
        say(("前三年年度报告不全，不适用三年平均（三部门规定第十条）",
             "fewer than three prior reports: the 3-year average does not apply (three-ministry rule Art. 10)"))
    verdict = ("达到标准", "meets the standard") if met_single or met_average else ("未达到标准", "below the standard")
    say((f"{year} 年度慈善活动支出 {yuan(spent)} 元：{verdict[0]}", f"charitable spending of {year}: {yuan(spent)} "
         f"yuan, {verdict[1]}"))
    if not (met_single or met_average):
        avg_zh = f"，三年平均 {yuan(average)} 元" if average is not None else ""
        avg_en = f", 3-year average {yuan(average)}" if average is not None else ""
        result.problems.append(Refusal(
            "CH-SPENDING", "charitable_spending",
            f"{year} 年度慈善活动支出 {yuan(spent)} 元，低于{base_zh}（{yuan(single)} 元{avg_zh}）的 {pct(need)}"
            f"（档次 {tier['tier']}，三部门规定第八、九条）",
            f"charitable spending of {year} was {yuan(spent)} yuan, below {pct(need)} of the {base_en} "
            f"({yuan(single)}{avg_en}; tier {tier['tier']}, three-ministry rule Arts. 8-9)"))
    if tier.get("income_share"):
        share = Decimal(tier["income_share"])
        incomes = [p.income_total for p in window]
        income_avg = (sum(incomes, Decimal(0)) / 3).quantize(FEN) if len(incomes) == 3 else None
        need_income = (share * base_year.income_total).quantize(FEN)
        need_income_avg = (share * income_avg).quantize(FEN) if income_avg is not None else None
        met = spent >= need_income or (need_income_avg is not None and spent >= need_income_avg)
        avg_zh = f"，或三年平均 {yuan(income_avg)} 元的 {pct(share)} = {yuan(need_income_avg)} 元" \
            if need_income_avg is not None and income_avg is not None else ""
        avg_en = f", or {pct(share)} of the 3-year average {yuan(income_avg)} = {yuan(need_income_avg)}" \
            if need_income_avg is not None and income_avg is not None else ""
        say((f"并且不低于上年总收入 {yuan(base_year.income_total)} 元的 {pct(share)} = {yuan(need_income)} 元{avg_zh}："
             f"{'达到' if met else '未达到'}（三部门规定第九条第四项）",
             f"and at least {pct(share)} of prior-year total income {yuan(base_year.income_total)} = "
             f"{yuan(need_income)}{avg_en}: {'met' if met else 'not met'} (three-ministry rule Art. 9(4))"))
        if not met:
            result.problems.append(Refusal(
                "CH-SPENDING", "charitable_spending",
                f"{year} 年度慈善活动支出 {yuan(spent)} 元，低于上年总收入 {yuan(base_year.income_total)} 元的 {pct(share)}"
                f"（档次 {tier['tier']}，三部门规定第九条第四项）",
                f"charitable spending of {year} was {yuan(spent)} yuan, below {pct(share)} of prior-year total "
                f"income {yuan(base_year.income_total)} (tier {tier['tier']}, three-ministry rule Art. 9(4))"))
    ceiling = Decimal(tier["mgmt"])
    costs = this.management_costs
    if costs < mgmt_exempt_below:
        result.exempt = "management_below_threshold"
        say((f"管理费用 {yuan(costs)} 元，低于 {yuan(mgmt_exempt_below)} 元，不受比例限制（三部门规定第十一条）",
             f"management costs of {yuan(costs)} yuan, below {yuan(mgmt_exempt_below)}: exempt from the ratio "
             f"(three-ministry rule Art. 11)"))
    elif this.total_spending <= 0:
        say((f"管理费用 {yuan(costs)} 元，当年总支出为 0，无法计算比例", f"management costs of {yuan(costs)} yuan with no "
             f"total spending: no ratio to compute"))
    else:
        limit = (ceiling * this.total_spending).quantize(FEN)
        over = costs > limit
        say((f"管理费用 {yuan(costs)} 元，占当年总支出 {yuan(this.total_spending)} 元的 {pct(costs / this.total_spending)}，"
             f"上限 {pct(ceiling)} = {yuan(limit)} 元：{'超过' if over else '未超过'}",
             f"management costs of {yuan(costs)} yuan, {pct(costs / this.total_spending)} of total spending "
             f"{yuan(this.total_spending)}; ceiling {pct(ceiling)} = {yuan(limit)}: "
             f"{'exceeded' if over else 'within'}"))
        if over:
            result.problems.append(Refusal(
                "CH-MGMT", "management_costs",
                f"{year} 年度管理费用 {yuan(costs)} 元，占当年总支出 {yuan(this.total_spending)} 元的 "
                f"{pct(costs / this.total_spending)}，超过 {pct(ceiling)}（档次 {tier['tier']}）",
                f"management costs of {year} were {yuan(costs)} yuan, {pct(costs / this.total_spending)} of the "
                f"year's total spending {yuan(this.total_spending)}, above {pct(ceiling)} (tier {tier['tier']})"))
    result.ok = not result.problems
    return result


# --- fundraising plans (DOMAIN §6.3) --------------------------------------------------------------------------

def filing_number(uscc: str, year: int, sequence: int) -> str:
    """USCC + "A" + 2-digit year + 3-digit sequence (observed format, S37; DOMAIN marks it unconfirmed)."""
    return f"{uscc}A{year % 100:02d}{sequence:03d}"


def check_plan_dates(*, filed_on: date, starts_on: date, ends_on: date, emergency: bool, lead_days: int,
                     emergency_days: int) -> list[Refusal]:
    problems = []
    if ends_on < starts_on:
        problems.append(Refusal("PLAN-PERIOD", "ends_on", f"结束日期 {ends_on} 早于开始日期 {starts_on}",
                                  f"the end date {ends_on} is before the start date {starts_on}", value=str(ends_on)))
    if emergency:
        if starts_on > filed_on:
            problems.append(Refusal("PLAN-EMERGENCY", "starts_on",
                                      f"应急募捐方案在募捐开始后补办备案，开始日期 {starts_on} 不能晚于备案日 {filed_on}"
                                      "（慈善法第七十三条）",
                                      f"an emergency plan is filed after fundraising started: the start {starts_on} "
                                      f"cannot be after the filing day {filed_on} (Charity Law Art. 73)",
                                      value=str(starts_on)))
        elif filed_on > starts_on + timedelta(days=emergency_days):
            problems.append(Refusal("PLAN-EMERGENCY-LATE", "starts_on",
                                      f"应急募捐应在开始后 {emergency_days} 日内备案：{starts_on} 开始，"
                                      f"最迟 {starts_on + timedelta(days=emergency_days)} 备案（慈善法第七十三条）",
                                      f"an emergency plan must be filed within {emergency_days} days after the start: "
                                      f"started {starts_on}, due by {starts_on + timedelta(days=emergency_days)} "
                                      f"(Charity Law Art. 73)", value=str(starts_on)))
    elif starts_on < filed_on + timedelta(days=lead_days):
        problems.append(Refusal("PLAN-LEAD", "starts_on",
                                  f"公开募捐方案应在开始前 {lead_days} 日备案：{filed_on} 备案，最早 "
                                  f"{filed_on + timedelta(days=lead_days)} 开始（慈善法第二十四条、民政部备案指引）",
                                  f"a plan must be filed {lead_days} days before fundraising starts: filed {filed_on}, "
                                  f"earliest start {filed_on + timedelta(days=lead_days)} (Charity Law Art. 24, MCA "
                                  f"filing guideline)", value=str(starts_on)))
    return problems


@dataclass(frozen=True)
class DisclosureStatus:
    due: list[tuple[date, date | None]]  # (due date, disclosed on: in time, late, or None)
    overdue: list[date]  # due dates passed without a disclosure by then (late ones included)
    next_due: date | None

    @property
    def outstanding(self) -> list[date]:
        """Missed due dates not followed by any disclosure yet."""
        missed = set(self.overdue)
        return [d for d, made in self.due if made is None and d in missed]


def disclosure_schedule(starts_on: date, ends_on: date, disclosed: list[date], today: date,
                        interval: int) -> DisclosureStatus:
    """Emergency receipts disclosed at least every ``interval`` days (Law Art. 72) from the start to the end.

    Each disclosure restarts the interval (one on the start day counts for the first). A due day that passes with
    no disclosure is overdue, and stays listed (as late) once the disclosure comes; after a missed day the next
    interval runs from the missed day, so every missed interval is listed."""
    days = sorted({d for d in disclosed if d >= starts_on})
    step = timedelta(days=interval)
    due: list[tuple[date, date | None]] = []
    overdue: list[date] = []
    index, last, first = 0, starts_on, True
    while first or last < ends_on:
        deadline = last + step
        while index < len(days) and (days[index] < last or (days[index] == last and not first)):
            index += 1
        first = False
        made = days[index] if index < len(days) else None
        if made is not None and made <= deadline:
            due.append((deadline, made))
            last, index = made, index + 1
            continue
        if deadline >= today:
            return DisclosureStatus(due, overdue, deadline)
        due.append((deadline, made))
        overdue.append(deadline)
        last = deadline
    return DisclosureStatus(due, overdue, None)


# --- the double-entry ledger ---------------------------------------------------------------------------------

FEN = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    """One posting: ``amount`` yuan into (+) or out of (−) ``account``; goods also move ``quantity``."""

    account: str
    amount: Decimal
    quantity: Decimal | None = None


def transfer(source: str, target: str, amount: Decimal, quantity: Decimal | None = None) -> list[Line]:
    return [Line(source, -amount, -quantity if quantity is not None else None), Line(target, amount, quantity)]


def reversal(lines: list[Line]) -> list[Line]:
    return [Line(li.account, -li.amount, -li.quantity if li.quantity is not None else None) for li in lines]


def check_balanced(lines: list[Line]) -> list[Refusal]:
    """LEDGER-BALANCE: at least two lines, amounts in fen, summing to zero (and the quantities of goods too)."""
    problems = []
    if len(lines) < 2:
        problems.append(Refusal("LEDGER-BALANCE", "postings", "一笔分录至少有两行", "a transaction needs two lines"))
    for index, line in enumerate(lines):
        if line.amount != line.amount.quantize(FEN):
            problems.append(Refusal("LEDGER-FEN", f"postings.{index}.amount", f"金额 {line.amount} 应精确到分",
                                      f"amount {line.amount} must be in fen", value=str(line.amount)))
    total = sum((li.amount for li in lines), Decimal(0))
    if total != 0:
        problems.append(Refusal("LEDGER-BALANCE", "postings", f"借贷不平衡：合计 {total} 元，应为 0",
                                  f"unbalanced: the postings sum to {total} yuan, not 0", value=str(total)))
    quantities = [li.quantity for li in lines if li.quantity is not None]
    if quantities and (len(quantities) != len(lines) or sum(quantities, Decimal(0)) != 0):
        problems.append(Refusal("LEDGER-BALANCE", "postings", "物资数量不平衡", "the quantities of goods do not balance"))
    return problems


def balances(transactions: list[list[Line]]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for lines in transactions:
        for line in lines:
            out[line.account] = out.get(line.account, Decimal(0)) + line.amount
    return out


# --- project disclosures (Law Art. 79, Order 81) -------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class DueItem:
    kind: str  # "progress" or "final"
    due: date
    made: date | None
    status: str  # "on_time", "late", "missing" (passed, none yet) or "upcoming"


def project_schedule(starts_on: date, ends_on: date, disclosures: list[tuple[str, date]], today: date, *,
                     long_months: int = 6, every_months: int = 3, final_months: int = 3) -> list[DueItem]:
    """The disclosure deadlines of a project and how each was met. A project longer than ``long_months`` owes a
    progress disclosure every ``every_months`` from the start while it runs; every project owes a final one
    within ``final_months`` after its end. A progress deadline is met by the first progress disclosure after the
    previous deadline; the final by the first final disclosure."""
    items: list[DueItem] = []
    remaining = sorted(d for k, d in disclosures if k == "progress")
    finals = sorted(d for k, d in disclosures if k == "final")
    if ends_on > add_months(starts_on, long_months):
        previous, n = starts_on, 1
        while (due := add_months(starts_on, every_months * n)) < ends_on:
            made = next((d for d in remaining if d > previous), None)
            if made is not None:
                remaining.remove(made)
            items.append(DueItem("progress", due, made, _status(due, made, today)))
            previous = due if made is None or made <= due else made
            n += 1
    due = add_months(ends_on, final_months)
    made = finals[0] if finals else None
    items.append(DueItem("final", due, made, _status(due, made, today)))
    return items


def _status(due: date, made: date | None, today: date) -> str:
    if made is not None and made <= due:
        return "on_time"
    if made is not None:
        return "late"
    return "missing" if today > due else "upcoming"


def on_time_rate(items: list[DueItem]) -> tuple[int, int]:
    """(on time, deadlines passed or met): the public on-time rate of disclosures."""
    counted = [i for i in items if i.status != "upcoming"]
    return sum(1 for i in counted if i.status == "on_time"), len(counted)
