"""credit.rules without a database: every ground and exit, the clocks, corrections, notices and replay."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credit import rules
from credit.rules import (
    ABNORMAL,
    SERIOUS,
    Fact,
    FixedPolicy,
    Org,
    WorkCalendar,
    add_months,
    after_full,
    derive,
)

ORG = Org(1, date(2010, 1, 1), "110101", "北京市东城区民政局")
# Most tests below run under a jurisdiction that sends a ten-day prior notice (a local setting; the national default
# is 0 days, listed the day after the ground: TestDefaultListingDay and credit/tests/test_listing_dates.py).
TEN_DAY_NOTICE = FixedPolicy({"CREDIT_NOTICE_DAYS": 10}, source="110101")
DEFAULT = FixedPolicy()
NOTICE = timedelta(days=10)


def fact(ref, kind, day, known=None, **kw):
    return Fact(ref, kind, day, known or day, **kw)


def warning(ref, day, known=None):
    return fact(ref, rules.PENALTY, day, known, penalties=("warning",))


def fine(ref, day, amount):
    return fact(ref, rules.PENALTY, day, penalties=("fine",), fine=Decimal(amount))


def entries(facts, as_of, policy=TEN_DAY_NOTICE):
    d = derive(ORG, facts, policy, as_of=as_of)
    return [(e.list, e.start, e.end, e.exit_rule, tuple(e.rules)) for e in d.entries]


def state(facts, as_of, policy=TEN_DAY_NOTICE):
    d = derive(ORG, facts, policy, as_of=as_of)
    return d.on_abnormal, d.on_serious


class TestPeriods:
    def test_months_end_on_the_corresponding_day_or_the_month_end(self):
        assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
        assert after_full(date(2024, 1, 15), months=6) == date(2024, 7, 16)
        assert after_full(date(2024, 2, 29), years=2) == date(2026, 3, 1)

    def test_working_days_skip_weekends_holidays_and_count_adjusted_workdays(self):
        # 2025 National Day: Oct 1–8 off, Sunday Sep 28 and Saturday Oct 11 worked (国办发明电〔2024〕12号).
        cal = WorkCalendar(frozenset(date(2025, 10, d) for d in range(1, 9)),
                           frozenset({date(2025, 9, 28), date(2025, 10, 11)}))
        assert cal.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
        assert cal.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
        assert cal.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)
        assert WorkCalendar().add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 13)

    def test_a_calendar_deadline_on_a_holiday_moves_to_the_next_working_day(self):
        cal = WorkCalendar(frozenset(date(2025, 10, d) for d in range(1, 9)))
        assert cal.deadline(date(2025, 9, 1), 30) == date(2025, 10, 9)


class TestAbnormalGrounds:
    @pytest.mark.parametrize("kind, rule", [
        (rules.ANNUAL_REPORT_MISSING, "ABN-1"), (rules.PARTY_ORG_MISSING, "ABN-2"),
        (rules.RECTIFICATION_OVERDUE, "ABN-3"), (rules.FUNDRAISING_INACTIVE, "ABN-4"),
        (rules.DOMICILE_UNREACHABLE, "ABN-6"), (rules.OTHER_ABNORMAL, "ABN-7"),
    ])
    def test_each_ground_lists_after_the_notice_period(self, kind, rule):
        facts = [fact("f1", kind, date(2023, 6, 1))]
        assert state(facts, date(2023, 6, 10)) == (False, False)
        assert entries(facts, date(2023, 6, 11)) == [(ABNORMAL, date(2023, 6, 11), None, None, (rule,))]

    def test_a_warning_is_abn5(self):
        assert entries([warning("f1", date(2023, 1, 1))], date(2023, 2, 1))[0][4] == ("ABN-5",)

    def test_a_fine_below_the_threshold_is_abn5_and_at_the_threshold_ser4(self):
        assert entries([fine("f1", date(2023, 1, 1), "49999.99")], date(2023, 2, 1))[0][4] == ("ABN-5",)
        assert entries([fine("f1", date(2023, 1, 1), "50000")], date(2023, 2, 1)) == [
            (SERIOUS, date(2023, 1, 11), None, None, ("SER-4",))]

    def test_the_threshold_is_a_setting(self):
        policy = FixedPolicy({"CREDIT_SER_FINE_THRESHOLD": "100000"}, "110000")
        d = derive(ORG, [fine("f1", date(2023, 1, 1), "60000")], policy, as_of=date(2023, 2, 1))
        assert d.entries[0].rules == ["ABN-5"]
        assert "CREDIT_SER_FINE_THRESHOLD = '100000' (110000" in " ".join(rules.settings_cited(d.entries[0]))


class TestSeriousGrounds:
    @pytest.mark.parametrize("kind, rule", [
        (rules.CHANGE_REVOKED, "SER-2"), (rules.COURT_DISHONEST, "SER-6"), (rules.REGISTRATION_ENDED, "SER-7"),
        (rules.OTHER_SERIOUS, "SER-8"),
    ])
    def test_each_direct_ground(self, kind, rule):
        assert entries([fact("f1", kind, date(2023, 6, 1))], date(2023, 7, 1)) == [
            (SERIOUS, date(2023, 6, 11), None, None, (rule,))]

    def test_suspension_is_ser3(self):
        facts = [fact("f1", rules.PENALTY, date(2023, 1, 1), penalties=("suspension",))]
        assert entries(facts, date(2023, 2, 1))[0][4] == ("SER-3",)

    def test_two_small_penalties_within_three_years_are_ser5(self):
        facts = [warning("f1", date(2020, 5, 1)), fine("f2", date(2023, 5, 1), "1000")]
        d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 6, 1))
        serious = d.current(SERIOUS)
        assert serious.rules == ["SER-5"] and serious.grounds[0].facts == ("f2", "f1")

    def test_two_small_penalties_more_than_three_years_apart_are_not(self):
        facts = [warning("f1", date(2020, 5, 1)), warning("f2", date(2023, 5, 2))]
        assert state(facts, date(2023, 6, 1)) == (True, False)

    def test_ser5_is_triggered_when_the_earlier_penalty_becomes_known(self):
        facts = [warning("f2", date(2023, 5, 1)), warning("f1", date(2022, 1, 1), known=date(2023, 8, 1))]
        assert derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 8, 10)).on_serious is False
        assert derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 8, 11)).current(SERIOUS).start == date(2023, 8, 11)


class TestEscalation:
    def test_after_two_full_years_the_entry_moves_to_the_serious_list(self):
        facts = [fact("f1", rules.ANNUAL_REPORT_MISSING, date(2022, 2, 28))]  # listed 2022-03-10
        assert state(facts, date(2024, 3, 10)) == (True, False)
        assert entries(facts, date(2024, 3, 11)) == [
            (ABNORMAL, date(2022, 3, 10), date(2024, 3, 11), "ABN-X-ESCALATED", ("ABN-1",)),
            (SERIOUS, date(2024, 3, 11), None, None, ("SER-1",)),
        ]

    def test_the_organization_is_notified_before_escalation(self):
        d = derive(ORG, [fact("f1", rules.ANNUAL_REPORT_MISSING, date(2022, 2, 28))], TEN_DAY_NOTICE, as_of=date(2024, 3, 11))
        escalation = [n for n in d.notices if n.rules == ("SER-1",)]
        assert [(n.notice_on, n.listing_on) for n in escalation] == [(date(2024, 3, 1), date(2024, 3, 11))]

    def test_a_new_ground_restarts_the_clock(self):
        facts = [fact("f1", rules.ANNUAL_REPORT_MISSING, date(2022, 2, 28)),
                 fact("f2", rules.PARTY_ORG_MISSING, date(2023, 1, 1))]  # listed 2023-01-11
        assert state(facts, date(2024, 3, 11)) == (True, False)
        assert state(facts, date(2025, 1, 11)) == (True, False)
        assert state(facts, date(2025, 1, 12)) == (False, True)

    def test_the_restart_is_a_setting(self):
        facts = [fact("f1", rules.ANNUAL_REPORT_MISSING, date(2022, 2, 28)),
                 fact("f2", rules.PARTY_ORG_MISSING, date(2023, 1, 1))]
        assert state(facts, date(2024, 3, 11), FixedPolicy({"CREDIT_CLOCK_RESTART": False})) == (False, True)

    def test_escalated_entry_needs_rectification_as_well_as_two_clean_years(self):
        facts = [fact("f1", rules.ANNUAL_REPORT_MISSING, date(2020, 2, 28)),  # abnormal 2020-03-09, serious 2022-03-10
                 fact("r1", rules.SERIOUS_REMOVAL_VERIFIED, date(2024, 4, 1), effective_on=date(2024, 4, 1))]
        d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2024, 5, 1))
        assert d.on_serious and "original obligations" in d.current(SERIOUS).exit_condition_en
        facts += [fact("r0", rules.RECTIFICATION_VERIFIED, date(2024, 4, 10), effective_on=date(2024, 4, 10)),
                  fact("r2", rules.SERIOUS_REMOVAL_VERIFIED, date(2024, 4, 20), effective_on=date(2024, 4, 22))]
        assert entries(facts, date(2024, 5, 1))[-1] == (SERIOUS, date(2022, 3, 10), date(2024, 4, 22), "SER-X-2Y",
                                                       ("SER-1",))


class TestAbnormalExits:
    def test_nothing_to_rectify_leaves_after_six_full_months(self):
        facts = [warning("f1", date(2023, 1, 5))]  # listed 2023-01-15
        assert state(facts, date(2023, 7, 15)) == (True, False)
        assert entries(facts, date(2023, 7, 16)) == [
            (ABNORMAL, date(2023, 1, 15), date(2023, 7, 16), "ABN-X-6M", ("ABN-5",))]

    def test_a_new_warning_restarts_the_six_months(self):
        facts = [warning("f1", date(2023, 1, 5)), warning("f2", date(2023, 5, 1))]
        d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 12, 1))
        abnormal = [e for e in d.entries if e.list == ABNORMAL][0]
        assert abnormal.end == date(2023, 11, 12) and abnormal.exit_rule == "ABN-X-6M"

    def test_verified_rectification_removes_the_entry(self):
        facts = [fact("f1", rules.ANNUAL_REPORT_MISSING, date(2023, 6, 1)),
                 fact("r1", rules.RECTIFICATION_VERIFIED, date(2023, 9, 1), effective_on=date(2023, 9, 4))]
        assert entries(facts, date(2023, 10, 1)) == [
            (ABNORMAL, date(2023, 6, 11), date(2023, 9, 4), "ABN-X-RECTIFIED", ("ABN-1",))]

    def test_rectification_does_not_cut_short_the_six_months_of_a_warning(self):
        facts = [warning("f1", date(2023, 1, 5)), fact("f2", rules.ANNUAL_REPORT_MISSING, date(2023, 1, 5)),
                 fact("r1", rules.RECTIFICATION_VERIFIED, date(2023, 3, 1), effective_on=date(2023, 3, 1))]
        assert entries(facts, date(2023, 8, 1)) == [
            (ABNORMAL, date(2023, 1, 15), date(2023, 7, 16), "ABN-X-6M", ("ABN-1", "ABN-5"))]

    def test_deregistration_ends_an_abnormal_entry(self):
        facts = [fact("f1", rules.PARTY_ORG_MISSING, date(2023, 1, 1)), fact("d", rules.DEREGISTERED, date(2023, 5, 1))]
        assert entries(facts, date(2023, 6, 1))[0][2:4] == (date(2023, 5, 1), "ABN-X-DEREG")


class TestSeriousExits:
    def test_an_application_before_two_clean_years_is_ignored(self):
        facts = [fact("f1", rules.COURT_DISHONEST, date(2021, 1, 1)),  # listed 2021-01-11
                 fact("r1", rules.SERIOUS_REMOVAL_VERIFIED, date(2023, 1, 11), effective_on=date(2023, 1, 11))]
        d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 2, 1))
        assert d.on_serious and d.current(SERIOUS).earliest_exit == date(2023, 1, 12)

    def test_after_two_clean_years_an_application_removes_it(self):
        facts = [fact("f1", rules.COURT_DISHONEST, date(2021, 1, 1)),
                 fact("r1", rules.SERIOUS_REMOVAL_VERIFIED, date(2023, 1, 12), effective_on=date(2023, 1, 13))]
        assert entries(facts, date(2023, 2, 1))[0][2:4] == (date(2023, 1, 13), "SER-X-2Y")

    def test_an_abnormal_ground_while_on_the_serious_list_delays_eligibility(self):
        facts = [fact("f1", rules.COURT_DISHONEST, date(2021, 1, 1)), warning("w", date(2022, 1, 1))]
        assert derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2022, 6, 1)).current(SERIOUS).earliest_exit == date(2024, 1, 12)

    def test_a_revoked_organization_leaves_after_deregistration(self):
        facts = [fact("f1", rules.REGISTRATION_ENDED, date(2023, 1, 1)), fact("d", rules.DEREGISTERED, date(2023, 8, 1))]
        d = derive(ORG, facts[:1], TEN_DAY_NOTICE, as_of=date(2023, 7, 1))
        assert d.current(SERIOUS).earliest_exit is None and "deregistration" in d.current(SERIOUS).exit_condition_en
        assert entries(facts, date(2023, 9, 1))[0][2:4] == (date(2023, 8, 1), "SER-X-DEREG")


class TestCorrections:
    def test_a_correction_ends_the_entry_from_its_own_date(self):
        facts = [fact("f1", rules.COURT_DISHONEST, date(2023, 1, 1)),
                 fact("c1", rules.CORRECTION, date(2023, 3, 1), target="f1")]
        assert entries(facts, date(2023, 2, 1)) == [(SERIOUS, date(2023, 1, 11), None, None, ("SER-6",))]
        assert entries(facts, date(2023, 4, 1)) == [
            (SERIOUS, date(2023, 1, 11), date(2023, 3, 1), "SER-X-CORRECTED", ("SER-6",))]

    def test_a_correction_during_the_notice_period_withdraws_the_notice(self):
        facts = [fact("f1", rules.PARTY_ORG_MISSING, date(2023, 1, 1)),
                 fact("c1", rules.CORRECTION, date(2023, 1, 5), target="f1")]
        d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 3, 1))
        assert d.entries == [] and d.notices[0].withdrawn_on() == date(2023, 1, 5)

    def test_correcting_one_of_two_grounds_keeps_the_entry(self):
        facts = [fact("f1", rules.PARTY_ORG_MISSING, date(2023, 1, 1)), fact("f2", rules.OTHER_ABNORMAL, date(2023, 2, 1)),
                 fact("c1", rules.CORRECTION, date(2023, 3, 1), target="f2")]
        d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 4, 1))
        assert d.on_abnormal and d.current(ABNORMAL).clock == date(2023, 1, 11)


class TestExemption:
    """Draft Art. 12 [unconfirmed]: a department certifies no direct responsibility. A setting, off by default."""

    ON = FixedPolicy({"CREDIT_ABN_EXEMPTION_ON_CERTIFICATE": True, "CREDIT_NOTICE_DAYS": 10}, source="110101")

    def test_off_by_default_the_certificate_changes_nothing(self):
        facts = [fact("f1", rules.PARTY_ORG_MISSING, date(2023, 1, 1)),
                 fact("x1", rules.EXEMPTION, date(2023, 3, 1), target="f1")]
        assert entries(facts, date(2023, 4, 1)) == [(ABNORMAL, date(2023, 1, 11), None, None, ("ABN-2",))]

    def test_on_it_ends_the_abnormal_entry_and_names_the_setting(self):
        facts = [fact("f1", rules.PARTY_ORG_MISSING, date(2023, 1, 1)),
                 fact("x1", rules.EXEMPTION, date(2023, 3, 1), target="f1")]
        d = derive(ORG, facts, self.ON, as_of=date(2023, 4, 1))
        entry = d.entries[0]
        assert (entry.end, entry.exit_rule, entry.exit_facts) == (date(2023, 3, 1), "ABN-X-EXEMPT", ("x1",))
        assert "CREDIT_ABN_EXEMPTION_ON_CERTIFICATE = True (110101" in " ".join(rules.settings_cited(entry))
        zh, en = rules.explain(entry, d, self.ON)
        assert "不负直接责任" in zh and "ABN-X-EXEMPT" in en

    def test_an_exempted_warning_still_counts_towards_ser5(self):
        facts = [warning("w1", date(2023, 1, 1)), fact("x1", rules.EXEMPTION, date(2023, 1, 3), target="w1"),
                 warning("w2", date(2023, 6, 1))]
        d = derive(ORG, facts, self.ON, as_of=date(2023, 7, 1))
        assert d.on_serious and d.current(SERIOUS).rules == ["SER-5"]
        assert d.notices[0].withdrawn_on() == date(2023, 1, 3)


class TestNoticesAndExplanations:
    def test_an_unreachable_domicile_means_a_public_announcement(self):
        d = derive(ORG, [fact("f1", rules.DOMICILE_UNREACHABLE, date(2023, 1, 1)),
                         fact("f2", rules.PARTY_ORG_MISSING, date(2023, 2, 1))], TEN_DAY_NOTICE, as_of=date(2023, 3, 1))
        assert [n.channel for n in d.notices] == ["announcement", "announcement"]
        assert derive(ORG, [warning("f1", date(2023, 1, 1))], TEN_DAY_NOTICE, as_of=date(2023, 3, 1)).notices[0].channel == "web"

    def test_the_explanation_names_rules_facts_dates_and_settings(self):
        facts = [Fact("cf:1", rules.PENALTY, date(2023, 1, 5), date(2023, 1, 5), penalties=("warning",),
                      summary_zh="警告（某市场监督管理局）", summary_en="warning (a market regulator)")]
        d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 2, 1))
        entry = d.current(ABNORMAL)
        zh, en = rules.explain(entry, d, TEN_DAY_NOTICE)
        assert "[ABN-5]" in zh and "警告（某市场监督管理局）（2023-01-05）" in zh and "2023-01-15 列入" in zh
        assert entry.earliest_exit == date(2023, 7, 16)
        assert "CREDIT_ABN_AUTO_REMOVAL_MONTHS = 6" in " ".join(rules.settings_cited(entry))
        assert "CREDIT_NOTICE_DAYS = 10 (110101 设定" in " ".join(rules.settings_cited(entry))
        d = derive(ORG, facts, DEFAULT, as_of=date(2023, 2, 1))
        assert "CREDIT_NOTICE_DAYS = 0 (默认值" in " ".join(rules.settings_cited(d.current(ABNORMAL)))


# --- properties ------------------------------------------------------------------------------------------

GROUND_KINDS = [rules.ANNUAL_REPORT_MISSING, rules.PARTY_ORG_MISSING, rules.RECTIFICATION_OVERDUE,
                rules.DOMICILE_UNREACHABLE, rules.COURT_DISHONEST, rules.REGISTRATION_ENDED, rules.CHANGE_REVOKED]
START = date(2018, 1, 1)
SPAN = 6 * 365


@st.composite
def timelines(draw):
    count = draw(st.integers(0, 12))
    facts = []
    for index in range(count):
        day = START + timedelta(days=draw(st.integers(0, SPAN)))
        known = day + timedelta(days=draw(st.sampled_from([0, 0, 0, 5, 40, 400])))
        choice = draw(st.integers(0, 9))
        ref = f"f{index}"
        if choice <= 3:
            facts.append(Fact(ref, draw(st.sampled_from(GROUND_KINDS)), day, known))
        elif choice <= 5:
            kinds = draw(st.sampled_from([("warning",), ("fine",), ("suspension",), ("warning", "fine")]))
            amount = Decimal(draw(st.sampled_from([1000, 30000, 50000, 80000]))) if "fine" in kinds else None
            facts.append(Fact(ref, rules.PENALTY, day, known, penalties=kinds, fine=amount))
        elif choice == 6:
            facts.append(Fact(ref, rules.RECTIFICATION_VERIFIED, day, day, effective_on=day + timedelta(
                days=draw(st.integers(0, 7)))))
        elif choice == 7:
            facts.append(Fact(ref, rules.SERIOUS_REMOVAL_VERIFIED, day, day, effective_on=day))
        elif choice == 8 and facts:
            target = draw(st.sampled_from(facts)).ref
            kind = draw(st.sampled_from([rules.CORRECTION, rules.EXEMPTION]))
            facts.append(Fact(ref, kind, day, known, target=target))
        else:
            facts.append(Fact(ref, rules.DEREGISTERED, day, day))
    return facts


def snapshot(d: rules.Derivation):
    return ([(e.list, e.start, e.end, e.exit_rule, e.clock, tuple(e.rules), e.earliest_exit, e.exit_condition_en)
             for e in d.entries],
            [(n.list, n.notice_on, n.listing_on, n.rules, n.facts, n.channel) for n in d.notices])


POLICIES = [TEN_DAY_NOTICE, FixedPolicy({"CREDIT_NOTICE_DAYS": 0, "CREDIT_CLOCK_RESTART": False}),
            FixedPolicy({"CREDIT_ABN_EXEMPTION_ON_CERTIFICATE": True})]
days = st.integers(0, SPAN + 900).map(lambda n: START + timedelta(days=n))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=timelines(), day=days, policy=st.sampled_from(POLICIES))
def test_the_state_for_a_day_depends_only_on_facts_known_by_then(facts, day, policy):
    everything = derive(ORG, facts, policy, as_of=day)
    known_then = derive(ORG, [f for f in facts if f.known_on <= day], policy, as_of=day)
    assert snapshot(everything) == snapshot(known_then)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=timelines(), day=days, later=st.integers(1, 1500), policy=st.sampled_from(POLICIES))
def test_a_later_derivation_replays_any_earlier_day(facts, day, later, policy):
    """What the cache relies on: the history derived on a later day, cut at ``day``, is what ``day`` derived."""
    then = derive(ORG, facts, policy, as_of=day)
    now = derive(ORG, facts, policy, as_of=day + timedelta(days=later))
    cut = [(e.list, e.start, e.end if e.end and e.end <= day else None, tuple(g.rule for g in e.grounds
            if g.listed_on <= day)) for e in now.entries if e.start <= day]
    assert cut == [(e.list, e.start, e.end, tuple(g.rule for g in e.grounds)) for e in then.entries]
    assert [(n.list, n.notice_on, n.rules) for n in now.notices if n.notice_on <= day] == [
        (n.list, n.notice_on, n.rules) for n in then.notices]


@settings(max_examples=200, deadline=None)
@given(facts=timelines(), day=days)
def test_derivation_is_deterministic_whatever_the_order_of_the_facts(facts, day):
    assert snapshot(derive(ORG, facts, TEN_DAY_NOTICE, as_of=day)) == snapshot(derive(ORG, list(reversed(facts)), TEN_DAY_NOTICE, as_of=day))


@settings(max_examples=200, deadline=None)
@given(facts=timelines(), day=days)
def test_an_organization_is_never_on_one_list_twice_at_once(facts, day):
    d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=day)
    for list_kind in (ABNORMAL, SERIOUS):
        spans = sorted((e.start, e.end or date.max) for e in d.entries if e.list == list_kind)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert all(e.start < (e.end or date.max) or e.end == e.start for e in d.entries)


def test_rectification_during_the_notice_period_prevents_the_listing():
    facts = [fact("f1", rules.PARTY_ORG_MISSING, date(2023, 1, 1)),
             fact("r1", rules.RECTIFICATION_VERIFIED, date(2023, 1, 6), effective_on=date(2023, 1, 6))]
    d = derive(ORG, facts, TEN_DAY_NOTICE, as_of=date(2023, 3, 1))
    assert d.entries == [] and d.notices[0].withdrawn_on() == date(2023, 1, 6)
