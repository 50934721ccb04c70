"""The only writers of annual reports, reviews, overdue findings, penalties and leadership terms.

Each service validates every input (reporting all problems at once, each with its rule id), checks who may act,
writes in one transaction and records the audit event there. A refusal raises RuleViolation and changes
nothing. Read helpers that rebuild a decision as of a date live here too, beside the writers of its facts.
"""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.jurisdiction import may_act_for_division
from audit.services import Change, record, record_many
from common.clock import today
from common.errors import Collector, Refusal, RuleViolation
from divisions.models import Division, JurisdictionSetting, subtree_prefix, subtree_q
from divisions.policy import SettingValue, setting
from registry.models import EventKind, Organization, Status
from registry.services import record_event
from registry.validation import parse_date, parse_money

from . import rules_reports as rules
from .models import (
    COUNT_FIELDS,
    MONEY_FIELDS,
    AnnualReport,
    Conclusion,
    DepartmentKind,
    DepartureAudit,
    LeadershipTerm,
    OverdueKind,
    Penalty,
    PenaltyKind,
    ReportOverdue,
    ReportReview,
    ReportState,
    ReportSubmission,
    ReviewMode,
    ReviewOutcome,
    ReviewStage,
    TermKind,
    TermPostponement,
)

MAX_MONEY = Decimal("99999999999999.99")  # max_digits=16, decimal_places=2
TEXT_LIMITS = {"activities": 4000, "reasons": 2000, "correction_note": 2000, "supervisor_name": 200,
               "decision_number": 100, "legal_basis": 2000, "facts": 4000, "department_name": 200,
               "correction_reason": 2000, "legal_rep_name": 64, "note": 2000, "person_name": 64, "auditor": 200,
               "report_number": 100, "summary": 4000, "reason": 2000}
AUDIT_FILE_TYPES = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}
NOT_FOUND = ("NOT-FOUND", None, "未找到该记录", "not found")


def not_found() -> RuleViolation:
    return RuleViolation.one(*NOT_FOUND, status=404)


def _problem(refusal: rules.Refusal) -> Refusal:
    return Refusal(refusal.rule, refusal.field, refusal.zh, refusal.en, value=refusal.value)


def _deny_outside(actor, org: Organization) -> None:
    if not may_act_for_division(actor, org.authority_id):
        raise RuleViolation.one("JURISDICTION", "organization", "超出本机关管辖范围，无权办理",
                                "outside your jurisdiction: you may not act for this organization's registering "
                                "authority", status=403, value=org.authority_id)


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def is_own_org_user(actor, org: Organization) -> bool:
    return bool(actor and actor.is_authenticated and getattr(actor, "is_org_user", False)
                and actor.organization_id_bound == org.pk)


def visible_organization(user, code: str) -> Organization | None:
    """The organization with this USCC / filing number if ``user`` may see it (else None: a 404)."""
    return Organization.objects.visible_to(user).by_code(code).select_related("authority").first()


# --- input cleaning --------------------------------------------------------------------------------------

def _text(data: dict, key: str, c: Collector, *, required: bool = False) -> str:
    raw = data.get(key)
    value = "" if raw is None else str(raw).strip()
    if required and not value:
        c.add("REQUIRED", key, "必填项不能为空", "this field is required")
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        c.add("MAX-LENGTH", key, f"长度 {len(value)} 超过上限 {limit} 个字符",
              f"length {len(value)} exceeds the limit of {limit} characters", value[:200])
    return value


def _date(data: dict, key: str, c: Collector, *, required: bool = False, default: date | None = None) -> date | None:
    raw = data.get(key)
    try:
        value = parse_date(raw)
    except (ValueError, TypeError):
        c.add("DATE-FORMAT", key, "日期格式无效，应为 YYYY-MM-DD", "invalid date: use YYYY-MM-DD", str(raw)[:200])
        return None
    if value is None:
        if default is not None:
            return default
        if required:
            c.add("REQUIRED", key, "必填项不能为空", "this field is required")
    return value


def _money(data: dict, key: str, c: Collector, *, required: bool = True) -> Decimal | None:
    raw = data.get(key)
    if raw is None or str(raw).strip() == "":
        if required:
            c.add("REQUIRED", key, "必填项不能为空", "this field is required")
        return None
    try:
        exact = Decimal(str(raw).strip())
    except InvalidOperation:
        exact = None
    if exact is not None and exact.is_finite() and exact.as_tuple().exponent < -2:
        c.add("MONEY-DECIMALS", key, "金额最多保留两位小数（元、角、分）", "amounts have at most 2 decimal places (yuan)",
              str(raw)[:200])
        return None
    try:
        amount = parse_money(raw)
    except (InvalidOperation, ValueError, TypeError):
        c.add("MONEY-FORMAT", key, "金额格式无效，应为以元为单位的数字", "invalid amount: a number of yuan",
              str(raw)[:200])
        return None
    if amount < 0:
        c.add("MONEY-NEGATIVE", key, f"金额不能为负数，填报为 {amount} 元", f"amount may not be negative; given {amount}",
              str(amount))
        return None
    if amount > MAX_MONEY:
        c.add("MONEY-TOO-LARGE", key, "金额超出上限", "amount too large", str(amount))
        return None
    return amount


def _count(data: dict, key: str, c: Collector) -> int | None:
    raw = data.get(key)
    if raw is None or str(raw).strip() == "":
        c.add("REQUIRED", key, "必填项不能为空", "this field is required")
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        c.add("COUNT-FORMAT", key, "应为整数", "expected a whole number", str(raw)[:200])
        return None
    if value < 0:
        c.add("COUNT-NEGATIVE", key, f"人数或个数不能为负数，填报为 {value}", f"a count may not be negative; given {value}",
              str(value))
        return None
    if value > 2_000_000_000:
        c.add("COUNT-TOO-LARGE", key, "数值过大", "value too large", str(value))
        return None
    return value


TRUE_WORDS = {"true", "1", "yes", "on", "是", "有", "y"}
FALSE_WORDS = {"false", "0", "no", "off", "否", "无", "n"}


def _boolean(data: dict, key: str, c: Collector) -> bool | None:
    raw = data.get(key)
    if isinstance(raw, bool):
        return raw
    text = "" if raw is None else str(raw).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    if text:
        c.add("BOOLEAN-FORMAT", key, "应为“是”或“否”", "expected yes or no", text[:200])
    else:
        c.add("REQUIRED", key, "必填项不能为空", "this field is required")
    return None


