"""The only writers of credit data. Each service validates everything first, checks permission, writes in one
transaction and records the audit event; a refusal raises RuleViolation (rule id, field, zh, en) and changes
nothing. After a write that changes an organization's facts, its derived entries are refreshed at once
(:func:`credit.sweep.refresh`); the daily sweep rebuilds everything anyway."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from accounts.jurisdiction import may_act_for_division
from audit.services import record
from common.actors import Actor
from common.clock import today
from common.errors import Collector, Refusal, RuleViolation, refusal
from divisions.models import Division
from registry.models import Organization
from registry.search import normalize

from . import feeds, queries, rules
from .models import (
    ENTERABLE_KINDS,
    Banning,
    CaseState,
    CreditFact,
    Evidence,
    FactKind,
    Holiday,
    IllegalOrganization,
    IllegalOrgBatch,
    ListKind,
    ObjectionCase,
    PenaltyKind,
    RepairCase,
)
from .policy import policy_for, work_calendar
from .sweep import refresh

RATING_GRADES = ("5A", "4A", "3A", "2A", "1A")
INSPECTION_RESULTS = ("qualified", "basically_qualified", "unqualified")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_BATCH = 1000


def _user(actor: Actor | None) -> Actor | None:
    """The user to store as "recorded by": None for the system or an anonymous visitor."""
    return actor if getattr(actor, "pk", None) else None


def _deny_outside(actor: Actor, org: Organization) -> None:
    if not may_act_for_division(actor, org.authority_id):
        raise RuleViolation.one("JURISDICTION", "organization", "超出本机关管辖范围，无权办理",
                                "outside your jurisdiction: you may not act for this organization", status=403)


def _may_file_for(actor: Actor | None, org: Organization) -> bool:
    """The organization itself, or an officer over it (who may file on its behalf, e.g. a paper submission)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_org_user:
        return actor.organization_id_bound == org.pk
    return may_act_for_division(actor, org.authority_id)


