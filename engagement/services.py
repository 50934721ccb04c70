"""The only writers of engagement: validate (every problem at once), check who may act (accounts.jurisdiction,
through supervision's guards), write in one transaction, record the audit event; refuse with
common.errors.RuleViolation and write nothing. Reads that roll figures up (per county, per group, per
organization type) are set-based: one aggregate query each."""

from __future__ import annotations

import secrets
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, DecimalField, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from audit.services import record
from charity.services import parse_money
from common import crypto
from common.clock import today
from common.errors import Refusal, RuleViolation
from divisions.models import Division
from divisions.models import Level as DivisionLevel
from divisions.policy import setting
from registry.models import Organization, OrgType, Status
from supervision.base import deny_unless_org_or_staff, deny_unless_staff_for
from supervision.cleaning import clean_text, parse_day

from . import rules
from .models import (
    ApplicationOutcome,
    Attendance,
    Booking,
    DutyTarget,
    Incubation,
    IncubationBase,
    JobApplication,
    JobPosting,
    KeyCounty,
    Pairing,
    PairingGroup,
    PairingProject,
    ProjectProgress,
    Reminder,
    ReportingDeadline,
    TrainingSession,
    Venue,
)

ZERO = Decimal("0.00")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# The parsing helpers below return None only when they added a problem; every caller raises before using the
# value, so they are typed Any (the "value, or a collected problem" contract mypy cannot follow).
def _collect(call, problems: list[Refusal]) -> Any:
    try:
        return call()
    except RuleViolation as violation:
        problems.extend(violation.problems)
        return None


def _count(value, field: str, problems: list[Refusal], *, minimum: int = 0) -> Any:
    raw = str(value if value is not None else "").strip()
    if raw == "":
        problems.append(Refusal("REQUIRED", field, "必填项不能为空", "this field is required"))
        return None
    try:
        number = int(raw)
    except ValueError:
        problems.append(Refusal("COUNT-FORMAT", field, f"“{raw}”不是整数", f"'{raw}' is not a whole number", value=raw))
        return None
    if number < minimum:
        problems.append(Refusal("COUNT-MIN", field, f"数值不能小于 {minimum}", f"the number may not be below {minimum}",
                                value=raw))
        return None
    return number


def _money(value, field: str, problems: list[Refusal]) -> Any:
    return _collect(lambda: parse_money(value if value not in (None, "") else "0", field), problems)


def _day(value, field: str, problems: list[Refusal], *, not_after_today: bool = False) -> Any:
    return _collect(lambda: parse_day(value, field, not_after_today=not_after_today), problems)


def _order(first: date | None, last: date | None, field: str, code: str, problems: list[Refusal]) -> None:
    """JOB-PERIOD / PAIR-PERIOD / INC-DATES …: the end may not be before the start."""
    if first and last and last < first:
        problems.append(Refusal(code, field, f"结束日期 {last} 早于开始日期 {first}",
                                f"the end {last} is before the start {first}", value=str(last)))


def _division(code, field: str, problems: list[Refusal], *, county: bool = False) -> Any:
    code = str(code or "").strip()
    if not code:
        problems.append(Refusal("REQUIRED", field, "必填项不能为空", "this field is required"))
        return None
    division = Division.objects.filter(code=code).first()
    if division is None:
        problems.append(Refusal("DIVISION-UNKNOWN", field, f"行政区划代码 {code} 不存在",
                                f"no administrative division has the code {code}", value=code))
        return None
    if county and division.level != DivisionLevel.COUNTY:
        problems.append(Refusal("PAIR-COUNTY", field, f"{division.name}（{code}）不是县级行政区划",
                                f"{division.name} ({code}) is not a county-level division", value=code))
        return None
    return division


def _organization(code, field: str, problems: list[Refusal]) -> Any:
    code = str(code or "").strip()
    if not code:
        problems.append(Refusal("REQUIRED", field, "必填项不能为空", "this field is required"))
        return None
    org = Organization.objects.by_code(code).first()
    if org is None:
        problems.append(Refusal("ORG-UNKNOWN", field, f"登记簿中没有统一社会信用代码为 {code} 的社会组织",
                                f"no organization in the register has the code {code}", value=code))
    return org


def _time(value, field: str, problems: list[Refusal]) -> Any:
    raw = str(value or "").strip()
    if not raw:
        problems.append(Refusal("REQUIRED", field, "必填项不能为空", "this field is required"))
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError:
        problems.append(Refusal("TIME-FORMAT", field, f"时间“{raw}”格式无效，应为 HH:MM", f"invalid time '{raw}' (use HH:MM)",
                                value=raw))
        return None


# --- who may post: registered, active, not on a credit list ---------------------------------------------------
def _days(key: str, code: str | None = None, on: date | None = None) -> int:
    """A per-jurisdiction setting that is a number of days."""
    return int(str(setting(key, code, on).value))


def standing_refusals(org: Organization, on: date, field: str = "organization") -> list[Refusal]:
    """JOB-ORG-STATUS: only an organization whose registration is in force may post or pair; JOB-ORG-LISTED: not
    while it is on the abnormal-activity list or the serious illegal and dishonest list (credit's own check)."""
    from credit.eligibility import not_on_a_credit_list
    from credit.standing import BY_STATUS, LABELS

    problems = []
    if org.status != Status.ACTIVE:
        zh, en = LABELS[BY_STATUS[org.status]]
        problems.append(Refusal("JOB-ORG-STATUS", field, f"{org.name}{zh}，只有登记有效的社会组织可以发布和参与",
                                f"{org.name} is {en.lower()}: only organizations whose registration is in force "
                                "may take part", value=org.code))
        return problems
    listed = not_on_a_credit_list(org, on)
    if listed is not None:
        problems.append(Refusal("JOB-ORG-LISTED", field, f"{org.name}列入信用名单，不能发布和参与（{listed.code}）：{listed.zh}",
                                f"{org.name} is on a credit list and may not take part ({listed.code}): {listed.en}",
                                value=org.code))
    return problems


