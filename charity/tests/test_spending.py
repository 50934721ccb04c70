"""Annual spending rules (DOMAIN §6.4) at the boundaries of every tier of the 2016 three-ministry table, the
200,000-yuan management-cost exemption, the three-year average and the first-year exemption; the line-by-line
explanation; and a breach as a credit fact that lists a qualified charity (ABN-4) and refuses its applications."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from charity import rules
from charity.models import Grant
from common.clock import acting_on
from conftest import api_as
from divisions.models import JurisdictionSetting

from .helpers import submit_reports

D = Decimal
TABLE = rules.SPENDING_TABLE
FEN = D("0.01")
EXEMPT = D("200000")


def fig(year, *, income="0", spending="0", mgmt="0", total="0", net="0"):
    return rules.YearFigures(year, D(income), D(spending), D(mgmt), D(total), D(net))


def run(tier, this, prior, founded=date(2010, 1, 1), recognized=None):
    return rules.check_spending(year=2025, org_type="foundation" if tier["class"] == "foundation" else "social_group",
                                public=tier["public"], founded_on=founded, this=this, prior=prior, table=TABLE,
                                mgmt_exempt_below=EXEMPT, recognized_on=recognized)


def base_of(tier):
    """Prior-year figures placing the organization in ``tier``: net assets at the tier's floor (or 2,000,000 for
    the open-ended lowest tiers: 3,000,000 or 900,000), income 1,000,000 (100,000 for O-0 so its 50% income share does not bite)."""
    floor = D(tier["min_net_assets"])
    if not tier["public"] and floor == 0:
        floor = D("3000000") if tier["class"] == "foundation" else D("900000")
    income = D("100000") if tier.get("income_share") else D("1000000")
    return floor, income


@pytest.mark.parametrize("tier", TABLE, ids=[t["tier"] for t in TABLE])
def test_spending_exactly_at_the_ratio_passes_and_one_fen_less_fails(tier):
    net, income = base_of(tier)
    base = income if tier["base"] == "income" else net
    need = (D(tier["spend"]) * base).quantize(FEN)
    prior = [fig(2024, income=str(income), net=str(net))]
    at = run(tier, fig(2025, spending=str(need), mgmt="1000", total=str(need + 1000)), prior)
    assert at.ok and at.tier == tier["tier"], (at.problems, at.lines)
    below = run(tier, fig(2025, spending=str(need - FEN), mgmt="1000", total=str(need + 1000)), prior)
    assert not below.ok and [p.code for p in below.problems] == ["CH-SPENDING"]
    assert below.tier == tier["tier"] and f"{rules.pct(D(tier['spend']))}" in below.problems[0].zh


@pytest.mark.parametrize("tier", TABLE, ids=[t["tier"] for t in TABLE])
def test_management_costs_exactly_at_the_ceiling_pass_and_one_fen_more_fails(tier):
    net, income = base_of(tier)
    prior = [fig(2024, income=str(income), net=str(net))]
    total = D("10000000")  # large enough that the ceiling is above the 200,000 exemption for every tier
    ceiling = (D(tier["mgmt"]) * total).quantize(FEN)
    spending = str(total - ceiling)  # well above every spending requirement
    at = run(tier, fig(2025, spending=spending, mgmt=str(ceiling), total=str(total)), prior)
    assert at.ok, at.problems
    over = run(tier, fig(2025, spending=spending, mgmt=str(ceiling + FEN), total=str(total)), prior)
    assert [p.code for p in over.problems] == ["CH-MGMT"] and rules.pct(D(tier["mgmt"])) in over.problems[0].zh


def test_seventy_percent_exactly_versus_sixty_nine_point_nine_nine():
    tier = TABLE[0]  # F-PUB
    prior = [fig(2024, income="1000000")]
    assert run(tier, fig(2025, spending="700000", mgmt="50000", total="800000"), prior).ok
    low = run(tier, fig(2025, spending="699900", mgmt="50000", total="800000"), prior)
    assert not low.ok and "699,900.00" in low.problems[0].zh and "70.00%" in low.problems[0].zh


@pytest.mark.parametrize("tier", [t for t in TABLE if D(t["min_net_assets"]) > 0], ids=lambda t: t["tier"])
def test_net_assets_at_the_floor_are_in_the_tier_and_one_fen_below_in_the_next(tier):
    cls = "foundation" if tier["class"] == "foundation" else "social_group"
    floor = D(tier["min_net_assets"])
    assert rules.tier_for(TABLE, cls, False, floor)["tier"] == tier["tier"]
    assert rules.tier_for(TABLE, cls, False, floor - FEN)["tier"] != tier["tier"]


def test_the_200000_exemption_at_its_edge():
    tier = TABLE[0]  # F-PUB, ceiling 10%
    prior = [fig(2024, income="1000000")]
    # 199,999.99 of 1,000,000 total spending is 20%: exempt from the ratio (Art. 11)
    exempt = run(tier, fig(2025, spending="800000.01", mgmt="199999.99", total="1000000"), prior)
    assert exempt.ok and exempt.exempt == "management_below_threshold"
    assert any("第十一条" in zh for zh, _ in exempt.lines)
    held = run(tier, fig(2025, spending="800000", mgmt="200000", total="1000000"), prior)
    assert [p.code for p in held.problems] == ["CH-MGMT"] and "20.00%" in held.problems[0].zh


def test_the_three_year_average_may_replace_the_prior_year():
    tier = TABLE[0]
    prior = [fig(2024, income="3000000"), fig(2023, income="1000000"), fig(2022, income="500000")]
    # 70% of 2024's 3,000,000 is 2,100,000; of the average 1,500,000 it is 1,050,000 (Art. 10)
    passed = run(tier, fig(2025, spending="1050000", mgmt="100000", total="1200000"), prior)
    assert passed.ok and passed.figures["required_average"] == D("1050000.00")
    assert any("三部门规定第十条" in zh for zh, _ in passed.lines)
    failed = run(tier, fig(2025, spending="1049999.99", mgmt="100000", total="1200000"), prior)
    assert not failed.ok and "1,500,000.00" in failed.problems[0].zh
    # with only two prior reports the average does not apply
    short = run(tier, fig(2025, spending="1050000", mgmt="100000", total="1200000"), prior[:2])
    assert not short.ok and any("不适用三年平均" in zh for zh, _ in short.lines)


def test_the_smallest_social_groups_income_share_with_the_average():
    tier = next(t for t in TABLE if t.get("income_share"))
    prior = [fig(2024, income="400000", net="500000"), fig(2023, income="100000", net="500000"),
             fig(2022, income="100000", net="500000")]
    # 50% of 2024's 400,000 is 200,000; of the 3-year average 200,000 it is 100,000
    ok = run(tier, fig(2025, spending="100000", mgmt="1000", total="120000"), prior)
    assert ok.ok, ok.problems
    low = run(tier, fig(2025, spending="99999.99", mgmt="1000", total="120000"), prior)
    assert [p.code for p in low.problems] == ["CH-SPENDING"] and "第九条第四项" in low.problems[0].zh


def test_first_year_exemption_counts_from_registration_or_recognition():
    tier = TABLE[0]
    this = fig(2025, spending="1", mgmt="0", total="1")
    prior = [fig(2024, income="1000000")]
    assert run(tier, this, prior, founded=date(2025, 1, 2)).exempt == "first_year"
    assert not run(tier, this, prior, founded=date(2025, 1, 1)).ok  # a full year on 1 January
    recognized = run(tier, this, prior, founded=date(2010, 1, 1), recognized=date(2025, 3, 1))
    assert recognized.exempt == "first_year" and any("认定" in zh and "第十二条" in zh for zh, _ in recognized.lines)
    assert not run(tier, this, prior, founded=date(2010, 1, 1), recognized=date(2024, 3, 1)).ok


def test_the_explanation_walks_every_step():
    tier = TABLE[1]  # O-PUB
    result = run(tier, fig(2025, spending="600000", mgmt="300000", total="1000000"), [fig(2024, income="1000000")])
    text = "\n".join(zh for zh, _ in result.lines)
    for part in ("具有公开募捐资格", "档次 O-PUB", "上年总收入 1,000,000.00 元 × 70.00% = 应支出 700,000.00 元",
                 "慈善活动支出 600,000.00 元：未达到标准", "30.00%", "上限 13.00% = 130,000.00 元：超过"):
        assert part in text, text
    assert len(result.lines) == len([en for _, en in result.lines]) and all(en for _, en in result.lines)


# --- through the register, the credit lists and the applications ---------------------------------------------

def grant(org, kind, on):
    return Grant.objects.create(organization=org, kind=kind, granted_on=on,
                                certificate_number=f"T{org.code}{kind[0]}{on:%y%m%d}")


@pytest.fixture
def qualified_breach(world):
    """org_a (a social group) recognized in 2020 and qualified in 2021; its 2025 report (submitted 2026-05-01)
    spends 60,000 of 2024's income of 100,000: below 70% (tier O-PUB)."""
    grant(world.org_a, "recognition", date(2020, 3, 1))
    grant(world.org_a, "qualification", date(2021, 3, 1))
    with acting_on(date(2026, 5, 1)):
        submit_reports(world.user_a, world.org_a, (2024, 2025))
    return world