def _year(data: dict, c: Collector) -> int | None:
    raw = data.get("year")
    if raw is None or str(raw).strip() == "":
        c.add("REQUIRED", "year", "必填项不能为空", "this field is required")
        return None
    try:
        year = int(str(raw).strip())
    except ValueError:
        year = 0
    if not 1949 <= year <= 9999:
        c.add("YEAR-FORMAT", "year", "报告年度应为四位年份，如 2024", "the report year is a four-digit year, e.g. 2024",
              str(raw)[:20])
        return None
    return year


def clean_figures(data: dict, org: Organization, c: Collector) -> dict:
    """The report's figures, typed; every problem goes to ``c`` (totals only when every amount is readable)."""
    figures: dict = {key: _money(data, key, c) for key in MONEY_FIELDS}
    figures.update({key: _count(data, key, c) for key in COUNT_FIELDS})
    figures["party_organization"] = _boolean(data, "party_organization", c)
    figures["activities"] = _text(data, "activities", c, required=True)
    if all(figures[key] is not None for key in MONEY_FIELDS):
        c.extend(_problem(r) for r in rules.check_totals(figures))
    if figures["branches"] is not None:
        refusal = rules.check_branches(org.org_type, figures["branches"])
        if refusal:
            c.add(refusal.rule, refusal.field, refusal.zh, refusal.en, refusal.value)
    return figures


@dataclass
class CheckedFile:
    upload: object
    name: str
    original: str
    sha256: str


def check_audit_file(upload, org: Organization, year: int | None, c: Collector) -> CheckedFile | None:
    """The audit report: PDF, PNG or JPEG (by content, not only by name) and within the size limit."""
    if upload is None:
        return None
    original = os.path.basename(getattr(upload, "name", "") or "")
    ext = os.path.splitext(original)[1].lower()
    limit_mb = int(setting("ANNUAL_REPORT_FILE_MAX_MB", org.authority_id).value)
    if upload.size > limit_mb * 1024 * 1024:
        c.add("REPORT-FILE-TOO-LARGE", "audit_report", f"审计报告文件超过 {limit_mb} MB 上限",
              f"the audit report file exceeds the {limit_mb} MB limit", original)
        return None
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        head = head or chunk[:8]
        digest.update(chunk)
    upload.seek(0)
    if ext not in AUDIT_FILE_TYPES or not head.startswith(AUDIT_FILE_TYPES[ext]):
        c.add("REPORT-FILE-TYPE", "audit_report", "审计报告应为 PDF、PNG 或 JPEG 文件",
              "the audit report must be a PDF, PNG or JPEG file", original)
        return None
    sha = digest.hexdigest()
    # Content-addressed, so an identical file uploaded again is stored once.
    name = f"annual_reports/{year or 'unknown'}/{org.code}/{sha[:32]}{ext}"
    return CheckedFile(upload, name, original[:255], sha)


def _store(checked: CheckedFile) -> str:
    if not default_storage.exists(checked.name):
        stored = default_storage.save(checked.name, checked.upload)
        if stored != checked.name:  # a concurrent upload of the same bytes; both copies are identical
            return stored
    return checked.name


# --- annual reports ----------------------------------------------------------------------------------------

def submission_snapshot(sub: ReportSubmission) -> dict:
    data = {key: getattr(sub, key) for key in (*MONEY_FIELDS, *COUNT_FIELDS, "party_organization", "activities")}
    data.update({"organization": sub.report.organization.code, "year": sub.report.year, "number": sub.number,
                 "submitted_on": sub.submitted_on, "supersedes": sub.supersedes_id,
                 "correction_note": sub.correction_note, "first_review_required": sub.first_review_required,
                 "audit_report": sub.audit_report.name, "audit_report_sha256": sub.audit_report_sha256})
    return data


def review_snapshot(review: ReportReview) -> dict:
    return {"organization": review.report.organization.code, "year": review.report.year,
            "submission": review.submission_id, "stage": review.stage, "outcome": review.outcome,
            "mode": review.mode, "conclusion": review.conclusion, "reasons": review.reasons,
            "reviewed_on": review.reviewed_on, "supervisor_name": review.supervisor_name,
            "supersedes": review.supersedes_id, "mode_explanation": review.mode_explanation}


def _require_own_user(actor, org: Organization) -> None:
    if not is_own_org_user(actor, org):
        raise RuleViolation.one("REPORT-OWN-ORGANIZATION", "organization", "年度工作报告只能由本组织的账号报送",
                                "only the organization's own account may submit its annual work report", status=403)


def _audit_required(org: Organization) -> tuple[bool, SettingValue]:
    value = setting("ANNUAL_REPORT_AUDIT_REQUIRED_TYPES", org.authority_id)
    return org.org_type in value.value, value


@transaction.atomic
def submit_report(actor, org: Organization, data: dict, audit_file=None) -> AnnualReport:
    """报送年度工作报告: the organization's own user submits its report for a past year."""
    _require_own_user(actor, org)
    org = Organization.objects.select_for_update().get(pk=org.pk)  # one submission per organization at a time
    c = Collector()
    if org.status != Status.ACTIVE:
        c.add("REPORT-ORG-NOT-ACTIVE", "organization", "该组织已不处于正常登记状态，不能报送年度工作报告",
              "the organization is no longer active and cannot submit a report", org.status)
    year = _year(data, c)
    if year is not None:
        refusal = rules.check_report_year(year, org.founded_on, today())
        if refusal:
            c.add(refusal.rule, refusal.field, refusal.zh, refusal.en, refusal.value)
        elif AnnualReport.objects.filter(organization=org, year=year).exists():
            c.add("REPORT-YEAR-DUPLICATE", "year", f"{year} 年度的工作报告已报送；如需更正，请在该报告中重新报送",
                  f"the report for {year} has already been submitted; to correct it, resubmit that report",
                  str(year))
    figures = clean_figures(data, org, c)
    checked = check_audit_file(audit_file, org, year, c)
    required, rule_setting = _audit_required(org)
    if required and audit_file is None:
        c.add("REPORT-AUDIT-REQUIRED", "audit_report",
              f"基金会的年度工作报告须附注册会计师审计报告（{rule_setting.explanation}）",
              f"a foundation's annual report must include the CPA audit report ({rule_setting.explanation})")
    c.raise_if_any()
    day = today()
    report = AnnualReport.objects.create(organization=org, year=year, state=ReportState.AWAITING_REVIEW,
                                         first_submitted_on=day, last_submitted_on=day)
    submission = _create_submission(actor, report, 1, figures, checked, None, "", bool(org.supervisor.strip()))
    rebuild_report(report)
    record(actor, "annual_report.submit", "ReportSubmission", submission.pk, after=submission_snapshot(submission))
    return report


