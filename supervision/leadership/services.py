from datetime import date
from typing import cast

from django.db import transaction

from audit.services import record
from common.clock import today
from common.errors import Collector, Refusal, RuleViolation
from divisions.policy import SettingValue, setting
from registry.models import EventKind, Organization, Status
from registry.services import record_event
from supervision.base import (
    by_type,
    deny_outside,
    explain_item,
    listed,
    renamed_fields,
    user_or_none,
    whole_number,
)
from supervision.cleaning import collect_count, collect_date, collect_text
from supervision.models import (
    DepartureAudit,
    LeadershipTerm,
    TermKind,
    TermPostponement,
)

from . import rules
from .queries import current_term

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


@transaction.atomic
def file_term(actor, org: Organization, data: dict) -> LeadershipTerm:
    """换届备案, or the first record of the term in force.

    A renewal records the registration event ``leadership_change`` through registry.services.record_event (with
    the new legal representative when it changes). Before a renewal or a change of legal representative, as the
    setting LEADERSHIP_AUDIT_BEFORE requires for the type, the outgoing legal representative's financial audit
    must be on file (LEAD-AUDIT-REQUIRED).
    """
    org = Organization.objects.select_for_update().get(pk=org.pk)
    deny_outside(actor, org)
    problems = Collector()
    current = current_term(org)
    kind = str(data.get("filing") or (TermKind.RENEWAL if current else TermKind.INITIAL))
    if kind not in TermKind.values:
        problems.add("LEAD-KIND", "filing", "备案类型应为在任届次或换届", "the filing is initial or renewal", kind[:50])
    started_on = collect_date(data, "started_on", problems, required=True)
    filed_on = collect_date(data, "filed_on", problems, default=today())
    default_years = setting("LEADERSHIP_TERM_YEARS", org.authority_id, started_on)
    max_years = setting("LEADERSHIP_TERM_MAX_YEARS", org.authority_id, started_on)
    raw_years = data.get("term_years")
    years = whole_number(default_years) if raw_years in (None, "") else collect_count({"term_years": raw_years}, "term_years", problems)
    legal_rep_name = collect_text(data, "legal_rep_name", problems, required=True)
    legal_rep_id = str(data.get("legal_rep_id") or "").strip()
    board = _board(data.get("board_members"))
    decision_number = collect_text(data, "decision_number", problems)
    note = collect_text(data, "note", problems)
    if filed_on and filed_on > today():
        problems.add("LEAD-DATE-FUTURE", "filed_on", f"备案日期 {filed_on} 晚于今天", f"filing date {filed_on} is in the future",
              str(filed_on))
    if org.status != Status.ACTIVE:
        problems.add("LEAD-ORG-NOT-ACTIVE", "organization", "该组织已不处于正常登记状态，不能办理换届备案",
              "the organization is no longer active; no leadership filing is possible", org.status)
    limits = None
    if org.org_type == "foundation":
        limits = tuple(listed(setting("LEADERSHIP_FOUNDATION_BOARD_SIZE", org.authority_id, started_on)))
    if started_on is not None and years is not None and kind in TermKind.values:
        problems.extend(rules.check_term(
            kind=kind, started_on=started_on, years=int(years), max_years=whole_number(max_years), board_size=len(board), founded_on=org.founded_on, today=today(),
            current_started_on=current.started_on if current else None, board_limits=limits))
    changes_rep = bool(legal_rep_name) and legal_rep_name != org.legal_rep_name
    if kind == TermKind.INITIAL and changes_rep:
        problems.add("LEAD-REP-MISMATCH", "legal_rep_name",
              f"在任届次的法定代表人应与登记的法定代表人“{org.legal_rep_name}”一致；更换法定代表人请按换届备案",
              f"the term in force must name the registered legal representative ({org.legal_rep_name}); file a "
              "renewal to change it", legal_rep_name)
    requirement = setting("LEADERSHIP_AUDIT_BEFORE", org.authority_id, started_on)
    why_audit = explain_item(requirement, org.org_type)
    explanations = [default_years.explanation if raw_years in (None, "") else "",
                    max_years.explanation, why_audit]
    audit = None
    needed = kind == TermKind.RENEWAL and rules.audit_required(
        by_type(requirement).get(org.org_type, "legal_rep_change"), kind, changes_rep)
    if needed and started_on is not None:
        audit, missing = departure_audit_check(org, org.legal_rep_name, started_on, requirement,
                                               changes_rep=changes_rep, field="departure_audit")
        if missing is not None:
            problems.extend([missing])
    problems.raise_if_any()
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
            raise renamed_fields(violation, {"effective_on": "started_on", "changes.legal_rep_name": "legal_rep_name",
                                       "changes.legal_rep_id": "legal_rep_id", "reason": "note"}) from violation
    started_on, years = cast(date, started_on), cast(int, years)  # present: raise_if_any refused them missing
    term = LeadershipTerm.objects.create(
        organization=org, kind=kind, started_on=started_on, term_years=int(years),
        ends_on=rules.term_end(started_on, int(years)), legal_rep_name=legal_rep_name, board_members=board,
        decision_number=decision_number, filed_on=filed_on, note=note, registration_event=event,
        departure_audit=audit, recorded_by=user_or_none(actor),
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
    filing = rules.RENEWAL if kind == EventKind.LEADERSHIP_CHANGE else ""
    if not rules.audit_required(by_type(requirement).get(org.org_type, "legal_rep_change"), filing, True):
        return []
    _, missing = departure_audit_check(org, outgoing, day, requirement, changes_rep=True,
                                       field="changes.legal_rep_name")
    return [missing] if missing else []


@transaction.atomic
def record_departure_audit(actor, org: Organization, data: dict) -> DepartureAudit:
    """离任审计: the financial audit of the outgoing legal representative's tenure."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    deny_outside(actor, org)
    problems = Collector()
    person = collect_text({"person_name": data.get("person_name") or org.legal_rep_name}, "person_name", problems, required=True)
    audited_on = collect_date(data, "audited_on", problems, required=True)
    auditor = collect_text(data, "auditor", problems, required=True)
    number = collect_text(data, "report_number", problems)
    summary = collect_text(data, "summary", problems)
    if audited_on is not None and audited_on > today():
        problems.add("AUDIT-DATE-FUTURE", "audited_on", f"审计报告日期 {audited_on} 晚于今天",
              f"audit report date {audited_on} is in the future", str(audited_on))
    elif audited_on is not None and audited_on < org.founded_on:
        problems.add("AUDIT-DATE-BEFORE-FOUNDING", "audited_on", f"审计报告日期 {audited_on} 早于成立日期 {org.founded_on}",
              f"audit report date {audited_on} is before the founding date {org.founded_on}", str(audited_on))
    problems.raise_if_any()
    audit = DepartureAudit.objects.create(organization=org, person_name=person, audited_on=audited_on,
                                          auditor=auditor, report_number=number, summary=summary,
                                          recorded_by=user_or_none(actor))
    record(actor, "leadership.audit", "DepartureAudit", audit.pk, after={
        "organization": org.code, "person_name": person, "audited_on": audited_on, "auditor": auditor,
        "report_number": number, "summary": summary})
    return audit


@transaction.atomic
def postpone_term(actor, term: LeadershipTerm, data: dict) -> TermPostponement:
    """延期换届: an approved postponement of the renewal, at most LEADERSHIP_POSTPONEMENT_MAX_MONTHS."""
    org = Organization.objects.select_for_update().get(pk=term.organization_id)
    deny_outside(actor, org)
    problems = Collector()
    postponed_to = collect_date(data, "postponed_to", problems, required=True)
    approved_on = collect_date(data, "approved_on", problems, default=today())
    reason = collect_text(data, "reason", problems, required=True)
    current = current_term(org)
    if current is None or current.pk != term.pk:
        problems.add("LEAD-NOT-CURRENT", "term", "只能为在任的一届办理延期换届", "only the term in force can be postponed")
    max_months = setting("LEADERSHIP_POSTPONEMENT_MAX_MONTHS", org.authority_id)
    if postponed_to is not None and approved_on is not None:
        refusal = rules.check_postponement(ends_on=term.ends_on, postponed_to=postponed_to, max_months=whole_number(max_months), approved_on=approved_on, today=today())
        if refusal:
            problems.add(refusal.code, refusal.field, refusal.zh, f"{refusal.en} ({max_months.explanation})", refusal.value)
        latest = term.postponements.order_by("-postponed_to").first()
        if latest is not None and postponed_to <= latest.postponed_to:
            problems.add("LEAD-POSTPONE-ORDER", "postponed_to", f"已批准延期至 {latest.postponed_to}，新的延期日期应更晚",
                  f"already postponed to {latest.postponed_to}; a new postponement must be later", str(postponed_to))
    problems.raise_if_any()
    postponement = TermPostponement.objects.create(term=term, postponed_to=postponed_to, approved_on=approved_on,
                                                   reason=reason, recorded_by=user_or_none(actor))
    record(actor, "leadership.postpone", "TermPostponement", postponement.pk, after={
        "organization": org.code, "term": term.pk, "postponed_to": postponed_to, "approved_on": approved_on,
        "setting": max_months.explanation}, reason=reason)
    return postponement
