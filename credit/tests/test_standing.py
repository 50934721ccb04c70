"""One standing badge wherever an organization is shown (search web and API, the organization page header, the
check web and API, exports), computed from the status and the lists as of the date read."""

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import api_as, org_row
from credit import standing
from credit.models import ListEntry
from credit.sweep import sweep
from registry.services import record_event, register_organization

from .helpers import fact

TODAY = timezone.localdate()


def listed_serious(world):
    """org_b is listed on the serious list (SER-6: a court's dishonest-debtor notice) and the sweep ran."""
    fact(world.org_b, "court_dishonest_debtor", TODAY - timedelta(days=60))
    sweep(TODAY)
    entry = ListEntry.objects.get(organization=world.org_b, list_kind="serious")
    assert entry.start_on <= TODAY and entry.end_on is None
    return entry


def page(url, **params) -> str:
    response = Client().get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_search_results_show_the_serious_list_badge_with_its_reason_and_link(world):
    entry = listed_serious(world)
    html = page("/search/", q="测试")
    anchor = f"/credit/org/{world.org_b.code}/#entry-serious-{entry.start_on.isoformat()}"
    assert 'class="standing standing-danger"' in html and "严重违法失信名单" in html
    assert anchor in html  # the rule and the listing date are one click away
    assert f"自 {entry.start_on.isoformat()} 起列入严重违法失信名单（SER-6）" in html  # the reason in words
    assert html.count("standing-ok") == 3  # the other three are 正常, in green
    listed_page = page(anchor.split("#")[0])
    assert f'id="entry-serious-{entry.start_on.isoformat()}"' in listed_page and "SER-6" in listed_page


def test_the_badge_is_as_of_the_date_read(world):
    entry = listed_serious(world)
    before = (entry.start_on - timedelta(days=1)).isoformat()
    html = page("/search/", q=world.org_b.code, as_of=before)
    assert "standing-danger" not in html and 'data-standing="normal"' in html
    header = page(f"/org/{world.org_b.code}/", as_of=before)
    assert "standing-danger" not in header and 'data-standing="normal"' in header
    assert 'data-standing="serious"' in page(f"/org/{world.org_b.code}/", as_of=entry.start_on.isoformat())


def test_the_organization_page_header_shows_the_badge(world):
    entry = listed_serious(world)
    html = page(f"/org/{world.org_b.code}/")
    head = html[html.index('<header class="org-head">'):html.index("</header>", html.index('<header class="org-head">'))]
    assert "standing-danger" in head and "严重违法失信名单" in head and f"entry-serious-{entry.start_on}" in head


def test_a_page_of_results_costs_one_query_for_its_list_entries(world):
    listed_serious(world)
    for index in range(30, 50):
        register_organization(world.admin, org_row("110101", index))
    from registry.models import Organization

    orgs = list(Organization.objects.all())
    with CaptureQueriesContext(connection) as few:
        standing.standings(orgs[:2])
    with CaptureQueriesContext(connection) as many:
        found = standing.standings(orgs)
    assert len(few) == len(many) == 1
    assert found[world.org_b.pk].value == "serious" and found[world.org_a.pk].value == "normal"


def test_the_api_search_and_list_carry_the_standing(world):
    entry = listed_serious(world)
    rows = api_as(None).get("/api/v1/organizations/", {"q": world.org_b.code}).json()["results"]
    badge = rows[0]["standing"]
    assert badge["value"] == "serious" and badge["label_zh"] == "严重违法失信名单" and badge["tone"] == "danger"
    assert badge["since"] == entry.start_on.isoformat() and badge["rules"] == ["SER-6"]
    assert badge["explanation_url"].endswith(f"#entry-serious-{entry.start_on.isoformat()}")
    listed = {r["code"]: r["standing"]["value"] for r in api_as(None).get("/api/v1/organizations/").json()["results"]}
    assert listed[world.org_b.code] == "serious" and listed[world.org_a.code] == "normal"
    detail = api_as(None).get(f"/api/v1/organizations/{world.org_b.code}/").json()
    assert detail["standing"]["value"] == "serious"


