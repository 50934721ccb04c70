"""Shared helpers of the exchange tests: facts of the register made directly (tests may build data across apps)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from conftest import api_as
from exchange.models import (
    Award,
    Call,
    Contract,
    Delivery,
    Demand,
    Designation,
    Evaluation,
    Match,
    MatchOutcome,
    Milestone,
    Payment,
    PurchasePlan,
    Resource,
)

TODAY = timezone.localdate()
MODELS = (Resource, Demand, Match, MatchOutcome, PurchasePlan, Call, Award, Contract, Milestone, Payment, Delivery,
          Evaluation, Designation, AuditEvent)


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def reported(org, conclusion="qualified", year=None):
    """A concluded annual report of ``org`` (last year's by default)."""
    from supervision.models import AnnualReport

    year = year or TODAY.year - 1
    return AnnualReport.objects.create(organization=org, year=year, state="concluded",
                                       first_submitted_on=date(year + 1, 3, 1), last_submitted_on=date(year + 1, 3, 1),
                                       conclusion=conclusion, concluded_on=min(TODAY, date(year + 1, 4, 1)),
                                       review_mode="inspection")


def graded(org, grade="4A"):
    from supervision.models import Grade, GradeSpan

    start = TODAY - timedelta(days=400)
    source = Grade.objects.create(organization=org, grade=grade, conferred_on=start,
                                  valid_until=start + timedelta(days=5 * 365))
    return GradeSpan.objects.create(organization=org, source=source, grade=grade, rank=int(grade[0]),
                                    valid_from=start, valid_to=start + timedelta(days=5 * 365), ended_by="expiry")


def resource_body(org, **over):
    body = {"organization": org.code, "kind": "services", "field": "elderly", "title": "助老上门服务",
            "area": org.authority_id, "amount": "50000", "available_from": days(-30), "available_to": days(300)}
    body.update(over)
    return body


def demand_body(**over):
    body = {"publisher_kind": "community", "publisher_name": "东华门街道社区居委会", "kind": "services",
            "field": "elderly", "title": "独居老人探访", "area": "110101", "amount": "40000",
            "needed_from": days(10), "needed_to": days(100)}
    body.update(over)
    return body


def publish_resource(user, org, **over):
    response = api_as(user).post(reverse("api-exchange-resources"), resource_body(org, **over), format="json")
    assert response.status_code == 201, response.content
    return Resource.objects.get(public_id=response.json()["id"])


def publish_demand(user, **over):
    response = api_as(user).post(reverse("api-exchange-demands"), demand_body(**over), format="json")
    assert response.status_code == 201, response.content
    return Demand.objects.get(public_id=response.json()["id"])


def plan_body(**over):
    body = {"purchaser_name": "东城区民政局", "purchaser_division": "110101", "funding": "government",
            "title": "社区居家养老服务", "field": "elderly", "budget": "100000", "year": TODAY.year,
            "planned_on": days(-30)}
    body.update(over)
    return body


def step(user, plan_pk, **body):
    return api_as(user).post(reverse("api-exchange-plan", kwargs={"pk": plan_pk}), body, format="json")


def contracted(world, org=None, **plan_over):
    """A plan of Dongcheng, its call, its award to ``org`` (org_a, made eligible), the contract of 100,000 yuan
    with one milestone of 60,000; returns the plan's JSON."""
    org = org or world.org_a
    officer = world.county_a
    response = api_as(officer).post(reverse("api-exchange-plans"), plan_body(**plan_over), format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["pk"]
    for body in ({"step": "call", "opens_on": days(-20), "closes_on": days(-10)},
                 {"step": "award", "organization": org.code, "amount": "100000", "awarded_on": days(-5)},
                 {"step": "contract", "amount": "100000", "signed_on": days(-3), "starts_on": days(-2),
                  "ends_on": days(200), "person_times_target": 5000},
                 {"step": "milestone", "title": "首期服务", "due_on": days(60), "amount": "60000"}):
        answer = step(officer, pk, **body)
        assert answer.status_code == 201, answer.content
    return answer.json()
