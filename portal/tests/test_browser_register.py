"""A county officer registers an organization in a real browser, and the public then finds it.

Drives Debian's Chromium through Playwright against pytest-django's live server. Screenshots go to var/ (not
committed) so a person can look at the layout.
"""

from pathlib import Path

import pytest
from django.conf import settings

from conftest import PASSWORD, new_page  # browser: the shared fixture in conftest.py
from registry.demo import org_body
from registry.models import Organization
from registry.uscc import make_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(settings.VAR_DIR) / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)
NAME = "北京市东城区围棋发展促进会"


def test_an_officer_registers_an_organization_and_the_public_finds_it(browser, live_server, world):
    uscc = make_uscc("1", "110101", org_body(4242))
    page = new_page(browser)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", world.county_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    page.wait_for_url(f"{live_server.url}/staff/")
    assert "我的辖区" in page.inner_text("h1")
    page.screenshot(path=str(SHOTS / "staff-dashboard.png"), full_page=True)

    page.click("text=成立登记 / 备案")
    page.wait_for_url("**/staff/organizations/new/")
    assert page.input_value("input[name=authority]") == "110101"
    page.select_option("select[name=org_type]", "social_group")
    page.fill("input[name=uscc]", uscc)
    page.fill("input[name=name]", NAME)
    page.fill("input[name=legal_rep_name]", "张三")
    page.fill("input[name=legal_rep_id]", "110101199003074477")
    page.fill("input[name=domicile]", "北京市东城区东四十条1号")
    page.fill("input[name=founded_on]", "2024-03-01")
    page.fill("input[name=registered_funds]", "3万")
    page.fill("textarea[name=business_scope]", "围棋交流、培训、比赛组织")
    page.fill("input[name=phone]", "13912345678")
    page.fill("input[name=decision_number]", "京东民登〔2024〕8号")
    page.screenshot(path=str(SHOTS / "staff-register-form.png"), full_page=True)
    page.click("button[type=submit]:has-text('登记')")

    page.wait_for_url(f"**/staff/organizations/{uscc}/")
    assert "登记成功" in page.inner_text(".messages")
    assert page.inner_text("h1") == NAME
    page.screenshot(path=str(SHOTS / "staff-organization.png"), full_page=True)
    assert Organization.objects.get(uscc=uscc).registered_funds == 30000

    public = new_page(browser)  # a new context: an anonymous visitor
    public.goto(f"{live_server.url}/search/")
    public.fill("#id_q", "围棋发展")
    public.press("#id_q", "Enter")
    result = public.locator(".result-name", has_text=NAME)
    result.wait_for()
    public.screenshot(path=str(SHOTS / "public-search.png"), full_page=True)
    result.click()

    public.wait_for_url(f"**/org/{uscc}/")
    assert public.inner_text("h1") == NAME
    facts = public.inner_text(".facts")
    assert "正常" in facts and uscc in facts and "3 万元" in facts and "139****5678" in facts
    assert "13912345678" not in public.content() and "110101199003074477" not in public.content()
    assert "工作人员登录" in public.inner_text("header")  # not logged in
    public.screenshot(path=str(SHOTS / "public-organization.png"), full_page=True)

    public.set_viewport_size({"width": 390, "height": 844})
    public.screenshot(path=str(SHOTS / "public-organization-mobile.png"), full_page=True)


def test_switching_to_english_shows_english_labels(browser, live_server, world):
    page = new_page(browser)
    page.goto(f"{live_server.url}/org/{world.org_a.uscc}/")
    assert "统一社会信用代码" in page.inner_text(".facts")

    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    page.wait_for_selector("html[lang=en]")
    assert page.url.endswith(f"/org/{world.org_a.uscc}/")
    facts = page.inner_text(".facts")
    assert "Unified social credit code" in facts and "Registration authority" in facts and "Active" in facts
    assert "Public search" in page.inner_text("nav.site-nav")
    page.screenshot(path=str(SHOTS / "public-organization-en.png"), full_page=True)

    page.click(".lang-switch button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-Hans]")
    assert "公示查询" in page.inner_text("nav.site-nav")


def test_the_public_search_answers_as_you_type_and_opens_a_result(browser, live_server, world):
    from conftest import org_row
    from registry.services import register_organization

    org = register_organization(world.admin, org_row("110101", 77, name="北京市慈善协会"))
    page = new_page(browser)
    page.goto(f"{live_server.url}/search/")
    page.locator("#id_q").press_sequentially("bjscsxh", delay=60)  # pinyin initials, typed key by key; no Enter
    result = page.locator(".result-name", has_text="北京市慈善协会")
    result.wait_for()
    page.wait_for_url("**/search/?q=bjscsxh*")  # the address follows the query: the result list can be shared
    page.screenshot(path=str(SHOTS / "public-search-as-you-type.png"), full_page=True)
    result.click()
    page.wait_for_url(f"**/org/{org.uscc}/")
    assert page.inner_text("h1") == "北京市慈善协会"
