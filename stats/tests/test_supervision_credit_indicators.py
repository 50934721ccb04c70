"""Supervision and credit indicators over registers whose true value is known."""

from datetime import date
from decimal import Decimal

import pytest

from stats.compute import evaluate

from .builders import draw, grades, listed, orgs, penalties, reports

pytestmark = pytest.mark.django_db
DAY = date(2024, 6, 30)


def by_key(result):
    return {row["key"]: row["value"] for row in result.rows}


def test_beijing_city_level_3a_and_above_is_32_9_percent():
    # The seed: 4,448 city-level organizations, 218 rated 5A, 553 4A, 693 3A: "3A and above 32.9%".
    city = orgs(4448, "110000", level="city")
    county = orgs(100, "110101", level="county")
    grades(city[:218], "5A")
    grades(city[218:771], "4A")
    grades(city[771:1464], "3A")
    grades(county[:10], "2A")
    grades(county[10:20], "3A")
    grades(county[20:25], "5A", conferred=date(2018, 1, 1))  # expired 2022-12-31
    share = by_key(evaluate("SUP-3A-SHARE", DAY, "110000", "level"))
    assert share == {"city": Decimal("32.9"), "county": Decimal("10.0")}
    graded = by_key(evaluate("SUP-GRADED", DAY, "110000", "category"))
    assert graded == {"5A": 218, "4A": 553, "3A": 703, "2A": 10}
    rated = evaluate("SUP-3A-SHARE-RATED", DAY, "110000", "level")
    assert by_key(rated) == {"city": Decimal("100.0"), "county": Decimal("50.0")}
    assert rated.total["numerator"] == 1474 and rated.total["denominator"] == 1484
    assert evaluate("SUP-GRADED", date(2020, 1, 1), "110000").total["value"] == 5  # only the 2018 grades then


def test_grades_of_deregistered_organizations_are_not_counted():
    gone = orgs(4, "110101", status="deregistered", removed_on=date(2024, 1, 1))
    grades(gone, "4A")
    assert evaluate("SUP-GRADED", DAY, "110101").total["value"] == 0
    assert evaluate("SUP-GRADED", date(2023, 12, 31), "110101").total["value"] == 4


def test_annual_inspection_results_and_qualified_rate():
    o = orgs(20, "110101")
    reports(o[:12], 2023, submitted=date(2024, 3, 1), conclusion="qualified", concluded=date(2024, 5, 1))
    reports(o[12:15], 2023, submitted=date(2024, 3, 1), conclusion="basically_qualified", concluded=date(2024, 5, 1))
    reports(o[15:16], 2023, submitted=date(2024, 3, 1), conclusion="unqualified", concluded=date(2024, 5, 1))
    reports(o[16:18], 2023, submitted=date(2024, 3, 1), conclusion="", concluded=date(2024, 5, 1), mode="report")
    reports(o[18:20], 2023, submitted=date(2024, 3, 1))  # not yet reviewed
    result = by_key(evaluate("SUP-INSPECTION", DAY, "110000", "category", year=2023))
    assert result == {"qualified": 12, "basically_qualified": 3, "unqualified": 1, "reviewed": 2}
    assert evaluate("SUP-INSPECTION-QUALIFIED", DAY, "110000", year=2023).total["value"] == Decimal("75.0")
    assert evaluate("SUP-INSPECTION", date(2024, 4, 30), "110000", year=2023).total["value"] == 0
    assert evaluate("SUP-REPORTS", DAY, "110000", year=2023).total["value"] == 20


def test_employees_and_assets_from_annual_reports():
    o = orgs(5, "110101")
    reports(o[:3], 2023, submitted=date(2024, 3, 1), employees=7, assets="100000.50")
    reports(o[3:], 2023, submitted=date(2024, 3, 1), employees=2, assets="5000.00")
    reports(o, 2022, submitted=date(2023, 3, 1), employees=100, assets="1")
    assert evaluate("SUP-EMPLOYEES", DAY, "110101", year=2023).total["value"] == 25
    assert evaluate("SUP-ASSETS", DAY, "110101", year=2023).total["value"] == Decimal("310001.50")
    assert by_key(evaluate("SUP-EMPLOYEES", DAY, "110101", "year")) == {2022: 500, 2023: 25}


def test_penalties_and_fines_per_year_by_kind():
    o = orgs(10, "110102")
    penalties(o[:3], "warning", date(2023, 4, 1))
    penalties(o[3:5], "fine", date(2023, 8, 1), amount="20000")
    penalties(o[5:6], "fine", date(2024, 2, 1), amount="5000")
    assert by_key(evaluate("SUP-PENALTIES", DAY, "110000", "category", year=2023)) == {"warning": 3, "fine": 2}
    assert evaluate("SUP-FINES", DAY, "110000", year=2023).total["value"] == 40000
    assert by_key(evaluate("SUP-PENALTIES", DAY, "110000", "year")) == {2023: 5, 2024: 1}


def test_spot_checks_drawn_and_findings():
    o = orgs(10, "110101")
    draw(o[:8], "110101", date(2024, 4, 1), ["no_problem", "no_problem", "no_problem", "rectify"])
    assert evaluate("SUP-SPOT-DRAWN", DAY, "110000", year=2024).total["value"] == 8
    assert by_key(evaluate("SUP-SPOT-FINDINGS", DAY, "110000", "category", year=2024)) == {
        "no_problem": 3, "rectify": 1}
    assert evaluate("SUP-SPOT-PROBLEM-RATE", DAY, "110000", year=2024).total["value"] == Decimal("25.0")


def test_list_members_entries_and_exits():
    o = orgs(10, "110101")
    listed(o[:4], "abnormal", date(2023, 3, 1))
    listed(o[4:6], "abnormal", date(2023, 3, 1), date(2024, 1, 15))
    listed(o[6:7], "serious", date(2024, 2, 1))
    assert by_key(evaluate("CRD-LISTED", DAY, "110000", "category")) == {"abnormal": 4, "serious": 1}
    assert by_key(evaluate("CRD-LIST-ENTRIES", DAY, "110000", "year")) == {2023: 6, 2024: 1}
    assert evaluate("CRD-LIST-EXITS", DAY, "110000", year=2024).total["value"] == 2
    assert evaluate("CRD-LISTED", date(2023, 12, 31), "110000").total["value"] == 6