def _lock_for_filing(actor: Actor, org: Organization, *, zh: str, en: str) -> Organization:
    """``org`` locked for the filing, when ``actor`` may file for it; otherwise a 403 saying who may (zh, en)."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if not _may_file_for(actor, org):
        raise RuleViolation.one("FORBIDDEN", None, zh, en, status=403)
    return org


def _date(value: object, field: str, problems: Collector, *, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            problems.add("REQUIRED", field, "必填项不能为空", "this field is required")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.add("DATE-FORMAT", field, "日期格式无效，应为 YYYY-MM-DD", "invalid date; use YYYY-MM-DD", value)
        return None


def _text(data: dict, key: str, problems: Collector, *, limit: int, required: bool = False) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        problems.add("REQUIRED", key, "必填项不能为空", "this field is required")
    if len(value) > limit:
        problems.add("MAX-LENGTH", key, f"长度超过上限 {limit} 个字符", f"longer than the limit of {limit} characters")
    return value[:limit]


def fact_snapshot(fact: CreditFact) -> dict:
    return {"organization": fact.organization.code, "kind": fact.kind, "occurred_on": fact.occurred_on,
            "known_on": fact.known_on, "effective_on": fact.effective_on, "penalty_kinds": fact.penalty_kinds,
            "fine_amount": fact.fine_amount, "details": fact.details, "issuing_authority": fact.issuing_authority,
            "document_number": fact.document_number, "legal_basis": fact.legal_basis,
            "supersedes_ref": fact.supersedes_ref}


# --- facts -------------------------------------------------------------------------------------------------

def clean_fact(org: Organization, data: dict, *, on: date) -> tuple[dict, list[Refusal]]:
    """Typed values of an officer-entered fact, and every problem with it."""
    problems = Collector()
    kind = str(data.get("kind") or "")
    if kind not in [str(k) for k in ENTERABLE_KINDS]:
        problems.add("CREDIT-FACT-KIND", "kind", "不是可以直接登记的信用信息类型", "not a kind of fact that can be recorded "
                     "directly (removals and corrections come from repair and objection decisions)", kind)
    occurred = _date(data.get("occurred_on"), "occurred_on", problems)
    known = _date(data.get("known_on"), "known_on", problems, required=False) or on
    for field, day in (("occurred_on", occurred), ("known_on", known)):
        if day and day > on:
            problems.add("CREDIT-FACT-FUTURE", field, f"日期 {day} 晚于今天（{on}），不能登记将来的事实",
                         f"{day} is after today ({on}): a fact cannot be dated in the future", day)
    if occurred and occurred < org.founded_on:
        problems.add("CREDIT-FACT-BEFORE-FOUNDING", "occurred_on",
                     f"日期 {occurred} 早于该组织成立日期 {org.founded_on}",
                     f"{occurred} is before the organization was founded ({org.founded_on})", occurred)
    if occurred and known and known < occurred:
        problems.add("CREDIT-FACT-KNOWN-BEFORE", "known_on", "知悉日期不能早于事实发生日期",
                     "the authority cannot have known of a fact before it happened", known)
    values: dict[str, Any] = {
        "kind": kind, "occurred_on": occurred, "known_on": known,
        "issuing_authority": _text(data, "issuing_authority", problems, limit=200),
        "document_number": _text(data, "document_number", problems, limit=100),
        "legal_basis": _text(data, "legal_basis", problems, limit=300,
                             required=kind in (FactKind.OTHER_ABNORMAL, FactKind.OTHER_SERIOUS)),
        "description": _text(data, "description", problems, limit=4000),
        "penalty_kinds": "", "fine_amount": None, "details": {},
    }
    if kind == FactKind.PENALTY:
        raw = data.get("penalty_kinds") or []
        if isinstance(raw, str):
            raw = [k.strip() for k in raw.split(",") if k.strip()]
        kinds = [k for k in raw if k in PenaltyKind.values]
        if not kinds or len(kinds) != len(raw):
            problems.add("CREDIT-PENALTY-KINDS", "penalty_kinds", "处罚种类无效，应为警告、罚款、没收、限期停止活动或其他",
                         "invalid penalty kinds: use warning, fine, confiscation, suspension or other", raw)
        values["penalty_kinds"] = ",".join(dict.fromkeys(kinds))
        fine = data.get("fine_amount")
        if PenaltyKind.FINE in kinds:
            try:
                amount = Decimal(str(fine).replace(",", "")).quantize(Decimal("0.01"))
                if amount <= 0:
                    raise InvalidOperation
                values["fine_amount"] = amount
            except (InvalidOperation, ValueError, TypeError):
                problems.add("CREDIT-PENALTY-FINE", "fine_amount", "罚款处罚须填写大于零的罚款金额（元）",
                             "a fine needs a positive amount in yuan", fine)
        elif fine not in (None, ""):
            problems.add("CREDIT-PENALTY-FINE", "fine_amount", "未选择罚款时不能填写罚款金额",
                         "a fine amount is only given with the fine penalty kind", fine)
        if not values["issuing_authority"]:
            problems.add("REQUIRED", "issuing_authority", "须填写作出处罚的部门", "name the department that decided it")
    elif kind == FactKind.DOMICILE_UNREACHABLE:
        first = _date(data.get("first_letter_on"), "first_letter_on", problems)
        second = _date(data.get("second_letter_on"), "second_letter_on", problems)
        setting = policy_for(org.authority_id).get("CREDIT_LETTER_INTERVAL_DAYS", occurred or on)
        low, high = setting.value
        if first and second:
            gap = (second - first).days
            if not low <= gap <= high:
                problems.add("CREDIT-LETTER-INTERVAL", "second_letter_on",
                             f"两次邮寄专用信函应间隔 {low}–{high} 日，实际间隔 {gap} 日（{setting.explanation}）",
                             f"the two letters must be mailed {low}–{high} days apart, not {gap} "
                             f"({setting.explanation})", gap)
            if occurred and occurred < second:
                problems.add("CREDIT-LETTER-ORDER", "occurred_on", "无法联系的认定日期不能早于第二次邮寄日期",
                             "the day contact was found impossible cannot precede the second mailing", occurred)
            values["details"] = {"first_letter_on": first.isoformat(), "second_letter_on": second.isoformat()}
    elif kind == FactKind.RECTIFICATION_OVERDUE:
        deadline = _date(data.get("rectification_deadline"), "rectification_deadline", problems)
        if deadline and occurred and occurred <= deadline:
            problems.add("CREDIT-RECTIFICATION-NOT-OVERDUE", "occurred_on",
                         f"整改期限 {deadline} 届满后才能认定未按期完成整改（ABN-3），{occurred} 尚未逾期",
                         f"rectification can only be found not completed after its deadline {deadline} "
                         f"(ABN-3); {occurred} is not after it", occurred)
        if deadline:
            values["details"] = {"rectification_deadline": deadline.isoformat()}
    elif kind == FactKind.FUNDRAISING_INACTIVE:
        situation = str(data.get("situation") or "")
        if situation not in feeds.FUNDRAISING_SITUATIONS:
            problems.add("CREDIT-FUNDRAISING-SITUATION", "situation",
                         "应说明情形：inactive（连续未开展公开募捐）或 unqualified（不再符合资格条件）（ABN-4）",
                         "state the situation: inactive (no public fundraising) or unqualified (no longer meets "
                         "the conditions) (ABN-4)", situation)
        values["details"] = {"situation": situation}
        if situation == "inactive":
            last = _date(data.get("last_fundraising_on"), "last_fundraising_on", problems)
            setting = policy_for(org.authority_id).get("CREDIT_FUNDRAISING_INACTIVE_MONTHS", occurred or on)
            months = int(setting.value)
            if last and occurred and occurred < rules.after_full(last, months=months):
                problems.add("CREDIT-FUNDRAISING-INACTIVE", "last_fundraising_on",
                             f"自最近一次公开募捐 {last} 至 {occurred} 未满 {months} 个月，不构成 ABN-4（{setting.explanation}）",
                             f"from the last public fundraising on {last} to {occurred} is less than {months} full "
                             f"months: not ABN-4 ({setting.explanation})", last)
            if last and occurred and last > occurred:
                problems.add("CREDIT-FUNDRAISING-INACTIVE", "last_fundraising_on",
                             "最近一次公开募捐日期不能晚于认定日期",
                             "the last public fundraising cannot be after the finding", last)
            if last:
                values["details"] = {"situation": situation, "last_fundraising_on": last.isoformat(), "months": months}
    elif kind == FactKind.NO_RESPONSIBILITY:
        setting = policy_for(org.authority_id).get("CREDIT_ABN_EXEMPTION_ON_CERTIFICATE", on)
        if not setting.value:
            problems.add("CREDIT-EXEMPTION-OFF", "kind",
                         f"本辖区未启用“不负直接责任证明”豁免（征求意见稿第十二条，{setting.explanation}）",
                         f"the no-direct-responsibility exemption (2017 draft Art. 12) is not in force here "
                         f"({setting.explanation})", kind)
        target = str(data.get("supersedes_ref") or "")
        grounds = {r for r, rule in rules.DIRECT_GROUNDS.items() if rule.startswith("ABN")} | {rules.PENALTY}
        found = queries.facts_of(org).get(target)
        if found is None or found.kind not in grounds:
            problems.add("CREDIT-EXEMPTION-FACT", "supersedes_ref", "应指明该证明所涉及的活动异常名录列入事实",
                         "name the abnormal-list fact the certificate concerns", target)
        if not values["issuing_authority"]:
            problems.add("REQUIRED", "issuing_authority", "须填写出具证明的业务主管单位或部门",
                         "name the supervising unit or department that certified it")
        values["supersedes_ref"] = target
    elif kind == FactKind.RATING:
        grade = str(data.get("grade") or "").upper()
        if grade not in RATING_GRADES:
            problems.add("CREDIT-RATING-GRADE", "grade", "评估等级应为 1A–5A", "the grade must be 1A to 5A", grade)
        until = _date(data.get("valid_until"), "valid_until", problems, required=False)
        values["details"] = {"grade": grade, "valid_until": until.isoformat() if until else None}
    elif kind == FactKind.INSPECTION:
        result = str(data.get("result") or "")
        if result not in INSPECTION_RESULTS:
            problems.add("CREDIT-INSPECTION-RESULT", "result", "检查结论应为合格、基本合格或不合格",
                         "the result must be qualified, basically_qualified or unqualified", result)
        values["details"] = {"result": result}
    return values, problems.problems


@transaction.atomic
def record_fact(actor: Actor, org: Organization, data: dict) -> CreditFact:
    """Record one credit fact entered or imported by an officer."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _deny_outside(actor, org)
    values, problems = clean_fact(org, data, on=today())
    if problems:
        raise RuleViolation(problems)
    fact = CreditFact.objects.create(organization=org, recorded_by=_user(actor), **values)
    record(actor, "credit.fact.create", "CreditFact", fact.pk, after=fact_snapshot(fact))
    refresh([org.pk], actor=actor)
    return fact


