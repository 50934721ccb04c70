"""A visitor finds the credit and supervision pages from the navigation and reads the settings that apply as a
table in words; an officer reads and sets a jurisdiction setting — in a real browser (Chromium, Playwright)."""

import re

import pytest

from conftest import new_page, signed_in
from credit.models import ListEntry
from socorg.tests.site_walk import load_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SETTING_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


def test_a_visitor_reaches_every_credit_page_and_reads_settings_in_words(browser, live_server):
    load_demo_data()
    page = new_page(browser)
    page.goto(live_server.url + "/")
    page.click("nav.site-nav >> text=信用名单")
    page.wait_for_url("**/credit/lists/abnormal/")
    for label, path in [("涉嫌非法社会组织", "/credit/illegal/"), ("列入前公告", "/credit/announcements/"),
                        ("名称筛查", "/credit/screen/"), ("严重违法失信名单", "/credit/lists/serious/")]:
        page.click(f"nav.subnav >> text={label}")
        page.wait_for_url(f"**{path}")
    page.click("nav.site-nav >> text=信用名单")
    page.locator("details summary").first.click()
    table = page.locator("table.settings-applied").first
    assert table.is_visible()
    text = page.inner_text("main")
    assert "适用的设定" in text and "全国默认值" in text and not SETTING_NAME.search(text)
    entry = ListEntry.objects.filter(organization__is_demo=True).first()
    page.goto(f"{live_server.url}/credit/org/{entry.organization.code}/")
    text = page.inner_text("main")
    assert "信用评价等级分数线" in text and "{'" not in text and not SETTING_NAME.search(text)
    assert not re.search(r"(?<![\w/.:-])[a-z]{1,5}:\d+\b", text)


def test_an_officer_sets_a_local_value_from_the_workbench(browser, live_server, world):
    page = signed_in(browser, live_server, world.county_a)
    page.goto(live_server.url + "/staff/")
    page.click("text=辖区设定")
    page.wait_for_url("**/staff/settings/")
    assert "北京市东城区民政局" in page.inner_text("h1")
    page.click("#setting-rating_publicity_days >> text=设定本地取值")
    assert page.get_attribute("textarea[name=reason]", "required") is not None  # a reason is asked for
    page.fill("input[name=value]", "10")
    page.fill("textarea[name=reason]", "东城区评估工作规程")
    page.click("button[type=submit]:has-text('记录设定')")
    page.wait_for_url("**/staff/settings/110101/")
    row = page.inner_text("#setting-rating_publicity_days")
    assert "10 日" in row and "本级设定" in row and "7 日" in row