def _create_submission(actor, report, number, figures, checked, previous, note, first_review) -> ReportSubmission:
    submission = ReportSubmission(report=report, number=number, submitted_on=today(),
                                  submitted_by=_user_or_none(actor), supersedes=previous, correction_note=note,
                                  first_review_required=first_review, **figures)
    if checked is not None:
        submission.audit_report.name = _store(checked)
        submission.audit_report_name, submission.audit_report_sha256 = checked.original, checked.sha256
    elif previous is not None and previous.audit_report:
        submission.audit_report.name = previous.audit_report.name
        submission.audit_report_name = previous.audit_report_name
        submission.audit_report_sha256 = previous.audit_report_sha256
    submission.save()
    return submission


def current_submission(report: AnnualReport) -> ReportSubmission:
    return report.submissions.filter(superseded_by__isnull=True).order_by("-number").first()


def _reviews_in_force(submission: ReportSubmission):
    return submission.reviews.filter(superseded_by__isnull=True).order_by("id")


@transaction.atomic
def resubmit_report(actor, report: AnnualReport, data: dict, audit_file=None) -> ReportSubmission:
    """Correct a report (after it was returned, or before anyone reviewed it): a new submission supersedes."""
    report = AnnualReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    org = report.organization
    _require_own_user(actor, org)
    previous = current_submission(report)
    c = Collector()
    if report.state != ReportState.RETURNED and _reviews_in_force(previous).exists():
        c.add("REPORT-NOT-CORRECTABLE", "report", "该报告已在审查中或已审查完毕，不能重新报送；退回修改后方可更正",
              "this report is under review or has been reviewed; it can be corrected only after it is returned",
              report.state)
    note = _text(data, "correction_note", c, required=True)
    figures = clean_figures(data, org, c)
    checked = check_audit_file(audit_file, org, report.year, c)
    required, rule_setting = _audit_required(org)
    if required and audit_file is None and not previous.audit_report:
        c.add("REPORT-AUDIT-REQUIRED", "audit_report",
              f"基金会的年度工作报告须附注册会计师审计报告（{rule_setting.explanation}）",
              f"a foundation's annual report must include the CPA audit report ({rule_setting.explanation})")
    c.raise_if_any()
    submission = _create_submission(actor, report, previous.number + 1, figures, checked, previous, note,
                                    bool(org.supervisor.strip()))
    rebuild_report(report)
    record(actor, "annual_report.resubmit", "ReportSubmission", submission.pk,
           before=submission_snapshot(previous), after=submission_snapshot(submission), reason=note)
    return submission


def rebuild_report(report: AnnualReport) -> AnnualReport:
    """Re-derive the report's cached state from its facts (rules_reports.report_state)."""
    submissions = list(report.submissions.order_by("number"))
    current = submissions[-1]  # each resubmission supersedes the one before it
    reviews = list(_reviews_in_force(current))
    state, conclusion, concluded_on = rules.report_state(
        current.first_review_required, [(r.stage, r.outcome, r.conclusion, r.reviewed_on) for r in reviews])
    concluding = [r for r in reviews if r.stage == ReviewStage.AUTHORITY and r.outcome == ReviewOutcome.CONCLUDED]
    report.state, report.conclusion, report.concluded_on = state, conclusion, concluded_on
    report.review_mode = concluding[-1].mode if state == ReportState.CONCLUDED and concluding else ""
    report.first_submitted_on = submissions[0].submitted_on
    report.last_submitted_on = current.submitted_on
    report.save()
    return report