# --- objections --------------------------------------------------------------------------------------------

@transaction.atomic
def file_objection(actor: Actor, org: Organization, fact_ref: str, statement: str) -> ObjectionCase:
    """异议: the organization (or an officer on its behalf) contests one credit fact within the time limit."""
    org = _lock_for_filing(actor, org, zh="只有该组织或其登记管理机关可以提出异议",
                           en="only the organization or its registration authority may file an objection")
    on = today()
    problems = Collector()
    statement = _text({"statement": statement}, "statement", problems, limit=4000, required=True)
    facts = queries.facts_of(org)
    fact = facts.get(str(fact_ref or ""))
    if fact is None or fact.kind in (rules.CORRECTION, rules.RECTIFICATION_VERIFIED, rules.SERIOUS_REMOVAL_VERIFIED):
        problems.add("CREDIT-OBJECTION-FACT", "fact_ref", "该组织没有这条可以提出异议的信用信息",
                     "the organization has no such credit fact to object to", fact_ref)
        problems.refuse()
    if any(f.kind == rules.CORRECTION and f.target == fact.ref for f in facts.values()):
        problems.add("CREDIT-OBJECTION-CORRECTED", "fact_ref", "该信息已经更正", "this fact has already been corrected",
                     fact_ref)
    if ObjectionCase.objects.filter(organization=org, fact_ref=fact.ref,
                                    state__in=[CaseState.SUBMITTED, CaseState.ACCEPTED]).exists():
        problems.add("CREDIT-OBJECTION-PENDING", "fact_ref", "对该信息的异议正在办理中",
                     "an objection to this fact is already being handled", fact_ref)
    clock = queries.objection_clock(org, fact, on)
    if on > clock.deadline:
        problems.add("CREDIT-OBJECTION-LATE", "fact_ref",
                     f"异议期限自 {clock.counted_from} 起算，已于 {clock.deadline} 届满，不能再提出异议（{clock.setting}）",
                     f"the time limit counted from {clock.counted_from} ended on {clock.deadline}; an objection can "
                     f"no longer be filed ({clock.setting})", clock.deadline)
    problems.raise_if_any()
    calendar = work_calendar()
    accept = policy_for(org.authority_id).get("CREDIT_OBJECTION_ACCEPT_WORKING_DAYS", on)
    case = ObjectionCase.objects.create(
        organization=org, fact_ref=fact.ref, fact_label=(fact.summary_zh or fact.kind)[:300],
        counted_from=clock.counted_from, statement=statement, filed_on=on, filing_deadline=clock.deadline,
        accept_due=calendar.add_working_days(on, int(accept.value)),
        settings_cited=[clock.setting, accept.explanation], filed_by=_user(actor))
    record(actor, "credit.objection.file", "ObjectionCase", case.pk,
           after={"organization": org.code, "fact_ref": fact.ref, "filed_on": on, "deadline": clock.deadline})
    return case


