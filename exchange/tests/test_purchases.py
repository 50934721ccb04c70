"""Government purchase of services through the API: the chain with stable ids, eligibility refusals naming their
rules, payments tied to milestones and within the contract, the public disclosure (page, CSV, API) with the same
totals."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import api_as, assert_error, db_snapshot
from exchange.models import Payment, PurchasePlan

from .helpers import MODELS, contracted, days, graded, plan_body, reported, step


def test_the_chain_gets_stable_ids_from_the_prefix_and_the_sequence(world):
    reported(world.org_a)
    chain = contracted(world)
    ocid = chain["ocid"]
    assert ocid == "ocds-socorg-000001"
    assert (chain["call"]["id"], chain["award"]["id"], chain["contract"]["id"]) == (
        f"{ocid}-tender-1", f"{ocid}-award-1", f"{ocid}-contract-1")
    assert chain["contract"]["milestones"][0]["id"] == f"{ocid}-contract-1-milestone-1"
    second = api_as(world.county_a).post(reverse("api-exchange-plans"), plan_body(), format="json").json()
    assert second["ocid"] == "ocds-socorg-000002"


def test_payments_deliveries_evaluation_and_designation(world):
    reported(world.org_a)
    chain = contracted(world)
    pk, milestone = chain["pk"], chain["contract"]["milestones"][0]["id"]
    for body in ({"step": "payment", "milestone": milestone, "amount": "30000", "paid_on": days(0)},
                 {"step": "delivery", "milestone": milestone, "person_times": 1200, "delivered_on": days(0)},
                 {"step": "evaluation", "score": "92", "result": "excellent", "evaluator": "第三方评估机构"},
                 {"step": "designation", "category": "health", "batch": "第二批"}):
        assert step(world.county_a, pk, **body).status_code == 201
    body = api_as(None).get(reverse("api-exchange-awards")).json()
    assert body["totals"] == {"awards": 1, "awarded": "100000.00", "contracts": 1, "contracted": "100000.00",
                              "paid": "30000.00", "person_times": 1200}
    assert body["results"][0]["excellent"] in ("职工健康服务类", "Workers' health", "职工健康")


@pytest.mark.parametrize("body, code", [
    ({"amount": "1000"}, "GPS-PAY-MILESTONE"),
    ({"milestone": "no-such-milestone", "amount": "1000"}, "GPS-PAY-MILESTONE"),
    ({"milestone": "M", "amount": "100000.01"}, "GPS-PAY-CONTRACT"),
    ({"milestone": "M", "amount": "60000.01"}, "GPS-PAY-MILESTONE-AMOUNT"),
    ({"milestone": "M", "amount": "1000", "paid_on": days(-30)}, "EX-DATES"),
])
def test_a_payment_without_a_milestone_or_beyond_the_contract_is_refused(world, body, code):
    reported(world.org_a)
    chain = contracted(world)
    if body.get("milestone") == "M":
        body = {**body, "milestone": chain["contract"]["milestones"][0]["id"]}
    before = db_snapshot(*MODELS)
    response = step(world.county_a, chain["pk"], step="payment", **body)
    assert_error(response, 400, code)
    assert db_snapshot(*MODELS) == before


def test_payments_add_up_to_the_contract_and_no_further(world):
    reported(world.org_a)
    chain = contracted(world)
    first = chain["contract"]["milestones"][0]["id"]
    second = step(world.county_a, chain["pk"], step="milestone", title="二期", due_on=days(150), amount="40000")
    last = second.json()["contract"]["milestones"][1]["id"]
    assert step(world.county_a, chain["pk"], step="payment", milestone=first, amount="60000").status_code == 201
    assert step(world.county_a, chain["pk"], step="payment", milestone=last, amount="40000").status_code == 201
    over = step(world.county_a, chain["pk"], step="payment", milestone=last, amount="0.01")
    assert_error(over, 400, "GPS-PAY-CONTRACT", "amount")
    assert sum(p.amount for p in Payment.objects.all()) == Decimal("100000")


def _award(world, org, **plan_over):
    officer = api_as(world.county_a)
    pk = officer.post(reverse("api-exchange-plans"), plan_body(**plan_over), format="json").json()["pk"]
    assert step(world.county_a, pk, step="call", opens_on=days(-20), closes_on=days(-10)).status_code == 201
    before = db_snapshot(*MODELS)
    response = step(world.county_a, pk, step="award", organization=org.code, amount="100000", awarded_on=days(-5))
    return response, before


def test_an_organization_without_a_reviewed_report_is_not_awarded(world):
    response, before = _award(world, world.org_a)
    assert_error(response, 400, "GPS-ELIG-REPORT", "organization")
    assert db_snapshot(*MODELS) == before


def test_an_unqualified_report_bars_the_award(world):
    reported(world.org_a, conclusion="unqualified")
    response, before = _award(world, world.org_a)
    assert_error(response, 400, "GPS-ELIG-REPORT", "organization")
    assert "不合格" in response.json()["errors"][0]["message_zh"]


def test_a_listed_organization_is_not_awarded(world):
    from credit.sweep import refresh
    from credit.tests.helpers import fact

    reported(world.org_a)
    fact(world.org_a, "court_dishonest_debtor", days_date(-30), days_date(-30))
    refresh([world.org_a.pk])
    response, before = _award(world, world.org_a)
    assert_error(response, 400, "GPS-ELIG-LISTED", "organization")
    assert db_snapshot(*MODELS) == before


def test_a_purchaser_requiring_a_grade_awards_only_a_graded_organization(world):
    reported(world.org_a)
    graded(world.org_a, "3A")
    response, before = _award(world, world.org_a, required_grade=4)
    assert_error(response, 400, "GPS-ELIG-RATING", "organization")
    assert db_snapshot(*MODELS) == before
    ok, _ = _award(world, world.org_a, required_grade=3)
    assert ok.status_code == 201


def test_a_deregistered_organization_is_not_awarded(world):
    from registry.services import record_event

    reported(world.org_a)
    record_event(world.admin, world.org_a, kind="deregistration", effective_on=days_date(-30), reason="注销")
    response, _before = _award(world, world.org_a)
    assert_error(response, 400, "GPS-ELIG-ACTIVE", "organization")


def test_dates_in_the_wrong_order_are_refused(world):
    officer = api_as(world.county_a)
    pk = officer.post(reverse("api-exchange-plans"), plan_body(), format="json").json()["pk"]
    before = db_snapshot(*MODELS)
    assert_error(step(world.county_a, pk, step="call", opens_on=days(-1), closes_on=days(-9)), 400, "EX-DATES",
                 "closes_on")
    assert db_snapshot(*MODELS) == before


def test_an_officer_of_another_county_buys_nothing_for_dongcheng(world):
    response = api_as(world.county_b).post(reverse("api-exchange-plans"), plan_body(), format="json")
    assert_error(response, 403, "EX-JURISDICTION", "purchaser_division")
    assert not PurchasePlan.objects.exists()


def test_the_csv_totals_equal_the_page(world, client):
    reported(world.org_a)
    reported(world.org_b)
    chain = contracted(world)
    step(world.county_a, chain["pk"], step="payment", milestone=chain["contract"]["milestones"][0]["id"],
         amount="12345.67")
    contracted(world, world.org_b, title="第二个项目")
    page = client.get(reverse("exchange:purchases")).content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("exchange:purchases_csv")).content.decode("utf-8-sig"))))
    paid = sum(Decimal(r["已付金额（元）"]) for r in rows)
    contracted_total = sum(Decimal(r["合同金额（元）"]) for r in rows)
    assert (len(rows), paid, contracted_total) == (2, Decimal("12345.67"), Decimal("200000"))
    assert f'data-total="paid">{paid}<' in page and f'data-total="contracted">{contracted_total:.2f}<' in page
    assert 'data-total="awards">2<' in page


def days_date(n):
    from datetime import timedelta

    from .helpers import TODAY
    return TODAY + timedelta(days=n)
