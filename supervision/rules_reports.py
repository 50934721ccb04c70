"""Pure rules of annual reports, penalties and leadership terms: plain values in, decisions out, no database.

Each refusal carries a rule id, the field it is about, and says why in Chinese and English; services turn
them into :class:`common.errors.RuleViolation`. Settings (deadlines, modes, limits) come in as arguments, so
the caller names the setting it used.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# Values of the models' choices, repeated here so that the rules need no Django import.
SOCIAL_SERVICE_AGENCY = "social_service_agency"
AWAITING_FIRST_REVIEW, AWAITING_REVIEW, RETURNED, CONCLUDED = (
    "awaiting_first_review", "awaiting_review", "returned", "concluded")
FIRST_REVIEW, AUTHORITY = "first_review", "authority"
PASSED, CONCLUDE = "passed", "concluded"
INSPECTION, REPORT_MODE = "inspection", "report"
QUALIFIED, BASICALLY_QUALIFIED, UNQUALIFIED = "qualified", "basically_qualified", "unqualified"
MISSING, LATE = "missing", "late"
FINE, CONFISCATION, SUSPENSION = "fine", "confiscation", "suspension"
REVOCATION, CERTIFICATE_CANCELLATION = "revocation", "certificate_cancellation"
CIVIL_AFFAIRS = "civil_affairs"
INITIAL, RENEWAL = "initial", "renewal"

INCOME_PARTS = ("income_donations", "income_government", "income_service_fees", "income_membership_dues",
                "income_other")
EXPENSE_PARTS = ("expense_programmes", "expense_administration", "expense_fundraising")


@dataclass(frozen=True)
class Refusal:
    rule: str
    field: str | None
    zh: str
    en: str
    value: str | None = None


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


# --- deadlines and overdue ----------------------------------------------------------------------------

def parse_mmdd(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in str(text).split("-"))
    return month, day


def safe_date(year: int, month: int, day: int) -> date:
    """The date, or the month's last day when it has no such day (29 February in a common year)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def deadline_for(report_year: int, org_type: str, deadline_setting: dict) -> date:
    """RPT-DEADLINE: the report on ``report_year`` is due in the following year on the type's MM-DD."""
    month, day = parse_mmdd(deadline_setting[org_type])
    return safe_date(report_year + 1, month, day)


def owes_report(report_year: int, org_type: str, founded_on: date, types) -> bool:
    """RPT-OWED: a type that reports, founded by the end of the report year."""
    return org_type in types and founded_on <= date(report_year, 12, 31)


def overdue(report_year: int, org_type: str, founded_on: date, deadline_setting: dict, submitted_on: date | None,
            as_of: date, types=("social_group", "social_service_agency", "foundation")) -> str | None:
    """REPORT-MISSING / REPORT-LATE as of ``as_of``: listed from the day after the deadline.

    "missing": owed and not submitted by ``as_of``; "late": submitted, but after the deadline. None otherwise
    (not owed, the deadline not yet passed, or submitted in time).
    """
    if not owes_report(report_year, org_type, founded_on, types):
        return None
    deadline = deadline_for(report_year, org_type, deadline_setting)
    if as_of <= deadline:
        return None
    if submitted_on is None or submitted_on > as_of:
        return MISSING
    return LATE if submitted_on > deadline else None