def _lock_case(model, case):
    return model.objects.select_for_update().select_related("organization").get(pk=case.pk)


@transaction.atomic
def accept_objection(actor: Actor, case: ObjectionCase) -> ObjectionCase:
    case = _lock_case(ObjectionCase, case)
    _deny_outside(actor, case.organization)
    if case.state != CaseState.SUBMITTED:
        raise RuleViolation.one("CREDIT-CASE-STATE", "state", "只有已提交的异议可以受理",
                                "only a submitted objection can be accepted", value=case.state)
    on = today()
    setting = policy_for(case.organization.authority_id).get("CREDIT_OBJECTION_DECISION_WORKING_DAYS", on)
    before = {"state": case.state}
    case.state, case.accepted_on = CaseState.ACCEPTED, on
    case.decision_due = work_calendar().add_working_days(on, int(setting.value))
    case.settings_cited = [*case.settings_cited, setting.explanation]
    case.save()
    record(actor, "credit.objection.accept", "ObjectionCase", case.pk, before=before,
           after={"state": case.state, "decision_due": case.decision_due})
    return case


@transaction.atomic
def decide_objection(actor: Actor, case: ObjectionCase, *, upheld: bool, reason: str, outcome_zh: str = "",
                     outcome_en: str = "") -> ObjectionCase:
    """Uphold (the fact is corrected by a superseding fact, from today) or reject an objection."""
    case = _lock_case(ObjectionCase, case)
    _deny_outside(actor, case.organization)
    problems = Collector()
    if case.state not in (CaseState.SUBMITTED, CaseState.ACCEPTED):
        problems.add("CREDIT-CASE-STATE", "state", "该异议已经办结", "this objection has already been decided",
                     case.state)
    reason = _text({"reason": reason}, "reason", problems, limit=4000, required=True)
    problems.raise_if_any()
    on = today()
    before = {"state": case.state}
    if upheld:
        correction = CreditFact.objects.create(
            organization=case.organization, kind=FactKind.CORRECTION, occurred_on=on, known_on=on,
            supersedes_ref=case.fact_ref, reason=reason, description=f"异议 #{case.pk} 成立 / objection #{case.pk} upheld",
            recorded_by=_user(actor))
        case.correction = correction
        record(actor, "credit.fact.create", "CreditFact", correction.pk, after=fact_snapshot(correction), reason=reason)
    case.state = CaseState.UPHELD if upheld else CaseState.REJECTED
    case.decided_on, case.decided_by, case.decision_reason = on, _user(actor), reason
    case.public_outcome_zh = outcome_zh or ("异议成立，相关信息已更正" if upheld else "异议不成立，维持原信息")
    case.public_outcome_en = outcome_en or ("objection upheld; the information was corrected" if upheld else
                                            "objection rejected; the information stands")
    case.save()
    record(actor, "credit.objection.decide", "ObjectionCase", case.pk, before=before,
           after={"state": case.state, "correction": case.correction_id}, reason=reason)
    if upheld:
        refresh([case.organization_id], actor=actor)
    return case


