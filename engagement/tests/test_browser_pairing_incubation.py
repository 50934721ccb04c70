"""In a real browser: an organization paired with a designated key county adds a project (dates in the wrong order
refused on the page) and reports progress, and the public pairing page shows the county's funds and beneficiaries;
an incubation base admits an organization and records how it left (a date before the base opened refused), and
the public base page shows it."""

from datetime import date

import pytest

from conftest import new_page, screenshot_path, signed_in
from engagement import services
from engagement.models import IncubationBase, PairingProject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_paired_organization_reports_progress_and_the_county_total_is_public(browser, live_server, world):
    services.designate_county(world.province, {"county": "110101", "document_number": "京乡振发〔2026〕3号",
                                               "issued_by": "北京市乡村振兴局", "designated_on": "2026-01-05"})
    pairing = services.create_pairing(world.user_a, {"programme": "key_county", "county": "110101",
                                                     "organization": world.org_a.code, "starts_on": "2026-01-01",
                                                     "ends_on": "2026-12-31"})
    page = signed_in(browser, live_server, world.user_a)
    page.goto(f"{live_server.url}/engagement/pairing/{pairing.pk}/")
    project = page.locator("#form-project")
    project.locator("input[name=name]").fill("东城区特色农产品产销帮扶")
    project.locator("input[name=budget]").fill("100000")
    project.locator("input[name=starts_on]").fill("2026-06-01")
    project.locator("input[name=ends_on]").fill("2026-03-01")
    project.locator("button[type=submit]").click()
    page.wait_for_selector("#form-project .problem")
    assert not PairingProject.objects.exists()
    project = page.locator("#form-project")
    project.locator("input[name=ends_on]").fill("2026-12-31")
    project.locator("button[type=submit]").click()
    page.wait_for_selector("#form-progress")
    progress = page.locator("#form-progress")
    progress.locator("input[name=invested]").fill("30000")
    progress.locator("input[name=direct_purchases]").fill("5000")
    progress.locator("input[name=sales_help]").fill("8000")
    progress.locator("input[name=beneficiaries]").fill("120")
    with page.expect_navigation():
        progress.locator("button[type=submit]").click()
    assert page.locator("#form-progress .problem").count() == 0, page.inner_text("#form-progress")
    assert PairingProject.objects.get().progress.count() == 1

    public = new_page(browser)
    public.goto(f"{live_server.url}/engagement/")
    public.click("main >> text=结对帮扶")
    row = public.locator("#county-progress tr", has_text="东城区")
    text = row.inner_text()
    assert "30,000" in text or "30000" in text
    assert "120" in text
    assert "京乡振发〔2026〕3号" in public.inner_text("#key-counties")
    public.screenshot(path=str(screenshot_path("engagement-pairing.png")), full_page=True)


def test_an_incubation_base_admits_and_graduates_an_organization_on_its_page(browser, live_server, world):
    base = services.create_base(world.county_a, {"name": "东城区社会组织孵化基地", "division": "110101",
                                                 "operator": world.org_a.code, "opened_on": "2025-03-01"})
    page = signed_in(browser, live_server, world.user_a)
    page.goto(f"{live_server.url}/engagement/incubation/{base.pk}/")
    admit = page.locator("#form-admit")
    admit.locator("input[name=name]").fill("东城区邻里互助社")
    admit.locator("input[name=entered_on]").fill("2025-01-15")
    admit.locator("button[type=submit]").click()
    page.wait_for_selector("#form-admit .problem[data-code=INC-DATES]")
    assert not IncubationBase.objects.get().incubations.exists()
    page.locator("#form-admit input[name=entered_on]").fill("2025-04-01")
    page.locator("#form-admit button[type=submit]").click()
    page.wait_for_selector("#incubations >> text=东城区邻里互助社")
    graduate = page.locator("#form-graduate")
    graduate.locator("select[name=outcome]").select_option("left")
    graduate.locator("input[name=graduated_on]").fill(date(2025, 10, 8).isoformat())
    with page.expect_navigation():
        graduate.locator("button[type=submit]").click()
    assert page.locator("#form-graduate .problem").count() == 0, page.inner_text("#form-graduate")
    assert "出孵结果已记录" in page.inner_text("body")

    public = new_page(browser)
    public.goto(f"{live_server.url}/engagement/incubation/")
    public.click(f"text={base.name}")
    row = public.locator("#incubations tr", has_text="东城区邻里互助社")
    assert "2025-10-08" in row.inner_text()
    public.screenshot(path=str(screenshot_path("engagement-incubation.png")), full_page=True)
