"""In a real browser: a listed organization's posting is refused with the rule named; a graduate applies, the
organization records the outcome and the graduate reads it back; a booking that overlaps another is refused on
the venue page, naming the other booking.

Drives Debian's Chromium through Playwright against pytest-django's live server."""

from datetime import time, timedelta

import pytest

from common.clock import today
from conftest import new_page, screenshot_path, signed_in
from engagement import services
from engagement.models import Booking, JobPosting, Venue

from .helpers import id_number, list_abnormal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_listed_organization_is_refused_a_posting_naming_the_rule(browser, live_server, world):
    list_abnormal(world, world.org_a)
    page = signed_in(browser, live_server, world.user_a)
    page.goto(f"{live_server.url}/engagement/jobs/")
    page.click("text=为本组织发布岗位")
    page.fill("input[name=title]", "项目助理")
    page.fill("input[name=positions]", "2")
    page.fill("input[name=division]", "110101")
    page.fill("input[name=closes_on]", (today() + timedelta(days=30)).isoformat())
    page.click("button[type=submit]:has-text('发布岗位')")
    page.wait_for_selector(".problem[data-code=JOB-ORG-LISTED]")
    text = page.inner_text("main")
    assert "列入信用名单" in text and "on a credit list" in text and "未保存任何内容" in text
    page.screenshot(path=str(screenshot_path("engagement-posting-refused.png")))
    assert not JobPosting.objects.exists()


def test_a_graduate_applies_and_reads_the_outcome_the_organization_records(browser, live_server, world):
    posting = services.create_posting(world.user_a, world.org_a, {
        "title": "社会工作岗", "positions": 1, "division": "110101",
        "closes_on": (today() + timedelta(days=20)).isoformat()})
    page = new_page(browser)
    page.goto(f"{live_server.url}/engagement/")
    page.click("main >> text=毕业生就业岗位")
    page.click("text=社会工作岗")
    page.fill("input[name=name]", "张同学")
    page.fill("input[name=id_number]", "110101200101011234")
    page.fill("input[name=school]", "北京大学")
    page.fill("input[name=graduation_year]", str(today().year))
    page.click("button[type=submit]:has-text('提交报名')")
    page.wait_for_selector(".problem[data-code=JOB-ID]")
    page.fill("input[name=id_number]", id_number(42))
    page.click("button[type=submit]:has-text('提交报名')")
    page.wait_for_selector("#reference")
    reference = page.inner_text("#reference")
    assert reference == posting.applications.get().reference

    org = signed_in(browser, live_server, world.user_a)
    org.goto(f"{live_server.url}/engagement/jobs/{posting.pk}/")
    org.click("text=报名与结果")
    row = org.locator(f"#application-{posting.applications.get().pk}")
    assert id_number(42) not in org.inner_text("main") and id_number(42)[-4:] in row.inner_text()
    row.locator("select[name=outcome]").select_option("hired")
    row.locator("button[type=submit]").click()
    org.wait_for_selector("text=结果已记录")
    assert "已录用" in org.locator(f"#application-{posting.applications.get().pk} .outcomes").inner_text()

    page.goto(f"{live_server.url}/engagement/jobs/my-application/")
    page.fill("input[name=reference]", reference)
    page.fill("input[name=id_number]", id_number(42))
    page.click("button[type=submit]:has-text('查询报名')")
    page.wait_for_selector("#my-application")
    assert "已录用" in page.inner_text("#my-application")
    page.screenshot(path=str(screenshot_path("engagement-application-outcome.png")))


def test_an_overlapping_booking_is_refused_on_the_venue_page_naming_the_other(browser, live_server, world):
    venue = Venue.objects.create(name="东城共享会议室", division_id="110101", capacity=30, opens_at=time(9),
                                 closes_at=time(18))
    day = today() + timedelta(days=5)
    services.book(world.user_b, venue, {"day": day.isoformat(), "starts_at": "09:00", "ends_at": "11:00",
                                        "purpose": "理事会", "attendees": 10})
    page = signed_in(browser, live_server, world.user_a)
    page.goto(f"{live_server.url}/engagement/venues/")
    page.click("text=东城共享会议室")
    page.fill("input[name=day]", day.isoformat())
    page.fill("input[name=starts_at]", "10:00")
    page.fill("input[name=ends_at]", "12:00")
    page.fill("input[name=purpose]", "会员大会")
    page.fill("input[name=attendees]", "20")
    page.click("button[type=submit]:has-text('预约')")
    page.wait_for_selector(".problem[data-code=VENUE-CONFLICT]")
    problem = page.inner_text(".problem[data-code=VENUE-CONFLICT]")
    assert world.org_b.name in problem and "09:00–11:00" in problem
    assert Booking.objects.count() == 1
    page.fill("input[name=starts_at]", "11:00")
    page.click("button[type=submit]:has-text('预约')")
    page.wait_for_selector("text=预约成功")
    assert "会员大会" in page.inner_text("#bookings") and Booking.objects.count() == 2
    page.screenshot(path=str(screenshot_path("engagement-booking-conflict.png")))
