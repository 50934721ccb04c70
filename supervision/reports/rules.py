"""Pure rules of annual reports, penalties and leadership terms: plain values in, decisions out, no database.

Each refusal carries a rule id, the field it is about, and says why in Chinese and English; services turn
them into :class:`common.errors.RuleViolation`. Settings (deadlines, modes, limits) come in as arguments, so
the caller names the setting it used.
"""

from datetime import date
from decimal import Decimal

from common.errors import Refusal
from supervision.days import safe_date

# Values of the models' choices, repeated here so that the rules need no Django import.
SOCIAL_SERVICE_AGENCY = "social_service_agency"
AWAITING_FIRST_REVIEW, AWAITING_REVIEW, RETURNED, CONCLUDED = (
    "awaiting_first_review", "awaiting_review", "returned", "concluded")
FIRST_REVIEW, AUTHORITY = "first_review", "authority"
PASSED, CONCLUDE = "passed", "concluded"
INSPECTION, REPORT_MODE = "inspection", "report"
QUALIFIED, BASICALLY_QUALIFIED, UNQUALIFIED = "qualified", "basically_qualified", "unqualified"
MISSING, LATE = "missing", "late"

INCOME_PARTS = ("income_donations", "income_government", "income_service_fees", "income_membership_dues",
                "income_other")
EXPENSE_PARTS = ("expense_programmes", "expense_administration", "expense_fundraising")


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


# --- deadlines and overdue ----------------------------------------------------------------------------

def parse_mmdd(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in str(text).split("-"))
    return month, day


def deadline_for(report_year: int, org_type: str, deadline_setting: dict) -> date:
    """RPT-DEADLINE: the report on ``report_year`` is due in the following year on the type's MM-DD."""
    month, day = parse_mmdd(deadline_setting[org_type])
    return safe_date(report_year + 1, month, day)


def owes_report(*, report_year: int, org_type: str, founded_on: date, types) -> bool:
    """RPT-OWED: a type that reports, founded by the end of the report year."""
    return org_type in types and founded_on <= date(report_year, 12, 31)


def overdue(*, report_year: int, org_type: str, founded_on: date, deadline_setting: dict, submitted_on: date | None,
            as_of: date, types=("social_group", "social_service_agency", "foundation")) -> str | None:
    """REPORT-MISSING / REPORT-LATE as of ``as_of``: listed from the day after the deadline.

    "missing": owed and not submitted by ``as_of``; "late": submitted, but after the deadline. None otherwise
    (not owed, the deadline not yet passed, or submitted in time).
    """
    if not owes_report(report_year=report_year, org_type=org_type, founded_on=founded_on, types=types):
        return None
    deadline = deadline_for(report_year, org_type, deadline_setting)
    if as_of <= deadline:
        return None
    if submitted_on is None or submitted_on > as_of:
        return MISSING
    return LATE if submitted_on > deadline else None


# --- the report itself --------------------------------------------------------------------------------

def check_report_year(year: int, founded_on: date, today: date) -> Refusal | None:
    if year < founded_on.year:
        return Refusal("REPORT-YEAR-BEFORE-FOUNDING", "year",
                       f"报告年度 {year} 早于成立年度 {founded_on.year}（成立日期 {founded_on}）",
                       f"report year {year} is before the founding year {founded_on.year} (founded {founded_on})",
                       value=str(year))
    if year >= today.year:
        return Refusal("REPORT-YEAR-NOT-ENDED", "year", f"{year} 年度尚未结束，不能报送该年度的工作报告",
                       f"the year {year} has not ended; its report cannot be submitted yet", value=str(year))
    return None


def check_totals(figures: dict) -> list[Refusal]:
    """REPORT-INCOME-TOTAL, REPORT-EXPENSE-TOTAL, REPORT-BALANCE: the parts add up to the totals given."""
    refusals = []
    income = sum((figures[k] for k in INCOME_PARTS), Decimal("0.00"))
    if figures["income_total"] != income:
        refusals.append(Refusal(
            "REPORT-INCOME-TOTAL", "income_total",
            f"收入合计应等于各项收入（捐赠、政府补助和购买服务、服务收费、会费、其他）之和 {yuan(income)} 元，"
            f"填报为 {yuan(figures['income_total'])} 元",
            f"total income must equal the sum of income by source (donations, government, service fees, "
            f"membership dues, other), {yuan(income)} yuan; given {yuan(figures['income_total'])}",
            value=str(figures["income_total"])))
    expense = sum((figures[k] for k in EXPENSE_PARTS), Decimal("0.00"))
    if figures["expense_total"] != expense:
        refusals.append(Refusal(
            "REPORT-EXPENSE-TOTAL", "expense_total",
            f"支出合计应等于业务活动成本、管理费用、筹资费用之和 {yuan(expense)} 元，填报为 {yuan(figures['expense_total'])} 元",
            f"total expenditure must equal programmes + administration + fundraising, {yuan(expense)} yuan; "
            f"given {yuan(figures['expense_total'])}", value=str(figures["expense_total"])))
    balance = figures["total_liabilities"] + figures["net_assets"]
    if figures["total_assets"] != balance:
        refusals.append(Refusal(
            "REPORT-BALANCE", "total_assets",
            f"资产总计应等于负债合计加净资产 {yuan(balance)} 元，填报为 {yuan(figures['total_assets'])} 元",
            f"total assets must equal total liabilities plus net assets, {yuan(balance)} yuan; "
            f"given {yuan(figures['total_assets'])}", value=str(figures["total_assets"])))
    return refusals


