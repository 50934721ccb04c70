"""Shared helpers of the annual-report, penalty and leadership tests."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from conftest import assert_error, db_snapshot
from divisions.models import JurisdictionSetting
from supervision.models import (
    AnnualReport,
    DepartureAudit,
    LeadershipTerm,
    Penalty,
    ReportOverdue,
    ReportReview,
    ReportSubmission,
    TermPostponement,
)

PDF = b"%PDF-1.4\n% test audit report\n%%EOF\n"


def figures(**overrides) -> dict:
    """A report whose parts add up (income 100,000.00; expenditure 80,000.00; assets 500,000.00)."""
    data = {
        "income_donations": "50000.00", "income_government": "20000.00", "income_service_fees": "15000.00",
        "income_membership_dues": "10000.00", "income_other": "5000.00", "income_total": "100000.00",
        "expense_programmes": "60000.00", "expense_administration": "15000.00", "expense_fundraising": "5000.00",
        "expense_total": "80000.00", "total_assets": "500000.00", "total_liabilities": "100000.00",
        "net_assets": "400000.00", "employees": 5, "volunteers": 30, "branches": 0, "party_organization": True,
        "activities": "开展会员培训和行业交流活动 12 次。",
    }
    data.update(overrides)
    return data


def pdf_file(name="audit.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def state() -> tuple:
    """The content of everything the supervision services write, and the audit log (conftest.db_snapshot)."""
    return db_snapshot(AnnualReport, ReportSubmission, ReportReview, ReportOverdue, Penalty, LeadershipTerm,
                       DepartureAudit, TermPostponement, AuditEvent)


def set_mode(division: str, mode: str, since=date(2000, 1, 1)):
    JurisdictionSetting.objects.create(division_id=division, key="ANNUAL_REVIEW_MODE", value=mode,
                                       effective_from=since)


def assert_problem(violation_or_response, code: str, field, status: int | None = None):
    """The refusal names this rule and field, in two different languages (conftest.assert_error)."""
    return assert_error(violation_or_response, status, code, field)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded audit reports go to a temporary MEDIA_ROOT, never into var/ (import this into a test module)."""
    settings.MEDIA_ROOT = tmp_path / "media"