def test_a_breach_lists_a_qualified_charity_and_is_explained_on_the_credit_page(qualified_breach):
    world = qualified_breach
    body = api_as(None).get(reverse("api-credit-profile", kwargs={"code": world.org_a.code})).json()
    text = str(body)
    assert "ABN-4" in text, text[:2000]
    assert "不再符合资格条件" in text and "60,000.00" in text and "70.00%" in text
    from common.clock import today
    from credit.sweep import sweep

    sweep(today())  # the lists are the nightly sweep's cache
    listed = api_as(None).get(reverse("api-credit-abnormal-list")).json()
    assert world.org_a.code in str(listed)
    # the qualification and recognition checks name the breach and the list
    data = api_as(world.user_a).get(reverse("api-charity-eligibility", kwargs={"code": world.org_a.code}),
                                    {"kind": "recognition"}).json()
    rules_named = [r["rule"] for r in data["refusals"]]
    assert "CREDIT-ELIG-LISTED" in rules_named
    # the officer's workbench lists the breach with its reason, linked to the explanation
    from django.test import Client

    client = Client()
    client.force_login(world.county_a)
    html = client.get(reverse("charity:workbench")).content.decode()
    section = html[html.index('id="breaches"'):]
    assert "2025" in section and "CH-SPENDING" in section and world.org_a.name in section
    # the organization's charity page explains the year line by line
    page = client.get(reverse("charity:organization", kwargs={"code": world.org_a.code})).content.decode()
    explained = page[page.index('id="spending-explanation"'):]
    assert "档次 O-PUB" in explained and "应支出 70,000.00 元" in explained