@transaction.atomic
def record_review(actor, report: AnnualReport, *, stage: str, outcome: str, conclusion: str = "",
                  reasons: str = "", reviewed_on=None, supervisor_name: str = "",
                  supersedes: ReportReview | None = None) -> ReportReview:
    """初审 by the business supervisor, or the authority's review.

    The first review is recorded by the business supervisor's own user (业务主管单位用户, for the organizations
    its unit supervises within its division), or by an officer on the supervisor's behalf when it came on paper
    (``supervisor_name``). A business supervisor user records the first review and nothing else; the authority's
    review is the officers'. In annual-inspection mode the authority concludes 合格 / 基本合格 / 不合格; in
    annual-report mode it completes a formal review without a conclusion (setting ANNUAL_REVIEW_MODE, in force on
    the review date). A correction of a completed review supersedes it.
    """
    report = AnnualReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    org = report.organization
    by_supervisor = bool(getattr(actor, "is_supervisor_user", False))
    if by_supervisor:
        if not Organization.objects.supervised_by(actor).filter(pk=org.pk).exists():
            raise not_found()  # 404, not 403: nothing is confirmed outside the unit's organizations
        if str(stage or "") != ReviewStage.FIRST_REVIEW or supersedes is not None:
            raise RuleViolation.one("REVIEW-SUPERVISOR-FIRST-ONLY", "review_stage",
                                    "业务主管单位只能作出初审，审查结论由登记管理机关作出",
                                    "a business supervisor records the first review only; the registration "
                                    "authority's review is the authority's", status=403, value=str(stage or ""))
        supervisor_name = actor.supervisor_unit.strip()  # the unit speaks for itself, under its registered name
    else:
        _deny_outside(actor, org)
    c = Collector()
    data = {"reasons": reasons, "supervisor_name": supervisor_name, "reviewed_on": reviewed_on}
    reasons = _text(data, "reasons", c)
    day = _date(data, "reviewed_on", c, default=today())
    stage, outcome, conclusion = str(stage or ""), str(outcome or ""), str(conclusion or "")
    if conclusion and conclusion not in Conclusion.values:
        c.add("REVIEW-CONCLUSION", "conclusion", "结论应为合格、基本合格或不合格",
              "the conclusion is qualified, basically qualified or unqualified", conclusion)
    submission = current_submission(report)
    in_force = list(_reviews_in_force(submission))
    state = report.state
    if supersedes is not None:
        last = in_force[-1] if in_force else None
        if last is None or supersedes.pk != last.pk or last.stage != ReviewStage.AUTHORITY or \
                report.state != ReportState.CONCLUDED:
            c.add("REVIEW-SUPERSEDES", "supersedes", "只能更正该报告当前有效的审查结论",
                  "only the report's current review result can be corrected", str(supersedes.pk))
        if not reasons:
            c.add("REVIEW-REASONS-REQUIRED", "reasons", "更正审查结论须说明理由", "give the reasons for the correction")
    mode = setting("ANNUAL_REVIEW_MODE", org.authority_id, day or today())
    c.extend(_problem(r) for r in rules.check_review(state, stage, outcome, conclusion, reasons, mode.value,
                                                     correcting=supersedes is not None))
    if day is not None:
        earliest = max([submission.submitted_on, *[r.reviewed_on for r in in_force if r != supersedes]])
        refusal = rules.check_review_date(day, earliest, today())
        if refusal:
            c.add(refusal.rule, refusal.field, refusal.zh, refusal.en, refusal.value)
    supervisor = ""
    if stage == ReviewStage.FIRST_REVIEW:
        supervisor = _text({"supervisor_name": supervisor_name or org.supervisor}, "supervisor_name", c,
                           required=True)
    c.raise_if_any()
    review = ReportReview.objects.create(
        report=report, submission=submission, stage=stage, outcome=outcome, conclusion=conclusion, reasons=reasons,
        reviewed_on=day, supervisor_name=supervisor, reviewer=_user_or_none(actor), supersedes=supersedes,
        mode=mode.value if stage == ReviewStage.AUTHORITY else "",
        mode_explanation=mode.explanation if stage == ReviewStage.AUTHORITY else "")
    rebuild_report(report)
    record(actor, "annual_report.review", "ReportReview", review.pk, after=review_snapshot(review), reason=reasons)
    return review


def review_due(report: AnnualReport) -> tuple[date | None, str]:
    """Report mode: the formal review is due N working days after the last submission (setting named)."""
    mode = setting("ANNUAL_REVIEW_MODE", report.organization.authority_id)
    if mode.value != ReviewMode.REPORT or report.state == ReportState.CONCLUDED:
        return None, mode.explanation
    days = setting("ANNUAL_REPORT_REVIEW_WORKING_DAYS", report.organization.authority_id)
    return rules.add_working_days(report.last_submitted_on, int(days.value)), days.explanation


def deadline_of(org: Organization, year: int, on: date | None = None) -> tuple[date, str]:
    value = setting("ANNUAL_REPORT_DEADLINE_MMDD", org.authority_id, on)
    mapping = value.value
    return rules.deadline_for(year, org.org_type, mapping), _deadline_explanation(value, org.org_type)


def explain_item(value: SettingValue, item: str) -> str:
    """Like SettingValue.explanation, for the one entry of a per-type setting that a decision used."""
    where = "默认值 / national default" if value.source == "default" else f"{value.source} 设定 / set by {value.source}"
    return f"{value.key}[{item}] = {value.value.get(item)} ({where})"


_deadline_explanation = explain_item


@dataclass
class ReportStanding:
    """A report as it stood on a date (for the public page and replay)."""

    year: int
    state: str
    conclusion: str
    concluded_on: date | None
    mode: str


def report_as_of(report: AnnualReport, day: date) -> ReportStanding | None:
    """The report as it stood on ``day``: the submission then current and its reviews then in force."""
    submissions = [s for s in report.submissions.all() if s.submitted_on <= day]
    if not submissions:
        return None
    current = max(submissions, key=lambda s: s.number)
    reviews = [r for r in current.reviews.all() if r.reviewed_on <= day]
    superseded = {r.supersedes_id for r in reviews if r.supersedes_id}
    live = sorted((r for r in reviews if r.pk not in superseded), key=lambda r: r.pk)
    state, conclusion, concluded_on = rules.report_state(
        current.first_review_required, [(r.stage, r.outcome, r.conclusion, r.reviewed_on) for r in live])
    concluding = [r for r in live if r.stage == ReviewStage.AUTHORITY and r.outcome == ReviewOutcome.CONCLUDED]
    mode = concluding[-1].mode if state == ReportState.CONCLUDED and concluding else ""
    return ReportStanding(report.year, state, conclusion, concluded_on, mode)


# --- the overdue sweep -------------------------------------------------------------------------------------

@dataclass
class SweepResult:
    year: int
    as_of: date
    jurisdiction: str
    missing: int = 0
    late: int = 0
    groups: list[str] = field(default_factory=list)


DEFAULT_GROUP = ("default", None, "default", None)
OVERDUE_COLUMNS = ("organization", "year", "kind", "deadline", "detected_on", "submitted_on", "explanation",
                   "recorded_at")


