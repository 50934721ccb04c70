"""The engagement indicators of the statistics catalogue over records whose true value is known, per jurisdiction
and period (the seeds' kind of figure: posts offered directly and by member units, graduates hired, pairings and
funds invested per county, organizations incubated, venue bookings)."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from common.clock import acting_on
from engagement import services
from engagement.models import (
    Booking,
    Incubation,
    IncubationBase,
    KeyCounty,
    Pairing,
    PairingProject,
    ProjectProgress,
    Venue,
)
from stats.compute import evaluate

from .helpers import id_number

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 30)


def by_key(result):
    return {row["key"]: row["value"] for row in result.rows}


def postings(world):
    with acting_on(date(2025, 3, 1)):
        last_year = services.create_posting(world.user_a, world.org_a, {
            "title": "去年岗位", "positions": 9, "division": "110101", "opens_on": "2025-03-01",
            "closes_on": "2025-04-01"})
    with acting_on(date(2026, 3, 1)):
        a = services.create_posting(world.user_a, world.org_a, {"title": "助理", "positions": 6, "division": "110101",
                                                                "opens_on": "2026-03-01", "closes_on": "2026-12-01"})
        services.create_posting(world.user_a, world.org_a, {"title": "会员单位岗位", "member_unit": "某会员企业",
                                                            "positions": 150, "division": "110101",
                                                            "opens_on": "2026-03-01", "closes_on": "2026-12-01"})
        services.create_posting(world.user_b, world.org_b, {"title": "西城岗位", "positions": 4, "division": "110102",
                                                            "opens_on": "2026-03-01", "closes_on": "2026-12-01"})
        services.create_posting(world.admin, world.org_hebei, {"title": "河北岗位", "positions": 5,
                                                               "division": "130104", "opens_on": "2026-03-01",
                                                               "closes_on": "2026-12-01"})
        applications = [services.apply(a, {"name": f"毕业生{n}", "id_number": id_number(n), "school": "某大学",
                                           "graduation_year": 2026}) for n in range(4)]
    with acting_on(date(2026, 5, 1)):
        for application in applications[:3]:
            services.record_outcome(world.user_a, application, {"outcome": "hired"})
        services.record_outcome(world.user_a, applications[3], {"outcome": "declined"})
    return last_year


def test_posts_offered_directly_and_by_member_units_and_graduates_hired(world):
    postings(world)
    assert by_key(evaluate("ENG-POSTS", DAY, "110000", "category", year=2026, exact=True)) == {
        "direct": 10, "member_unit": 150}
    assert by_key(evaluate("ENG-POSTS", DAY, "110000", "division", year=2026, exact=True)) == {
        "110101": 156, "110102": 4}
    assert evaluate("ENG-POSTS", DAY, "100000", year=2025, exact=True).total["value"] == 9
    assert evaluate("ENG-POSTS", DAY, "130000", year=2026, exact=True).total["value"] == 5
    assert evaluate("ENG-HIRED", DAY, "110101", year=2026, exact=True).total["value"] == 3
    assert evaluate("ENG-HIRED", date(2026, 4, 30), "110101", year=2026, exact=True).total["value"] == 0


def test_pairings_and_funds_invested_per_county(world):
    KeyCounty.objects.create(county_id="110101", document_number="文1", issued_by="某局", designated_on=date(2025, 1, 1))
    KeyCounty.objects.create(county_id="130104", document_number="文2", issued_by="某局", designated_on=date(2025, 1, 1))
    span = {"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)}
    p1 = Pairing.objects.create(programme="key_county", county_id="110101", organization=world.org_a, **span)
    p2 = Pairing.objects.create(programme="key_county", county_id="110101", organization=world.org_b, **span)
    p3 = Pairing.objects.create(programme="key_county", county_id="130104", organization=world.org_city, **span)
    Pairing.objects.create(programme="general", county_id="130104", organization=world.org_city,
                           starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))  # ended: not in force
    for pairing, amounts in ((p1, ["100.00", "50.50"]), (p2, ["1000.00"]), (p3, ["7.00"])):
        project = PairingProject.objects.create(pairing=pairing, name="项目", budget=0, **span)
        for amount in amounts:
            ProjectProgress.objects.create(project=project, reported_on=date(2026, 4, 1), invested=Decimal(amount),
                                           direct_purchases=0, sales_help=0, beneficiaries=1)
    ProjectProgress.objects.create(project=project, reported_on=date(2026, 8, 1), invested=Decimal("99"),
                                   direct_purchases=0, sales_help=0, beneficiaries=1)  # after the date
    assert by_key(evaluate("ENG-PAIRINGS", DAY, "100000", "category", exact=True)) == {"东城区": 2, "桥西区": 1}
    funds = by_key(evaluate("ENG-PAIRING-FUNDS", DAY, "100000", "category", year=2026, exact=True))
    assert funds == {"东城区": Decimal("1150.50"), "桥西区": Decimal("7.00")}
    # per registering authority of the organizations: org_city (Beijing, city level) paired with 桥西区
    assert by_key(evaluate("ENG-PAIRING-FUNDS", DAY, "110000", "division", year=2026, exact=True)) == {
        "110101": Decimal("150.50"), "110102": Decimal("1000.00"), "110000": Decimal("7.00")}


def test_incubated_organizations_and_venue_bookings(world):
    base = IncubationBase.objects.create(name="基地", division_id="110101", operator=world.org_a,
                                         opened_on=date(2024, 1, 1))
    for n, (entered, outcome) in enumerate([(date(2026, 2, 1), "incubating"), (date(2026, 3, 1), "registered"),
                                            (date(2025, 3, 1), "left")]):
        Incubation.objects.create(base=base, name=f"组织{n}", entered_on=entered, outcome=outcome)
    assert by_key(evaluate("ENG-INCUBATED", DAY, "110000", "category", year=2026, exact=True)) == {
        "incubating": 1, "registered": 1}
    venue = Venue.objects.create(name="场地", division_id="110101", capacity=10, opens_at=time(9), closes_at=time(18))
    for n in range(5):
        Booking.objects.create(venue=venue, organization=world.org_b, day=date(2026, 5, 1) + timedelta(days=n),
                               starts_at=time(9), ends_at=time(10), purpose="会议", attendees=5,
                               booked_on=date(2026, 4, 1), cancelled_on=date(2026, 4, 20) if n == 0 else None)
    Booking.objects.create(venue=venue, organization=world.org_b, day=date(2026, 7, 2), starts_at=time(9),
                           ends_at=time(10), purpose="会议", attendees=5, booked_on=date(2026, 4, 1))  # not yet used
    assert by_key(evaluate("ENG-BOOKINGS", DAY, "110000", "division", year=2026, exact=True)) == {"110102": 4}
