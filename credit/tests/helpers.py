"""Shared helpers of the credit tests."""

from datetime import date

from audit.models import AuditEvent
from credit.models import CreditFact, Evidence, ListEntry, ListNotice, ObjectionCase, RepairCase
from registry.models import Organization


def db_state() -> tuple:
    return (CreditFact.objects.count(), ListEntry.objects.count(), ListNotice.objects.count(),
            ObjectionCase.objects.count(), RepairCase.objects.count(), Evidence.objects.count(),
            Organization.objects.count(), AuditEvent.objects.count())


def assert_error(response, status: int, code: str, field=None):
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    match = [e for e in errors if e["code"] == code and (field is None or e["field"] == field)]
    assert match, errors
    assert match[0]["message_zh"] and match[0]["message_en"] and match[0]["message_zh"] != match[0]["message_en"]
    return match[0]


def fact(org, kind, occurred, known=None, **extra) -> CreditFact:
    """A credit fact written directly (tests that need past knowledge dates the services would refuse)."""
    if isinstance(occurred, str):
        occurred = date.fromisoformat(occurred)
    if isinstance(known, str):
        known = date.fromisoformat(known)
    return CreditFact.objects.create(organization=org, kind=kind, occurred_on=occurred, known_on=known or occurred,
                                     **extra)


def warning(org, occurred, known=None, **extra) -> CreditFact:
    return fact(org, "penalty", occurred, known, penalty_kinds="warning", issuing_authority="某区市场监督管理局", **extra)


def entries(org):
    return list(ListEntry.objects.filter(organization=org).order_by("list_kind", "start_on").values_list(
        "list_kind", "start_on", "end_on", "rules", "exit_rule"))