# --- graduate jobs ---------------------------------------------------------------------------------------------
@transaction.atomic
def create_posting(actor, org: Organization, data: dict) -> JobPosting:
    deny_unless_org_or_staff(actor, org)
    on = today()
    problems = standing_refusals(org, on)
    title = _collect(lambda: clean_text(data.get("title"), "title", required=True, max_length=200), problems)
    member_unit = _collect(lambda: clean_text(data.get("member_unit"), "member_unit", max_length=200), problems)
    positions = _count(data.get("positions"), "positions", problems, minimum=1)
    division = _division(data.get("division"), "division", problems)
    requirements = _collect(lambda: clean_text(data.get("requirements"), "requirements"), problems)
    opens_on = _day(data.get("opens_on") or on.isoformat(), "opens_on", problems)
    closes_on = _day(data.get("closes_on"), "closes_on", problems)
    _order(opens_on, closes_on, "closes_on", "JOB-PERIOD", problems)
    if problems:
        raise RuleViolation(problems)
    posting = JobPosting.objects.create(organization=org, member_unit=member_unit or "", title=title,
                                        positions=positions, division=division, requirements=requirements or "",
                                        opens_on=opens_on, closes_on=closes_on, posted_on=on, created_by=_user(actor))
    record(actor, "engagement.posting.create", "JobPosting", posting.pk, after={
        "organization": org.code, "member_unit": posting.member_unit, "title": title, "positions": positions,
        "division": division.code, "opens_on": opens_on, "closes_on": closes_on})
    return posting


@transaction.atomic
def apply(posting: JobPosting, data: dict, actor=None) -> JobApplication:
    """A graduate applies (no account needed): the ID number is validated, stored encrypted and shown masked."""
    on = today()
    problems: list[Refusal] = []
    if not posting.is_open(on):
        problems.append(Refusal("JOB-CLOSED", "posting", f"岗位“{posting.title}”的报名期为 {posting.opens_on} 至 "
                                f"{posting.closes_on}，今天（{on}）不接受报名",
                                f"the posting '{posting.title}' takes applications from {posting.opens_on} to "
                                f"{posting.closes_on}, not today ({on})", value=str(posting.pk)))
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=50), problems)
    raw_id = str(data.get("id_number") or "").strip().upper()
    id_number = rules.valid_id_number(raw_id) if raw_id else None
    if not raw_id:
        problems.append(Refusal("REQUIRED", "id_number", "必填项不能为空", "this field is required"))
    elif id_number is None:
        problems.append(Refusal("JOB-ID", "id_number", "公民身份号码无效（GB 11643：校验码或出生日期不符）",
                                "not a valid resident identity number (GB 11643: check digit or birth date)"))
    phone = "".join(c for c in str(data.get("phone") or "") if c.isdigit())
    school = _collect(lambda: clean_text(data.get("school"), "school", required=True, max_length=200), problems)
    year = _count(data.get("graduation_year"), "graduation_year", problems, minimum=1950)
    if id_number and JobApplication.objects.filter(posting=posting,
                                                   id_number_hash=crypto.search_hash(id_number)).exists():
        problems.append(Refusal("JOB-DUPLICATE", "id_number", "此身份号码已报名该岗位",
                                "this ID number has already applied for the posting"))
    if problems or id_number is None:
        raise RuleViolation(problems)
    reference = f"J{posting.pk}-{secrets.token_hex(4).upper()}"
    application = JobApplication.objects.create(
        posting=posting, reference=reference, name=name, id_number_encrypted=crypto.encrypt(id_number),
        id_number_hash=crypto.search_hash(id_number), id_number_masked=crypto.mask_id_number(id_number),
        phone_encrypted=crypto.encrypt(phone), phone_masked=crypto.mask_phone(phone), school=school,
        graduation_year=year, applied_on=on)
    # the audit log is not public, but it holds no personal number either: the masked form only
    record(actor, "engagement.application.create", "JobApplication", application.pk, after={
        "posting": posting.pk, "reference": reference, "id_number": application.id_number_masked})
    return application


def application_for_applicant(reference, id_number) -> JobApplication:
    """The applicant's own view: the reference and the ID number must both match (nothing is confirmed else)."""
    compact = rules.valid_id_number(str(id_number or "").strip().upper())
    found = None
    if compact:
        found = JobApplication.objects.select_related("posting__organization").filter(
            reference=str(reference or "").strip().upper(), id_number_hash=crypto.search_hash(compact)).first()
    if found is None:
        raise RuleViolation.one("JOB-NOT-FOUND", "reference", "没有与报名编号和身份号码相符的报名",
                                "no application matches that reference and ID number", status=404)
    return found


