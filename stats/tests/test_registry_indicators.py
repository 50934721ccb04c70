"""Registry indicators over registers whose true value is known, checked against the register's own as-of
derivation (Organization.objects.as_of / as_it_stood)."""

from datetime import date
from decimal import Decimal

import pytest

from registry.models import Organization
from stats.compute import evaluate

from .builders import orgs

pytestmark = pytest.mark.django_db
DAY = date(2024, 6, 30)


def total(result):
    return result.total["value"]


def by_key(result):
    return {row["key"]: row["value"] for row in result.rows}


def test_registered_organizations_by_level_type_and_division_match_the_register_as_it_stood():
    orgs(30, "110101", level="county")
    orgs(12, "110102", level="county", org_type="social_service_agency")
    orgs(7, "110000", level="provincial", org_type="foundation")
    orgs(5, "110101", founded=date(2025, 1, 2))  # founded after the day
    orgs(4, "110102", status="deregistered", removed_on=date(2020, 3, 1))
    orgs(3, "110102", status="revoked", removed_on=date(2024, 7, 1))  # removed after the day: still active then
    orgs(9, "130104")
    beijing = evaluate("REG-ORGS", DAY, "110000")
    stood = [o.as_it_stood(DAY) for o in Organization.objects.as_of(DAY) if o.authority_id.startswith("11")]
    assert total(beijing) == sum(1 for o in stood if o.status == "active") == 30 + 12 + 7 + 3
    assert by_key(evaluate("REG-ORGS", DAY, "110000", "level")) == {"county": 45, "provincial": 7}
    assert by_key(evaluate("REG-ORGS", DAY, "110000", "type")) == {
        "social_group": 33, "social_service_agency": 12, "foundation": 7}
    assert by_key(evaluate("REG-ORGS", DAY, "110000", "division")) == {"110101": 30, "110102": 15, "110000": 7}
    assert by_key(evaluate("REG-ORGS", DAY, None, "division")) == {"110000": 52, "130000": 9}
    assert total(evaluate("REG-ORGS", DAY)) == 61
    status = by_key(evaluate("REG-ORGS-STATUS", DAY, "110102", "category"))
    assert status == {"active": 15, "deregistered": 4}


def test_registrations_and_removals_per_year():
    orgs(3, "110101", founded=date(2019, 5, 1))
    orgs(5, "110101", founded=date(2021, 5, 1))
    orgs(2, "110101", founded=date(2018, 1, 1), status="deregistered", removed_on=date(2021, 2, 1))
    orgs(1, "110101", founded=date(2018, 1, 1), status="certificate_cancelled", removed_on=date(2021, 9, 1))
    assert total(evaluate("REG-REGISTRATIONS", DAY, "110101", year=2021)) == 5
    assert by_key(evaluate("REG-REGISTRATIONS", DAY, "110101", "year")) == {2018: 3, 2019: 3, 2021: 5}
    assert total(evaluate("REG-REMOVALS", DAY, "110101", year=2021)) == 3
    assert by_key(evaluate("REG-REMOVALS", DAY, "110101", "category", year=2021)) == {
        "deregistration": 2, "certificate_cancellation": 1}
    assert total(evaluate("REG-REMOVALS", date(2021, 6, 30), "110101", year=2021)) == 2


def test_growth_from_7965_in_2012_to_12700_in_2022_by_type():
    # The seed: Beijing 7,965 organizations at the end of 2012, 12,700 in 2022.
    orgs(3000, "110101", founded=date(2010, 1, 1))
    orgs(4965, "110101", founded=date(2011, 1, 1), org_type="social_service_agency")
    orgs(1735, "110101", founded=date(2016, 1, 1))
    orgs(3000, "110101", founded=date(2019, 1, 1), org_type="social_service_agency")
    end = date(2022, 12, 31)
    series = by_key(evaluate("REG-ORGS", end, "110000", "year"))
    assert series[2012] == 7965 and series[2022] == 12700 and series[2016] == 9700
    growth = evaluate("REG-GROWTH", end, "110000", base_year=2012)
    assert growth.total["value"] == Decimal("59.4")  # (12700 - 7965) / 7965
    by_type = by_key(evaluate("REG-GROWTH", end, "110000", "type", base_year=2012))
    assert by_type == {"social_group": Decimal("57.8"), "social_service_agency": Decimal("60.4")}


def test_filed_community_organizations_total_and_per_community():
    orgs(6, "110101", org_type="community_org", community="和平里社区")
    orgs(2, "110101", org_type="community_org", community="东四社区")
    orgs(1, "110102", org_type="community_org", community="和平里社区")  # another authority: another community
    orgs(4, "110101")  # not community organizations
    assert total(evaluate("REG-COMMUNITY", DAY, "110000")) == 9
    assert by_key(evaluate("REG-COMMUNITY", DAY, "110101", "category")) == {"和平里社区": 6, "东四社区": 2}
    assert total(evaluate("REG-COMMUNITY-PER", DAY, "110000")) == Decimal("3.00")
    assert by_key(evaluate("REG-COMMUNITY-PER", DAY, "110000", "division")) == {
        "110101": Decimal("4.00"), "110102": Decimal("1.00")}
