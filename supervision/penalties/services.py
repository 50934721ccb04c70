from django.db import transaction

from audit.services import record
from common.clock import today
from common.errors import Collector, RuleViolation
from registry.models import EventKind, Organization
from registry.services import record_event
from supervision.base import deny_outside, renamed_fields, user_or_none
from supervision.cleaning import collect_date, collect_money, collect_text
from supervision.models import (
    DepartmentKind,
    Penalty,
    PenaltyKind,
)

from . import rules

# --- penalties ---------------------------------------------------------------------------------------------

def penalty_snapshot(p: Penalty) -> dict:
    return {"organization": p.organization.code, "kind": p.kind, "amount": p.amount,
            "suspended_from": p.suspended_from, "suspended_to": p.suspended_to,
            "decision_number": p.decision_number, "decided_on": p.decided_on, "legal_basis": p.legal_basis,
            "facts": p.facts, "department_kind": p.department_kind, "department_name": p.department_name,
            "registration_event": p.registration_event_id, "supersedes": p.supersedes_id,
            "correction_reason": p.correction_reason}


@transaction.atomic
def record_penalty(actor, org: Organization, data: dict, *, supersedes: Penalty | None = None) -> Penalty:
    """行政处罚: recorded by an officer over the organization. Revocation (撤销登记) and certificate cancellation
    (吊销登记证书) also record that registration event, in the same transaction."""
    org = Organization.objects.select_for_update().select_related("authority").get(pk=org.pk)
    deny_outside(actor, org)
    problems = Collector()
    kind = str(data.get("penalty") or "")
    if kind not in PenaltyKind.values:
        problems.add("PENALTY-KIND", "penalty", "处罚种类无效：应为警告、罚款、没收违法所得、限期停止活动、撤销登记或吊销登记证书",
              "unknown penalty: warning, fine, confiscation, suspension, revocation or certificate_cancellation",
              kind[:100])
    department_kind = str(data.get("department_kind") or DepartmentKind.CIVIL_AFFAIRS)
    if department_kind not in DepartmentKind.values:
        problems.add("PENALTY-DEPARTMENT", "department_kind", "作出处罚的部门应为民政部门或其他部门",
              "the deciding department is civil_affairs or other", department_kind[:100])
    amount = collect_money(data, "amount", problems, required=False)
    suspended_from = collect_date(data, "suspended_from", problems)
    suspended_to = collect_date(data, "suspended_to", problems)
    decided_on = collect_date(data, "decided_on", problems, required=True)
    decision_number = collect_text(data, "decision_number", problems, required=True)
    legal_basis = collect_text(data, "legal_basis", problems, required=True)
    facts = collect_text(data, "facts", problems, required=True)
    department_name = collect_text(data, "department_name", problems, required=department_kind == DepartmentKind.OTHER)
    if department_kind == DepartmentKind.CIVIL_AFFAIRS and not department_name:
        department_name = org.authority.authority_name
    correction_reason = collect_text(data, "correction_reason", problems, required=supersedes is not None)
    if kind in PenaltyKind.values and decided_on is not None and department_kind in DepartmentKind.values:
        problems.extend(rules.check_penalty(kind=kind, amount=amount, suspended_from=suspended_from, suspended_to=suspended_to, decided_on=decided_on,
                                                          department_kind=department_kind, founded_on=org.founded_on, today=today()))
    if supersedes is not None:
        if supersedes.organization_id != org.pk or Penalty.objects.filter(supersedes=supersedes).exists():
            problems.add("PENALTY-SUPERSEDES", "supersedes", "只能更正本组织尚未被更正的处罚",
                  "only a penalty of this organization that is still in force can be corrected", str(supersedes.pk))
        if supersedes.kind in (PenaltyKind.REVOCATION, PenaltyKind.CERTIFICATE_CANCELLATION) or \
                kind in (PenaltyKind.REVOCATION, PenaltyKind.CERTIFICATE_CANCELLATION):
            problems.add("PENALTY-CORRECT-TERMINAL", "supersedes",
                  "撤销登记、吊销登记证书的更正须在登记簿中更正相应登记事项",
                  "a revocation or certificate cancellation is corrected through the register's event correction")
    elif decision_number and kind and Penalty.objects.in_force().filter(
            organization=org, decision_number=decision_number, kind=kind).exists():
        problems.add("PENALTY-DUPLICATE", "decision_number", f"该组织已登记决定书文号为 {decision_number} 的同种处罚",
              f"a {kind} penalty with decision number {decision_number} is already recorded for this organization",
              decision_number)
    problems.raise_if_any()
    event = None
    if kind in (PenaltyKind.REVOCATION, PenaltyKind.CERTIFICATE_CANCELLATION):
        reason = f"行政处罚 / administrative penalty {decision_number}: {legal_basis}"[:2000]
        try:
            event = record_event(actor, org, kind=EventKind(kind).value, effective_on=decided_on,
                                 decision_number=decision_number, reason=reason)
        except RuleViolation as violation:
            raise renamed_fields(violation, {"effective_on": "decided_on", "reason": "legal_basis"}) from violation
    penalty = Penalty.objects.create(
        organization=org, kind=kind, amount=amount, suspended_from=suspended_from, suspended_to=suspended_to,
        decision_number=decision_number, decided_on=decided_on, legal_basis=legal_basis, facts=facts,
        department_kind=department_kind, department_name=department_name, registration_event=event,
        supersedes=supersedes, correction_reason=correction_reason, recorded_by=user_or_none(actor))
    record(actor, "penalty.record", "Penalty", penalty.pk, after=penalty_snapshot(penalty),
           before=penalty_snapshot(supersedes) if supersedes else None, reason=correction_reason)
    return penalty
