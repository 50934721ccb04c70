"""In a real browser: an organization publishes a resource, an officer publishes a need and the public sees the
need's ranked matches with the reasons; an award to an ineligible organization is refused on the page; a payment
beyond the contract is refused on the page and a valid one is shown.

Drives Debian's Chromium through Playwright against pytest-django's live server."""

import pytest

from conftest import new_page, screenshot_path, signed_in
from exchange.models import Award, Payment, Resource

from .helpers import contracted, days, reported

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SUBMIT = "main form.form button.btn-primary"


def fill(page, values: dict):
    for name, value in values.items():
        selector = f"[name={name}]"
        if page.eval_on_selector(selector, "e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def test_a_need_shows_its_ranked_matches_with_the_reasons(browser, live_server, world):
    page = signed_in(browser, live_server, world.user_a)
    page.goto(f"{live_server.url}/exchange/resources/")
    page.click("text=发布资源")
    fill(page, {"kind": "services", "field": "elderly", "title": "助老上门服务", "area": "110101", "amount": "50000",
                "available_from": days(-5), "available_to": days(10)})
    page.click(SUBMIT)
    page.wait_for_url("**/exchange/resources/")
    assert Resource.objects.get().title == "助老上门服务"

    officer = signed_in(browser, live_server, world.county_a)
    officer.goto(f"{live_server.url}/exchange/staff/demands/new/")
    fill(officer, {"publisher_kind": "community", "publisher_name": "东华门社区居委会", "kind": "services",
                   "field": "elderly", "title": "独居老人探访", "area": "110101", "amount": "40000",
                   "needed_from": days(30), "needed_to": days(1)})
    officer.click(SUBMIT)
    assert "EX-DATES" in officer.inner_text("main")  # the dates in the wrong order, refused on the page
    fill(officer, {"needed_from": days(1), "needed_to": days(20)})
    officer.click(SUBMIT)
    officer.wait_for_selector("#matches")

    public = new_page(browser)
    public.goto(f"{live_server.url}/exchange/")
    public.click("main >> text=需求清单")
    public.click("text=独居老人探访")
    match = public.locator("li.match").first
    assert match.locator(".score").inner_text() == "95.00"
    reasons = match.inner_text()
    assert "同一地区（东城区）" in reasons and "50%" in reasons  # half the needed period is covered
    public.screenshot(path=screenshot_path("exchange-demand-matches.png"))


def test_an_award_to_an_ineligible_organization_is_refused_on_the_page(browser, live_server, world):
    page = signed_in(browser, live_server, world.county_a)
    page.goto(f"{live_server.url}/exchange/staff/")
    page.click("text=登记购买计划")
    fill(page, {"purchaser_name": "东城区民政局", "purchaser_division": "110101", "funding": "union",
                "title": "职工健康服务站", "field": "workers", "budget": "100000", "year": days(0)[:4],
                "planned_on": days(-30)})
    page.click(SUBMIT)
    page.click("text=发布征集")
    fill(page, {"opens_on": days(-20), "closes_on": days(-10)})
    page.click(SUBMIT)
    page.click("text=确定承接方")
    fill(page, {"organization": world.org_a.code, "amount": "90000", "awarded_on": days(-5)})
    page.click(SUBMIT)
    main = page.inner_text("main")
    assert "GPS-ELIG-REPORT" in main and "没有已审查完成的年度报告" in main
    assert not Award.objects.exists()
    page.screenshot(path=screenshot_path("exchange-award-refused.png"))


def test_a_payment_beyond_the_contract_is_refused_on_the_page(browser, live_server, world):
    reported(world.org_a)
    chain = contracted(world)
    page = signed_in(browser, live_server, world.county_a)
    page.goto(f"{live_server.url}/exchange/purchases/{chain['contract']['pk']}/")
    page.click("text=登记付款")
    fill(page, {"milestone": chain["contract"]["milestones"][0]["id"], "amount": "100000.01", "paid_on": days(0)})
    page.click(SUBMIT)
    main = page.inner_text("main")
    assert "GPS-PAY-CONTRACT" in main and "超过合同金额" in main
    assert not Payment.objects.exists()
    fill(page, {"amount": "30000"})
    page.click(SUBMIT)
    page.wait_for_selector("#paid")
    assert page.inner_text("#paid") == "30000.00"