# --- credit repair -----------------------------------------------------------------------------------------

@transaction.atomic
def file_repair(actor: Actor, org: Organization, list_kind: str, statement: str) -> RepairCase:
    """信用修复: apply to leave a list."""
    org = _lock_for_filing(actor, org, zh="只有该组织或其登记管理机关可以申请信用修复",
                           en="only the organization or its registration authority may apply")
    problems = Collector()
    statement = _text({"statement": statement}, "statement", problems, limit=4000, required=True)
    if list_kind not in ListKind.values:
        problems.add("CREDIT-LIST", "list_kind", "名单类型无效", "unknown list", list_kind)
        problems.refuse()
    on = today()
    entry, problem = queries.repair_answer(org, list_kind, on)
    if problem or entry is None:
        problems.extend([problem] if problem else [])
        problems.refuse()
    if RepairCase.objects.filter(organization=org, list_kind=list_kind, entry_start=entry.start,
                                   state__in=[CaseState.SUBMITTED, CaseState.ACCEPTED]).exists():
        problems.add("CREDIT-REPAIR-PENDING", "list_kind", "该名单的修复申请正在办理中",
                     "an application for this entry is already being handled")
    problems.raise_if_any()
    setting = policy_for(org.authority_id).get("CREDIT_REPAIR_DECISION_WORKING_DAYS", on)
    case = RepairCase.objects.create(
        organization=org, list_kind=list_kind, entry_start=entry.start, statement=statement, filed_on=on,
        decision_due=work_calendar().add_working_days(on, int(setting.value)), settings_cited=[setting.explanation],
        filed_by=_user(actor))
    record(actor, "credit.repair.file", "RepairCase", case.pk,
           after={"organization": org.code, "list_kind": list_kind, "entry_start": entry.start, "filed_on": on})
    return case