@transaction.atomic
def record_outcome(actor, application: JobApplication, data: dict) -> ApplicationOutcome:
    application = JobApplication.objects.select_for_update().select_related("posting__organization").get(
        pk=application.pk)
    posting = application.posting
    deny_unless_org_or_staff(actor, posting.organization)
    problems: list[Refusal] = []
    outcome = str(data.get("outcome") or "")
    if outcome not in (rules.INTERVIEWED, rules.HIRED, rules.DECLINED):
        problems.append(Refusal("JOB-OUTCOME", "outcome", "结果应为面试、录用或未录用",
                                "the outcome is interviewed, hired or declined", value=outcome))
    on = _day(data.get("on") or today().isoformat(), "on", problems, not_after_today=True)
    if on and on < application.applied_on:
        problems.append(Refusal("JOB-OUTCOME-DATE", "on", f"结果日期 {on} 早于报名日期 {application.applied_on}",
                                f"the outcome date {on} is before the application ({application.applied_on})",
                                value=str(on)))
    previous = list(application.outcomes.values_list("outcome", flat=True))
    if outcome in (rules.INTERVIEWED, rules.HIRED, rules.DECLINED) and not rules.outcome_allowed(previous, outcome):
        problems.append(Refusal("JOB-OUTCOME-ORDER", "outcome", "已录用或未录用的报名不能再记录结果，面试只记录一次",
                                "nothing follows hired or declined, and an interview is recorded once",
                                value=outcome))
    if outcome == rules.HIRED:
        hired = ApplicationOutcome.objects.filter(application__posting=posting, outcome=rules.HIRED).count()
        if hired >= posting.positions:
            problems.append(Refusal("JOB-FULL", "outcome", f"该岗位 {posting.positions} 个名额已全部录用",
                                    f"all {posting.positions} posts are already filled", value=outcome))
    note = _collect(lambda: clean_text(data.get("note"), "note", max_length=500), problems)
    if problems:
        raise RuleViolation(problems)
    row = ApplicationOutcome.objects.create(application=application, outcome=outcome, on=on, note=note or "",
                                            recorded_by=_user(actor))
    record(actor, "engagement.application.outcome", "JobApplication", application.pk,
           after={"outcome": outcome, "on": on})
    return row


@transaction.atomic
def set_duty_target(actor, data: dict) -> DutyTarget:
    problems: list[Refusal] = []
    division = _division(data.get("division"), "division", problems)
    year = _count(data.get("year"), "year", problems, minimum=2000)
    org_type = str(data.get("org_type") or "")
    if org_type not in OrgType.values:
        problems.append(Refusal("JOB-TARGET-TYPE", "org_type", "组织类型无效", "invalid organization type",
                                value=org_type))
    posts = _count(data.get("posts_per_organization"), "posts_per_organization", problems, minimum=1)
    document = _collect(lambda: clean_text(data.get("document_number"), "document_number", required=True,
                                           max_length=100), problems)
    if problems:
        raise RuleViolation(problems)
    deny_unless_staff_for(actor, division.code)
    target = DutyTarget.objects.create(division=division, year=year, org_type=org_type,
                                       posts_per_organization=posts, document_number=document, set_on=today(),
                                       set_by=_user(actor))
    record(actor, "engagement.duty.set", "DutyTarget", target.pk, after={
        "division": division.code, "year": year, "org_type": org_type, "posts_per_organization": posts,
        "document_number": document})
    return target


def posts_offered(orgs: QuerySet, year: int) -> dict[int, int]:
    """Posts offered in ``year`` (postings by the posting date) by each organization (one aggregate query)."""
    rows = (JobPosting.objects.filter(organization__in=orgs, posted_on__year=year).values("organization_id")
            .annotate(posts=Sum("positions")).values_list("organization_id", "posts"))
    return dict(rows)


def duty_report(targets) -> list[dict]:
    """Each duty target in force (the latest for its division, year and kind) with how many organizations of the
    kind registered in that jurisdiction met it."""
    from divisions.models import subtree_q

    seen, out = set(), []
    for target in targets:
        key = (target.division_id, target.year, target.org_type)
        if key in seen:
            continue
        seen.add(key)
        orgs = Organization.objects.filter(subtree_q("authority_id", target.division_id), org_type=target.org_type,
                                           status=Status.ACTIVE)
        ids = list(orgs.values_list("pk", flat=True))
        offered = posts_offered(orgs, target.year)
        met, of = rules.duty_progress(target.posts_per_organization, offered, ids)
        out.append({"target": target, "organizations": of, "met": met, "posts": sum(offered.values())})
    return out


def job_counts(orgs: QuerySet) -> list[dict]:
    """Per organization: posts offered, applications, graduates hired (three aggregate queries)."""
    posts = dict(JobPosting.objects.filter(organization__in=orgs).values("organization_id")
                 .annotate(n=Sum("positions")).values_list("organization_id", "n"))
    hired = dict(ApplicationOutcome.objects.filter(application__posting__organization__in=orgs, outcome=rules.HIRED)
                 .values("application__posting__organization_id").annotate(n=Count("pk"))
                 .values_list("application__posting__organization_id", "n"))
    applications = dict(JobApplication.objects.filter(posting__organization__in=orgs)
                        .values("posting__organization_id").annotate(n=Count("pk"))
                        .values_list("posting__organization_id", "n"))
    named = Organization.objects.filter(pk__in=posts.keys()).select_related("authority").order_by("name")
    return [{"organization": o, "posts": posts[o.pk], "applications": applications.get(o.pk, 0),
             "hired": hired.get(o.pk, 0)} for o in named]


def jurisdiction_counts(orgs: QuerySet) -> list[dict]:
    """Per registering authority: posts offered and graduates hired."""
    posts = (JobPosting.objects.filter(organization__in=orgs).values("organization__authority_id",
                                                                     "organization__authority__name")
             .annotate(n=Sum("positions")).order_by("organization__authority_id"))
    hired = dict(ApplicationOutcome.objects.filter(application__posting__organization__in=orgs, outcome=rules.HIRED)
                 .values("application__posting__organization__authority_id").annotate(n=Count("pk"))
                 .values_list("application__posting__organization__authority_id", "n"))
    return [{"code": r["organization__authority_id"], "name": r["organization__authority__name"], "posts": r["n"],
             "hired": hired.get(r["organization__authority_id"], 0)} for r in posts]


