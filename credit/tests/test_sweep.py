"""python manage.py credit_sweep: deterministic, idempotent, prints what changed; a daily sweep ends where one run at
the end does; the cache replays past dates."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from credit.models import ListEntry, ListNotice, SweepRun
from credit.sweep import sweep
from credit.tasks import BEAT_SCHEDULE, install_beat_schedule

from .helpers import entries, fact, warning


def run(*args) -> str:
    out = StringIO()
    call_command("credit_sweep", *args, stdout=out)
    return out.getvalue()


def test_it_derives_the_entries_for_the_date_and_prints_what_changed(world):
    warning(world.org_a, "2024-01-05")  # listed 2024-01-06 (the day after), removed 2024-07-07 (six full months)
    ListEntry.objects.all().delete()

    first = run("--as-of", "2024-03-01")
    assert "+ ABN" in first and world.org_a.name in first and "entered 1" in first
    assert entries(world.org_a) == [("abnormal", date(2024, 1, 6), None, "ABN-5", "")]

    second = run("--as-of", "2024-03-01")
    assert "nothing changed" in second

    later = run("--as-of", "2024-08-01")
    assert "- ABN" in later and "ABN-X-6M" in later and "left 1" in later
    assert entries(world.org_a) == [("abnormal", date(2024, 1, 6), date(2024, 7, 7), "ABN-5", "ABN-X-6M")]


def test_each_change_is_audited_and_a_second_run_writes_nothing(world):
    fact(world.org_a, "court_dishonest_debtor", "2024-02-01")
    ListEntry.objects.all().delete()
    ListNotice.objects.all().delete()
    before = AuditEvent.objects.count()

    sweep(date(2024, 6, 1))
    opened = AuditEvent.objects.filter(action="credit.entry.open").count()
    assert AuditEvent.objects.count() > before and opened == 1
    audited = AuditEvent.objects.count()
    sweep(date(2024, 6, 1))
    assert AuditEvent.objects.count() == audited
    assert SweepRun.objects.filter(as_of=date(2024, 6, 1)).count() == 2


def test_a_jurisdiction_sweep_touches_only_that_jurisdiction(world):
    fact(world.org_a, "party_org_missing", "2024-02-01")
    fact(world.org_b, "party_org_missing", "2024-02-01")
    ListEntry.objects.all().delete()

    out = run("--as-of", "2024-06-01", "--jurisdiction", "110101")

    assert "1 organizations" in out
    assert ListEntry.objects.filter(organization=world.org_a).exists()
    assert not ListEntry.objects.filter(organization=world.org_b).exists()


def test_sweeping_an_earlier_date_rebuilds_the_cache_for_that_date(world):
    warning(world.org_a, "2024-01-05")
    sweep(date(2024, 8, 1))
    run("--as-of", "2024-01-05")  # the day of the warning: notified, not yet listed
    assert entries(world.org_a) == []
    assert ListNotice.objects.get(organization=world.org_a).notice_on == date(2024, 1, 5)


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2024-13-01"], "invalid date"), (["--as-of", "2999-01-01"], "future"),
    (["--jurisdiction", "999999"], "unknown division"),
])
def test_bad_arguments_are_refused(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_celery_beat_runs_the_sweep_daily():
    class App:
        class conf:  # noqa: N801
            beat_schedule = {"other": {}}

    install_beat_schedule(App)
    assert App.conf.beat_schedule["credit-daily-sweep"] == BEAT_SCHEDULE["credit-daily-sweep"]
    assert "other" in App.conf.beat_schedule
    assert BEAT_SCHEDULE["credit-daily-sweep"]["task"] == "credit.daily_sweep"


def test_the_project_celery_app_schedules_the_daily_sweep():
    from socorg.celery import app

    assert app.conf.beat_schedule["credit-daily-sweep"]["task"] == "credit.daily_sweep"
    assert "credit.daily_sweep" in app.tasks


# --- a sweep run daily equals one run at the end ------------------------------------------------------------

START = date(2024, 1, 1)
KINDS = ["party_org_missing", "court_dishonest_debtor", "other_abnormal", "penalty", "rectification_overdue"]


@st.composite
def timelines(draw):
    items = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(KINDS))
        occurred = START + timedelta(days=draw(st.integers(0, 50)))
        known = occurred + timedelta(days=draw(st.sampled_from([0, 0, 3, 20])))
        items.append((kind, occurred, known))
    return items


def snapshot():
    return (sorted(ListEntry.objects.values_list("organization_id", "list_kind", "start_on", "end_on", "rules",
                                                 "exit_rule", "digest")),
            sorted(ListNotice.objects.values_list("organization_id", "list_kind", "notice_on", "listing_on", "digest")))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(timeline=timelines())
def test_a_sweep_run_daily_equals_one_run_at_the_end(world, timeline):
    from divisions.models import JurisdictionSetting

    with transaction.atomic():
        # One month instead of six, so that removals happen inside the 90 days swept.
        JurisdictionSetting.objects.create(division_id="110000", key="CREDIT_ABN_AUTO_REMOVAL_MONTHS", value=1,
                                           effective_from=date(2000, 1, 1))
        for index, (kind, occurred, known) in enumerate(timeline):
            org = world.org_a if index % 2 == 0 else world.org_b
            extra = {"penalty_kinds": "warning"} if kind == "penalty" else {}
            fact(org, kind, occurred, known, **extra)
        end = START + timedelta(days=90)
        day = START
        while day <= end:
            sweep(day)
            day += timedelta(days=1)
        daily = snapshot()
        ListEntry.objects.all().delete()
        ListNotice.objects.all().delete()
        sweep(end)
        assert snapshot() == daily
        transaction.set_rollback(True)