def test_a_corrected_report_removes_the_fact(qualified_breach):
    from supervision.models import AnnualReport
    from supervision.reports.services import resubmit_report

    world = qualified_breach
    report = AnnualReport.objects.get(organization=world.org_a, year=2025)
    from .helpers import report_figures

    with acting_on(date(2026, 5, 2)):
        resubmit_report(world.user_a, report, {**report_figures(expense_programmes="70000.00",
                                                                  expense_total="90000.00"),
                                               "correction_note": "慈善活动支出漏记"})
    body = api_as(None).get(reverse("api-credit-profile", kwargs={"code": world.org_a.code})).json()
    assert "不再符合资格条件" not in str(body)


def test_an_unqualified_charity_breach_is_information_and_the_setting_can_turn_listing_off(world):
    grant(world.org_a, "recognition", date(2020, 3, 1))
    with acting_on(date(2026, 5, 1)):
        # a non-public social group with net assets 400,000 (O-0): spends 40,000, below 50% of income 100,000
        submit_reports(world.user_a, world.org_a, (2024, 2025), {2025: {"expense_programmes": "40000.00",
                                                                        "expense_total": "60000.00"}})
    from credit.sweep import derive_for

    facts = derive_for([world.org_a], date(2026, 6, 1))[world.org_a.pk].facts
    found = [f for ref, f in facts.items() if ref.startswith("ch:spending:")]
    assert [f.kind for f in found] == ["inspection"] and "第九条第四项" in found[0].summary_zh
    grant(world.org_a, "qualification", date(2021, 3, 1))
    listed = derive_for([world.org_a], date(2026, 6, 1))[world.org_a.pk]
    assert [f.kind for r, f in listed.facts.items() if r.startswith("ch:spending:")] == ["fundraising_inactive"]
    JurisdictionSetting.objects.create(division_id=world.org_a.authority_id, key="CHARITY_SPENDING_BREACH_GROUND",
                                       value="information", effective_from=date(2000, 1, 1))
    off = derive_for([world.org_a], date(2026, 6, 1))[world.org_a.pk]
    assert [f.kind for r, f in off.facts.items() if r.startswith("ch:spending:")] == ["inspection"]