def add_working_days(day: date, count: int) -> date:
    """``count`` working days after ``day`` (Monday to Friday; public holidays are not modelled)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


# --- the report itself --------------------------------------------------------------------------------

def check_report_year(year: int, founded_on: date, today: date) -> Refusal | None:
    if year < founded_on.year:
        return Refusal("REPORT-YEAR-BEFORE-FOUNDING", "year",
                       f"报告年度 {year} 早于成立年度 {founded_on.year}（成立日期 {founded_on}）",
                       f"report year {year} is before the founding year {founded_on.year} (founded {founded_on})",
                       str(year))
    if year >= today.year:
        return Refusal("REPORT-YEAR-NOT-ENDED", "year", f"{year} 年度尚未结束，不能报送该年度的工作报告",
                       f"the year {year} has not ended; its report cannot be submitted yet", str(year))
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
            str(figures["income_total"])))
    expense = sum((figures[k] for k in EXPENSE_PARTS), Decimal("0.00"))
    if figures["expense_total"] != expense:
        refusals.append(Refusal(
            "REPORT-EXPENSE-TOTAL", "expense_total",
            f"支出合计应等于业务活动成本、管理费用、筹资费用之和 {yuan(expense)} 元，填报为 {yuan(figures['expense_total'])} 元",
            f"total expenditure must equal programmes + administration + fundraising, {yuan(expense)} yuan; "
            f"given {yuan(figures['expense_total'])}", str(figures["expense_total"])))
    balance = figures["total_liabilities"] + figures["net_assets"]
    if figures["total_assets"] != balance:
        refusals.append(Refusal(
            "REPORT-BALANCE", "total_assets",
            f"资产总计应等于负债合计加净资产 {yuan(balance)} 元，填报为 {yuan(figures['total_assets'])} 元",
            f"total assets must equal total liabilities plus net assets, {yuan(balance)} yuan; "
            f"given {yuan(figures['total_assets'])}", str(figures["total_assets"])))
    return refusals


def check_branches(org_type: str, branches: int) -> Refusal | None:
    """S2 Art. 25(5): a social service agency may not set up branches."""
    if org_type == SOCIAL_SERVICE_AGENCY and branches > 0:
        return Refusal("REPORT-BRANCHES-SSA", "branches", "社会服务机构（民办非企业单位）不得设立分支机构，分支机构数应为 0",
                       "a social service agency may not set up branches; the number of branches must be 0",
                       str(branches))
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


def check_review(state: str, stage: str, outcome: str, conclusion: str, reasons: str, mode: str, *,
                 correcting: bool = False) -> list[Refusal]:
    """REVIEW-*: who may review at which state, and what a review must say in each mode."""
    refusals = []
    if stage == FIRST_REVIEW:
        if state != AWAITING_FIRST_REVIEW:
            refusals.append(Refusal("REVIEW-STATE", "review_stage", "该报告当前不在等待业务主管单位初审的状态",
                                    "this report is not awaiting the business supervisor's first review", state))
        if outcome not in (PASSED, RETURNED):
            refusals.append(Refusal("REVIEW-OUTCOME", "review_outcome", "初审结果应为“初审通过”或“退回修改”",
                                    "a first review either passes the report or returns it for correction", outcome))
        if conclusion:
            refusals.append(Refusal("REVIEW-CONCLUSION-NOT-ALLOWED", "conclusion",
                                    "年检结论由登记管理机关作出，初审不能给出结论",
                                    "the conclusion is given by the registration authority, not in the first review",
                                    conclusion))
    elif stage == AUTHORITY:
        if state == AWAITING_FIRST_REVIEW:
            refusals.append(Refusal("REVIEW-FIRST-REVIEW-REQUIRED", "review_stage",
                                    "该组织有业务主管单位，须先经业务主管单位初审，登记管理机关才能审查",
                                    "the organization has a business supervisor: its first review must come before "
                                    "the registration authority's review", state))
        elif state == CONCLUDED and not correcting:
            refusals.append(Refusal("REVIEW-STATE", "review_stage", "该报告已审查完毕；如需更正结论，请以新审查更正原结论",
                                    "this report has been reviewed; to change the result, record a correction that "
                                    "supersedes it", state))
        elif state == RETURNED:
            refusals.append(Refusal("REVIEW-STATE", "review_stage", "该报告已退回修改，须待组织重新报送后再审查",
                                    "this report was returned for correction; review it after it is resubmitted",
                                    state))
        if outcome not in (RETURNED, CONCLUDE):
            refusals.append(Refusal("REVIEW-OUTCOME", "review_outcome", "登记管理机关审查结果应为“审查完成”或“退回修改”",
                                    "the authority's review either completes the review or returns the report",
                                    outcome))
        elif outcome == CONCLUDE and mode == INSPECTION and conclusion not in (QUALIFIED, BASICALLY_QUALIFIED,
                                                                                UNQUALIFIED):
            refusals.append(Refusal("REVIEW-CONCLUSION-REQUIRED", "conclusion",
                                    "年检模式下须作出结论：合格、基本合格或不合格",
                                    "in annual-inspection mode the review concludes qualified, basically qualified "
                                    "or unqualified", conclusion))
        elif outcome == CONCLUDE and mode == REPORT_MODE and conclusion:
            refusals.append(Refusal("REVIEW-NO-CONCLUSION-IN-REPORT-MODE", "conclusion",
                                    "本地实行年度报告制度，只作形式审查，不出具年检结论",
                                    "this jurisdiction uses the annual-report mode: a formal review without a "
                                    "conclusion", conclusion))
        if outcome == CONCLUDE and conclusion in (BASICALLY_QUALIFIED, UNQUALIFIED) and not reasons.strip():
            refusals.append(Refusal("REVIEW-REASONS-REQUIRED", "reasons", "结论为基本合格或不合格时须说明理由",
                                    "give the reasons for a basically-qualified or unqualified conclusion"))
    else:
        refusals.append(Refusal("REVIEW-STAGE", "review_stage", "审查环节无效", "invalid review stage", stage))
    if outcome == RETURNED and not reasons.strip():
        refusals.append(Refusal("REVIEW-REASONS-REQUIRED", "reasons", "退回修改时须说明理由",
                                "give the reasons for returning the report"))
    return refusals


def check_review_date(reviewed_on: date, earliest: date, today: date) -> Refusal | None:
    """A review is dated by today, and not before the submission or the previous review (``earliest``)."""
    if reviewed_on > today:
        return Refusal("REVIEW-DATE-FUTURE", "reviewed_on", f"审查日期 {reviewed_on} 晚于今天",
                       f"review date {reviewed_on} is in the future", str(reviewed_on))
    if reviewed_on < earliest:
        return Refusal("REVIEW-DATE-ORDER", "reviewed_on",
                       f"审查日期 {reviewed_on} 早于报送日期或上一次审查日期 {earliest}",
                       f"review date {reviewed_on} is before the submission or the previous review ({earliest})",
                       str(reviewed_on))
    return None


# --- penalties ------------------------------------------------------------------------------------------

def check_penalty(kind: str, amount: Decimal | None, suspended_from: date | None, suspended_to: date | None,
                  decided_on: date, department_kind: str, founded_on: date, today: date) -> list[Refusal]:
    """PENALTY-*: a penalty is decided by now, after founding, and carries what its kind needs."""
    refusals = []
    if decided_on > today:
        refusals.append(Refusal("PENALTY-DATE-FUTURE", "decided_on", f"处罚决定日期 {decided_on} 晚于今天",
                                f"decision date {decided_on} is in the future", str(decided_on)))
    elif decided_on < founded_on:
        refusals.append(Refusal("PENALTY-DATE-BEFORE-FOUNDING", "decided_on",
                                f"处罚决定日期 {decided_on} 早于成立日期 {founded_on}",
                                f"decision date {decided_on} is before the founding date {founded_on}",
                                str(decided_on)))
    if kind in (FINE, CONFISCATION):
        if amount is None:
            refusals.append(Refusal("PENALTY-AMOUNT-REQUIRED", "amount", "罚款和没收违法所得须填写金额",
                                    "a fine or confiscation needs its amount"))
        elif amount <= 0:
            refusals.append(Refusal("PENALTY-AMOUNT-POSITIVE", "amount", "金额应大于 0", "the amount must be above 0",
                                    str(amount)))
    elif amount is not None:
        refusals.append(Refusal("PENALTY-AMOUNT-NOT-ALLOWED", "amount", "只有罚款和没收违法所得填写金额",
                                "only a fine or a confiscation has an amount", str(amount)))
    if kind == SUSPENSION:
        if suspended_from is None or suspended_to is None:
            refusals.append(Refusal("PENALTY-PERIOD-REQUIRED", "suspended_from" if suspended_from is None
                                    else "suspended_to", "限期停止活动须填写起止日期",
                                    "a suspension of activities needs its first and last day"))
        elif suspended_to < suspended_from:
            refusals.append(Refusal("PENALTY-PERIOD-ORDER", "suspended_to",
                                    f"停止活动截止日期 {suspended_to} 早于起始日期 {suspended_from}",
                                    f"the suspension ends ({suspended_to}) before it starts ({suspended_from})",
                                    str(suspended_to)))
        elif suspended_from < decided_on:
            refusals.append(Refusal("PENALTY-PERIOD-BEFORE-DECISION", "suspended_from",
                                    f"停止活动起始日期 {suspended_from} 早于处罚决定日期 {decided_on}",
                                    f"the suspension starts ({suspended_from}) before the decision ({decided_on})",
                                    str(suspended_from)))
    elif suspended_from or suspended_to:
        refusals.append(Refusal("PENALTY-PERIOD-NOT-ALLOWED", "suspended_from", "只有限期停止活动填写起止日期",
                                "only a suspension of activities has a period"))
    if kind in (REVOCATION, CERTIFICATE_CANCELLATION) and department_kind != CIVIL_AFFAIRS:
        refusals.append(Refusal("PENALTY-REGISTRATION-BY-AUTHORITY", "department_kind",
                                "撤销登记和吊销登记证书只能由登记管理机关（民政部门）决定",
                                "only the registration authority (civil affairs) revokes a registration or cancels "
                                "its certificate", department_kind))
    return refusals


# --- leadership terms -----------------------------------------------------------------------------------

def add_years(day: date, years: int) -> date:
    return safe_date(day.year + years, day.month, day.day)


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return safe_date(day.year + index // 12, index % 12 + 1, day.day)


def term_end(started_on: date, years: int) -> date:
    """LEAD-TERM: a term started on ``started_on`` is due for renewal ``years`` later."""
    return add_years(started_on, years)


def renewal_overdue(ends_on: date, postponed_to: date | None, as_of: date) -> bool:
    """LEAD-OVERDUE: from the day after the renewal date (or the approved postponement), no renewal filed."""
    due = max(ends_on, postponed_to) if postponed_to else ends_on
    return as_of > due


def audit_required(requirement: str, kind: str, legal_rep_changes: bool) -> bool:
    """LEAD-AUDIT: "renewal" needs the audit before any renewal or change of legal representative;
    "legal_rep_change" only before a change of legal representative; "never" not at all."""
    if requirement == "never":
        return False
    if requirement == "renewal":
        return kind == RENEWAL or legal_rep_changes
    return legal_rep_changes


def audit_covers(person_name: str, audited_on: date, outgoing: str, tenure_from: date, started_on: date) -> bool:
    """An audit counts for a filing when it audits the outgoing legal representative's tenure and is dated
    on or before the new term starts."""
    return person_name.strip() == outgoing.strip() and tenure_from <= audited_on <= started_on


def check_term(kind: str, started_on: date, years: int, max_years: int, board_size: int, founded_on: date,
               today: date, current_started_on: date | None, board_limits: tuple[int, int] | None) -> list[Refusal]:
    refusals = []
    if started_on > today:
        refusals.append(Refusal("LEAD-DATE-FUTURE", "started_on", f"本届开始日期 {started_on} 晚于今天",
                                f"term start {started_on} is in the future", str(started_on)))
    elif started_on < founded_on:
        refusals.append(Refusal("LEAD-DATE-BEFORE-FOUNDING", "started_on",
                                f"本届开始日期 {started_on} 早于成立日期 {founded_on}",
                                f"term start {started_on} is before the founding date {founded_on}", str(started_on)))
    if kind == INITIAL and current_started_on is not None:
        refusals.append(Refusal("LEAD-INITIAL-EXISTS", "filing", "该组织已有在任届次记录，新一届请按换届备案",
                                "a term is already on file for this organization; file the new term as a renewal"))
    if kind == RENEWAL and current_started_on is not None and started_on <= current_started_on:
        refusals.append(Refusal("LEAD-DATE-ORDER", "started_on",
                                f"新一届开始日期 {started_on} 不晚于上一届开始日期 {current_started_on}",
                                f"the new term ({started_on}) must start after the current one ({current_started_on})",
                                str(started_on)))
    if years < 1 or years > max_years:
        refusals.append(Refusal("LEAD-TERM-LENGTH", "term_years", f"每届任期应为 1 至 {max_years} 年，填报为 {years} 年",
                                f"a term lasts 1 to {max_years} years; given {years}", str(years)))
    if board_size < 1:
        refusals.append(Refusal("LEAD-BOARD-REQUIRED", "board_members", "须填写理事会（董事会）成员",
                                "list the members of the board"))
    elif board_limits and not board_limits[0] <= board_size <= board_limits[1]:
        refusals.append(Refusal("LEAD-BOARD-SIZE", "board_members",
                                f"基金会理事会应有 {board_limits[0]} 至 {board_limits[1]} 名理事，填报 {board_size} 名",
                                f"a foundation's board has {board_limits[0]} to {board_limits[1]} directors; "
                                f"given {board_size}", str(board_size)))
    return refusals


def check_postponement(ends_on: date, postponed_to: date, max_months: int, approved_on: date,
                       today: date) -> Refusal | None:
    limit = add_months(ends_on, max_months)
    if postponed_to <= ends_on:
        return Refusal("LEAD-POSTPONE-ORDER", "postponed_to", f"延期后的换届日期 {postponed_to} 应晚于原换届日期 {ends_on}",
                       f"the postponed date {postponed_to} must be after the renewal date {ends_on}",
                       str(postponed_to))
    if postponed_to > limit:
        return Refusal("LEAD-POSTPONE-TOO-LONG", "postponed_to",
                       f"延期换届最长 {max_months} 个月，即不晚于 {limit}；填报为 {postponed_to}",
                       f"renewal may be postponed by at most {max_months} months, to {limit}; given {postponed_to}",
                       str(postponed_to))
    if approved_on > today:
        return Refusal("LEAD-DATE-FUTURE", "approved_on", f"批准日期 {approved_on} 晚于今天",
                       f"approval date {approved_on} is in the future", str(approved_on))
    return None
