"""exchange's URLs in the access matrix (socorg/tests/test_access_matrix.py).

Public: the resource list, the demand list, a demand with its ranked matches (no personal data: publishers are
organizations, communities and departments), the disclosure of awards and contracts (page, CSV, API) and the
excellent projects. Publishing a resource is the organization's (its users, the officers over it: "scoped-act").
Demands, outcomes and the purchase chain are recorded by officers: a demand and a plan belong to the jurisdiction
of their division (the demand's area, the purchaser's division), a contract also to its contractor's.
"""

from datetime import date, timedelta
from decimal import Decimal

URL_POLICIES = {
    "exchange:home": "public-page",
    "exchange:resources": "public-page",
    "exchange:demands": "public-page",
    "exchange:demand": "public",
    "exchange:purchases": "public-page",
    "exchange:purchases_csv": "open",
    "exchange:contract": "public",
    "exchange:excellent": "public-page",
    "exchange:new_resource": "scoped-act",
    "exchange:workbench": "staff-page",
    "exchange:new_demand": "staff-page",
    "exchange:new_plan": "staff-page",
    "exchange:outcome": "staff-scoped",
    "exchange:plan": "staff-scoped",
    "exchange:call": "staff-scoped",
    "exchange:award": "staff-scoped",
    "exchange:sign": "staff-scoped",
    "exchange:contract_step": "staff-scoped",
    "api-exchange-resources": "open",
    "api-exchange-demands": "open",
    "api-exchange-demand": "public",
    "api-exchange-demand-outcomes": "api-staff-scoped",
    "api-exchange-plans": "api-staff",
    "api-exchange-plan": "api-staff-scoped",
    "api-exchange-awards": "open",
    "api-exchange-contract": "public",
}

KWARGS = {
    "exchange:demand": ("pk", "demand"), "exchange:outcome": ("pk", "demand"),
    "api-exchange-demand": ("pk", "demand"), "api-exchange-demand-outcomes": ("pk", "demand"),
    "exchange:new_resource": ("code", "code"),
    "exchange:plan": ("pk", "plan"), "api-exchange-plan": ("pk", "plan"),
    "exchange:call": ("pk", "plan"), "exchange:award": ("pk", "call"), "exchange:sign": ("pk", "award"),
    "exchange:contract": ("pk", "contract"), "api-exchange-contract": ("pk", "contract"),
    "exchange:contract_step": ("pk", "contract"),
}


def url_kwargs(world, name, org_key):
    if name not in KWARGS:
        return None
    key, what = KWARGS[name]
    kwargs = {key: _objects(world, org_key)[what]}
    if name == "exchange:contract_step":
        kwargs["step"] = "payment"
    return kwargs


def _objects(world, org_key) -> dict:
    """A demand, a plan with its call, award and contract in the jurisdiction of world.<org_key> (rows only)."""
    cache = world.__dict__.setdefault("_exchange_objects", {})
    if org_key in cache:
        return cache[org_key]
    from .models import Award, Call, Contract, Demand, PurchasePlan

    org = getattr(world, org_key)
    day = date(2025, 3, 1)
    demand = Demand.objects.create(public_id=f"D-{org_key}", publisher_kind="community", publisher_name="社区居委会",
                                   kind="services", field="elderly", title="助老服务", area_id=org.authority_id,
                                   amount=Decimal(1000), needed_from=day, needed_to=day + timedelta(days=90),
                                   published_on=day)
    sequence = 900 + ["org_a", "org_b", "org_city", "org_hebei"].index(org_key)
    plan = PurchasePlan.objects.create(ocid=f"ocds-test-{sequence}", sequence=sequence, purchaser_name="民政局",
                                       purchaser_division_id=org.authority_id, funding="government", title="助老",
                                       field="elderly", budget=Decimal(1000), year=2025, planned_on=day,
                                       recorded_by="t")
    call = Call.objects.create(plan=plan, public_id=f"{plan.ocid}-tender-1", opens_on=day, closes_on=day)
    award = Award.objects.create(call=call, public_id=f"{plan.ocid}-award-1", organization=org,
                                 amount=Decimal(1000), awarded_on=day)
    contract = Contract.objects.create(award=award, public_id=f"{plan.ocid}-contract-1", amount=Decimal(1000),
                                       signed_on=day, starts_on=day, ends_on=day + timedelta(days=90))
    cache[org_key] = {"code": org.code, "demand": demand.pk, "plan": plan.pk, "call": call.pk, "award": award.pk,
                      "contract": contract.pk}
    return cache[org_key]
