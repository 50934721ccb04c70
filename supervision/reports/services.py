"""The only writers of annual reports, reviews, overdue findings, penalties and leadership terms.

Each service validates every input (reporting all problems at once, each with its rule id), checks who may act,
writes in one transaction and records the audit event there. A refusal raises RuleViolation and changes
nothing. Read helpers that rebuild a decision as of a date live here too, beside the writers of its facts.
"""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date

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
    Value,
    When,
)
from django.utils import timezone

from audit.services import Change, record, record_many
from common.clock import today
from common.errors import Collector, RuleViolation
from divisions.models import Division, JurisdictionSetting, subtree_prefix, subtree_q
from divisions.policy import SettingValue, setting
from registry.models import Organization, Status
from supervision.base import (
    by_type,
    deny_outside,
    explain_item,
    is_own_org_user,
    listed,
    not_found,
    user_or_none,
    whole_number,
)
from supervision.cleaning import (
    collect_boolean,
    collect_count,
    collect_date,
    collect_money,
    collect_text,
    collect_year,
)
from supervision.days import add_working_days
from supervision.models import (
    COUNT_FIELDS,
    MONEY_FIELDS,
    AnnualReport,
    Conclusion,
    OverdueKind,
    ReportOverdue,
    ReportReview,
    ReportState,
    ReportSubmission,
    ReviewMode,
    ReviewOutcome,
    ReviewStage,
)

from . import rules

AUDIT_FILE_TYPES = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}


def clean_figures(data: dict, org: Organization, problems: Collector) -> dict:
    """The report's figures, typed; every problem goes to ``problems`` (totals only when every amount is readable)."""
    figures: dict = {key: collect_money(data, key, problems) for key in MONEY_FIELDS}
    figures.update({key: collect_count(data, key, problems) for key in COUNT_FIELDS})
    figures["party_organization"] = collect_boolean(data, "party_organization", problems)
    figures["activities"] = collect_text(data, "activities", problems, required=True)
    if all(figures[key] is not None for key in MONEY_FIELDS):
        problems.extend(rules.check_totals(figures))
    if figures["branches"] is not None:
        refusal = rules.check_branches(org.org_type, figures["branches"])
        if refusal:
            problems.extend([refusal])
    return figures


@dataclass
class CheckedFile:
    upload: object
    name: str
    original: str
    sha256: str