def _insert_select(model, fields, queryset) -> int:
    """INSERT INTO model (fields) SELECT … of ``queryset`` (whose columns are in that order), skipping rows
    that a unique constraint already holds: the findings never leave the database on their way in."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # PostgreSQL's JIT compiles a query this size for longer than it runs (measured: 1.8 s of 2.9 s).
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {sql} ON CONFLICT DO NOTHING", params)
        return cursor.rowcount


def _settings_by_authority(key: str, authorities: list[str], on: date) -> dict[str, SettingValue]:
    """The setting for each authority: one lookup for the default, and divisions.policy.setting only for the
    authorities under a division that has set its own value (few, so the sweep stays set-based)."""
    default = setting(key, None, on)
    local = JurisdictionSetting.objects.filter(key=key, effective_from__lte=on).values_list("division_id", flat=True)
    prefixes = {subtree_prefix(code) for code in local}
    return {code: setting(key, code, on) if any(code.startswith(p) for p in prefixes) else default
            for code in authorities}


@transaction.atomic
def sweep_overdue(*, as_of: date, jurisdiction: str = "100000", year: int | None = None,
                  actor=None) -> SweepResult:
    """Record the missing and late reports of ``year`` in ``jurisdiction`` as of ``as_of`` (set-based).

    For each group of authorities sharing the same settings, one query over its organizations finds those that
    owe a report and have none by ``as_of`` (REPORT-MISSING) or sent it after their type's deadline (REPORT-LATE),
    leaving out findings already recorded, and inserts them in the database (INSERT … SELECT): no row travels
    through Python. One audit event records the run with a digest of its findings. Running it again finds
    nothing new; the unique constraint keeps a concurrent run from doubling a finding. Nothing is listed before
    the day after the deadline.
    """
    year = year or as_of.year - 1
    result = SweepResult(year, as_of, jurisdiction)
    in_scope = Organization.objects.filter(subtree_q("authority_id", jurisdiction))
    # Every authority code of the jurisdiction, retired ones included, from the division table (a few thousand
    # rows nationally) rather than from the organizations.
    authorities = list(Division.objects.filter(subtree_q("code", jurisdiction)).order_by("code")
                       .values_list("code", flat=True))
    deadlines = _settings_by_authority("ANNUAL_REPORT_DEADLINE_MMDD", authorities, as_of)
    types = _settings_by_authority("ANNUAL_REPORT_TYPES", authorities, as_of)
    groups: dict[tuple, list[str]] = {}
    for code in authorities:
        d, t = deadlines[code], types[code]
        groups.setdefault((d.source, d.effective_from, t.source, t.effective_from), []).append(code)
    year_end = date(year, 12, 31)
    stamp = timezone.now()  # every finding of this run carries it, so the run reads back what it inserted
    for key, codes in groups.items():
        deadline_value, types_value = deadlines[codes[0]], types[codes[0]]
        due = {t: rules.deadline_for(year, t, deadline_value.value) for t in types_value.value}
        due = {t: day for t, day in due.items() if as_of > day}  # listed from the day after the deadline
        if not due:
            continue
        why = {t: _deadline_explanation(deadline_value, t) for t in due}
        result.groups += [f"{t} {day} ({len(codes)} authorities): {why[t]}" for t, day in due.items()]
        if len(groups) == 1:
            where = in_scope
        elif key == DEFAULT_GROUP:  # the national defaults: everything but the authorities with local settings
            where = in_scope.exclude(authority_id__in=[c for k, cs in groups.items() if k != key for c in cs])
        else:
            where = Organization.objects.filter(authority_id__in=codes)
        owing, late = Q(), Q()
        for org_type, deadline in due.items():
            owing |= Q(org_type=org_type) & (Q(status=Status.ACTIVE) | Q(status_since__gt=deadline))
            late |= Q(org_type=org_type, submitted_on__gt=deadline)
        # One pass over the group's organizations, like a LEFT JOIN to the year's report: no report by as_of is
        # missing, one after the type's deadline is late; findings already recorded are left out.
        found = (where.filter(owing, founded_on__lte=year_end)
                 .annotate(report=FilteredRelation("annual_reports", condition=Q(
                     annual_reports__year=year, annual_reports__first_submitted_on__lte=as_of)))
                 .annotate(submitted_on=F("report__first_submitted_on"))
                 .annotate(listed_missing=Exists(ReportOverdue.objects.filter(
                     organization=OuterRef("pk"), year=year, kind=OverdueKind.MISSING)),
                           listed_late=Exists(ReportOverdue.objects.filter(
                               organization=OuterRef("pk"), year=year, kind=OverdueKind.LATE)))
                 .filter(Q(submitted_on__isnull=True, listed_missing=False) | (late & Q(listed_late=False))))
        missing = Q(submitted_on__isnull=True)
        rows = found.annotate(
            f_organization=F("pk"), f_year=Value(year), f_kind=Case(
                When(missing, then=Value(OverdueKind.MISSING.value)), default=Value(OverdueKind.LATE.value),
                output_field=CharField()),
            f_deadline=Case(*[When(org_type=t, then=Value(day)) for t, day in due.items()], output_field=DateField()),
            f_detected_on=Value(as_of, output_field=DateField()), f_submitted_on=F("submitted_on"),
            f_explanation=Case(*[When(missing & Q(org_type=t), then=Value(f"REPORT-MISSING · {why[t]}"))
                                 for t in due], *[When(org_type=t, then=Value(f"REPORT-LATE · {why[t]}"))
                                                  for t in due], output_field=CharField()),
            f_recorded_at=Value(stamp, output_field=DateTimeField()),
        ).order_by().values_list(*(f"f_{column}" for column in OVERDUE_COLUMNS))
        _insert_select(ReportOverdue, OVERDUE_COLUMNS, rows)
    inserted = list(ReportOverdue.objects.filter(year=year, recorded_at=stamp, detected_on=as_of)
                    .values_list("organization_id", "kind"))
    result.missing = sum(1 for _, kind in inserted if kind == OverdueKind.MISSING)
    result.late = len(inserted) - result.missing
    if inserted:
        digest = hashlib.sha256(",".join(f"{pk}:{kind}" for pk, kind in sorted(inserted)).encode()).hexdigest()
        record_many(actor, [Change("report.sweep", "ReportOverdue", f"{jurisdiction}/{year}", after={
            "as_of": as_of, "year": year, "jurisdiction": jurisdiction, "missing": result.missing,
            "late": result.late, "sha256": digest, "groups": result.groups})])
    return result


def overdue_list(user, year: int):
    """Overdue findings of ``year`` visible to ``user``, each marked whether the report is still missing."""
    submitted = AnnualReport.objects.filter(organization=OuterRef("organization"), year=year)
    return (ReportOverdue.objects.visible_to(user).filter(year=year).select_related("organization")
            .annotate(still_missing=~Exists(submitted)).order_by("organization__authority_id", "organization_id",
                                                                  "kind"))


# --- penalties ---------------------------------------------------------------------------------------------

def penalty_snapshot(p: Penalty) -> dict:
    return {"organization": p.organization.code, "kind": p.kind, "amount": p.amount,
            "suspended_from": p.suspended_from, "suspended_to": p.suspended_to,
            "decision_number": p.decision_number, "decided_on": p.decided_on, "legal_basis": p.legal_basis,
            "facts": p.facts, "department_kind": p.department_kind, "department_name": p.department_name,
            "registration_event": p.registration_event_id, "supersedes": p.supersedes_id,
            "correction_reason": p.correction_reason}


def _renamed(violation: RuleViolation, names: dict) -> RuleViolation:
    """A registry refusal with its field names mapped onto this service's input."""
    problems = [Refusal(p.code, names.get(p.field, p.field), p.zh, p.en, p.row, p.value) for p in violation.problems]
    return RuleViolation(problems, status=violation.status)


