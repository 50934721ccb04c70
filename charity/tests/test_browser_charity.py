"""In a real browser: a qualified charity files an emergency plan, records a receipt and a disbursement, discloses
its receipts; a member of the public then follows the money from the public plan list to the plan's ledger.

Drives Debian's Chromium through Playwright against pytest-django's live server."""

from datetime import timedelta

import pytest

from charity.models import FundraisingPlan, LedgerTransaction
from common.clock import today
from conftest import new_page, screenshot_path, signed_in

from .helpers import qualify, submit_reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_plan_receipt_disbursement_and_disclosure_then_the_public_follows_the_money(browser, live_server, world):
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    qualify(world)
    page = signed_in(browser, live_server, world.user_a)
    page.goto(f"{live_server.url}/charity/org/{world.org_a.code}/")
    page.click("text=备案公开募捐方案")
    start = (today() - timedelta(days=3)).isoformat()
    end = (today() + timedelta(days=30)).isoformat()
    for name, value in {"purpose": "洪涝灾害应急救助", "starts_on": start, "ends_on": end, "area": "北京市东城区",
                        "person_in_charge": "李四", "office_address": "北京市东城区东四十条 1 号",
                        "account_bank": "工商银行", "account_name": "测试慈善会", "account_number": "0200001234567890",
                        "online_platform": "腾讯公益", "target_amount": "100000"}.items():
        page.fill(f"input[name={name}]", value)
    for name, value in {"beneficiaries": "受灾群众", "use_of_funds": "采购救灾物资", "fundraising_cost": "不从善款列支",
                        "residual_property": "转入同类救灾项目"}.items():
        page.fill(f"textarea[name={name}]", value)
    page.check("input[name=emergency]")
    page.click("button[type=submit]:has-text('提交备案')")
    page.wait_for_selector("#filing-number")
    plan = FundraisingPlan.objects.get()
    assert page.inner_text("#filing-number") == plan.filing_number

    page.click("text=登记收款")
    page.select_option("select[name=donor_kind]", "person")
    page.fill("input[name=donor_name]", "王五")
    page.select_option("select[name=channel]", "bank")
    page.fill("input[name=external_id]", "BANK-77")
    page.fill("input[name=received_on]", today().isoformat())
    page.fill("input[name=amount]", "-5")
    page.click("button[type=submit]:has-text('登记')")
    assert "MONEY-NEGATIVE" in page.inner_text("main")
    page.fill("input[name=amount]", "8800.00")
    page.click("button[type=submit]:has-text('登记')")
    page.wait_for_selector("#total-received")
    assert page.inner_text("#total-received") == "8800.00"

    page.click("text=登记拨付")
    page.select_option("select[name=recipient_kind]", "organization")
    page.fill("input[name=recipient_name]", "东城区第一敬老院")
    page.fill("input[name=amount]", "3000.00")
    page.fill("input[name=memo]", "采购矿泉水")
    page.click("button[type=submit]:has-text('登记')")
    page.wait_for_selector("#total-held")
    assert page.inner_text("#total-held").startswith("5800.00")

    page.click("text=公开募捐情况")
    page.fill("input[name=amount_received]", "8800.00")
    page.fill("textarea[name=use_so_far]", "已拨付 3000 元")
    page.click("button[type=submit]:has-text('发布公开信息')")
    page.wait_for_selector("#total-held")
    page.screenshot(path=screenshot_path("charity-plan.png"), full_page=True)

    public = new_page(browser)
    public.goto(f"{live_server.url}/")
    public.click("nav.site-nav >> text=慈善组织")
    public.click("text=已备案的公开募捐方案")
    public.click(f"text={plan.filing_number}")
    body = public.inner_text("main")
    assert "洪涝灾害应急救助" in body and "东城区第一敬老院" in body and "采购矿泉水" in body
    assert "王五" not in body and "个人捐赠者" in body and "已拨付 3000 元" in body
    assert public.inner_text("#total-received") == "8800.00"
    assert LedgerTransaction.objects.filter(kind="disbursement").count() == 1