def check_audit_file(upload, org: Organization, year: int | None, problems: Collector) -> CheckedFile | None:
    """The audit report: PDF, PNG or JPEG (by content, not only by name) and within the size limit."""
    if upload is None:
        return None
    original = os.path.basename(getattr(upload, "name", "") or "")
    ext = os.path.splitext(original)[1].lower()
    limit_mb = whole_number(setting("ANNUAL_REPORT_FILE_MAX_MB", org.authority_id))
    if upload.size > limit_mb * 1024 * 1024:
        problems.add("REPORT-FILE-TOO-LARGE", "audit_report", f"审计报告文件超过 {limit_mb} MB 上限",
              f"the audit report file exceeds the {limit_mb} MB limit", original)
        return None
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        head = head or chunk[:8]
        digest.update(chunk)
    upload.seek(0)
    if ext not in AUDIT_FILE_TYPES or not head.startswith(AUDIT_FILE_TYPES[ext]):
        problems.add("REPORT-FILE-TYPE", "audit_report", "审计报告应为 PDF、PNG 或 JPEG 文件",
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
    return org.org_type in listed(value), value


@transaction.atomic
def submit_report(actor, org: Organization, data: dict, audit_file=None) -> AnnualReport:
    """报送年度工作报告: the organization's own user submits its report for a past year."""
    _require_own_user(actor, org)
    org = Organization.objects.select_for_update().get(pk=org.pk)  # one submission per organization at a time
    problems = Collector()
    if org.status != Status.ACTIVE:
        problems.add("REPORT-ORG-NOT-ACTIVE", "organization", "该组织已不处于正常登记状态，不能报送年度工作报告",
              "the organization is no longer active and cannot submit a report", org.status)
    year = collect_year(data, problems)
    if year is not None:
        refusal = rules.check_report_year(year, org.founded_on, today())
        if refusal:
            problems.extend([refusal])
        elif AnnualReport.objects.filter(organization=org, year=year).exists():
            problems.add("REPORT-YEAR-DUPLICATE", "year", f"{year} 年度的工作报告已报送；如需更正，请在该报告中重新报送",
                  f"the report for {year} has already been submitted; to correct it, resubmit that report",
                  str(year))
    figures = clean_figures(data, org, problems)
    checked = check_audit_file(audit_file, org, year, problems)
    required, rule_setting = _audit_required(org)
    if required and audit_file is None:
        problems.add("REPORT-AUDIT-REQUIRED", "audit_report",
              f"基金会的年度工作报告须附注册会计师审计报告（{rule_setting.explanation}）",
              f"a foundation's annual report must include the CPA audit report ({rule_setting.explanation})")
    problems.raise_if_any()
    day = today()
    report = AnnualReport.objects.create(organization=org, year=year, state=ReportState.AWAITING_REVIEW,
                                         first_submitted_on=day, last_submitted_on=day)
    submission = _create_submission(actor, report, 1, figures, checked, None, "", bool(org.supervisor.strip()))
    rebuild_report(report)
    record(actor, "annual_report.submit", "ReportSubmission", submission.pk, after=submission_snapshot(submission))
    return report


def _create_submission(actor, report, number, figures, checked, previous, note, first_review) -> ReportSubmission:
    submission = ReportSubmission(report=report, number=number, submitted_on=today(),
                                  submitted_by=user_or_none(actor), supersedes=previous, correction_note=note,
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
    problems = Collector()
    if report.state != ReportState.RETURNED and _reviews_in_force(previous).exists():
        problems.add("REPORT-NOT-CORRECTABLE", "report", "该报告已在审查中或已审查完毕，不能重新报送；退回修改后方可更正",
              "this report is under review or has been reviewed; it can be corrected only after it is returned",
              report.state)
    note = collect_text(data, "correction_note", problems, required=True)
    figures = clean_figures(data, org, problems)
    checked = check_audit_file(audit_file, org, report.year, problems)
    required, rule_setting = _audit_required(org)
    if required and audit_file is None and not previous.audit_report:
        problems.add("REPORT-AUDIT-REQUIRED", "audit_report",
              f"基金会的年度工作报告须附注册会计师审计报告（{rule_setting.explanation}）",
              f"a foundation's annual report must include the CPA audit report ({rule_setting.explanation})")
    problems.raise_if_any()
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
        deny_outside(actor, org)
    problems = Collector()
    data = {"reasons": reasons, "supervisor_name": supervisor_name, "reviewed_on": reviewed_on}
    reasons = collect_text(data, "reasons", problems)
    day = collect_date(data, "reviewed_on", problems, default=today())
    stage, outcome, conclusion = str(stage or ""), str(outcome or ""), str(conclusion or "")
    if conclusion and conclusion not in Conclusion.values:
        problems.add("REVIEW-CONCLUSION", "conclusion", "结论应为合格、基本合格或不合格",
              "the conclusion is qualified, basically qualified or unqualified", conclusion)
    submission = current_submission(report)
    in_force = list(_reviews_in_force(submission))
    state = report.state
    if supersedes is not None:
        last = in_force[-1] if in_force else None
        if last is None or supersedes.pk != last.pk or last.stage != ReviewStage.AUTHORITY or \
                report.state != ReportState.CONCLUDED:
            problems.add("REVIEW-SUPERSEDES", "supersedes", "只能更正该报告当前有效的审查结论",
                  "only the report's current review result can be corrected", str(supersedes.pk))
        if not reasons:
            problems.add("REVIEW-REASONS-REQUIRED", "reasons", "更正审查结论须说明理由", "give the reasons for the correction")
    mode = setting("ANNUAL_REVIEW_MODE", org.authority_id, day or today())
    problems.extend(rules.check_review(state=state, stage=stage, outcome=outcome, conclusion=conclusion, reasons=reasons, mode=str(mode.value),
                                                     correcting=supersedes is not None))
    if day is not None:
        earliest = max([submission.submitted_on, *[r.reviewed_on for r in in_force if r != supersedes]])
        refusal = rules.check_review_date(day, earliest, today())
        if refusal:
            problems.extend([refusal])
    supervisor = ""
    if stage == ReviewStage.FIRST_REVIEW:
        supervisor = collect_text({"supervisor_name": supervisor_name or org.supervisor}, "supervisor_name", problems,
                           required=True)
    problems.raise_if_any()
    review = ReportReview.objects.create(
        report=report, submission=submission, stage=stage, outcome=outcome, conclusion=conclusion, reasons=reasons,
        reviewed_on=day, supervisor_name=supervisor, reviewer=user_or_none(actor), supersedes=supersedes,
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
    return add_working_days(report.last_submitted_on, whole_number(days)), days.explanation


def deadline_of(org: Organization, year: int, on: date | None = None) -> tuple[date, str]:
    value = setting("ANNUAL_REPORT_DEADLINE_MMDD", org.authority_id, on)
    return rules.deadline_for(year, org.org_type, by_type(value)), explain_item(value, org.org_type)


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
        due = {t: rules.deadline_for(year, t, by_type(deadline_value)) for t in listed(types_value)}
        due = {t: day for t, day in due.items() if as_of > day}  # listed from the day after the deadline
        if not due:
            continue
        why = {t: explain_item(deadline_value, t) for t in due}
        result.groups += [f"{t} {day} ({len(codes)} authorities): {why[t]}" for t, day in due.items()]
        if len(groups) == 1:
            where = in_scope
        elif key == DEFAULT_GROUP:  # the national defaults: everything but the authorities with local settings
            where = in_scope.exclude(authority_id__in=[code for k, codes in groups.items() if k != key for code in codes])
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
                When(missing, then=Value(rules.MISSING)), default=Value(rules.LATE),
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
