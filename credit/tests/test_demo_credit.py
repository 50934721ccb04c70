"""load_demo_credit (after load_demo and load_demo_supervision): the public lists, pages and API show demo
entries with their rule ids and explanations; a second run changes nothing; other organizations are untouched."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from audit.models import AuditEvent
from credit.models import CreditFact, IllegalOrganization, IllegalOrgBatch, ListEntry, ListNotice, SweepRun
from supervision.models import AnnualReport, Grade, Penalty, ReportOverdue

MODELS = (CreditFact, IllegalOrgBatch, IllegalOrganization, ListEntry, ListNotice, SweepRun, AnnualReport, Grade,
          Penalty, ReportOverdue, AuditEvent)


def run(name, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def load_all(count="120") -> str:
    run("load_demo", "--count", count)
    return run("load_demo_supervision") + run("load_demo_credit")


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def api_entries(client, kind: str) -> list[dict]:
    response = client.get(f"/api/v1/lists/{kind}/")
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.django_db
def test_the_demo_lists_show_entries_with_rule_and_explanation_and_a_second_run_changes_nothing():
    printed = load_all()
    assert "demo credit data" in printed and "活动异常名录" in printed
    client = Client()
    abnormal = api_entries(client, "abnormal")
    rules = {rule for entry in abnormal for rule in entry["rules"]}
    assert {"ABN-1", "ABN-6"} <= rules  # missing annual reports, two unsigned letters
    assert all(entry["why_zh"] and entry["why_en"] for entry in abnormal)
    serious = api_entries(client, "serious")
    assert {"SER-4", "SER-6"} <= {rule for entry in serious for rule in entry["rules"]}
    assert all(entry["why_zh"] for entry in serious)

    page = client.get("/credit/lists/abnormal/").content.decode()
    six = ListEntry.objects.get(rules="ABN-6", organization__authority_id="110101")
    assert "ABN-6" in page and six.organization.name in page
    page = client.get("/credit/lists/serious/").content.decode()
    assert "SER-6" in page and "SER-4" in page
    assert "演示" in client.get("/credit/illegal/").content.decode()
    grades = client.get("/supervision/public/grades/").content.decode()
    assert "4A" in grades
    # the organization's credit page explains its entry
    org_page = client.get(f"/credit/org/{six.organization.code}/").content.decode()
    assert "ABN-6" in org_page

    assert not ListEntry.objects.exclude(organization__is_demo=True).exists()
    before = counts()
    again = run("load_demo_supervision") + run("load_demo_credit")
    assert "already loaded" in again
    assert counts() == before


@pytest.mark.django_db
def test_nothing_without_a_demo_register_and_other_organizations_untouched(world):
    assert "no demo register" in run("load_demo_credit")
    assert not CreditFact.objects.exists()
    real = [world.org_a, world.org_b, world.org_city, world.org_hebei]
    load_all("60")
    assert CreditFact.objects.exists() and ListEntry.objects.exists()
    assert not CreditFact.objects.filter(organization__in=real).exists()
    assert not ListEntry.objects.filter(organization__in=real).exists()
    assert not ListNotice.objects.filter(organization__in=real).exists()
    assert not SweepRun.objects.exists()  # a register with real organizations: only the demo ones are derived