@transaction.atomic
def decide_repair(actor: Actor, case: RepairCase, *, granted: bool, reason: str, removal_on=None, outcome_zh: str = "",
                  outcome_en: str = "") -> RepairCase:
    """Grant (rectification or eligibility verified today: a removal fact) or reject an application."""
    case = _lock_case(RepairCase, case)
    org = case.organization
    _deny_outside(actor, org)
    problems = Collector()
    if case.state not in (CaseState.SUBMITTED, CaseState.ACCEPTED):
        problems.add("CREDIT-CASE-STATE", "state", "该申请已经办结", "this application has already been decided",
                     case.state)
    reason = _text({"reason": reason}, "reason", problems, limit=4000, required=True)
    on = today()
    key = "CREDIT_ABN_REMOVAL_WORKING_DAYS" if case.list_kind == rules.ABNORMAL else "CREDIT_SER_REMOVAL_WORKING_DAYS"
    setting = policy_for(org.authority_id).get(key, on)
    due = work_calendar().add_working_days(on, int(setting.value))
    removal = _date(removal_on, "removal_on", problems, required=False) or on
    if granted:
        if not on <= removal <= due:
            problems.add("CREDIT-REMOVAL-LATE", "removal_on",
                         f"应自查实之日起 {setting.value} 个工作日内（{on} 至 {due}）移出（{setting.explanation}）",
                         f"the removal must fall within {setting.value} working days of verification ({on} to "
                         f"{due}) ({setting.explanation})", removal)
        entry, problem = queries.repair_answer(org, case.list_kind, on)
        if problem is None and entry is not None and entry.start != case.entry_start:
            problem = refusal("CREDIT-REPAIR-ENTRY", "list_kind", "申请所针对的列入记录已经结束",
                              "the entry applied for has ended")
        if problem:
            problems.extend([problem])
    problems.raise_if_any()
    before = {"state": case.state}
    if granted:
        kind = FactKind.RECTIFICATION_VERIFIED if case.list_kind == rules.ABNORMAL else FactKind.SERIOUS_REMOVAL_VERIFIED
        fact = CreditFact.objects.create(
            organization=org, kind=kind, occurred_on=on, known_on=on, effective_on=removal, reason=reason,
            description=f"信用修复申请 #{case.pk} 经查实 / repair application #{case.pk} verified",
            details={"repair_case": case.pk, "removal_due": due.isoformat()}, recorded_by=_user(actor))
        case.removal, case.verified_on, case.removal_due = fact, on, due
        record(actor, "credit.fact.create", "CreditFact", fact.pk, after=fact_snapshot(fact), reason=reason)
    case.state = CaseState.GRANTED if granted else CaseState.REJECTED
    case.decided_on, case.decided_by, case.decision_reason = on, _user(actor), reason
    case.public_outcome_zh = outcome_zh or (f"经查实，于 {removal} 移出" if granted else "经核查不符合移出条件")
    case.public_outcome_en = outcome_en or (f"verified; removed on {removal}" if granted else
                                            "not verified; the entry stands")
    case.settings_cited = [*case.settings_cited, setting.explanation]
    case.save()
    record(actor, "credit.repair.decide", "RepairCase", case.pk, before=before,
           after={"state": case.state, "removal": case.removal_id}, reason=reason)
    if granted:
        refresh([org.pk], actor=actor)
    return case