@transaction.atomic
def record_penalty(actor, org: Organization, data: dict, *, supersedes: Penalty | None = None) -> Penalty:
    """行政处罚: recorded by an officer over the organization. Revocation (撤销登记) and certificate cancellation
    (吊销登记证书) also record that registration event, in the same transaction."""
    org = Organization.objects.select_for_update().select_related("authority").get(pk=org.pk)
    _deny_outside(actor, org)
    c = Collector()
    kind = str(data.get("penalty") or "")
    if kind not in PenaltyKind.values:
        c.add("PENALTY-KIND", "penalty", "处罚种类无效：应为警告、罚款、没收违法所得、限期停止活动、撤销登记或吊销登记证书",
              "unknown penalty: warning, fine, confiscation, suspension, revocation or certificate_cancellation",
              kind[:100])
    department_kind = str(data.get("department_kind") or DepartmentKind.CIVIL_AFFAIRS)
    if department_kind not in DepartmentKind.values:
        c.add("PENALTY-DEPARTMENT", "department_kind", "作出处罚的部门应为民政部门或其他部门",
              "the deciding department is civil_affairs or other", department_kind[:100])
    amount = _money(data, "amount", c, required=False)
    suspended_from = _date(data, "suspended_from", c)
    suspended_to = _date(data, "suspended_to", c)
    decided_on = _date(data, "decided_on", c, required=True)
    decision_number = _text(data, "decision_number", c, required=True)
    legal_basis = _text(data, "legal_basis", c, required=True)
    facts = _text(data, "facts", c, required=True)
    department_name = _text(data, "department_name", c, required=department_kind == DepartmentKind.OTHER)
    if department_kind == DepartmentKind.CIVIL_AFFAIRS and not department_name:
        department_name = org.authority.authority_name
    correction_reason = _text(data, "correction_reason", c, required=supersedes is not None)
    if kind in PenaltyKind.values and decided_on is not None and department_kind in DepartmentKind.values:
        c.extend(_problem(r) for r in rules.check_penalty(kind, amount, suspended_from, suspended_to, decided_on,
                                                          department_kind, org.founded_on, today()))
    if supersedes is not None:
        if supersedes.organization_id != org.pk or Penalty.objects.filter(supersedes=supersedes).exists():
            c.add("PENALTY-SUPERSEDES", "supersedes", "只能更正本组织尚未被更正的处罚",
                  "only a penalty of this organization that is still in force can be corrected", str(supersedes.pk))
        if supersedes.kind in (PenaltyKind.REVOCATION, PenaltyKind.CERTIFICATE_CANCELLATION) or \
                kind in (PenaltyKind.REVOCATION, PenaltyKind.CERTIFICATE_CANCELLATION):
            c.add("PENALTY-CORRECT-TERMINAL", "supersedes",
                  "撤销登记、吊销登记证书的更正须在登记簿中更正相应登记事项",
                  "a revocation or certificate cancellation is corrected through the register's event correction")
    elif decision_number and kind and Penalty.objects.in_force().filter(
            organization=org, decision_number=decision_number, kind=kind).exists():
        c.add("PENALTY-DUPLICATE", "decision_number", f"该组织已登记决定书文号为 {decision_number} 的同种处罚",
              f"a {kind} penalty with decision number {decision_number} is already recorded for this organization",
              decision_number)
    c.raise_if_any()
    event = None
    if kind in (PenaltyKind.REVOCATION, PenaltyKind.CERTIFICATE_CANCELLATION):
        reason = f"行政处罚 / administrative penalty {decision_number}: {legal_basis}"[:2000]
        try:
            event = record_event(actor, org, kind=EventKind(kind).value, effective_on=decided_on,
                                 decision_number=decision_number, reason=reason)
        except RuleViolation as violation:
            raise _renamed(violation, {"effective_on": "decided_on", "reason": "legal_basis"}) from violation
    penalty = Penalty.objects.create(
        organization=org, kind=kind, amount=amount, suspended_from=suspended_from, suspended_to=suspended_to,
        decision_number=decision_number, decided_on=decided_on, legal_basis=legal_basis, facts=facts,
        department_kind=department_kind, department_name=department_name, registration_event=event,
        supersedes=supersedes, correction_reason=correction_reason, recorded_by=_user_or_none(actor))
    record(actor, "penalty.record", "Penalty", penalty.pk, after=penalty_snapshot(penalty),
           before=penalty_snapshot(supersedes) if supersedes else None, reason=correction_reason)
    return penalty


def penalties_as_of(org: Organization, day: date | None):
    """The organization's penalties in force on ``day`` (today when None), newest first."""
    rows = list(org.penalties.all().order_by("-decided_on", "-id"))
    if day is not None:
        rows = [p for p in rows if p.decided_on <= day]
    replaced = {p.supersedes_id for p in rows if p.supersedes_id}
    return [p for p in rows if p.pk not in replaced]


# --- leadership ----------------------------------------------------------------------------------------------

def term_snapshot(term: LeadershipTerm) -> dict:
    return {"organization": term.organization.code, "kind": term.kind, "started_on": term.started_on,
            "term_years": term.term_years, "ends_on": term.ends_on, "legal_rep_name": term.legal_rep_name,
            "board_members": term.board_members, "decision_number": term.decision_number,
            "filed_on": term.filed_on, "registration_event": term.registration_event_id,
            "departure_audit": term.departure_audit_id, "setting_explanation": term.setting_explanation}


def _board(raw) -> list[str]:
    if raw is None:
        return []
    items = raw if isinstance(raw, (list, tuple)) else str(raw).replace("，", "\n").replace("、", "\n").replace(
        ",", "\n").splitlines()
    return [str(name).strip()[:64] for name in items if str(name).strip()]


def current_term(org: Organization) -> LeadershipTerm | None:
    return LeadershipTerm.objects.filter(organization=org).current().order_by("-started_on", "-id").first()


