"""The exchange indicators of the statistics catalogue over data whose true values are known, per jurisdiction
and period: resources and needs published, matches delivered, purchased projects, contract amounts, person-times,
excellent projects (the seeds' kind of figure: 全总 9,592 projects, 3,917.64万 person-times, 14.64亿元, 134 excellent
projects in 8 categories)."""

from datetime import date, timedelta
from decimal import Decimal

from exchange.models import (
    Award,
    Call,
    Contract,
    Delivery,
    Demand,
    Designation,
    Match,
    MatchOutcome,
    Milestone,
    PurchasePlan,
    Resource,
)
from stats.compute import evaluate

DAY = date(2024, 12, 31)


def by_key(result):
    return {row["key"]: row["value"] for row in result.rows}


def resources(org, n, kind, on):
    return Resource.objects.bulk_create([
        Resource(public_id=f"R{org.pk}{kind}{on.year}{i}", organization=org, kind=kind, field="elderly", title="t",
                 area_id=org.authority_id, amount=Decimal(100), available_from=on, available_to=on, published_on=on)
        for i in range(n)])


def purchases(org, division, n, funding, on, amount, person_times, tag):
    """``n`` awarded and contracted projects of a purchaser in ``division``, each with ``person_times`` served."""
    made = []
    for i in range(n):
        seq = int(f"{tag}{i:04d}")
        plan = PurchasePlan.objects.create(ocid=f"ocds-t-{seq}", sequence=seq, purchaser_name="p",
                                           purchaser_division_id=division, funding=funding, title="t",
                                           field="workers", budget=amount, year=on.year, planned_on=on,
                                           recorded_by="t")
        call = Call.objects.create(plan=plan, public_id=f"{plan.ocid}-tender-1", opens_on=on, closes_on=on)
        award = Award.objects.create(call=call, public_id=f"{plan.ocid}-award-1", organization=org, amount=amount,
                                     awarded_on=on)
        contract = Contract.objects.create(award=award, public_id=f"{plan.ocid}-contract-1", amount=amount,
                                           signed_on=on, starts_on=on, ends_on=on + timedelta(days=30))
        milestone = Milestone.objects.create(contract=contract, number=1, public_id=f"{plan.ocid}-m-1", title="m",
                                             due_on=on, amount=amount)
        Delivery.objects.create(milestone=milestone, delivered_on=on, person_times=person_times, recorded_by="t")
        made.append(contract)
    return made


def test_resources_needs_and_matches_delivered_per_jurisdiction_and_year(world):
    resources(world.org_a, 3, "funds", date(2024, 3, 1))
    resources(world.org_a, 2, "venues", date(2024, 4, 1))
    resources(world.org_b, 4, "services", date(2024, 5, 1))
    old = resources(world.org_b, 1, "services", date(2023, 5, 1))
    resources(world.org_hebei, 6, "goods", date(2024, 5, 1))
    for i, area in enumerate(["110101", "110101", "110102", "130104"]):
        Demand.objects.create(public_id=f"D{i}", publisher_kind="community", publisher_name="c", kind="services",
                              field="elderly", title="t", area_id=area, amount=Decimal(1),
                              needed_from=date(2024, 6, 1), needed_to=date(2024, 7, 1), published_on=date(2024, 6, 1))
    match = Match.objects.create(demand=Demand.objects.get(public_id="D2"), resource=old[0], score=Decimal(90),
                                 created_on=date(2024, 6, 2))
    for stage, on in (("contacted", date(2024, 6, 2)), ("agreed", date(2024, 6, 9)), ("delivered", date(2024, 7, 1))):
        MatchOutcome.objects.create(match=match, stage=stage, occurred_on=on, recorded_by="t")

    assert by_key(evaluate("EXC-RESOURCES", DAY, "110000", "division")) == {"110101": 5, "110102": 4}
    assert by_key(evaluate("EXC-RESOURCES", DAY, "110101", "category")) == {"funds": 3, "venues": 2}
    assert evaluate("EXC-RESOURCES", DAY, "110102", year=2023).total["value"] == 1
    assert evaluate("EXC-RESOURCES", DAY, "100000").total["value"] == 15
    assert by_key(evaluate("EXC-DEMANDS", DAY, "110000", "division")) == {"110101": 2, "110102": 1}
    assert evaluate("EXC-DELIVERED", DAY, "110102").total["value"] == 1
    assert evaluate("EXC-DELIVERED", date(2024, 6, 30), "110102").total["value"] == 0  # delivered on 1 July
    assert evaluate("EXC-DELIVERED", DAY, "110101").total["value"] == 0


def test_purchased_projects_amounts_person_times_and_excellent_projects(world):
    union = purchases(world.org_a, "110101", 7, "union", date(2024, 3, 1), Decimal("150000.50"), 4000, 1)
    purchases(world.org_b, "110102", 3, "government", date(2024, 8, 1), Decimal("200000"), 1500, 2)
    purchases(world.org_b, "110102", 2, "government", date(2023, 8, 1), Decimal("90000"), 100, 3)
    purchases(world.org_hebei, "130104", 4, "union", date(2024, 8, 1), Decimal("1"), 1, 4)
    for contract, category in zip(union[:3], ("health", "health", "skills"), strict=True):
        Designation.objects.create(contract=contract, category=category, designated_on=date(2024, 12, 1),
                                   batch="第二批", recorded_by="t")

    assert by_key(evaluate("GPS-PROJECTS", DAY, "110000", "division")) == {"110101": 7, "110102": 3}
    assert by_key(evaluate("GPS-PROJECTS", DAY, "110000", "category")) == {"union": 7, "government": 3}
    assert evaluate("GPS-PROJECTS", DAY, "110000", year=2023).total["value"] == 2
    amounts = by_key(evaluate("GPS-CONTRACT-AMOUNT", DAY, "110000", "division"))
    assert amounts == {"110101": Decimal("1050003.50"), "110102": Decimal("600000")}
    assert evaluate("GPS-PERSON-TIMES", DAY, "110000").total["value"] == 7 * 4000 + 3 * 1500
    assert evaluate("GPS-PERSON-TIMES", DAY, "100000").total["value"] == 7 * 4000 + 3 * 1500 + 4
    assert by_key(evaluate("GPS-EXCELLENT", DAY, "110101", "category")) == {"health": 2, "skills": 1}
    assert evaluate("GPS-EXCELLENT", date(2024, 11, 30), "110101").total["value"] == 0