# --- rural-revitalization pairing ------------------------------------------------------------------------------
@transaction.atomic
def designate_county(actor, data: dict) -> KeyCounty:
    """An authority enters a key county with the document that designated it (provenance)."""
    problems: list[Refusal] = []
    county = _division(data.get("county"), "county", problems, county=True)
    document = _collect(lambda: clean_text(data.get("document_number"), "document_number", required=True,
                                           max_length=100), problems)
    issued_by = _collect(lambda: clean_text(data.get("issued_by"), "issued_by", required=True, max_length=200),
                         problems)
    designated_on = _day(data.get("designated_on"), "designated_on", problems, not_after_today=True)
    if county and KeyCounty.objects.filter(county=county).exists():
        problems.append(Refusal("PAIR-DESIGNATED-TWICE", "county", f"{county.name}已列为重点帮扶县",
                                f"{county.name} is already designated", value=county.code))
    if problems:
        raise RuleViolation(problems)
    deny_unless_staff_for(actor, county.code)
    key = KeyCounty.objects.create(county=county, document_number=document, issued_by=issued_by,
                                   designated_on=designated_on, recorded_by=_user(actor))
    record(actor, "engagement.county.designate", "KeyCounty", key.pk, after={
        "county": county.code, "document_number": document, "issued_by": issued_by, "designated_on": designated_on})
    return key


@transaction.atomic
def create_group(actor, data: dict) -> PairingGroup:
    problems: list[Refusal] = []
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=200), problems)
    lead = _organization(data.get("lead"), "lead", problems)
    codes = [c for c in str(data.get("members") or "").replace("，", ",").replace("\n", ",").split(",") if c.strip()]
    members = [m for m in (_organization(c, "members", problems) for c in codes) if m is not None]
    formed_on = _day(data.get("formed_on") or today().isoformat(), "formed_on", problems, not_after_today=True)
    on = today()
    for org in ([lead] if lead else []) + members:
        problems += standing_refusals(org, on, "lead" if org is lead else "members")
    if name and PairingGroup.objects.filter(name=name).exists():
        problems.append(Refusal("PAIR-GROUP-NAME", "name", f"已有名为“{name}”的合力团",
                                f"a group named '{name}' already exists", value=name))
    if problems:
        raise RuleViolation(problems)
    deny_unless_org_or_staff(actor, lead)
    group = PairingGroup.objects.create(name=name, lead=lead, formed_on=formed_on, created_by=_user(actor))
    group.members.set({lead.pk, *[m.pk for m in members]})
    record(actor, "engagement.group.create", "PairingGroup", group.pk, after={
        "name": name, "lead": lead.code, "members": sorted({lead.code, *[m.code for m in members]})})
    return group


@transaction.atomic
def create_pairing(actor, data: dict) -> Pairing:
    """PAIR-UNDESIGNATED: in the key-county programme only a designated county may be paired; an organization, or
    a group (through its lead), one-to-one or many-to-one (several pairings may name the same county)."""
    problems: list[Refusal] = []
    programme = str(data.get("programme") or rules.KEY_COUNTY)
    if programme not in (rules.KEY_COUNTY, rules.GENERAL):
        problems.append(Refusal("PAIR-PROGRAMME", "programme", "帮扶类别无效", "invalid programme", value=programme))
    county = _division(data.get("county"), "county", problems, county=True)
    if county and programme == rules.KEY_COUNTY and not KeyCounty.objects.filter(county=county).exists():
        problems.append(Refusal("PAIR-UNDESIGNATED", "county",
                                f"{county.name}（{county.code}）未列入重点帮扶县名单，重点帮扶县结对只能选择已认定的县",
                                f"{county.name} ({county.code}) is not a designated key county: the key-county "
                                "programme pairs designated counties only", value=county.code))
    org_code, group_name = str(data.get("organization") or "").strip(), str(data.get("group") or "").strip()
    org: Organization | None = None
    group: PairingGroup | None = None
    if bool(org_code) == bool(group_name):
        problems.append(Refusal("PAIR-PARTNER", "organization", "请填写一个社会组织或一个合力团（二者选一）",
                                "name one organization or one group (one of the two)"))
    elif org_code:
        org = _organization(org_code, "organization", problems)
    else:
        group = PairingGroup.objects.filter(name=group_name).select_related("lead").first()
        if group is None:
            problems.append(Refusal("PAIR-GROUP-UNKNOWN", "group", f"没有名为“{group_name}”的合力团",
                                    f"no group is named '{group_name}'", value=group_name))
        else:
            org = group.lead
    if org is not None:
        problems += standing_refusals(org, today(), "group" if group else "organization")
    starts_on = _day(data.get("starts_on"), "starts_on", problems)
    ends_on = _day(data.get("ends_on"), "ends_on", problems)
    _order(starts_on, ends_on, "ends_on", "PAIR-PERIOD", problems)
    agreement = _collect(lambda: clean_text(data.get("agreement"), "agreement", max_length=200), problems)
    if problems or org is None:
        raise RuleViolation(problems)
    deny_unless_org_or_staff(actor, org)
    pairing = Pairing.objects.create(programme=programme, county=county, organization=org, group=group,
                                     starts_on=starts_on, ends_on=ends_on, agreement=agreement or "",
                                     created_by=_user(actor))
    days = _days("ENGAGEMENT_REPORT_DUE_DAYS", org.authority_id)
    ReportingDeadline.objects.bulk_create([
        ReportingDeadline(pairing=pairing, kind=d.kind, period=d.period, due_on=d.due_on)
        for d in rules.cadence(starts_on, ends_on, days)])
    record(actor, "engagement.pairing.create", "Pairing", pairing.pk, after={
        "programme": programme, "county": county.code, "organization": org.code,
        "group": group.name if group else None, "starts_on": starts_on, "ends_on": ends_on})
    return pairing


