"""load_demo_supervision: supervision demo data made through the services, for demo organizations only,
deterministic and idempotent."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from audit.models import AuditEvent
from registry.models import Organization
from supervision.models import (
    AnnualReport,
    Draw,
    Finding,
    Grade,
    GradeSpan,
    Penalty,
    RectificationNotice,
    ReportOverdue,
    ReportReview,
)

MODELS = (AnnualReport, ReportReview, ReportOverdue, Penalty, Grade, GradeSpan, Draw, Finding, RectificationNotice,
          AuditEvent)


def run(name, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_the_demo_shows_reports_overdue_penalties_grades_and_a_published_spot_check():
    run("load_demo", "--count", "120")
    printed = run("load_demo_supervision")
    assert "demo supervision data" in printed and "年度工作报告" in printed
    reports = AnnualReport.objects.all()
    assert reports.count() > 10 and not reports.exclude(organization__is_demo=True).exists()
    assert {"qualified", "basically_qualified", "unqualified"} <= set(reports.values_list("conclusion", flat=True))
    assert reports.filter(state="awaiting_review").exists()
    assert ReportOverdue.objects.filter(kind="missing").exists() and ReportOverdue.objects.filter(kind="late").exists()
    assert {"warning", "fine"} <= set(Penalty.objects.values_list("kind", flat=True))
    assert set(Grade.objects.values_list("grade", flat=True)) == {"4A", "3A"}
    assert Grade.objects.filter(application__isnull=False).exists()  # one conferred through the rating flow
    # demo-org has something to do: its report was returned for correction, and it is on no overdue list
    from accounts.models import User
    own = User.objects.get(username="demo-org").organization_id_bound
    assert AnnualReport.objects.get(organization_id=own).state == "returned"
    assert not ReportOverdue.objects.filter(organization_id=own).exists()
    # every write is audited by the services, under the loader's request id
    assert AuditEvent.objects.filter(request_id="load-demo-supervision", action="annual_report.submit").count() == \
        AnnualReport.objects.count()

    client = Client()
    grades = client.get("/supervision/public/grades/").content.decode()
    assert "4A" in grades and "3A" in grades
    results = client.get("/supervision/public/spot-checks/").content.decode()
    assert Finding.objects.filter(published_on__isnull=False).exists()
    assert Finding.objects.first().summary[:10] in results

    before = counts()
    assert "already loaded" in run("load_demo_supervision")
    assert counts() == before


@pytest.mark.django_db
def test_nothing_without_a_demo_register_and_nothing_for_other_organizations(world):
    assert "no demo register" in run("load_demo_supervision")
    assert counts()["AnnualReport"] == 0
    real = world.org_a  # a real (non-demo) organization in Dongcheng, and world.org_b in Xicheng
    run("load_demo", "--count", "60")
    events = AuditEvent.objects.count()
    run("load_demo_supervision")
    assert AuditEvent.objects.count() > events
    assert AnnualReport.objects.exists()
    for model in (AnnualReport, ReportOverdue, Penalty, Grade):
        assert not model.objects.exclude(organization__is_demo=True).exists()
    # a county with a real organization gets no county-wide step (overdue sweep, spot-check draw)
    assert not ReportOverdue.objects.filter(organization__authority_id="110101").exists()
    assert not Draw.objects.exists()
    assert not AuditEvent.objects.filter(request_id="load-demo-supervision", after__icontains=real.code).exists()
    assert Organization.objects.get(pk=real.pk).status == "active"
