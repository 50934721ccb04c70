"""The statistics through the HTTP API and the web pages: figures, breakdowns, downloads equal to the page, and
clear bilingual refusals of bad input."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stats.compute import evaluate

from .builders import grades, orgs

pytestmark = pytest.mark.django_db
DAY = date(2024, 6, 30)


@pytest.fixture
def beijing():
    city = orgs(4448, "110000", level="city", founded=date(2010, 1, 1))
    grades(city[:218], "5A")
    grades(city[218:771], "4A")
    grades(city[771:1464], "3A")
    orgs(30, "110101", founded=date(2019, 1, 1))
    orgs(20, "110102", org_type="social_service_agency", founded=date(2022, 1, 1))
    orgs(9, "130104", founded=date(2020, 1, 1))


def test_the_catalogue_defines_every_indicator(client):
    data = client.get(reverse("api-stats-indicators")).json()["indicators"]
    ids = {i["id"] for i in data}
    assert {"REG-ORGS", "REG-GROWTH", "REG-COMMUNITY-PER", "SUP-3A-SHARE", "SUP-INSPECTION", "CRD-LISTED"} <= ids
    share = next(i for i in data if i["id"] == "SUP-3A-SHARE")
    assert share["unit_zh"] == "%" and share["definition_zh"] and share["definition_en"] and "grades" in share["formula"]
    assert [b["id"] for b in share["breakdowns"]] == ["division", "level", "type", "year"]
    page = client.get(reverse("stats:catalogue")).content.decode()
    assert "3A以上等级占登记社会组织比例" in page and "3A and above as a share of registered organizations" in page


def test_the_api_gives_32_9_percent_for_beijing_city_level(client, beijing):
    url = reverse("api-stats-indicator", args=["SUP-3A-SHARE"])
    data = client.get(url, {"as_of": DAY, "division": "110000", "by": "level"}).json()
    city = next(r for r in data["rows"] if r["key"] == "city")
    assert (city["value"], city["numerator"], city["denominator"]) == (32.9, 1464, 4448)
    assert city["label_zh"] == "市级" and data["division_name"] == "北京市" and data["source"] == "live"
    ranking = client.get(reverse("api-stats-indicator", args=["REG-ORGS"]),
                         {"as_of": DAY, "division": "110000", "by": "division"}).json()
    assert [(r["key"], r["value"]) for r in ranking["rows"]] == [("110000", 4448), ("110101", 30), ("110102", 20)]
    assert ranking["rows"][0]["label_zh"] == "北京市（本级）"


def test_downloads_hold_the_figures_of_the_api(client, beijing):
    url = reverse("api-stats-indicator", args=["REG-ORGS"])
    params = {"as_of": DAY, "division": "100000", "by": "type"}
    shown = client.get(url, params).json()
    raw = client.get(url, {**params, "download": "csv"})
    assert raw["Content-Type"].startswith("text/csv") and raw.content.startswith("\ufeff".encode())
    assert 'filename="REG-ORGS_100000_2024-06-30_type.csv"' in raw["Content-Disposition"]
    table = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert table[0][0] == "指标代码 indicator"
    assert [(r[5], r[8]) for r in table[1:]] == [(r["key"], str(r["value"])) for r in shown["rows"]] + [
        ("total", str(shown["total"]["value"]))]
    book = load_workbook(io.BytesIO(client.get(url, {**params, "download": "xlsx"}).content))
    cells = list(book.active.iter_rows(min_row=2, values_only=True))
    assert [(c[5], Decimal(str(c[8]))) for c in cells] == [(r[5], Decimal(r[8])) for r in table[1:]]


def test_the_snapshot_is_used_when_the_day_has_one(client, beijing):
    from django.core.management import call_command

    call_command("stats_snapshot", "--as-of", DAY.isoformat())
    url = reverse("api-stats-indicator", args=["SUP-3A-SHARE"])
    fast = client.get(url, {"division": "110000"}).json()  # default day: the latest snapshot
    assert fast["source"] == "snapshot" and fast["as_of"] == "2024-06-30" and fast["total"]["value"] == 32.5
    exact = client.get(url, {"division": "110000", "as_of": DAY, "exact": "true"}).json()
    assert exact["source"] == "live" and exact["total"] == fast["total"]


@pytest.mark.parametrize(("indicator", "params", "status", "code", "field"), [
    ("NOPE", {}, 404, "STATS-UNKNOWN-INDICATOR", "indicator"),
    ("REG-ORGS", {"by": "colour"}, 400, "STATS-UNKNOWN-BREAKDOWN", "by"),
    ("REG-GROWTH", {"by": "year"}, 400, "STATS-UNKNOWN-BREAKDOWN", "by"),
    ("CHA-CHARITIES", {"by": "category"}, 400, "STATS-UNKNOWN-BREAKDOWN", "by"),
    ("CHA-DONATIONS", {"year": 1999}, 400, "STATS-YEAR-OUT-OF-RANGE", "year"),
    ("REG-ORGS", {"division": "999999"}, 400, "STATS-UNKNOWN-DIVISION", "division"),
    ("REG-ORGS", {"division": "110101", "by": "division"}, 400, "STATS-NO-SUBDIVISIONS", "by"),
    ("REG-ORGS", {"as_of": "2001-01-01"}, 400, "STATS-AS-OF-BEFORE-DATA", "as_of"),
    ("REG-ORGS", {"as_of": "future"}, 400, "STATS-AS-OF-FUTURE", "as_of"),
    ("REG-REGISTRATIONS", {"year": 1999}, 400, "STATS-YEAR-OUT-OF-RANGE", "year"),
    ("REG-GROWTH", {"base_year": 2024}, 400, "STATS-BASE-YEAR", "base_year"),
    ("REG-ORGS", {"as_of": "2024-02-30"}, 400, "INVALID", "as_of"),
])
def test_bad_input_is_refused_in_both_languages(client, indicator, params, status, code, field):
    orgs(3, "110101", founded=date(2010, 1, 1))
    params = {**params, **{key: timezone.localdate() + timedelta(days=1)
                           for key, value in params.items() if value == "future"}}
    response = client.get(reverse("api-stats-indicator", args=[indicator]), {"as_of": DAY, **params})
    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["code"] == code and error["field"] == field
    assert re.search(r"[\u4e00-\u9fff]", error["message_zh"]) and error["message_en"]


def test_the_dashboard_shows_each_chart_with_its_table_and_downloads(client, beijing):
    page = client.get(reverse("stats:dashboard"), {"division": "110000", "as_of": DAY})
    assert page.status_code == 200
    html = page.content.decode()
    assert "北京市（110000）" in html and "统计日 As of 2024-06-30" in html
    panel = re.search(r'<section class="stats-panel panel" id="panel-sup-3a-share-level".*?</section>', html, re.S)
    assert panel and "3A以上等级占登记社会组织比例" in panel.group(0) and "data-chart" in panel.group(0)
    values = re.findall(r'data-value="([^"]*)"', panel.group(0))
    assert values[:2] == ["32.9", "10.0"] or "32.9" in values
    csv_url = re.search(r'href="([^"]+download=csv[^"]*)"', panel.group(0)).group(1).replace("&amp;", "&")
    table = list(csv.reader(io.StringIO(client.get(csv_url).content.decode("utf-8-sig"))))
    assert [r[8] for r in table[1:]] == values
    ranking = re.search(r'id="panel-reg-orgs-division".*?</section>', html, re.S).group(0)
    assert "北京市东城区" in ranking and "北京市西城区" in ranking


def test_an_officer_opens_on_the_own_jurisdiction(client, world, beijing):
    client.force_login(world.county_a)
    html = client.get(reverse("stats:dashboard"), {"as_of": DAY}).content.decode()
    assert "北京市东城区（110101）" in html
    assert 'id="panel-reg-orgs-division"' not in html  # a county has no sub-jurisdictions to rank


def test_the_indicator_page_offers_its_breakdowns_and_refuses_bad_input(client, beijing):
    url = reverse("stats:indicator", args=["REG-GROWTH"])
    html = client.get(url, {"division": "110000", "as_of": DAY, "base_year": 2020, "by": "type"}).content.decode()
    expected = evaluate("REG-GROWTH", DAY, "110000", "type", base_year=2020)
    assert "社会组织数增长率" in html and "基期 Base year：2020" in html
    assert f'data-value="{expected.total["value"]}"' in html
    bad = client.get(url, {"division": "999999", "as_of": DAY})
    assert bad.status_code == 400 and "STATS-UNKNOWN-DIVISION" in bad.content.decode()
    assert "未知的行政区划代码" in bad.content.decode() and "unknown division code" in bad.content.decode()
    missing = client.get(reverse("stats:indicator", args=["NOPE"]))
    assert missing.status_code == 404 and "未知的统计指标" in missing.content.decode()


def test_statistics_are_public_to_every_role(world):
    from socorg.tests.test_access_matrix import ROLES, client_for

    urls = [reverse("stats:dashboard"), reverse("stats:catalogue"), reverse("stats:indicator", args=["REG-ORGS"]),
            reverse("api-stats-indicators"), reverse("api-stats-indicator", args=["REG-ORGS"])]
    for role in ROLES:
        client = client_for(world, role)
        assert [client.get(url).status_code for url in urls] == [200] * len(urls), role


def test_the_dashboard_loads_its_later_panels_as_fragments(client, beijing):
    html = client.get(reverse("stats:dashboard"), {"division": "110000", "as_of": DAY}).content.decode()
    assert html.count('class="stats-panel panel"') == 30
    later = re.search(r'id="panel-cha-charities-division" hx-get="([^"]+)"', html)
    assert later, "the charity ranking loads after the page"
    fragment = client.get(later.group(1).replace("&amp;", "&"))
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert 'id="panel-cha-charities-division"' in body and "慈善组织数" in body and "下载 CSV" in body
    assert "aria-busy" not in body
    bad = client.get(reverse("stats:panel", args=["REG-ORGS", "colour"]), {"as_of": DAY})
    assert bad.status_code == 400 and "STATS-UNKNOWN-PANEL" in bad.content.decode()
    unknown = client.get(reverse("stats:panel", args=["NOPE", "type"]), {"as_of": DAY})
    assert unknown.status_code == 404 and "STATS-UNKNOWN-INDICATOR" in unknown.content.decode()