@transaction.atomic
def schedule_meeting(actor, pairing: Pairing, data: dict) -> ReportingDeadline:
    deny_unless_org_or_staff(actor, pairing.organization)
    problems: list[Refusal] = []
    due_on = _day(data.get("due_on"), "due_on", problems)
    topic = _collect(lambda: clean_text(data.get("period"), "period", required=True, max_length=40), problems)
    if due_on and not (pairing.starts_on <= due_on <= pairing.ends_on):
        problems.append(Refusal("PAIR-MEETING-DATE", "due_on", f"会商日期应在结对期内（{pairing.starts_on} 至 "
                                f"{pairing.ends_on}）", f"the meeting falls within the pairing ({pairing.starts_on} to "
                                f"{pairing.ends_on})", value=str(due_on)))
    if problems:
        raise RuleViolation(problems)
    deadline = ReportingDeadline.objects.create(pairing=pairing, kind=rules.MEETING, period=topic, due_on=due_on)
    record(actor, "engagement.deadline.meeting", "ReportingDeadline", deadline.pk,
           after={"pairing": pairing.pk, "due_on": due_on, "period": topic})
    return deadline


@transaction.atomic
def complete_deadline(actor, deadline: ReportingDeadline, data: dict) -> ReportingDeadline:
    deadline = ReportingDeadline.objects.select_for_update().select_related("pairing__organization").get(
        pk=deadline.pk)
    deny_unless_org_or_staff(actor, deadline.pairing.organization)
    problems: list[Refusal] = []
    if deadline.done_on is not None:
        problems.append(Refusal("PAIR-DONE-TWICE", "summary", f"已于 {deadline.done_on} 报送",
                                f"already reported on {deadline.done_on}"))
    summary = _collect(lambda: clean_text(data.get("summary"), "summary", required=True), problems)
    if problems:
        raise RuleViolation(problems)
    deadline.done_on, deadline.summary, deadline.done_by = today(), summary, _user(actor)
    deadline.save(update_fields=["done_on", "summary", "done_by"])
    record(actor, "engagement.deadline.done", "ReportingDeadline", deadline.pk,
           after={"done_on": deadline.done_on, "late": deadline.done_on > deadline.due_on})
    return deadline


@transaction.atomic
def add_project(actor, pairing: Pairing, data: dict) -> PairingProject:
    deny_unless_org_or_staff(actor, pairing.organization)
    problems: list[Refusal] = []
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=200), problems)
    budget = _money(data.get("budget"), "budget", problems)
    starts_on = _day(data.get("starts_on"), "starts_on", problems)
    ends_on = _day(data.get("ends_on"), "ends_on", problems)
    _order(starts_on, ends_on, "ends_on", "PAIR-PERIOD", problems)
    if problems:
        raise RuleViolation(problems)
    project = PairingProject.objects.create(pairing=pairing, name=name, budget=budget, starts_on=starts_on,
                                            ends_on=ends_on, created_by=_user(actor))
    record(actor, "engagement.project.create", "PairingProject", project.pk, after={
        "pairing": pairing.pk, "name": name, "budget": budget, "starts_on": starts_on, "ends_on": ends_on})
    return project


@transaction.atomic
def report_progress(actor, project: PairingProject, data: dict) -> ProjectProgress:
    project = PairingProject.objects.select_related("pairing__organization").get(pk=project.pk)
    deny_unless_org_or_staff(actor, project.pairing.organization)
    problems: list[Refusal] = []
    values = {name: _money(data.get(name), name, problems) for name in ("invested", "direct_purchases",
                                                                        "sales_help")}
    beneficiaries = _count(data.get("beneficiaries") or "0", "beneficiaries", problems)
    reported_on = _day(data.get("reported_on") or today().isoformat(), "reported_on", problems, not_after_today=True)
    if reported_on and reported_on < project.starts_on:
        problems.append(Refusal("PAIR-PROGRESS-DATE", "reported_on", f"报告日期 {reported_on} 早于项目开始日期 "
                                f"{project.starts_on}", f"the report date {reported_on} is before the project starts "
                                f"({project.starts_on})", value=str(reported_on)))
    note = _collect(lambda: clean_text(data.get("note"), "note", max_length=500), problems)
    if problems:
        raise RuleViolation(problems)
    row = ProjectProgress.objects.create(project=project, reported_on=reported_on, beneficiaries=beneficiaries,
                                         note=note or "", recorded_by=_user(actor), **values)
    record(actor, "engagement.project.progress", "PairingProject", project.pk,
           after={"reported_on": reported_on, "beneficiaries": beneficiaries, **values})
    return row


def overdue(deadlines: QuerySet, on: date | None = None) -> QuerySet:
    return deadlines.filter(done_on__isnull=True, due_on__lt=on or today()).select_related(
        "pairing__organization", "pairing__county", "pairing__group")


def coming(deadlines: QuerySet, on: date | None = None) -> QuerySet:
    on = on or today()
    from datetime import timedelta

    days = _days("ENGAGEMENT_REMINDER_DAYS")
    return deadlines.filter(done_on__isnull=True, due_on__gte=on, due_on__lte=on + timedelta(days=days))


@transaction.atomic
def send_reminders(on: date | None = None) -> dict:
    """The daily task: a reminder for each deadline coming within the jurisdiction's reminder window and for each
    deadline missed, once each (set-based: one insert)."""
    from datetime import timedelta

    on = on or today()
    horizon = on + timedelta(days=60)
    open_rows = list(ReportingDeadline.objects.filter(done_on__isnull=True, due_on__lte=horizon)
                     .values_list("pk", "due_on", "pairing__organization__authority_id"))
    sent = set(Reminder.objects.filter(deadline_id__in=[r[0] for r in open_rows]).values_list("deadline_id", "kind"))
    windows: dict[str, int] = {}
    new = []
    for pk, due_on, authority in open_rows:
        if authority not in windows:
            windows[authority] = _days("ENGAGEMENT_REMINDER_DAYS", authority, on)
        kind = rules.OVERDUE if due_on < on else rules.COMING if due_on <= on + timedelta(days=windows[authority]) \
            else None
        if kind and (pk, kind) not in sent:
            new.append(Reminder(deadline_id=pk, kind=kind, sent_on=on))
    Reminder.objects.bulk_create(new)
    if new:
        record(None, "engagement.reminders", "Reminder", on.isoformat(),
               after={"coming": sum(r.kind == rules.COMING for r in new),
                      "overdue": sum(r.kind == rules.OVERDUE for r in new)})
    return {"coming": sum(r.kind == rules.COMING for r in new), "overdue": sum(r.kind == rules.OVERDUE for r in new)}