@transaction.atomic
def file_term(actor, org: Organization, data: dict) -> LeadershipTerm:
    """换届备案, or the first record of the term in force.

    A renewal records the registration event ``leadership_change`` through registry.services.record_event (with
    the new legal representative when it changes). Before a renewal or a change of legal representative, as the
    setting LEADERSHIP_AUDIT_BEFORE requires for the type, the outgoing legal representative's financial audit
    must be on file (LEAD-AUDIT-REQUIRED).
    """
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _deny_outside(actor, org)
    c = Collector()
    current = current_term(org)
    kind = str(data.get("filing") or (TermKind.RENEWAL if current else TermKind.INITIAL))
    if kind not in TermKind.values:
        c.add("LEAD-KIND", "filing", "备案类型应为在任届次或换届", "the filing is initial or renewal", kind[:50])
    started_on = _date(data, "started_on", c, required=True)
    filed_on = _date(data, "filed_on", c, default=today())
    default_years = setting("LEADERSHIP_TERM_YEARS", org.authority_id, started_on)
    max_years = setting("LEADERSHIP_TERM_MAX_YEARS", org.authority_id, started_on)
    raw_years = data.get("term_years")
    years = default_years.value if raw_years in (None, "") else _count({"term_years": raw_years}, "term_years", c)
    legal_rep_name = _text(data, "legal_rep_name", c, required=True)
    legal_rep_id = str(data.get("legal_rep_id") or "").strip()
    board = _board(data.get("board_members"))
    decision_number = _text(data, "decision_number", c)
    note = _text(data, "note", c)
    if filed_on and filed_on > today():
        c.add("LEAD-DATE-FUTURE", "filed_on", f"备案日期 {filed_on} 晚于今天", f"filing date {filed_on} is in the future",
              str(filed_on))
    if org.status != Status.ACTIVE:
        c.add("LEAD-ORG-NOT-ACTIVE", "organization", "该组织已不处于正常登记状态，不能办理换届备案",
              "the organization is no longer active; no leadership filing is possible", org.status)
    limits = None
    if org.org_type == "foundation":
        limits = tuple(setting("LEADERSHIP_FOUNDATION_BOARD_SIZE", org.authority_id, started_on).value)
    if started_on is not None and years is not None and kind in TermKind.values:
        c.extend(_problem(r) for r in rules.check_term(
            kind, started_on, int(years), int(max_years.value), len(board), org.founded_on, today(),
            current.started_on if current else None, limits))
    changes_rep = bool(legal_rep_name) and legal_rep_name != org.legal_rep_name
    if kind == TermKind.INITIAL and changes_rep:
        c.add("LEAD-REP-MISMATCH", "legal_rep_name",
              f"在任届次的法定代表人应与登记的法定代表人“{org.legal_rep_name}”一致；更换法定代表人请按换届备案",
              f"the term in force must name the registered legal representative ({org.legal_rep_name}); file a "
              "renewal to change it", legal_rep_name)
    requirement = setting("LEADERSHIP_AUDIT_BEFORE", org.authority_id, started_on)
    why_audit = explain_item(requirement, org.org_type)
    explanations = [default_years.explanation if raw_years in (None, "") else "",
                    max_years.explanation, why_audit]
    audit = None
    needed = kind == TermKind.RENEWAL and rules.audit_required(
        requirement.value.get(org.org_type, "legal_rep_change"), kind, changes_rep)
    if needed and started_on is not None:
        audit, missing = departure_audit_check(org, org.legal_rep_name, started_on, requirement,
                                               changes_rep=changes_rep, field="departure_audit")
        if missing is not None:
            c.extend([missing])
    c.raise_if_any()
    event = None
    if kind == TermKind.RENEWAL:
        changes = {}
        if changes_rep:
            changes = {"legal_rep_name": legal_rep_name, **({"legal_rep_id": legal_rep_id} if legal_rep_id else {})}
        try:
            event = record_event(actor, org, kind=EventKind.LEADERSHIP_CHANGE, effective_on=started_on,
                                 decision_number=decision_number, changes=changes,
                                 reason=(note or "换届备案 / leadership renewal filed")[:2000])
        except RuleViolation as violation:
            raise _renamed(violation, {"effective_on": "started_on", "changes.legal_rep_name": "legal_rep_name",
                                       "changes.legal_rep_id": "legal_rep_id", "reason": "note"}) from violation
    term = LeadershipTerm.objects.create(
        organization=org, kind=kind, started_on=started_on, term_years=int(years),
        ends_on=rules.term_end(started_on, int(years)), legal_rep_name=legal_rep_name, board_members=board,
        decision_number=decision_number, filed_on=filed_on, note=note, registration_event=event,
        departure_audit=audit, recorded_by=_user_or_none(actor),
        setting_explanation="; ".join(e for e in explanations if e)[:500])
    record(actor, "leadership.file", "LeadershipTerm", term.pk, after=term_snapshot(term), reason=note)
    return term


def tenure_start(org: Organization, person: str, day: date) -> date:
    """When ``person`` took office as legal representative, as far as the facts tell by ``day``: the start of
    the term on file that names them, or the latest registration event that named them, or the founding date."""
    starts = [org.founded_on]
    term = current_term(org)
    if term is not None and term.legal_rep_name == person and term.started_on <= day:
        starts.append(term.started_on)
    named = (org.events.filter(effective_on__lte=day, superseded_by__isnull=True, changes__legal_rep_name=person)
             .order_by("-effective_on").values_list("effective_on", flat=True).first())
    if named is not None:
        starts.append(named)
    return max(starts)


def departure_audit_check(org: Organization, outgoing: str, started_on: date, requirement: SettingValue, *,
                          changes_rep: bool, field: str) -> tuple[DepartureAudit | None, Refusal | None]:
    """LEAD-AUDIT-REQUIRED: the financial audit 离任审计 of ``outgoing``'s tenure, dated within it and by the day
    the new legal representative (or term) starts; the audit found, or the problem saying what is missing. The
    one place this rule is decided, for file_term and for any event recorded in the register."""
    tenure_from = tenure_start(org, outgoing, started_on)
    audit = (DepartureAudit.objects.filter(organization=org, person_name=outgoing, audited_on__gte=tenure_from,
                                           audited_on__lte=started_on).order_by("-audited_on", "-id").first())
    if audit is not None:
        return audit, None
    why = explain_item(requirement, org.org_type)
    what = "更换法定代表人" if changes_rep else "换届"
    return None, Refusal(
        "LEAD-AUDIT-REQUIRED", field,
        f"{what}前须先完成对原法定代表人“{outgoing}”任期（{tenure_from} 至 {started_on}）的财务审计（离任审计）并登记（{why}）",
        f"before a {'change of legal representative' if changes_rep else 'renewal'}, the financial audit of the "
        f"outgoing legal representative {outgoing} ({tenure_from} to {started_on}) must be recorded ({why})",
        value=outgoing)


