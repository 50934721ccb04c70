"""Shared venues and incubation through the HTTP API: bookings with conflict detection (an overlap is refused,
naming the other booking), opening hours and capacity, usage counts; incubation bases, incubated organizations
with entry and graduation and their outcome, training sessions with attendance."""

from datetime import timedelta

import pytest
from django.urls import reverse

from common.clock import today
from conftest import api_as, assert_error

from .helpers import engagement_state, post

pytestmark = pytest.mark.django_db


def venue(world):
    response = post(world.county_a, "api-engagement-venues", {
        "name": "东城社会组织共享会议室", "division": "110101", "community": "和平里社区", "capacity": 40,
        "opens_at": "09:00", "closes_at": "18:00"})
    assert response.status_code == 201, response.content
    return response.json()


def book(user, venue_id, start, end, **over):
    data = {"day": (today() + timedelta(days=3)).isoformat(), "starts_at": start, "ends_at": end,
            "purpose": "理事会", "attendees": 20, **over}
    return post(user, "api-engagement-venue-bookings", data, pk=venue_id)


def test_an_overlapping_booking_is_refused_naming_the_other_and_nothing_is_written(world):
    v = venue(world)
    first = book(world.user_a, v["id"], "09:00", "11:00")
    assert first.status_code == 201, first.content
    assert book(world.user_b, v["id"], "11:00", "12:00").status_code == 201  # touching is not overlapping
    before = engagement_state()
    error = assert_error(book(world.user_b, v["id"], "10:30", "11:30"), 400, "VENUE-CONFLICT", "starts_at")
    assert world.org_a.name in error["message_zh"] and "09:00–11:00" in error["message_zh"]
    assert error["value"] == str(first.json()["id"])
    assert engagement_state() == before


@pytest.mark.parametrize("start, end, over, code", [
    ("12:00", "10:00", {}, "VENUE-ORDER"), ("08:00", "10:00", {}, "VENUE-HOURS"),
    ("10:00", "11:00", {"attendees": 41}, "VENUE-CAPACITY"), ("10:00", "11:00", {"day": "2020-01-01"}, "VENUE-PAST"),
    ("10点", "11:00", {}, "TIME-FORMAT")])
def test_bad_bookings_are_refused(world, start, end, over, code):
    v = venue(world)
    before = engagement_state()
    assert_error(book(world.user_a, v["id"], start, end, **over), 400, code)
    assert engagement_state() == before


def test_a_cancelled_booking_frees_the_slot_and_usage_is_counted(world):
    from engagement.models import Booking, Venue
    from engagement.services import cancel_booking, venue_usage

    v = venue(world)
    first = book(world.user_a, v["id"], "09:00", "11:00").json()
    cancel_booking(world.user_a, Booking.objects.get(pk=first["id"]))
    assert book(world.user_b, v["id"], "10:00", "11:00").status_code == 201
    assert book(world.county_a, v["id"], "14:00", "15:00", organization=world.org_a.code).status_code == 201
    usage = venue_usage(Venue.objects.all())[v["id"]]
    assert (usage["bookings"], usage["organizations"], usage["attendees"]) == (2, 2, 40)
    assert book(world.county_b, v["id"], "16:00", "17:00", organization=world.org_a.code).status_code == 404


def test_an_incubation_base_admits_graduates_and_trains(world):
    base = post(world.county_a, "api-engagement-bases", {"name": "东城区社会组织孵化基地", "division": "110101",
                                                         "operator": world.org_a.code, "opened_on": "2024-03-01"})
    assert base.status_code == 201, base.content
    pk = base.json()["id"]
    entered = post(world.user_a, "api-engagement-base-incubations", {"name": "和平里志愿服务队",
                                                                     "entered_on": "2024-05-01"}, pk=pk)
    assert entered.status_code == 201
    assert_error(post(world.user_a, "api-engagement-base-incubations", {"name": "早于基地",
                                                                        "entered_on": "2024-01-01"}, pk=pk),
                 400, "INC-DATES", "entered_on")
    incubation = entered.json()["id"]
    before = engagement_state()
    assert_error(post(world.user_a, "api-engagement-incubation-graduation", {
        "outcome": "left", "graduated_on": "2024-04-01"}, pk=incubation), 400, "INC-DATES", "graduated_on")
    assert engagement_state() == before
    done = post(world.user_a, "api-engagement-incubation-graduation", {
        "outcome": "registered", "graduated_on": "2025-05-01", "organization": world.org_b.code}, pk=incubation)
    assert done.status_code == 200 and done.json()["outcome"] == "registered"
    assert done.json()["organization"] == world.org_b.code
    assert_error(post(world.user_a, "api-engagement-incubation-graduation", {
        "outcome": "left", "graduated_on": "2025-06-01"}, pk=incubation), 400, "INC-OUTCOME")
    session = post(world.user_a, "api-engagement-base-sessions", {
        "title": "社会组织财务管理培训", "held_on": "2025-04-10", "hours": "3.5",
        "attendance": f"{world.org_b.name},3\n和平里志愿服务队,2"}, pk=pk)
    assert session.status_code == 201, session.content
    assert session.json()["attendance"] == [{"organization": world.org_b.name, "persons": 3},
                                            {"organization": "和平里志愿服务队", "persons": 2}]
    assert_error(post(world.user_a, "api-engagement-base-sessions", {
        "title": "x", "held_on": "2025-04-10", "hours": "2", "attendance": "没有人数"}, pk=pk), 400, "INC-ATTENDANCE")
    assert post(world.user_b, "api-engagement-base-incubations", {"name": "x", "entered_on": "2024-05-01"},
                pk=pk).status_code == 403
    listed = api_as(None).get(reverse("api-engagement-base-incubations", kwargs={"pk": pk})).json()
    assert [(i["name"], i["outcome"]) for i in listed] == [("和平里志愿服务队", "registered")]
