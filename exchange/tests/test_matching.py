"""The resource list and the demand list through the API: ranked matches with their explanations, outcomes in
order and counted, bad input refused naming field and rule with nothing written."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import api_as, assert_error, db_snapshot, register_state
from exchange.models import MatchOutcome

from .helpers import MODELS, TODAY, days, demand_body, publish_demand, publish_resource, resource_body


def test_a_demand_lists_its_best_resources_first_each_score_explained(world):
    near = publish_resource(world.user_a, world.org_a, title="东城助老", amount="40000")
    neighbour = publish_resource(world.user_b, world.org_b, title="西城助老", amount="40000")
    small = publish_resource(world.user_a, world.org_a, title="小额助老", amount="10000", kind="funds")
    publish_resource(world.user_a, world.org_a, title="助学", field="education")  # another field: no candidate
    publish_resource(world.admin, world.org_hebei, title="河北助老")  # another province: no candidate
    demand = publish_demand(world.county_a)

    body = api_as(None).get(reverse("api-exchange-demand", kwargs={"pk": demand.pk})).json()
    assert [(m["resource"]["id"], m["score"]) for m in body["matches"]] == [
        (near.public_id, "100.00"), (neighbour.public_id, "90.00"), (small.public_id, "75.00")]
    parts = body["matches"][2]["parts"]
    assert [(p["part"], p["points"]) for p in parts] == [("field", "30"), ("kind", "0"), ("area", "30"),
                                                         ("size", "5.00"), ("timing", "10.00")]
    assert parts[3]["zh"] == "资源规模 10,000.00，满足需求 40,000.00 的 25%"
    assert body["matches"][1]["parts"][2]["zh"] == "西城区与东城区在行政区划树上相距 2 级"


def test_the_demand_page_shows_the_ranked_matches_in_words(world, client):
    publish_resource(world.user_a, world.org_a)
    demand = publish_demand(world.county_a)
    html = client.get(reverse("exchange:demand", kwargs={"pk": demand.pk})).content.decode()
    assert "同一地区（东城区）" in html and "100.00" in html


def test_outcomes_are_recorded_in_order_and_counted(world, client):
    resource = publish_resource(world.user_a, world.org_a)
    demand = publish_demand(world.county_a)
    url = reverse("api-exchange-demand-outcomes", kwargs={"pk": demand.pk})
    officer = api_as(world.county_a)
    skipped = officer.post(url, {"resource": resource.public_id, "stage": "agreed"}, format="json")
    assert_error(skipped, 400, "EX-STAGE", "stage")
    for stage in ("contacted", "agreed", "delivered"):
        assert officer.post(url, {"resource": resource.public_id, "stage": stage}, format="json").status_code == 201
    assert list(MatchOutcome.objects.values_list("stage", flat=True).order_by("id")) == [
        "contacted", "agreed", "delivered"]
    html = client.get(reverse("exchange:home")).content.decode()
    assert "已交付" in html or "Delivered" in html


def test_an_officer_of_another_county_records_no_outcome(world):
    resource = publish_resource(world.user_a, world.org_a)
    demand = publish_demand(world.county_a)
    response = api_as(world.county_b).post(reverse("api-exchange-demand-outcomes", kwargs={"pk": demand.pk}),
                                           {"resource": resource.public_id, "stage": "contacted"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("over, code, field", [
    ({"available_from": days(50), "available_to": days(10)}, "EX-DATES", "available_to"),
    ({"amount": "-5"}, "EX-INPUT", "amount"),
    ({"area": "999999"}, "EX-INPUT", "area"),
    ({"field": "astrology"}, "EX-INPUT", "field"),
])
def test_a_bad_resource_is_refused_and_nothing_written(world, over, code, field):
    before = db_snapshot(*MODELS)
    response = api_as(world.user_a).post(reverse("api-exchange-resources"), resource_body(world.org_a, **over),
                                         format="json")
    assert_error(response, 400, code, field)
    assert db_snapshot(*MODELS) == before


def test_a_demand_with_dates_in_the_wrong_order_is_refused(world):
    before = db_snapshot(*MODELS)
    response = api_as(world.county_a).post(reverse("api-exchange-demands"),
                                           demand_body(needed_from=days(30), needed_to=days(1)), format="json")
    assert_error(response, 400, "EX-DATES", "needed_to")
    assert db_snapshot(*MODELS) == before


def test_a_deregistered_organization_publishes_nothing(world):
    from registry.services import record_event

    record_event(world.admin, world.org_b, kind="deregistration", effective_on=TODAY - timedelta(days=1), reason="注销")
    before = db_snapshot(*MODELS), register_state()
    response = api_as(world.user_b).post(reverse("api-exchange-resources"), resource_body(world.org_b),
                                         format="json")
    assert_error(response, 400, "EX-ORG-ACTIVE", "organization")
    assert (db_snapshot(*MODELS), register_state()) == before


def test_an_officer_publishes_no_demand_outside_the_jurisdiction(world):
    response = api_as(world.county_b).post(reverse("api-exchange-demands"), demand_body(), format="json")
    assert_error(response, 403, "EX-JURISDICTION", "area")


def test_no_one_publishes_for_another_organization(world):
    response = api_as(world.user_b).post(reverse("api-exchange-resources"), resource_body(world.org_a), format="json")
    assert response.status_code == 404
    assert Decimal(0) == sum(r.amount for r in world.org_a.offered_resources.all())


def test_matching_every_demand_at_once_gives_each_demand_its_own_ranking(world):
    from exchange import services

    for i, org in enumerate((world.org_a, world.org_b, world.org_city, world.org_hebei) * 2):
        publish_resource(world.admin, org, title=f"资源{i}", amount=str(5000 * (i + 1)),
                         kind=("services", "funds")[i % 2], available_to=days(20 + 30 * i))
    demands = [publish_demand(world.admin, area=area, amount=str(amount)) for area, amount in
               (("110101", 40000), ("110102", 9000), ("130104", 20000), ("110101", 1))]
    everything = services.match_all(limit=3)
    assert sorted(everything) == sorted(d.pk for d in demands)
    for demand in demands:
        one = services.ranked_matches(demand, 3)
        assert [pk for _s, pk in everything[demand.pk]] == [r.resource.pk for r in one]
        assert all(abs(Decimal(str(s)) - r.score) <= Decimal("0.01")
                   for (s, _pk), r in zip(everything[demand.pk], one, strict=True))
