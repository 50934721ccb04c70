"""Materialized daily snapshots give the same figures as exact recomputation, for every indicator and
breakdown; the command, the beat task and the audit trail."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from stats.compute import evaluate
from stats.indicators import CATALOGUE
from stats.models import Snapshot

from .builders import draw, grades, listed, orgs, penalties, reports

pytestmark = pytest.mark.django_db
DAY = date(2024, 6, 30)


@pytest.fixture
def register():
    a = orgs(40, "110101", founded=date(2016, 3, 1))
    b = orgs(25, "110102", level="county", org_type="social_service_agency", founded=date(2021, 5, 1))
    c = orgs(15, "110000", level="provincial", org_type="foundation", founded=date(2012, 1, 1))
    orgs(6, "110101", status="deregistered", founded=date(2014, 1, 1), removed_on=date(2022, 8, 1))
    orgs(5, "130104", status="revoked", founded=date(2014, 1, 1), removed_on=date(2024, 2, 1))
    orgs(8, "110101", org_type="community_org", community="和平里社区")
    grades(a[:10], "4A")
    grades(c[:5], "5A", conferred=date(2022, 1, 1))
    grades(b[:3], "2A")
    reports(a[:20], 2023, submitted=date(2024, 3, 1), employees=3, assets="1000.25", conclusion="qualified",
            concluded=date(2024, 5, 1))
    reports(b[:5], 2023, submitted=date(2024, 3, 1), employees=1, conclusion="unqualified", concluded=date(2024, 5, 2))
    penalties(a[:2], "fine", date(2024, 2, 1), amount="3000")
    draw(a[20:30], "110101", date(2024, 4, 1), ["no_problem", "rectify"])
    listed(b[5:8], "abnormal", date(2023, 3, 1))
    listed(b[8:9], "abnormal", date(2023, 3, 1), date(2024, 1, 1))
    return a


def test_snapshot_equals_exact_recomputation_for_every_indicator_and_breakdown(register):
    call_command("stats_snapshot", "--as-of", DAY.isoformat())
    cases = [(indicator, by, division) for indicator in CATALOGUE for by in (None, *indicator.breakdowns)
             for division in ("100000", "110000", "110101")
             if not (by == "division" and division == "110101")]  # a county has no subdivisions
    for indicator, by, division in cases:
        fast = evaluate(indicator.id, DAY, division, by, base_year=2020)
        exact = evaluate(indicator.id, DAY, division, by, base_year=2020, exact=True)
        assert fast.source == "snapshot" and exact.source == "live"
        assert (fast.rows, fast.total) == (exact.rows, exact.total), (indicator.id, by, division)


def test_a_snapshot_is_what_stood_when_it_was_taken_and_the_exact_figure_follows_the_facts(register):
    call_command("stats_snapshot", "--as-of", DAY.isoformat())
    assert evaluate("REG-ORGS", DAY, "110101").total["value"] == 48
    orgs(2, "110101", founded=date(2024, 6, 1))  # entered later, backdated
    assert evaluate("REG-ORGS", DAY, "110101").total["value"] == 48
    assert evaluate("REG-ORGS", DAY, "110101", exact=True).total["value"] == 50
    call_command("stats_snapshot", "--as-of", DAY.isoformat())  # taken again: replaced as a whole
    assert Snapshot.objects.filter(day=DAY).count() == 1
    assert evaluate("REG-ORGS", DAY, "110101").total["value"] == 50
    events = AuditEvent.objects.filter(action="stats.snapshot", object_id=DAY.isoformat())
    assert events.count() == 2 and events.order_by("seq").last().before["cells"] > 0


def test_queries_do_not_grow_with_the_register(django_assert_max_num_queries):
    orgs(50, "110101")
    orgs(50, "110102")
    evaluate("REG-ORGS", DAY, "110000", "division")  # warm the prefecture cache
    with django_assert_max_num_queries(8):
        small = evaluate("SUP-3A-SHARE", DAY, "110000", "division")
    orgs(2000, "110101")
    with django_assert_max_num_queries(8):
        large = evaluate("SUP-3A-SHARE", DAY, "110000", "division")
    assert small.total["denominator"] == 100 and large.total["denominator"] == 2100


def test_the_command_refuses_a_future_date_and_defaults_to_yesterday(register):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(CommandError, match="future"):
        call_command("stats_snapshot", "--as-of", tomorrow.isoformat())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("stats_snapshot", "--as-of", "2024-13-01")
    call_command("stats_snapshot")
    assert Snapshot.objects.get().day == timezone.localdate() - timedelta(days=1)


def test_beat_runs_the_daily_snapshot_after_the_sweeps():
    from common.declarations import beat_modules
    from stats.tasks import BEAT_SCHEDULE, install_beat_schedule

    class App:
        class conf:
            beat_schedule = {"other": {}}

    install_beat_schedule(App)
    assert App.conf.beat_schedule["stats-daily-snapshot"] == BEAT_SCHEDULE["stats-daily-snapshot"]
    assert "other" in App.conf.beat_schedule
    order = [module.__name__ for module in beat_modules()]
    assert order.index("stats.tasks") > order.index("credit.tasks")
    assert BEAT_SCHEDULE["stats-daily-snapshot"]["schedule"].hour == {2}
    assert BEAT_SCHEDULE["stats-daily-release"]["task"] == "stats.daily_release"
    assert App.conf.beat_schedule["stats-daily-release"]["schedule"].hour == {3}


def test_the_task_takes_the_snapshot(register):
    from stats.tasks import daily_snapshot

    result = daily_snapshot(DAY.isoformat())
    assert result["day"] == DAY.isoformat() and result["cells"] == Snapshot.objects.get(day=DAY).cells
