"""An officer types a look-alike name in the registration form in a real browser, sees the hit with its score
and features, is refused without a reason, and confirms with one (Playwright, Debian's Chromium)."""

import pytest

from audit.models import AuditEvent
from conftest import PASSWORD, new_page  # browser: the shared fixture in conftest.py
from credit.services import publish_illegal_batch
from registry.demo import org_body
from registry.models import Organization
from registry.uscc import make_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "中华书画研究院"  # the alias below without 艺术, under another national prefix


def test_a_look_alike_name_is_shown_with_its_score_and_confirmed_with_a_reason(browser, live_server, world):
    publish_illegal_batch(world.national, {
        "authority": "100000", "title": "第八批涉嫌非法社会组织名单", "published_on": "2026-02-01",
        "organizations": [{"name": "中国国学文化促进总会", "aliases": ["中国书画艺术研究院"]}]})
    uscc = make_uscc("1", "110101", org_body(4343))
    page = new_page(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", world.county_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    page.wait_for_url(f"{live_server.url}/staff/")

    page.goto(f"{live_server.url}/staff/organizations/new/")
    page.select_option("select[name=org_type]", "social_group")
    page.fill("input[name=uscc]", uscc)
    page.fill("input[name=name]", NAME)
    page.fill("input[name=legal_rep_name]", "李四")
    page.fill("input[name=domicile]", "北京市东城区东四十条2号")
    page.fill("input[name=founded_on]", "2024-03-01")
    page.fill("input[name=registered_funds]", "3万")
    page.click("button[type=submit]:has-text('登记')")

    hits = page.locator("#screening-hits")
    hits.wait_for()
    text = hits.inner_text()
    assert "中国国学文化促进总会" in text and "中国书画艺术研究院" in text and "涉嫌非法社会组织" in text
    score = float(page.inner_text(".screening-hit .screening-score"))
    assert 0.75 <= score <= 1.0
    assert "插入/删除通用词：艺术" in text and "冠名变体" in text
    assert not Organization.objects.filter(uscc=uscc).exists()

    page.check("input[name=screening_confirmed]")
    page.click("button[type=submit]:has-text('登记')")
    problem = page.locator("#field-screening_reason .problem")
    problem.wait_for()
    assert "NAME-SCREEN-REASON" in problem.inner_text() and "理由" in problem.inner_text()
    assert not Organization.objects.filter(uscc=uscc).exists()

    page.check("input[name=screening_confirmed]")
    page.fill("textarea[name=screening_reason]", "经核实，系本区书画团体，与名单所列组织无关")
    page.click("button[type=submit]:has-text('登记')")
    page.wait_for_url(f"**/staff/organizations/{uscc}/")
    assert page.inner_text("h1") == NAME
    org = Organization.objects.get(uscc=uscc)
    override = AuditEvent.objects.get(action="organization.screening_override", object_id=org.code)
    assert override.reason == "经核实，系本区书画团体，与名单所列组织无关"
