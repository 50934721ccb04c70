"""In a real browser: a charity admits an undergraduate to its one-off grant and is refused because the student is
on the county's imported aid list (the rule and the earlier aid named, nothing written), admits another and the
public sees counts only; a shipment of oxygen concentrators is confirmed (more than shipped refused first) and a
member of the public follows the navigation to the coverage page, which lists the homes still waiting by county.

Drives Debian's Chromium through Playwright against pytest-django's live server."""

from datetime import timedelta

import pytest
from django.urls import reverse

from charity.models import Beneficiary, ReceiptConfirmation
from common.clock import today
from conftest import api_as, new_page, screenshot_path, signed_in

from .helpers import qualify, submit_reports
from .test_beneficiaries import GRANT, aid_csv, idn, import_list, project
from .test_distribution import HOMES, post
from .test_distribution import create as create_programme
from .test_ledger import donate
from .test_plans import file, plan_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def funded_plan(world):
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    qualify(world)
    plan = file(world.user_a, world.org_a, dict(plan_body(start_in=-5, length=60), emergency=True)).json()
    assert donate(world.user_a, plan, amount="50000.00").status_code == 201
    return plan


def test_a_student_on_the_county_aid_list_is_refused_with_the_earlier_aid_named(browser, live_server, world,
                                                                                tmp_path):
    plan = funded_plan(world)
    grant = project(world, plan, "助学：本科新生一次性资助", **GRANT)
    listed, fresh = idn("20070901", 41), idn("20070305", 42)
    assert import_list(world.county_a, aid_csv(tmp_path, [[listed, "F-7", "3000", "2026-08-21"]])).status_code == 201

    page = signed_in(browser, live_server, world.user_a)
    page.goto(f"{live_server.url}{reverse('charity:project', kwargs={'pk': grant['id']})}")
    page.click("text=受益人与受益条件")
    assert "不得与市级、县级救助兼得" in page.inner_text("#rules")
    page.click("text=纳入受益人")
    page.fill("input[name=name]", "王同学")
    page.fill("input[name=id_number]", listed)
    page.fill("input[name=household]", "F-7")
    page.fill("input[name=admission_year]", str(today().year))
    page.click("button[type=submit]:has-text('登记')")
    body = page.inner_text("main")
    assert "BENEF-NOT-COMBINABLE-LIST" in body and "东城区大学新生入学资助" in body and "2026-08-21" in body
    assert Beneficiary.objects.count() == 0
    page.fill("input[name=name]", "赵同学")
    page.fill("input[name=id_number]", fresh)
    page.fill("input[name=household]", "F-8")
    page.click("button[type=submit]:has-text('登记')")
    page.wait_for_selector("#beneficiaries")
    table = page.inner_text("#beneficiaries")
    assert "赵同学" in table and fresh[:6] + "********" + fresh[-4:] in table and fresh not in table
    page.screenshot(path=screenshot_path("charity-beneficiaries.png"), full_page=True)

    public = new_page(browser)
    public.goto(f"{live_server.url}{reverse('charity:project', kwargs={'pk': grant['id']})}")
    public.click("#project-served")
    assert public.inner_text("#served-beneficiaries") == "1"
    assert "赵同学" not in public.inner_text("main") and fresh not in public.content()


def test_a_shipment_is_confirmed_and_the_public_finds_the_coverage_by_county(browser, live_server, world):
    made = create_programme(world)
    pk = made.json()["id"]
    post(world.user_a, "api-charity-programme-institutions", pk,
         {"institutions": [{"stable_id": s, "name": n, "county": c, "residents": r} for s, n, c, r in HOMES]})
    allocation = post(world.user_a, "api-charity-programme-allocations", pk,
                      {"institution": "NH-DC-01", "goods": "制氧机", "quantity": "2"}).json()
    shipment = post(world.user_a, "api-charity-programme-shipments", pk,
                    {"allocation": allocation["id"], "quantity": "2",
                     "shipped_on": (today() - timedelta(days=2)).isoformat()}).json()

    page = signed_in(browser, live_server, world.user_a)
    page.goto(f"{live_server.url}{reverse('charity:programme', kwargs={'pk': pk})}")
    page.click(f"tr[data-shipment='{shipment['public_id']}'] >> text=确认签收")
    page.fill("input[name=quantity]", "3")
    page.fill("input[name=signed_by]", "王院长")
    page.click("button[type=submit]:has-text('登记')")
    assert "DIST-RECEIPT-EXCEEDS" in page.inner_text("main")
    assert ReceiptConfirmation.objects.count() == 0
    page.fill("input[name=quantity]", "2")
    page.click("button[type=submit]:has-text('登记')")
    page.wait_for_selector(f"tr[data-shipment='{shipment['public_id']}'] td.received")
    assert page.inner_text(f"tr[data-shipment='{shipment['public_id']}'] td.received") == "2"

    public = new_page(browser)
    public.goto(f"{live_server.url}/")
    public.click("nav.site-nav >> text=慈善组织")
    public.click("text=物资发放台账")
    public.click(f"text={made.json()['public_id']}")
    public.click("text=哪些符合条件的机构尚未收到")
    assert public.inner_text("#total-received") == "1" and public.inner_text("#total-not-received") == "3"
    waiting = public.inner_text("main")
    assert "东城区第二敬老院" in waiting and "西城区敬老院" in waiting
    public.screenshot(path=screenshot_path("charity-coverage.png"), full_page=True)
    csv_body = api_as(None).get(reverse("charity:coverage_csv", kwargs={"pk": pk})).content.decode("utf-8-sig")
    assert csv_body.strip().splitlines()[-1].startswith("合计,,4,1,1,1,3")