MONEY = DecimalField(max_digits=18, decimal_places=2)


def _progress_sums(prefix: str) -> dict:
    return {
        "invested": Coalesce(Sum(f"{prefix}invested"), Value(ZERO), output_field=MONEY),
        "direct_purchases": Coalesce(Sum(f"{prefix}direct_purchases"), Value(ZERO), output_field=MONEY),
        "sales_help": Coalesce(Sum(f"{prefix}sales_help"), Value(ZERO), output_field=MONEY),
        "beneficiaries": Coalesce(Sum(f"{prefix}beneficiaries"), Value(0), output_field=IntegerField()),
    }


def county_progress(pairings: QuerySet | None = None, on: date | None = None) -> list[dict]:
    """Progress per county (set-based: two aggregate queries, whatever the number of counties): pairings,
    partners, projects, budget, and the progress reported by ``on`` (funds invested, direct purchases, sales
    helped, beneficiaries)."""
    on = on or today()
    pairings = pairings if pairings is not None else Pairing.objects.all()
    heads = {r["county_id"]: r for r in pairings.values("county_id", "county__name").annotate(
        pairings=Count("pk", distinct=True), organizations=Count("organization_id", distinct=True),
        groups=Count("group_id", distinct=True))}
    budgets = dict(PairingProject.objects.filter(pairing__in=pairings).values("pairing__county_id").annotate(
        b=Sum("budget")).values_list("pairing__county_id", "b"))
    projects = dict(PairingProject.objects.filter(pairing__in=pairings).values("pairing__county_id").annotate(
        n=Count("pk")).values_list("pairing__county_id", "n"))
    sums = {r["project__pairing__county_id"]: r for r in ProjectProgress.objects.filter(
        project__pairing__in=pairings, reported_on__lte=on).values("project__pairing__county_id").annotate(
        **_progress_sums(""))}
    designated = set(KeyCounty.objects.filter(county_id__in=heads.keys()).values_list("county_id", flat=True))
    out = []
    for code in sorted(heads):
        s = sums.get(code, {})
        out.append({"code": code, "name": heads[code]["county__name"], "designated": code in designated,
                    "pairings": heads[code]["pairings"], "organizations": heads[code]["organizations"],
                    "groups": heads[code]["groups"], "projects": projects.get(code, 0),
                    "budget": budgets.get(code) or ZERO, "invested": s.get("invested", ZERO),
                    "direct_purchases": s.get("direct_purchases", ZERO), "sales_help": s.get("sales_help", ZERO),
                    "beneficiaries": s.get("beneficiaries", 0)})
    return out


def group_progress(on: date | None = None) -> list[dict]:
    """Progress per 合力团: members, counties, projects and what was reported by ``on``."""
    on = on or today()
    groups = list(PairingGroup.objects.annotate(n_members=Count("members", distinct=True)).order_by("name"))
    counties = dict(Pairing.objects.filter(group__isnull=False).values("group_id").annotate(
        n=Count("county_id", distinct=True)).values_list("group_id", "n"))
    projects = dict(PairingProject.objects.filter(pairing__group__isnull=False).values("pairing__group_id")
                    .annotate(n=Count("pk")).values_list("pairing__group_id", "n"))
    sums = {r["project__pairing__group_id"]: r for r in ProjectProgress.objects.filter(
        project__pairing__group__isnull=False, reported_on__lte=on).values("project__pairing__group_id").annotate(
        **_progress_sums(""))}
    return [{"group": g, "members": g.n_members, "counties": counties.get(g.pk, 0), "projects": projects.get(g.pk, 0),
             **{k: sums.get(g.pk, {}).get(k, ZERO if k != "beneficiaries" else 0)
                for k in ("invested", "direct_purchases", "sales_help", "beneficiaries")}} for g in groups]


def project_totals(project: PairingProject) -> dict:
    return project.progress.aggregate(**_progress_sums(""))


# --- incubation and training ----------------------------------------------------------------------------------
def _deny_unless_base_side(actor, base: IncubationBase) -> None:
    """The operator of the base, or an officer over the base's division or over the operator."""
    from accounts.jurisdiction import may_act_for_division

    if may_act_for_division(actor, base.division_id):
        return
    deny_unless_org_or_staff(actor, base.operator)


@transaction.atomic
def create_base(actor, data: dict) -> IncubationBase:
    problems: list[Refusal] = []
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=200), problems)
    division = _division(data.get("division"), "division", problems)
    operator = _organization(data.get("operator"), "operator", problems)
    opened_on = _day(data.get("opened_on"), "opened_on", problems, not_after_today=True)
    if name and IncubationBase.objects.filter(name=name).exists():
        problems.append(Refusal("INC-BASE-NAME", "name", f"已有名为“{name}”的孵化基地", f"a base named '{name}' exists",
                                value=name))
    if operator is not None:
        problems += standing_refusals(operator, today(), "operator")
    if problems:
        raise RuleViolation(problems)
    deny_unless_staff_for(actor, division.code)
    base = IncubationBase.objects.create(name=name, division=division, operator=operator, opened_on=opened_on,
                                         created_by=_user(actor))
    record(actor, "engagement.base.create", "IncubationBase", base.pk, after={
        "name": name, "division": division.code, "operator": operator.code, "opened_on": opened_on})
    return base


