"""Shared steps of the engagement tests (through the HTTP API, as a user would)."""

from django.urls import reverse

from conftest import api_as, db_snapshot

VALID_ID = "11010519491231002X"  # GB 11643 sample (valid check digit)


def _make_id(body: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def id_number(n: int) -> str:
    """A valid ID number for the n-th test graduate (born 2001-01-01, sequence n)."""
    return _make_id(f"110101200101{1 + n // 1000:02d}{n % 1000:03d}"[:17])


def post(user, name, data, **kwargs):
    return api_as(user).post(reverse(name, kwargs=kwargs or None), data, format="json")


def engagement_state():
    from audit.models import AuditEvent
    from engagement import models as m

    return db_snapshot(m.JobPosting, m.JobApplication, m.ApplicationOutcome, m.DutyTarget, m.KeyCounty,
                       m.PairingGroup, m.Pairing, m.PairingProject, m.ProjectProgress, m.ReportingDeadline,
                       m.IncubationBase, m.Incubation, m.TrainingSession, m.Attendance, m.Venue, m.Booking,
                       AuditEvent)


def list_abnormal(world, org):
    """Put ``org`` on the abnormal-activity list through credit's own service."""
    from credit.services import record_fact

    record_fact(world.county_a if org.authority_id == "110101" else world.admin, org, {
        "kind": "other_abnormal", "occurred_on": "2026-09-01", "known_on": "2026-09-01",
        "legal_basis": "《社会组织信用信息管理办法》第八条", "description": "测试"})


def deregister(world, org):
    from registry.services import record_event

    record_event(world.admin, org, kind="deregistration", effective_on="2026-10-01", decision_number="注销决定1号",
                 reason="自行解散")