@transaction.atomic
def add_evidence(actor: Actor, case, uploaded) -> Evidence:
    """Attach a file to an open objection or repair application (the filer's side or an officer in scope)."""
    model = ObjectionCase if isinstance(case, ObjectionCase) else RepairCase
    case = _lock_case(model, case)
    if not _may_file_for(actor, case.organization):
        raise RuleViolation.one("FORBIDDEN", None, "无权为该案件上传材料", "you may not add evidence to this case", status=403)
    problems = Collector()
    if case.state not in (CaseState.SUBMITTED, CaseState.ACCEPTED):
        problems.add("CREDIT-CASE-STATE", "file", "案件已办结，不能再上传材料", "the case is closed", case.state)
    if uploaded is None:
        problems.add("REQUIRED", "file", "请选择文件", "choose a file")
    elif uploaded.size > MAX_EVIDENCE_BYTES:
        problems.add("CREDIT-EVIDENCE-SIZE", "file", "文件不能超过 10 MB", "files are limited to 10 MB", uploaded.size)
    problems.raise_if_any()
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    evidence = Evidence(name=(uploaded.name or "file")[:200], size=uploaded.size, sha256=digest.hexdigest(),
                        uploaded_by=_user(actor), **{"objection" if model is ObjectionCase else "repair": case})
    evidence.file.save(evidence.name, uploaded, save=False)
    evidence.save()
    record(actor, "credit.evidence.add", "Evidence", evidence.pk,
           after={"case": f"{model.__name__}#{case.pk}", "name": evidence.name, "sha256": evidence.sha256})
    return evidence


# --- holidays ----------------------------------------------------------------------------------------------

@transaction.atomic
def set_holiday(actor: Actor, data: dict) -> Holiday:
    """Add a holiday or an adjusted working day (national calendar: administrators and Ministry officers)."""
    if not may_act_for_division(actor, "100000"):
        raise RuleViolation.one("FORBIDDEN", None, "只有系统管理员或民政部工作人员可以维护节假日",
                                "only administrators and Ministry officers maintain the holiday calendar", status=403)
    problems = Collector()
    day = _date(data.get("date"), "date", problems)
    name = _text(data, "name", problems, limit=60)
    source = _text(data, "source", problems, limit=200)
    is_workday = str(data.get("is_workday", "")).lower() in ("1", "true", "on", "yes")
    if day and Holiday.objects.filter(date=day).exists():
        problems.add("CREDIT-HOLIDAY-EXISTS", "date", "该日期已在日历中", "this date is already in the calendar", day)
    if day and is_workday and day.weekday() < 5:
        problems.add("CREDIT-HOLIDAY-WORKDAY", "is_workday", "调休上班日应为周六或周日",
                     "an adjusted working day must be a Saturday or Sunday", day)
    problems.raise_if_any()
    holiday = Holiday.objects.create(date=day, is_workday=is_workday, name=name, source=source,
                                     recorded_by=_user(actor))
    record(actor, "credit.holiday.add", "Holiday", holiday.pk,
           after={"date": day, "is_workday": is_workday, "name": name, "source": source})
    return holiday


# --- illegal organizations ---------------------------------------------------------------------------------

