"""load_demo_charity (after load_demo, load_demo_supervision, load_demo_credit): the public pages show recognized
charities, a qualified organization's plans with a ledger whose totals add up, an overdue emergency disclosure on
the officer's workbench; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from charity.ledger import plan_totals
from charity.models import CharityApplication, CharityProject, FundraisingPlan, Grant, LedgerTransaction
from charity.projects import disbursed as projects_disbursed

from .helpers import state


def run(name, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_charities_plans_and_ledger_show_and_a_second_run_changes_nothing():
    from accounts.models import User

    run("load_demo", "--count", "200")
    run("load_demo_supervision")
    run("load_demo_credit")
    printed = run("load_demo_charity")
    assert "recognized" in printed
    grants = Grant.objects.filter(kind="recognition")
    assert grants.count() >= 1 and Grant.objects.filter(kind="qualification").count() == 1
    assert CharityApplication.objects.filter(state="submitted").exists()
    public = Client().get(reverse("charity:public_list")).content.decode()
    assert all(g.certificate_number in public for g in grants)
    regular = FundraisingPlan.objects.get(emergency=False)
    totals = plan_totals(regular)
    assert totals["received"] - totals["disbursed"] == totals["held"]
    assert LedgerTransaction.objects.filter(kind="reversal").exists()
    page = Client().get(reverse("charity:plan", kwargs={"pk": regular.pk})).content.decode()
    assert regular.filing_number in page and str(totals["received"]) in page and "王芳" not in page
    project = CharityProject.objects.get(name="慈善助医健康包（演示）")
    # 20,000 to the nursing home and 2 x 500 to two elders admitted under the project's rules (demo_benef)
    assert projects_disbursed(project) == 21000 and project.disclosures.count() == 1
    assert_demo_beneficiaries_and_distribution(project)
    assert project.name in Client().get(reverse("charity:project", kwargs={"pk": project.pk})).content.decode()
    emergency = FundraisingPlan.objects.get(emergency=True)
    officer = Client()
    officer.force_login(User.objects.get(username="demo-admin"))
    assert emergency.filing_number in officer.get(reverse("charity:workbench")).content.decode()
    before = state()
    assert "already loaded" in run("load_demo_charity")
    assert state() == before


def assert_demo_beneficiaries_and_distribution(project):
    from charity.models import Beneficiary, DistributionProgramme, DuplicateSuspect

    assert Beneficiary.objects.filter(project=project).count() == 3
    assert DuplicateSuspect.objects.filter(matched_by="household").count() == 1
    served = Client().get(reverse("charity:served", kwargs={"pk": project.pk})).content.decode()
    assert '<dd id="served-times">2</dd>' in served and "赵老" not in served
    programme = DistributionProgramme.objects.get()
    page = Client().get(reverse("charity:coverage", kwargs={"pk": programme.pk})).content.decode()
    assert '<td id="total-received">4</td>' in page and '<td id="total-not-received">2</td>' in page
    assert 'data-verified="yes"' in Client().get(reverse("charity:programme", kwargs={"pk": programme.pk})).content.decode()
