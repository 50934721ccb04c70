"""In a real browser: a seriously listed organization shows the red 严重违法失信名单 badge in the search results and
in its page header, and one click on it reaches the rule and the listing date; the bulk check page checks pasted
names, downloads the answers and refuses more than 1,000 entries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import new_page, screenshot_path  # browser: the shared fixture in conftest.py
from credit.models import ListEntry
from credit.services import publish_illegal_batch
from credit.sweep import sweep

from .helpers import fact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_seriously_listed_organization_shows_the_red_badge_and_its_rule_one_click_away(browser, live_server, world):
    today = timezone.localdate()
    fact(world.org_b, "court_dishonest_debtor", today - timedelta(days=60))
    sweep(today)
    entry = ListEntry.objects.get(organization=world.org_b, list_kind="serious")
    page = new_page(browser)

    page.goto(f"{live_server.url}/search/?q={world.org_b.code}")
    result = page.locator(".result", has_text=world.org_b.name)
    badge = result.locator(".standing")
    assert badge.inner_text().strip().endswith("严重违法失信名单")
    color = badge.evaluate("e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(163, 22, 27)"  # red (--bad), not the green of 正常
    assert f"自 {entry.start_on.isoformat()} 起列入严重违法失信名单（SER-6）" in result.inner_text()  # the reason in words
    page.screenshot(path=screenshot_path("standing-search.png"), full_page=True)

    result.locator(".result-name").click()
    page.wait_for_url(f"**/org/{world.org_b.code}/")
    header = page.locator(".org-head")
    assert "严重违法失信名单" in header.locator(".standing").inner_text()
    page.screenshot(path=screenshot_path("standing-header.png"), full_page=True)

    header.locator(".standing").click()
    page.wait_for_url(f"**/credit/org/{world.org_b.code}/#entry-serious-{entry.start_on.isoformat()}")
    target = page.locator(f"#entry-serious-{entry.start_on.isoformat()}")
    text = target.inner_text()
    assert "SER-6" in text and entry.start_on.isoformat() in text and target.is_visible()


def test_the_bulk_check_page_answers_downloads_and_refuses_over_1000(browser, live_server, world):
    publish_illegal_batch(world.national, {"authority": "100000", "title": "涉嫌非法社会组织名单", "batch_number": "第三批",
                                           "published_on": "2025-03-01",
                                           "organizations": [{"name": "中国书画艺术研究院", "aliases": ["中国书画院"]}]})
    page = new_page(browser)
    page.goto(f"{live_server.url}/credit/check/")
    page.click("a[href='/credit/check/bulk/']")
    page.wait_for_url("**/credit/check/bulk/")
    page.fill("#id_queries", "\n".join([world.org_a.code, "中国书画院", world.org_b.code[:17] + "Y"]))
    page.click("button[value='']")
    page.locator("#bulk-results").wait_for()
    table = page.inner_text("#bulk-results")
    assert world.org_a.name in table and "正常" in table
    assert "涉嫌非法社会组织" in table and "第三批" in table and "代码无效" in table
    page.screenshot(path=screenshot_path("check-bulk.png"), full_page=True)

    with page.expect_download() as info:
        page.click("button[value='csv']")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    content = open(download.path(), "rb").read()
    assert content.startswith("\ufeff".encode()) and "中国书画院".encode() in content

    page.fill("#id_queries", "\n".join(f"协会{i}" for i in range(1001)))
    page.click("button[value='']")
    page.locator(".notice-error").wait_for()
    assert "一次最多查询 1000 个名称或代码" in page.inner_text(".notice-error")