@transaction.atomic
def admit(actor, base: IncubationBase, data: dict) -> Incubation:
    _deny_unless_base_side(actor, base)
    problems: list[Refusal] = []
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=200), problems)
    entered_on = _day(data.get("entered_on"), "entered_on", problems, not_after_today=True)
    if entered_on and entered_on < base.opened_on:
        problems.append(Refusal("INC-DATES", "entered_on", f"入驻日期 {entered_on} 早于基地启用日期 {base.opened_on}",
                                f"entry on {entered_on} is before the base opened ({base.opened_on})",
                                value=str(entered_on)))
    if problems:
        raise RuleViolation(problems)
    row = Incubation.objects.create(base=base, name=name, entered_on=entered_on, created_by=_user(actor))
    record(actor, "engagement.incubation.admit", "Incubation", row.pk, after={"base": base.pk, "name": name,
                                                                              "entered_on": entered_on})
    return row


@transaction.atomic
def graduate(actor, incubation: Incubation, data: dict) -> Incubation:
    incubation = Incubation.objects.select_for_update().select_related("base__operator").get(pk=incubation.pk)
    _deny_unless_base_side(actor, incubation.base)
    problems: list[Refusal] = []
    outcome = str(data.get("outcome") or "")
    if incubation.outcome != rules.INCUBATING:
        problems.append(Refusal("INC-OUTCOME", "outcome", "该组织已出孵", "the organization has already left the base"))
    if outcome not in rules.GRADUATION_OUTCOMES:
        problems.append(Refusal("INC-OUTCOME", "outcome", "出孵结果应为登记、备案或离开",
                                "the outcome is registered, filed or left", value=outcome))
    on = _day(data.get("graduated_on"), "graduated_on", problems, not_after_today=True)
    _order(incubation.entered_on, on, "graduated_on", "INC-DATES", problems)
    org = None
    if outcome in (rules.REGISTERED, rules.FILED):
        org = _organization(data.get("organization"), "organization", problems)
    if problems:
        raise RuleViolation(problems)
    incubation.outcome, incubation.graduated_on, incubation.organization = outcome, on, org
    incubation.save(update_fields=["outcome", "graduated_on", "organization"])
    record(actor, "engagement.incubation.graduate", "Incubation", incubation.pk, after={
        "outcome": outcome, "graduated_on": on, "organization": org.code if org else None})
    return incubation


@transaction.atomic
def create_session(actor, base: IncubationBase, data: dict) -> TrainingSession:
    _deny_unless_base_side(actor, base)
    problems: list[Refusal] = []
    title = _collect(lambda: clean_text(data.get("title"), "title", required=True, max_length=200), problems)
    held_on = _day(data.get("held_on"), "held_on", problems)
    hours = _money(data.get("hours"), "hours", problems)
    if hours is not None and (hours <= 0 or hours > 24 or hours != hours.quantize(Decimal("0.1"))):
        problems.append(Refusal("INC-HOURS", "hours", "学时应大于 0、不超过 24，最多一位小数",
                                "hours are above 0, at most 24, with one decimal at most", value=str(hours)))
    attendance = []
    for index, line in enumerate(str(data.get("attendance") or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, _, persons = line.rpartition(",") if "," in line else line.rpartition("，")
        try:
            count = int(persons.strip())
        except ValueError:
            count = -1
        if not name.strip() or count < 1:
            problems.append(Refusal("INC-ATTENDANCE", "attendance", f"第 {index} 行应为“组织名称,人数”",
                                    f"line {index} is 'organization name, persons'", value=line))
            continue
        attendance.append((name.strip(), count))
    if len({n for n, _ in attendance}) != len(attendance):
        problems.append(Refusal("INC-ATTENDANCE", "attendance", "同一组织只能列一次", "each organization once"))
    if problems:
        raise RuleViolation(problems)
    session = TrainingSession.objects.create(base=base, title=title, held_on=held_on, hours=hours,
                                             created_by=_user(actor))
    known = dict(Organization.objects.filter(name__in=[n for n, _ in attendance]).values_list("name", "pk"))
    Attendance.objects.bulk_create([Attendance(session=session, name=n, organization_id=known.get(n), persons=p)
                                    for n, p in attendance])
    record(actor, "engagement.training.create", "TrainingSession", session.pk, after={
        "base": base.pk, "title": title, "held_on": held_on, "hours": hours,
        "organizations": len(attendance), "persons": sum(p for _, p in attendance)})
    return session


# --- shared venues --------------------------------------------------------------------------------------------
@transaction.atomic
def create_venue(actor, data: dict) -> Venue:
    problems: list[Refusal] = []
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=200), problems)
    division = _division(data.get("division"), "division", problems)
    community = _collect(lambda: clean_text(data.get("community"), "community", max_length=200), problems)
    address = _collect(lambda: clean_text(data.get("address"), "address", max_length=300), problems)
    capacity = _count(data.get("capacity"), "capacity", problems, minimum=1)
    opens_at = _time(data.get("opens_at"), "opens_at", problems)
    closes_at = _time(data.get("closes_at"), "closes_at", problems)
    if opens_at and closes_at and closes_at <= opens_at:
        problems.append(Refusal("VENUE-HOURS", "closes_at", f"闭馆时间 {closes_at:%H:%M} 应晚于开放时间 {opens_at:%H:%M}",
                                f"closing {closes_at:%H:%M} must be after opening {opens_at:%H:%M}"))
    base = None
    if data.get("base"):
        base = IncubationBase.objects.filter(name=str(data["base"]).strip()).first()
        if base is None:
            problems.append(Refusal("VENUE-BASE", "base", "没有该名称的孵化基地", "no base has that name",
                                    value=str(data["base"])))
    if problems:
        raise RuleViolation(problems)
    deny_unless_staff_for(actor, division.code)
    venue = Venue.objects.create(name=name, division=division, base=base, community=community or "",
                                 address=address or "", capacity=capacity, opens_at=opens_at, closes_at=closes_at,
                                 created_by=_user(actor))
    record(actor, "engagement.venue.create", "Venue", venue.pk, after={
        "name": name, "division": division.code, "capacity": capacity, "opens_at": opens_at.isoformat(),
        "closes_at": closes_at.isoformat()})
    return venue


