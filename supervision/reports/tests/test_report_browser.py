"""An organization submits its annual work report in a real browser, a county officer concludes the inspection,
and the public sees the conclusion. Screenshots go to var/screenshots/ (not committed) for a person to look at."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import signed_in  # browser: the shared fixture in conftest.py
from supervision.models import AnnualReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(settings.VAR_DIR) / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)
LAST_YEAR = timezone.localdate().year - 1
FIGURES = {"income_donations": "50000", "income_government": "20000", "income_service_fees": "15000",
           "income_membership_dues": "10000", "income_other": "5000", "income_total": "100000",
           "expense_programmes": "60000", "expense_administration": "15000", "expense_fundraising": "5000",
           "expense_total": "80000", "total_assets": "500000", "total_liabilities": "100000", "net_assets": "400000",
           "employees": "5", "volunteers": "30", "branches": "0"}


def test_a_report_goes_from_the_organization_to_the_public_page(browser, live_server, world):
    org = signed_in(browser, live_server, world.user_a)
    org.goto(f"{live_server.url}/supervision/reports/mine/")
    assert "我的年度工作报告" in org.inner_text("h1")
    org.click(f"a[href='/supervision/reports/file/?year={LAST_YEAR}']")
    for name, value in {**FIGURES, "income_total": "99000"}.items():
        org.fill(f"input[name={name}]", value)
    org.select_option("select[name=party_organization]", "true")
    org.fill("textarea[name=activities]", "开展会员培训 12 次")
    org.click("main form.form button[type=submit]")
    org.wait_for_selector("[data-code=REPORT-INCOME-TOTAL]")
    org.screenshot(path=str(SHOTS / "report-form-refused.png"), full_page=True)
    assert AnnualReport.objects.count() == 0

    org.fill("input[name=income_total]", "100000")
    org.click("main form.form button[type=submit]")
    org.wait_for_url("**/supervision/reports/*/")
    report = AnnualReport.objects.get(organization=world.org_a)
    org.screenshot(path=str(SHOTS / "report-detail-org.png"), full_page=True)

    officer = signed_in(browser, live_server, world.county_a)
    officer.goto(f"{live_server.url}/supervision/reports/")
    officer.screenshot(path=str(SHOTS / "report-queue.png"), full_page=True)
    officer.goto(f"{live_server.url}/supervision/reports/{report.pk}/review/")
    assert report.state == "awaiting_first_review"  # org_a has a business supervisor: its first review comes first
    officer.select_option("select[name=review_stage]", "first_review")
    officer.select_option("select[name=review_outcome]", "passed")
    officer.click("main form.form button[type=submit]")
    officer.wait_for_url(f"**/supervision/reports/{report.pk}/")
    officer.goto(f"{live_server.url}/supervision/reports/{report.pk}/review/")
    officer.select_option("select[name=review_stage]", "authority")
    officer.select_option("select[name=review_outcome]", "concluded")
    officer.select_option("select[name=conclusion]", "qualified")
    officer.screenshot(path=str(SHOTS / "report-review-form.png"), full_page=True)
    officer.click("main form.form button[type=submit]")
    officer.wait_for_url(f"**/supervision/reports/{report.pk}/")
    report.refresh_from_db()
    assert report.state == "concluded" and report.conclusion == "qualified"

    public = browser.new_page(locale="zh-CN")
    public.goto(f"{live_server.url}/org/{world.org_a.code}/")
    assert "合格" in public.inner_text("main") and "年度工作报告与年检" in public.inner_text("main")
    public.screenshot(path=str(SHOTS / "report-public.png"), full_page=True)
