"""load_demo_engagement (after the other demo loaders): the public pages show the demo's postings, the pairing's
progress per county and group, the base and the venues; the officer's workbench lists overdue reports; the
statistics count the posts; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from engagement.models import ApplicationOutcome, Booking, Incubation, JobPosting, Pairing, Reminder

from .helpers import engagement_state


def run(name, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_shows_on_the_pages_and_a_second_run_changes_nothing():
    run("load_demo", "--count", "200")
    run("load_demo_supervision")
    run("load_demo_credit")
    run("load_demo_charity")
    assert "postings" in run("load_demo_engagement")
    assert (JobPosting.objects.count(), ApplicationOutcome.objects.filter(outcome="hired").count(),
            Pairing.objects.count(), Incubation.objects.count(), Booking.objects.count()) == (3, 2, 2, 3, 4)
    assert Reminder.objects.filter(kind="overdue").exists()
    client = Client()
    jobs = client.get(reverse("engagement:jobs")).content.decode()
    assert "项目专员（演示）" in jobs and "演示会员企业有限公司" in jobs and "演示毕业生" not in jobs
    pairing = client.get(reverse("engagement:pairing")).content.decode()
    assert "湟中区" in pairing and "演示合力团" in pairing and "演示文件（非真实认定）第1号" in pairing
    officer = Client()
    officer.force_login(User.objects.get(username="demo-admin"))
    workbench = officer.get(reverse("engagement:workbench")).content.decode()
    overdue = workbench[workbench.index('id="overdue"'):workbench.index('id="coming"')]
    assert "湟中区" in overdue and "演示合力团" in overdue
    before = engagement_state()
    assert "already loaded" in run("load_demo_engagement")
    assert engagement_state() == before
