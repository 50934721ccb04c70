"""The pure rules of spot checks and the draw algorithm: no database."""

from datetime import date
from decimal import Decimal

import pytest

from common.errors import RuleViolation
from supervision.spotchecks import draw_algorithm
from supervision.spotchecks import rules as spotchecks_rules


def test_the_sample_is_the_rate_of_the_candidates_rounded_up_and_at_least_one():
    assert spotchecks_rules.sample_size(40, Decimal(10)) == 4
    assert spotchecks_rules.sample_size(41, Decimal(10)) == 5
    assert spotchecks_rules.sample_size(539, Decimal(4)) == 22  # 北京通州 2024: 4% of 539
    assert spotchecks_rules.sample_size(3, Decimal(3)) == 1
    assert spotchecks_rules.sample_size(0, Decimal(100)) == 0


def test_rates_are_percentages_above_zero_and_at_most_a_hundred():
    assert spotchecks_rules.parse_rate("5") == Decimal("5.00") and spotchecks_rules.parse_rate("4.5%") == Decimal("4.50")
    for bad in ("0", "-1", "101", "abc", "3.333", "NaN"):
        with pytest.raises(RuleViolation) as caught:
            spotchecks_rules.parse_rate(bad)
        assert caught.value.problems[0].code == "SPOT-RATE-FORMAT"


def test_only_periodic_plans_are_held_to_the_minimum():
    with pytest.raises(RuleViolation) as caught:
        spotchecks_rules.check_minimum(rate=Decimal("2.5"), minimum=Decimal(3), level="county", kind=spotchecks_rules.PERIODIC, setting_explanation="SPOT_CHECK_MIN_RATE_COUNTY = 3")
    assert caught.value.problems[0].code == "SPOT-RATE" and "县级" in caught.value.problems[0].zh and "Art. 5" in caught.value.problems[0].en
    spotchecks_rules.check_minimum(rate=Decimal("2.5"), minimum=Decimal(3), level="county", kind=spotchecks_rules.AD_HOC, setting_explanation="")


def test_the_exclusion_window_counts_calendar_months_back():
    assert spotchecks_rules.excluded_since(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert spotchecks_rules.excluded_since(date(2026, 1, 15), 12) == date(2025, 1, 15)
    assert spotchecks_rules.excluded_since(date(2026, 1, 15), 0) is None


def test_an_on_site_check_needs_two_inspectors():
    with pytest.raises(RuleViolation) as caught:
        spotchecks_rules.check_on_site(method="on_site", inspectors=1, minimum=2, setting_explanation="SPOT_CHECK_MIN_INSPECTORS = 2")
    assert caught.value.problems[0].code == "SPOT-INSPECTORS"
    spotchecks_rules.check_on_site(method="desk", inspectors=1, minimum=2, setting_explanation="")


def test_the_fingerprint_is_canonical_json():
    assert spotchecks_rules.canonical_sha256({"b": [1, "东"], "a": 2}) == spotchecks_rules.canonical_sha256({"a": 2, "b": [1, "东"]})


def test_the_algorithm_gives_the_published_reference_result():
    """A fixed vector: if Python's random ever changed, this fails before any stored draw would."""
    candidates = [[i, f"C{i}", "general"] for i in range(1, 101)]
    assert draw_algorithm.draw_targets("socorg", candidates, {"general": 5}) == [
        ("general", 12), ("general", 85), ("general", 36), ("general", 83), ("general", 73)]
    assert draw_algorithm.draw_inspectors("socorg", [7, 8], [1, 2, 3, 4, 5], [[1, 7]], 2) == {7: [4, 5], 8: [2, 5]}


def test_conflicted_inspectors_are_left_out_and_too_few_stop_the_draw():
    chosen = draw_algorithm.draw_inspectors("s", [1, 2, 3], [10, 11, 12], [[10, 1], [11, 2]], 2)
    assert chosen[1] and 10 not in chosen[1] and 11 not in chosen[2]
    with pytest.raises(draw_algorithm.NotEnoughInspectors):
        draw_algorithm.draw_inspectors("s", [1], [10, 11], [[10, 1]], 2)


def test_the_algorithm_hash_is_the_hash_of_its_source_file():
    import hashlib
    from pathlib import Path

    assert draw_algorithm.algorithm_hash() == hashlib.sha256(Path(draw_algorithm.__file__).read_bytes()).hexdigest()
