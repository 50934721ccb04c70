"""Shared helpers of the credit tests."""

from datetime import date

from audit.models import AuditEvent
from conftest import assert_error, db_snapshot  # noqa: F401 - assert_error: the credit tests import it from here
from credit.models import CreditFact, Evidence, ListEntry, ListNotice, ObjectionCase, RepairCase
from registry.models import Organization


def db_state() -> tuple:
    """The content of everything the credit services write (conftest.db_snapshot)."""
    return db_snapshot(CreditFact, ListEntry, ListNotice, ObjectionCase, RepairCase, Evidence, Organization,
                       AuditEvent)


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