def audit_before_legal_rep_change(org: Organization, kind: str, day: date, changes: dict, base: dict) -> list:
    """registry.services.event_checks: a change of legal representative recorded in the register, by any way in
    (the staff event page, the events API, an import, file_term), needs the departure audit that the setting
    LEADERSHIP_AUDIT_BEFORE requires for the type (registered by SupervisionConfig.ready)."""
    outgoing, incoming = base.get("legal_rep_name") or "", changes.get("legal_rep_name") or ""
    if kind not in (EventKind.CHANGE, EventKind.LEADERSHIP_CHANGE) or not outgoing or incoming in ("", outgoing):
        return []
    requirement = setting("LEADERSHIP_AUDIT_BEFORE", org.authority_id, day)
    filing = TermKind.RENEWAL if kind == EventKind.LEADERSHIP_CHANGE else ""
    if not rules.audit_required(requirement.value.get(org.org_type, "legal_rep_change"), filing, True):
        return []
    _, missing = departure_audit_check(org, outgoing, day, requirement, changes_rep=True,
                                       field="changes.legal_rep_name")
    return [missing] if missing else []


@transaction.atomic
def record_departure_audit(actor, org: Organization, data: dict) -> DepartureAudit:
    """离任审计: the financial audit of the outgoing legal representative's tenure."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _deny_outside(actor, org)
    c = Collector()
    person = _text({"person_name": data.get("person_name") or org.legal_rep_name}, "person_name", c, required=True)
    audited_on = _date(data, "audited_on", c, required=True)
    auditor = _text(data, "auditor", c, required=True)
    number = _text(data, "report_number", c)
    summary = _text(data, "summary", c)
    if audited_on is not None and audited_on > today():
        c.add("AUDIT-DATE-FUTURE", "audited_on", f"审计报告日期 {audited_on} 晚于今天",
              f"audit report date {audited_on} is in the future", str(audited_on))
    elif audited_on is not None and audited_on < org.founded_on:
        c.add("AUDIT-DATE-BEFORE-FOUNDING", "audited_on", f"审计报告日期 {audited_on} 早于成立日期 {org.founded_on}",
              f"audit report date {audited_on} is before the founding date {org.founded_on}", str(audited_on))
    c.raise_if_any()
    audit = DepartureAudit.objects.create(organization=org, person_name=person, audited_on=audited_on,
                                          auditor=auditor, report_number=number, summary=summary,
                                          recorded_by=_user_or_none(actor))
    record(actor, "leadership.audit", "DepartureAudit", audit.pk, after={
        "organization": org.code, "person_name": person, "audited_on": audited_on, "auditor": auditor,
        "report_number": number, "summary": summary})
    return audit


@transaction.atomic
def postpone_term(actor, term: LeadershipTerm, data: dict) -> TermPostponement:
    """延期换届: an approved postponement of the renewal, at most LEADERSHIP_POSTPONEMENT_MAX_MONTHS."""
    org = Organization.objects.select_for_update().get(pk=term.organization_id)
    _deny_outside(actor, org)
    c = Collector()
    postponed_to = _date(data, "postponed_to", c, required=True)
    approved_on = _date(data, "approved_on", c, default=today())
    reason = _text(data, "reason", c, required=True)
    current = current_term(org)
    if current is None or current.pk != term.pk:
        c.add("LEAD-NOT-CURRENT", "term", "只能为在任的一届办理延期换届", "only the term in force can be postponed")
    max_months = setting("LEADERSHIP_POSTPONEMENT_MAX_MONTHS", org.authority_id)
    if postponed_to is not None and approved_on is not None:
        refusal = rules.check_postponement(term.ends_on, postponed_to, int(max_months.value), approved_on, today())
        if refusal:
            c.add(refusal.rule, refusal.field, refusal.zh, f"{refusal.en} ({max_months.explanation})", refusal.value)
        latest = term.postponements.order_by("-postponed_to").first()
        if latest is not None and postponed_to <= latest.postponed_to:
            c.add("LEAD-POSTPONE-ORDER", "postponed_to", f"已批准延期至 {latest.postponed_to}，新的延期日期应更晚",
                  f"already postponed to {latest.postponed_to}; a new postponement must be later", str(postponed_to))
    c.raise_if_any()
    postponement = TermPostponement.objects.create(term=term, postponed_to=postponed_to, approved_on=approved_on,
                                                   reason=reason, recorded_by=_user_or_none(actor))
    record(actor, "leadership.postpone", "TermPostponement", postponement.pk, after={
        "organization": org.code, "term": term.pk, "postponed_to": postponed_to, "approved_on": approved_on,
        "setting": max_months.explanation}, reason=reason)
    return postponement


def overdue_terms(user, as_of: date | None = None):
    """Terms in force whose renewal date (or approved postponement) has passed with no renewal filed."""
    as_of = as_of or today()
    latest = (TermPostponement.objects.filter(term=OuterRef("pk")).order_by("-postponed_to")
              .values("postponed_to")[:1])
    return (LeadershipTerm.objects.visible_to(user).current().filter(organization__status=Status.ACTIVE)
            .annotate(due_on=Coalesce(Subquery(latest), F("ends_on"))).filter(due_on__lt=as_of)
            .select_related("organization").order_by("due_on", "organization_id"))


def term_as_of(org: Organization, day: date | None) -> LeadershipTerm | None:
    terms = [t for t in org.leadership_terms.all() if day is None or t.started_on <= day]
    replaced = {t.supersedes_id for t in terms if t.supersedes_id}
    live = [t for t in terms if t.pk not in replaced]
    return max(live, key=lambda t: (t.started_on, t.pk)) if live else None
