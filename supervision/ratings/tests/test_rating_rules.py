"""The pure rules of 等级评估: no database."""

from datetime import date
from decimal import Decimal

import pytest

from common.errors import RuleViolation
from supervision.ratings import rules as ratings_rules


def test_a_grade_outside_1a_to_5a_is_refused_with_the_rule_in_both_languages():
    for bad in ("6A", "0A", "A+", "AAAAAA", "", "五A", None):
        with pytest.raises(RuleViolation) as caught:
            ratings_rules.clean_grade(bad)
        assert caught.value.problems[0].code == "RAT-GRADE"
        assert "5A" in caught.value.problems[0].zh and "Art. 26" in caught.value.problems[0].en


def test_grades_accept_the_usual_spellings():
    assert [ratings_rules.clean_grade(v) for v in ("5A", "aaaaa", "AAA", "４Ａ".replace("４", "4"), " 1a ")] == [
        "5A", "5A", "3A", "4A", "1A"]
    assert ratings_rules.clean_grade("none", allow_none=True) is None


def test_bands_must_rise_with_the_grade_and_stay_within_the_total():
    good = [ratings_rules.Band("5A", Decimal(900)), ratings_rules.Band("4A", Decimal(800)), ratings_rules.Band("3A", Decimal(700))]
    assert ratings_rules.validate_bands(good, Decimal(1000)) == []
    crossed = [ratings_rules.Band("5A", Decimal(800)), ratings_rules.Band("4A", Decimal(850))]
    assert [e.code for e in ratings_rules.validate_bands(crossed, Decimal(1000))] == ["RAT-BANDS"]
    assert [e.code for e in ratings_rules.validate_bands([ratings_rules.Band("5A", Decimal(1001))], Decimal(1000))] == ["RAT-BANDS"]
    assert [e.code for e in ratings_rules.validate_bands([ratings_rules.Band("6A", Decimal(1))], Decimal(1000))] == ["RAT-GRADE"]


def test_the_band_grade_is_the_highest_threshold_the_total_reaches():
    bands = [ratings_rules.Band("5A", Decimal(900)), ratings_rules.Band("4A", Decimal(800)), ratings_rules.Band("1A", Decimal(500))]
    assert ratings_rules.band_grade(Decimal("900.00"), bands) == "5A"
    assert ratings_rules.band_grade(Decimal("899.99"), bands) == "4A"
    assert ratings_rules.band_grade(Decimal("650"), bands) == "1A"
    assert ratings_rules.band_grade(Decimal("499.99"), bands) is None


def test_the_total_is_the_sum_of_each_indicators_mean_over_evaluators():
    total, missing = ratings_rules.total_points([1, 2, 3], [(1, Decimal(10)), (1, Decimal(20)), (2, Decimal("7.5"))])
    assert total == Decimal("22.50") and missing == [3]


def test_two_full_years_means_complete_calendar_years_after_founding():
    assert ratings_rules.first_eligible_day(date(2015, 6, 1), 2) == date(2018, 1, 1)
    assert ratings_rules.first_eligible_day(date(2015, 1, 1), 2) == date(2017, 1, 1)
    assert ratings_rules.first_eligible_day(date(2015, 12, 31), 2) == date(2018, 1, 1)


def test_a_grade_is_valid_five_years_to_the_day_before():
    assert ratings_rules.valid_until(date(2024, 3, 15), 5) == date(2029, 3, 14)
    assert ratings_rules.valid_until(date(2024, 2, 29), 5) == date(2029, 2, 27)


def test_spans_follow_expiry_replacement_lowering_and_cancellation():
    first = ratings_rules.GradeFact(1, "4A", date(2015, 1, 1), date(2019, 12, 31))
    second = ratings_rules.GradeFact(2, "3A", date(2019, 7, 1), date(2024, 6, 30))
    lowered = ratings_rules.ActionFact(10, 2, ratings_rules.LOWERED, date(2021, 1, 1), "2A")
    cancelled = ratings_rules.ActionFact(11, 2, ratings_rules.CANCELLED, date(2022, 1, 1))
    spans = ratings_rules.grade_spans([first, second], [lowered, cancelled])
    assert [(s.grade, s.valid_from, s.valid_to, s.ended_by) for s in spans] == [
        ("4A", date(2015, 1, 1), date(2019, 7, 1), "superseded"),
        ("3A", date(2019, 7, 1), date(2021, 1, 1), "lowered"),
        ("2A", date(2021, 1, 1), date(2022, 1, 1), "cancelled"),
    ]
    assert ratings_rules.span_on(spans, date(2018, 5, 5)).grade == "4A"
    assert ratings_rules.span_on(spans, date(2021, 6, 1)).grade == "2A"
    assert ratings_rules.span_on(spans, date(2023, 1, 1)) is None
    alone = ratings_rules.grade_spans([first], [])
    assert alone[0].valid_to == date(2020, 1, 1) and alone[0].ended_by == "expiry"


def test_the_reapplication_bar_is_two_years_after_lowering_and_three_after_cancellation():
    lowered = ratings_rules.ActionFact(1, 1, ratings_rules.LOWERED, date(2022, 3, 1), "2A")
    cancelled = ratings_rules.ActionFact(2, 1, ratings_rules.CANCELLED, date(2023, 3, 1))
    assert ratings_rules.reapplication_bar(actions=[lowered], day=date(2024, 2, 29), lowered_years=2, cancelled_years=3).until == date(2024, 3, 1)
    assert ratings_rules.reapplication_bar(actions=[lowered], day=date(2024, 3, 1), lowered_years=2, cancelled_years=3) is None
    bar = ratings_rules.reapplication_bar(actions=[lowered, cancelled], day=date(2025, 1, 1), lowered_years=2, cancelled_years=3)
    assert bar.action is cancelled and bar.until == date(2026, 3, 1)


def test_re_evaluation_opens_two_years_before_expiry():
    assert ratings_rules.reevaluation_opens(date(2029, 3, 14), 2) == date(2027, 3, 15)


def test_the_share_of_the_beijing_example_is_32_point_9_percent():
    # DOMAIN seeds: Beijing, 5A 218 / 4A 553 / 3A 693 of 4448 registered organizations.
    assert ratings_rules.share_percent(218 + 553 + 693, 4448) == Decimal("32.9")
    assert ratings_rules.share_percent(0, 0) is None
