"""Shared helpers of the charity tests."""

from datetime import date

from django.urls import reverse

from audit.models import AuditEvent
from charity.models import (
    Announcement,
    CharityApplication,
    DecisionExtension,
    EmergencyDisclosure,
    FundraisingPlan,
    Grant,
    PlanVersion,
    Revocation,
)
from charity.rules import GOVERNANCE_ITEMS
from conftest import api_as


def state() -> tuple:
    """Everything the charity services write, and the audit log."""
    return tuple(m.objects.count() for m in (CharityApplication, DecisionExtension, Grant, Revocation, Announcement,
                                             FundraisingPlan, PlanVersion, EmergencyDisclosure, AuditEvent))


def report_figures(**overrides) -> dict:
    """A social group's annual report whose parts add up: income 100,000; spending 60,000 on programmes,
    15,000 management, 5,000 fundraising; net assets 400,000 (tier O-0)."""
    data = {
        "income_donations": "50000.00", "income_government": "20000.00", "income_service_fees": "15000.00",
        "income_membership_dues": "10000.00", "income_other": "5000.00", "income_total": "100000.00",
        "expense_programmes": "60000.00", "expense_administration": "15000.00", "expense_fundraising": "5000.00",
        "expense_total": "80000.00", "total_assets": "500000.00", "total_liabilities": "100000.00",
        "net_assets": "400000.00", "employees": 5, "volunteers": 30, "branches": 0, "party_organization": True,
        "activities": "开展助老、助学慈善活动。",
    }
    data.update(overrides)
    return data


def submit_reports(user, org, years, overrides: dict | None = None):
    """The organization's own user submits its reports of ``years``; ``overrides`` maps a year to changed figures."""
    from supervision.reports.services import submit_report

    for year in years:
        submit_report(user, org, {"year": year, **report_figures(**(overrides or {}).get(year, {}))})


def governance(level="county", **overrides) -> dict:
    items = {item.id: {"met": True, "evidence": f"{item.id} 证明材料.pdf"} for item in GOVERNANCE_ITEMS
             if level in ("national", "provincial") or not item.provincial_only}
    if "GOV-3P" in items:
        items["GOV-3P"]["supervisors"] = 3
    items.update(overrides)
    return items


def apply_api(user, org, kind="recognition", **extra):
    body = {"kind": kind, "resolution_on": "2026-01-10", "resolution_ref": "第三届理事会第五次会议决议",
            "statement": "申请", **extra}
    return api_as(user).post(reverse("api-charity-org-applications", kwargs={"code": org.code}), body, format="json")


def decide_api(user, app_id, **body):
    return api_as(user).post(reverse("api-charity-application-decision", kwargs={"pk": app_id}), body, format="json")


def recognize(world, org=None, user=None):
    """org (org_a by default) applies for and is granted recognition through the API; returns the grant id."""
    org = org or world.org_a
    response = apply_api(user or world.user_a, org)
    assert response.status_code == 201, response.content
    decided = decide_api(world.county_a if org.authority_id == "110101" else world.admin, response.json()["id"],
                         outcome="grant")
    assert decided.status_code == 200, decided.content
    return Grant.objects.get(application_id=response.json()["id"])


def qualify(world):
    recognize(world)
    response = apply_api(world.user_a, world.org_a, "qualification", governance=governance())
    assert response.status_code == 201, response.content
    decided = decide_api(world.county_a, response.json()["id"], outcome="grant")
    assert decided.status_code == 200, decided.content
    return Grant.objects.get(application_id=response.json()["id"])


def codes(response) -> set[str]:
    return {e["code"] for e in response.json()["errors"]}


def day(text: str) -> date:
    return date.fromisoformat(text)