def check_branches(org_type: str, branches: int) -> Refusal | None:
    """S2 Art. 25(5): a social service agency may not set up branches."""
    if org_type == SOCIAL_SERVICE_AGENCY and branches > 0:
        return Refusal("REPORT-BRANCHES-SSA", "branches", "社会服务机构（民办非企业单位）不得设立分支机构，分支机构数应为 0",
                       "a social service agency may not set up branches; the number of branches must be 0",
                       value=str(branches))
    return None


# --- review ---------------------------------------------------------------------------------------------

def report_state(first_review_required: bool, reviews: list[tuple[str, str, str, date]]) -> tuple:
    """The state of a report from its current submission's reviews in force, oldest first.

    ``reviews`` are (stage, outcome, conclusion, reviewed_on). Returns (state, conclusion, concluded_on).
    """
    state = AWAITING_FIRST_REVIEW if first_review_required else AWAITING_REVIEW
    conclusion, concluded_on = "", None
    for stage, outcome, given, on in reviews:
        if outcome == RETURNED:
            state, conclusion, concluded_on = RETURNED, "", None
        elif stage == FIRST_REVIEW and outcome == PASSED:
            state = AWAITING_REVIEW
        elif stage == AUTHORITY and outcome == CONCLUDE:
            state, conclusion, concluded_on = CONCLUDED, given, on
    return state, conclusion, concluded_on


def check_review(*, state: str, stage: str, outcome: str, conclusion: str, reasons: str, mode: str,
                 correcting: bool = False) -> list[Refusal]:
    """REVIEW-*: who may review at which state, and what a review must say in each mode."""
    refusals = []
    if stage == FIRST_REVIEW:
        if state != AWAITING_FIRST_REVIEW:
            refusals.append(Refusal("REVIEW-STATE", "review_stage", "该报告当前不在等待业务主管单位初审的状态",
                                    "this report is not awaiting the business supervisor's first review", value=state))
        if outcome not in (PASSED, RETURNED):
            refusals.append(Refusal("REVIEW-OUTCOME", "review_outcome", "初审结果应为“初审通过”或“退回修改”",
                                    "a first review either passes the report or returns it for correction", value=outcome))
        if conclusion:
            refusals.append(Refusal("REVIEW-CONCLUSION-NOT-ALLOWED", "conclusion",
                                    "年检结论由登记管理机关作出，初审不能给出结论",
                                    "the conclusion is given by the registration authority, not in the first review",
                                    value=conclusion))
    elif stage == AUTHORITY:
        if state == AWAITING_FIRST_REVIEW:
            refusals.append(Refusal("REVIEW-FIRST-REVIEW-REQUIRED", "review_stage",
                                    "该组织有业务主管单位，须先经业务主管单位初审，登记管理机关才能审查",
                                    "the organization has a business supervisor: its first review must come before "
                                    "the registration authority's review", value=state))
        elif state == CONCLUDED and not correcting:
            refusals.append(Refusal("REVIEW-STATE", "review_stage", "该报告已审查完毕；如需更正结论，请以新审查更正原结论",
                                    "this report has been reviewed; to change the result, record a correction that "
                                    "supersedes it", value=state))
        elif state == RETURNED:
            refusals.append(Refusal("REVIEW-STATE", "review_stage", "该报告已退回修改，须待组织重新报送后再审查",
                                    "this report was returned for correction; review it after it is resubmitted",
                                    value=state))
        if outcome not in (RETURNED, CONCLUDE):
            refusals.append(Refusal("REVIEW-OUTCOME", "review_outcome", "登记管理机关审查结果应为“审查完成”或“退回修改”",
                                    "the authority's review either completes the review or returns the report",
                                    value=outcome))
        elif outcome == CONCLUDE and mode == INSPECTION and conclusion not in (QUALIFIED, BASICALLY_QUALIFIED,
                                                                                UNQUALIFIED):
            refusals.append(Refusal("REVIEW-CONCLUSION-REQUIRED", "conclusion",
                                    "年检模式下须作出结论：合格、基本合格或不合格",
                                    "in annual-inspection mode the review concludes qualified, basically qualified "
                                    "or unqualified", value=conclusion))
        elif outcome == CONCLUDE and mode == REPORT_MODE and conclusion:
            refusals.append(Refusal("REVIEW-NO-CONCLUSION-IN-REPORT-MODE", "conclusion",
                                    "本地实行年度报告制度，只作形式审查，不出具年检结论",
                                    "this jurisdiction uses the annual-report mode: a formal review without a "
                                    "conclusion", value=conclusion))
        if outcome == CONCLUDE and conclusion in (BASICALLY_QUALIFIED, UNQUALIFIED) and not reasons.strip():
            refusals.append(Refusal("REVIEW-REASONS-REQUIRED", "reasons", "结论为基本合格或不合格时须说明理由",
                                    "give the reasons for a basically-qualified or unqualified conclusion"))
    else:
        refusals.append(Refusal("REVIEW-STAGE", "review_stage", "审查环节无效", "invalid review stage", value=stage))
    if outcome == RETURNED and not reasons.strip():
        refusals.append(Refusal("REVIEW-REASONS-REQUIRED", "reasons", "退回修改时须说明理由",
                                "give the reasons for returning the report"))
    return refusals


def check_review_date(reviewed_on: date, earliest: date, today: date) -> Refusal | None:
    """A review is dated by today, and not before the submission or the previous review (``earliest``)."""
    if reviewed_on > today:
        return Refusal("REVIEW-DATE-FUTURE", "reviewed_on", f"审查日期 {reviewed_on} 晚于今天",
                       f"review date {reviewed_on} is in the future", value=str(reviewed_on))
    if reviewed_on < earliest:
        return Refusal("REVIEW-DATE-ORDER", "reviewed_on",
                       f"审查日期 {reviewed_on} 早于报送日期或上一次审查日期 {earliest}",
                       f"review date {reviewed_on} is before the submission or the previous review ({earliest})",
                       value=str(reviewed_on))
    return None