def test_the_check_shows_the_badge_on_the_web_and_in_the_api(world):
    entry = listed_serious(world)
    html = page("/credit/check/", q=world.org_b.code)
    assert "standing-danger" in html and f"entry-serious-{entry.start_on.isoformat()}" in html
    body = api_as(None).get("/api/v1/public/check/", {"q": world.org_b.code}).json()
    assert body["matches"][0]["standing"]["value"] == "serious"
    bulk = api_as(None).post("/api/v1/public/check/", {"queries": [world.org_b.code, world.org_a.name]},
                             format="json").json()
    assert [r["matches"][0]["standing"]["value"] for r in bulk["results"]] == ["serious", "normal"]


def test_a_revoked_organization_is_never_answered_registered_without_its_status(world):
    revoked_on = TODAY - timedelta(days=20)
    record_event(world.admin, world.org_a, kind="revocation", effective_on=revoked_on, reason="弄虚作假骗取登记")
    sweep(TODAY)
    body = api_as(None).get("/api/v1/public/check/", {"q": world.org_a.code}).json()
    match = body["matches"][0]
    first_zh = match["answer_zh"].split("。")[0]
    first_en = match["answer_en"].split(". ")[0]
    assert "已登记" in first_zh and "已撤销" in first_zh and revoked_on.isoformat() in first_zh
    assert "registered" in first_en and "Registration revoked" in first_en
    assert match["standing"]["value"] == "revoked" and match["standing"]["tone"] == "danger"
    html = page("/search/", q=world.org_a.code)
    assert "standing-danger" in html and "已撤销" in html
    english = api_as(None).get("/api/v1/public/check/", {"q": world.org_a.code}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["matches"][0]["answer_zh"] == match["answer_zh"]  # each language in its own field


def test_the_export_has_a_standing_column_and_imports_again(world):
    entry = listed_serious(world)
    response = api_as(world.county_b).get("/api/v1/exports/", {"format": "csv"})
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["信用与登记状态"].startswith("严重违法失信名单（自 " + entry.start_on.isoformat())
    from registry.importer import HEADER_ALIASES, _header_key

    assert HEADER_ALIASES[_header_key("信用与登记状态")] == "standing"  # recognized, and skipped on import


def test_an_upheld_objection_shows_on_the_register_page_as_the_corrected_fact_dated(world):
    from credit.services import decide_objection, file_objection

    court = fact(world.org_a, "court_dishonest_debtor", TODAY - timedelta(days=20))
    sweep(TODAY)
    assert 'data-standing="serious"' in page(f"/org/{world.org_a.code}/")
    case = file_objection(world.user_a, world.org_a, court.ref, "该案件已执行完毕")
    decide_objection(world.county_a, case, upheld=True, reason="法院已撤销失信信息")
    html = page(f"/org/{world.org_a.code}/")
    correction = html[html.index('class="correction"'):]
    correction = correction[:correction.index("</p>")]
    assert f"更正 {TODAY.isoformat()}" in correction and "异议成立" in correction
    assert f"#{court.ref.replace(':', '-')}" in correction
    assert 'data-standing="serious"' not in html and 'data-standing="normal"' in html


def test_the_officers_pages_show_the_same_badge(world):
    entry = listed_serious(world)
    officer = Client()
    officer.force_login(world.county_b)
    dashboard = officer.get("/staff/").content.decode()
    assert 'data-standing="serious"' in dashboard and f"entry-serious-{entry.start_on.isoformat()}" in dashboard
    detail = officer.get(f"/staff/organizations/{world.org_b.code}/").content.decode()
    assert 'data-standing="serious"' in detail


def test_browsing_the_register_without_a_query_shows_the_badges_too(world):
    listed_serious(world)
    html = page("/search/")
    assert html.count('data-standing="serious"') == 1 and html.count('data-standing="normal"') == 3
