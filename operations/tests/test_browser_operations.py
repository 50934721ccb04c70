"""In a real browser: an administrator opens 运行维护 from the navigation, reads the health of each part with its
colour and reason, and checks the audit chain with one click."""

import pytest

from conftest import screenshot_path, signed_in  # browser: the shared fixture in conftest.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_administrator_reads_the_operations_page_and_checks_the_audit_chain(browser, live_server, world, settings,
                                                                               tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.CELERY_BROKER_URL = ""
    page = signed_in(browser, live_server, world.admin)
    page.locator("nav.site-nav a", has_text="运行维护").click()
    page.wait_for_url("**/operations/")
    database = page.locator('#health tr[data-check="database"]')
    assert "数据库" in database.inner_text() and "正常" in database.inner_text()
    green = database.locator(".badge").evaluate("e => getComputedStyle(e).color")
    broker = page.locator('#health tr[data-check="broker"]')
    assert "未配置" in broker.inner_text() and "定时任务由其命令直接运行" in broker.inner_text()
    assert broker.locator(".badge").evaluate("e => getComputedStyle(e).color") != green  # grey, not green
    assert "credit-daily-sweep" in page.locator("#jobs").inner_text()
    assert "备份目录中还没有备份" in page.inner_text("main")
    page.get_by_role("button", name="立即校验审计链").click()
    page.wait_for_url("**/operations/")
    assert "每一环均完整" in page.locator("#chain-result").inner_text()
    page.screenshot(path=screenshot_path("operations.png"), full_page=True)


def test_an_officer_sees_no_operations_entry(browser, live_server, world):
    page = signed_in(browser, live_server, world.county_a)
    assert page.locator("nav.site-nav a", has_text="运行维护").count() == 0