@transaction.atomic
def publish_illegal_batch(actor: Actor, data: dict) -> IllegalOrgBatch:
    """Publish a batch of suspected illegal social organizations (name, aliases, claimed activities, where reported)."""
    problems = Collector()
    code = str(data.get("authority") or "")
    division = Division.objects.filter(code=code).first()
    if division is None:
        problems.add("DIVISION-UNKNOWN", "authority", "发布机关的行政区划代码无效", "unknown division code", code)
    elif not may_act_for_division(actor, code):
        raise RuleViolation.one("JURISDICTION", "authority", "超出本机关管辖范围，无权发布",
                                "outside your jurisdiction: you may not publish for this authority", status=403)
    title = _text(data, "title", problems, limit=200, required=True)
    batch_number = _text(data, "batch_number", problems, limit=60)
    published_on = _date(data.get("published_on"), "published_on", problems)
    if published_on and published_on > today():
        problems.add("CREDIT-FACT-FUTURE", "published_on", "发布日期不能晚于今天", "cannot be published in the future",
                     published_on)
    rows = data.get("organizations") or []
    if not isinstance(rows, list) or not rows:
        problems.add("REQUIRED", "organizations", "至少列出一个组织", "list at least one organization")
        rows = []
    if len(rows) > MAX_BATCH:
        problems.add("CREDIT-BATCH-SIZE", "organizations", f"每批最多 {MAX_BATCH} 个", f"at most {MAX_BATCH} per batch",
                     len(rows))
        rows = []
    clean = []
    for index, row in enumerate(rows):
        row = row if isinstance(row, dict) else {"name": row}
        name = normalize(str(row.get("name") or ""))
        if len(name) < 2:
            problems.add("CREDIT-ILLEGAL-NAME", f"organizations.{index}.name", "名称至少 2 个字",
                         "a name needs at least 2 characters", row.get("name"))
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a for a in aliases.replace("；", "\n").replace(";", "\n").splitlines()]
        clean.append(IllegalOrganization(
            name=str(row.get("name") or "").strip()[:200], normalized=name[:200],
            aliases="\n".join(a.strip() for a in aliases if str(a).strip())[:4000],
            claimed_activities=str(row.get("claimed_activities") or "")[:4000],
            reported_where=str(row.get("reported_where") or "")[:200]))
    problems.raise_if_any()
    batch = IllegalOrgBatch.objects.create(authority=division, title=title, batch_number=batch_number,
                                           published_on=published_on, published_by=_user(actor))
    for item in clean:
        item.batch = batch
    IllegalOrganization.objects.bulk_create(clean)
    record(actor, "credit.illegal.publish", "IllegalOrgBatch", batch.pk,
           after={"title": title, "published_on": published_on, "names": [c.name for c in clean]})
    return batch


@transaction.atomic
def record_banning(actor: Actor, illegal: IllegalOrganization, data: dict) -> Banning:
    """取缔: record the banning decision on a listed illegal organization."""
    problems = Collector()
    code = str(data.get("authority") or "")
    division = Division.objects.filter(code=code).first()
    if division is None:
        problems.add("DIVISION-UNKNOWN", "authority", "行政区划代码无效", "unknown division code", code)
    elif not may_act_for_division(actor, code):
        raise RuleViolation.one("JURISDICTION", "authority", "超出本机关管辖范围", "outside your jurisdiction", status=403)
    decided_on = _date(data.get("decided_on"), "decided_on", problems)
    if decided_on and decided_on > today():
        problems.add("CREDIT-FACT-FUTURE", "decided_on", "决定日期不能晚于今天", "cannot be dated in the future",
                     decided_on)
    number = _text(data, "decision_number", problems, limit=100)
    note = _text(data, "note", problems, limit=4000)
    problems.raise_if_any()
    banning = Banning.objects.create(organization=illegal, authority=division, decided_on=decided_on,
                                     decision_number=number, note=note, recorded_by=_user(actor))
    record(actor, "credit.illegal.ban", "Banning", banning.pk,
           after={"organization": illegal.name, "decided_on": decided_on, "decision_number": number})
    return banning
