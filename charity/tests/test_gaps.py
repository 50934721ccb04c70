"""Gaps between what is disclosed and what the ledger holds are flagged: an emergency disclosure's money received
against the ledger's receipts up to that day (GAP-DISCLOSED), a project's disclosed spending against its
disbursements (GAP-SPENT)."""

from django.urls import reverse

from common.clock import today
from conftest import api_as

from .test_ledger import disburse, donate, plan  # noqa: F401 (the plan fixture)
from .test_projects import create


def test_disclosed_figures_that_differ_from_the_ledger_are_flagged(world, plan):  # noqa: F811
    donate(world.user_a, plan, amount="1000.00")
    url = reverse("api-charity-plan-disclosures", kwargs={"pk": plan["id"]})
    api_as(world.user_a).post(url, {"amount_received": "900.00"}, format="json")
    detail = api_as(None).get(reverse("api-charity-plan", kwargs={"pk": plan["id"]})).json()
    assert detail["disclosure_gap"] == {"rule": "GAP-DISCLOSED", "disclosed_on": today().isoformat(),
                                        "received_to": today().isoformat(), "disclosed": "900.00",
                                        "ledger": "1000.00", "difference": "-100.00"}
    api_as(world.user_a).post(url, {"amount_received": "1000.00"}, format="json")
    assert api_as(None).get(reverse("api-charity-plan", kwargs={"pk": plan["id"]})).json()["disclosure_gap"] is None


def test_project_spending_that_differs_from_the_ledger_is_flagged(world, plan):  # noqa: F811
    project = create(world.user_a, world.org_a, plan=plan["filing_number"]).json()
    donate(world.user_a, plan, amount="5000.00")
    disburse(world.user_a, plan, amount="2000.00", project=project["public_id"])
    url = reverse("api-charity-project-disclosures", kwargs={"pk": project["id"]})
    api_as(world.user_a).post(url, {"kind": "progress", "spent": "2500.00", "text": "进展"}, format="json")
    gap = api_as(None).get(reverse("api-charity-project", kwargs={"pk": project["id"]})).json()["disclosure_gap"]
    assert gap["rule"] == "GAP-SPENT" and (gap["disclosed"], gap["ledger"]) == ("2500.00", "2000.00")


def test_the_gap_shows_on_the_plan_page(world, plan):  # noqa: F811
    from django.test import Client

    donate(world.user_a, plan, amount="1000.00")
    api_as(world.user_a).post(reverse("api-charity-plan-disclosures", kwargs={"pk": plan["id"]}),
                              {"amount_received": "900.00"}, format="json")
    page = Client().get(reverse("charity:plan", kwargs={"pk": plan["id"]})).content.decode()
    assert 'data-code="GAP-DISCLOSED"' in page and "900.00" in page
    assert reverse("charity:plan_ledger", kwargs={"pk": plan["id"]}) in page


def test_the_officer_sees_every_gap_of_the_jurisdiction(world, plan):  # noqa: F811
    from django.test import Client

    project = create(world.user_a, world.org_a, plan=plan["filing_number"]).json()
    donate(world.user_a, plan, amount="1000.00")
    api_as(world.user_a).post(reverse("api-charity-plan-disclosures", kwargs={"pk": plan["id"]}),
                              {"amount_received": "900.00"}, format="json")
    api_as(world.user_a).post(reverse("api-charity-project-disclosures", kwargs={"pk": project["id"]}),
                              {"kind": "progress", "spent": "10.00", "text": "进展"}, format="json")
    officer = Client()
    officer.force_login(world.county_a)
    page = officer.get(reverse("charity:workbench")).content.decode()
    assert 'data-code="GAP-DISCLOSED"' in page and 'data-code="GAP-SPENT"' in page
    other = Client()
    other.force_login(world.county_b)
    assert 'data-code="GAP-' not in other.get(reverse("charity:workbench")).content.decode()