@transaction.atomic
def book(actor, venue: Venue, data: dict) -> Booking:
    """VENUE-CONFLICT: a booking that overlaps another of the same venue and day is refused, naming it."""
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    problems: list[Refusal] = []
    org = _organization(data.get("organization"), "organization", problems) if data.get("organization") else (
        Organization.objects.filter(pk=getattr(actor, "organization_id_bound", None)).first())
    if org is None and not problems:
        problems.append(Refusal("REQUIRED", "organization", "必填项不能为空", "this field is required"))
    if org is not None:
        deny_unless_org_or_staff(actor, org)
        problems += standing_refusals(org, today())
    day = _day(data.get("day"), "day", problems)
    if day and day < today():
        problems.append(Refusal("VENUE-PAST", "day", f"{day} 已过，不能预约", f"{day} has passed", value=str(day)))
    starts_at = _time(data.get("starts_at"), "starts_at", problems)
    ends_at = _time(data.get("ends_at"), "ends_at", problems)
    purpose = _collect(lambda: clean_text(data.get("purpose"), "purpose", required=True, max_length=200), problems)
    attendees = _count(data.get("attendees"), "attendees", problems, minimum=1)
    if starts_at and ends_at:
        if ends_at <= starts_at:
            problems.append(Refusal("VENUE-ORDER", "ends_at", f"结束时间 {ends_at:%H:%M} 应晚于开始时间 {starts_at:%H:%M}",
                                    f"the end {ends_at:%H:%M} must be after the start {starts_at:%H:%M}"))
        elif not rules.within_hours(starts_at, ends_at, venue.opens_at, venue.closes_at):
            problems.append(Refusal("VENUE-HOURS", "starts_at", f"开放时间为 {venue.opens_at:%H:%M}–{venue.closes_at:%H:%M}",
                                    f"the venue is open {venue.opens_at:%H:%M}–{venue.closes_at:%H:%M}"))
        elif day:
            for other in venue.bookings.filter(day=day, cancelled_on__isnull=True).select_related("organization"):
                if rules.overlaps(starts_at, ends_at, other.starts_at, other.ends_at):
                    problems.append(Refusal(
                        "VENUE-CONFLICT", "starts_at",
                        f"与已有预约冲突：{other.organization.name} {day} {other.starts_at:%H:%M}–{other.ends_at:%H:%M}"
                        f"（{other.purpose}，预约号 {other.pk}）",
                        f"overlaps the booking of {other.organization.name} on {day} {other.starts_at:%H:%M}–"
                        f"{other.ends_at:%H:%M} ({other.purpose}, booking {other.pk})", value=str(other.pk)))
    if attendees and attendees > venue.capacity:
        problems.append(Refusal("VENUE-CAPACITY", "attendees", f"人数 {attendees} 超过场地容量 {venue.capacity}",
                                f"{attendees} attendees exceed the capacity of {venue.capacity}", value=str(attendees)))
    if problems:
        raise RuleViolation(problems)
    booking = Booking.objects.create(venue=venue, organization=org, day=day, starts_at=starts_at, ends_at=ends_at,
                                     purpose=purpose, attendees=attendees, booked_on=today(), booked_by=_user(actor))
    record(actor, "engagement.booking.create", "Booking", booking.pk, after={
        "venue": venue.pk, "organization": org.code, "day": day, "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(), "attendees": attendees})
    return booking


@transaction.atomic
def cancel_booking(actor, booking: Booking, data: dict | None = None) -> Booking:
    booking = Booking.objects.select_for_update().select_related("organization").get(pk=booking.pk)
    deny_unless_org_or_staff(actor, booking.organization)
    if booking.cancelled_on is not None:
        raise RuleViolation.one("VENUE-CANCELLED", None, f"预约已于 {booking.cancelled_on} 取消",
                                f"the booking was cancelled on {booking.cancelled_on}")
    booking.cancelled_on = today()
    booking.save(update_fields=["cancelled_on"])
    record(actor, "engagement.booking.cancel", "Booking", booking.pk, after={"cancelled_on": booking.cancelled_on},
           reason=str((data or {}).get("reason") or ""))
    return booking


def venue_usage(venues: QuerySet) -> dict[int, dict]:
    """Per venue: bookings kept (not cancelled), organizations booking, attendees (one aggregate query)."""
    rows = (Booking.objects.filter(venue__in=venues, cancelled_on__isnull=True).values("venue_id")
            .annotate(bookings=Count("pk"), organizations=Count("organization_id", distinct=True),
                      attendees=Sum("attendees")))
    return {r["venue_id"]: r for r in rows}


def counts(on: date | None = None) -> dict:
    """The headline figures of the engagement home page (all public: no personal data)."""
    on = on or today()
    hired = ApplicationOutcome.objects.filter(outcome=rules.HIRED, on__lte=on).count()
    invested = ProjectProgress.objects.filter(reported_on__lte=on).aggregate(v=Sum("invested"))["v"] or ZERO
    return {
        "posts": JobPosting.objects.filter(posted_on__lte=on).aggregate(v=Sum("positions"))["v"] or 0,
        "postings_open": JobPosting.objects.open_on(on).count(),
        "hired": hired,
        "key_counties": KeyCounty.objects.count(),
        "pairings": Pairing.objects.filter(starts_on__lte=on).count(),
        "invested": invested,
        "bases": IncubationBase.objects.count(),
        "incubated": Incubation.objects.filter(entered_on__lte=on).count(),
        "venues": Venue.objects.count(),
        "bookings": Booking.objects.filter(cancelled_on__isnull=True, booked_on__lte=on).count(),
        "booking_orgs": Booking.objects.filter(cancelled_on__isnull=True).values("organization_id").distinct().count(),
    }
