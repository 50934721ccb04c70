"""The pure charity rules: the spending table with its exemptions and the three-year average, plan dates, filing
numbers and the five-day emergency disclosure schedule (property-tested)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charity import rules
from credit.rules import WorkCalendar

TABLE = rules.SPENDING_TABLE
D = Decimal


def figures(year, income="100000", spending="60000", mgmt="15000", total="80000", net="400000"):
    return rules.YearFigures(year, D(income), D(spending), D(mgmt), D(total), D(net))


def check(this, prior, org_type="social_group", public=False, founded=date(2015, 6, 1)):
    return rules.check_spending(year=2025, org_type=org_type, public=public, founded_on=founded, this=this,
                                prior=prior, table=TABLE, mgmt_exempt_below=D("200000"))


def test_tiers_follow_net_assets_and_class():
    assert rules.tier_for(TABLE, "foundation", False, D("70000000"))["tier"] == "F-6000"
    assert rules.tier_for(TABLE, "foundation", False, D("5000000"))["tier"] == "F-400"
    assert rules.tier_for(TABLE, "social_service_agency", False, D("5000000"))["tier"] == "O-500"
    assert rules.tier_for(TABLE, "social_group", False, D("999999.99"))["tier"] == "O-0"
    assert rules.tier_for(TABLE, "foundation", True, D("0"))["tier"] == "F-PUB"


def test_public_foundation_spends_70_percent_of_prior_income_or_of_the_three_year_average():
    prior = [figures(2024, income="1000000"), figures(2023, income="100000"), figures(2022, income="100000")]
    low = check(figures(2025, spending="500000", total="600000", mgmt="50000"), prior, "foundation", True)
    # 500,000 < 70% of 1,000,000 but >= 70% of the average 400,000 (Art. 10)
    assert low.ok and low.tier == "F-PUB"
    lower = check(figures(2025, spending="200000", total="260000", mgmt="50000"), prior, "foundation", True)
    assert not lower.ok and lower.problems[0].code == "CH-SPENDING" and "70.00%" in lower.problems[0].zh


def test_management_cost_ceiling_applies_from_200000_yuan():
    prior = [figures(2024, net="70000000")]
    over = check(figures(2025, spending="5000000", mgmt="900000", total="6000000"), prior, "foundation")
    assert [p.code for p in over.problems] == ["CH-MGMT"] and "12.00%" in over.problems[0].en
    exempt = check(figures(2025, spending="5000000", mgmt="199999.99", total="5300000"), [figures(2024, net="100")],
                   "foundation")
    assert exempt.ok and exempt.exempt == "management_below_threshold"


def test_smallest_social_groups_also_spend_half_of_prior_income():
    result = check(figures(2025, spending="40000", total="60000"), [figures(2024, income="100000", net="400000")])
    assert [p.code for p in result.problems] == ["CH-SPENDING"] and "50.00%" in result.problems[0].zh


def test_first_year_and_missing_reports():
    assert check(None, [], founded=date(2025, 3, 1)).exempt == "first_year"
    assert check(figures(2025), [], founded=date(2024, 5, 1)).exempt == "first_year"
    missing = check(None, [figures(2024)])
    assert not missing.ok and missing.problems[0].field == "annual_report"
    no_base = check(figures(2025), [])
    assert not no_base.ok and "2024" in no_base.problems[0].zh


def test_plan_dates():
    filed = date(2026, 3, 1)
    lead = rules.check_plan_dates(filed_on=filed, starts_on=date(2026, 3, 10), ends_on=date(2026, 4, 1),
                                  emergency=False, lead_days=10, emergency_days=10)
    assert [p.code for p in lead] == ["PLAN-LEAD"] and "2026-03-11" in lead[0].zh
    assert rules.check_plan_dates(filed_on=filed, starts_on=date(2026, 3, 11), ends_on=date(2026, 4, 1),
                                  emergency=False, lead_days=10, emergency_days=10) == []
    late = rules.check_plan_dates(filed_on=filed, starts_on=date(2026, 2, 18), ends_on=date(2026, 4, 1),
                                  emergency=True, lead_days=10, emergency_days=10)
    assert [p.code for p in late] == ["PLAN-EMERGENCY-LATE"]
    assert rules.check_plan_dates(filed_on=filed, starts_on=date(2026, 2, 19), ends_on=date(2026, 4, 1),
                                  emergency=True, lead_days=10, emergency_days=10) == []
    backwards = rules.check_plan_dates(filed_on=filed, starts_on=date(2026, 4, 1), ends_on=date(2026, 3, 20),
                                       emergency=False, lead_days=10, emergency_days=10)
    assert "PLAN-PERIOD" in [p.code for p in backwards]


def test_filing_number_format():
    assert rules.filing_number("53100000500021326D", 2018, 51) == "53100000500021326DA18051"


def test_decision_due_calendar_and_working_days():
    calendar = WorkCalendar(frozenset({date(2026, 10, 1), date(2026, 10, 2)}), frozenset())
    # 20 calendar days from 2026-09-12 is Friday 2 October, a holiday: the next working day
    assert rules.decision_due(date(2026, 9, 12), 20, "calendar", calendar) == date(2026, 10, 5)
    assert rules.decision_due(date(2026, 9, 1), 20, "working", calendar) == date(2026, 9, 29)
    assert rules.decision_due(date(2026, 9, 20), 10, "working", calendar) == date(2026, 10, 6)


def test_disclosure_schedule_lists_every_missed_interval():
    start, end = date(2026, 7, 1), date(2026, 7, 31)
    status = rules.disclosure_schedule(start, end, [date(2026, 7, 4), date(2026, 7, 12)], date(2026, 7, 25), 5)
    # due 7-6 (made 7-4), then 7-9 missed (made late 7-12), then 7-17 and 7-22 missed, next due 7-27
    assert status.overdue == [date(2026, 7, 9), date(2026, 7, 17), date(2026, 7, 22)]
    assert status.next_due == date(2026, 7, 27)
    assert rules.disclosure_schedule(start, end, [], date(2026, 7, 6), 5).overdue == []
    assert rules.disclosure_schedule(start, end, [], date(2026, 7, 7), 5).overdue == [date(2026, 7, 6)]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.integers(0, 60), st.lists(st.integers(1, 5), min_size=0, max_size=30), st.integers(0, 90))
def test_disclosing_at_least_every_five_days_is_never_overdue(length, gaps, today_offset):
    start = date(2026, 1, 1)
    end = start + timedelta(days=length)
    days, day = [], start
    for gap in gaps:
        day += timedelta(days=gap)
        days.append(day)
    # keep disclosing every 5 days until the end (and a little after) so the schedule is always kept
    while day < end + timedelta(days=5):
        day += timedelta(days=5)
        days.append(day)
    status = rules.disclosure_schedule(start, end, days, start + timedelta(days=today_offset), 5)
    assert status.overdue == []


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.integers(1, 60), st.sets(st.integers(0, 70), max_size=20), st.integers(0, 90))
def test_an_interval_without_a_disclosure_is_overdue(length, offsets, today_offset):
    start = date(2026, 1, 1)
    end = start + timedelta(days=length)
    days = sorted(start + timedelta(days=o) for o in offsets)
    today = start + timedelta(days=today_offset)
    status = rules.disclosure_schedule(start, end, days, today, 5)
    # every overdue day has passed and had no disclosure in the 5 days before it
    for due in status.overdue:
        assert due < today
        assert not any(due - timedelta(days=5) < d <= due for d in days)
    # and a gap of more than five days within the phase, passed by today, is always reported
    marks = [start] + [d for d in days if d <= min(end, today)]
    for earlier, later in zip(marks, marks[1:], strict=False):
        if (later - earlier).days > 5 and earlier < end:
            assert status.overdue, (marks, status)
