"""load_demo_exchange (after load_demo, load_demo_supervision, load_demo_credit): resources, demands with ranked
matches and outcomes, purchased services with their disclosure; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from exchange import disclosure
from exchange.models import Award, Contract, Demand, Designation, MatchOutcome, Resource

from .helpers import MODELS


def run(name, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_lists_matches_and_purchases_show_and_a_second_run_changes_nothing():
    from conftest import db_snapshot

    run("load_demo", "--count", "200")
    run("load_demo_supervision")
    run("load_demo_credit")
    assert "demo exchange data loaded" in run("load_demo_exchange")
    assert (Resource.objects.count(), Demand.objects.count()) == (40, 12)
    assert MatchOutcome.objects.filter(stage="delivered").count() >= 1
    assert Award.objects.count() >= 1 and Contract.objects.exists() and Designation.objects.count() <= 1
    _rows, totals = disclosure.rows()
    page = Client().get(reverse("exchange:purchases")).content.decode()
    assert f'data-total="contracted">{totals.contracted}<' in page
    before = db_snapshot(*MODELS)
    assert "already loaded" in run("load_demo_exchange")
    assert db_snapshot(*MODELS) == before
