"""Credit web pages: public lists, check, screening, announcements, illegal list, the organization's credit page and
its section on the public organization page; staff and organization pages."""

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from credit.models import CreditFact, Holiday, ObjectionCase
from credit.services import publish_illegal_batch
from credit.sweep import sweep

from .helpers import db_state, fact, warning


def client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_public_pages_answer_why_since_when_and_until_what(world):
    warning(world.org_a, "2024-01-05")
    fact(world.org_b, "court_dishonest_debtor", "2024-03-01")
    fact(world.org_hebei, "domicile_unreachable", "2024-05-01")
    sweep(timezone.localdate())
    anon = client()

    abnormal = text(anon.get("/credit/lists/abnormal/", {"as_of": "2024-03-01"}))
    assert world.org_a.name in abnormal and "ABN-5" in abnormal and "2024-07-07" in abnormal
    serious = text(anon.get("/credit/lists/serious/"))
    assert world.org_b.name in serious and "SER-6" in serious and "2026-03-03" in serious
    page = text(anon.get(f"/credit/org/{world.org_a.code}/", {"as_of": "2024-02-01"}))
    assert "ABN-5" in page and "2024-01-06" in page
    assert world.org_hebei.name in text(anon.get("/credit/announcements/"))
    check = text(anon.get("/credit/check/", {"q": world.org_b.code}))
    assert "SER-6" in check and world.org_b.name in check


def test_the_public_organization_page_has_a_credit_section(world):
    fact(world.org_b, "court_dishonest_debtor", "2024-03-01")
    body = text(client().get(f"/org/{world.org_b.code}/"))
    assert "SER-6" in body and f"/credit/org/{world.org_b.code}/" in body
    old = text(client().get(f"/org/{world.org_b.code}/", {"as_of": "2024-03-01"}))  # the day of the ground
    assert "SER-6" not in old


def test_screening_and_illegal_pages(world):
    publish_illegal_batch(world.national, {"authority": "100000", "title": "第一批", "published_on": "2026-01-01",
                                           "organizations": [{"name": "中国书画艺术研究院", "aliases": ["中国书画院"]}]})
    assert "中国书画艺术研究院" in text(client().get("/credit/illegal/"))
    assert "艺术" in text(client().get("/credit/screen/", {"name": "中国书画研究院"}))
    assert "2" in text(client().get("/credit/screen/", {"name": "会"}))


def test_an_officer_records_a_fact_on_the_web(world):
    officer = client(world.county_a)
    assert "court_dishonest_debtor" in text(officer.get(f"/credit/staff/org/{world.org_a.code}/facts/new/"))
    before = db_state()
    bad = officer.post(f"/credit/staff/org/{world.org_a.code}/facts/new/",
                       {"kind": "court_dishonest_debtor", "occurred_on": "2010-01-01"})
    assert bad.status_code == 400 and "CREDIT-FACT-BEFORE-FOUNDING" in bad.content.decode()
    assert db_state() == before
    good = officer.post(f"/credit/staff/org/{world.org_a.code}/facts/new/",
                        {"kind": "court_dishonest_debtor", "occurred_on": "2026-01-05", "known_on": "2026-01-05"})
    assert good.status_code == 302 and CreditFact.objects.count() == 1
    assert "SER-6" in text(officer.get(f"/credit/staff/org/{world.org_a.code}/"))
    assert client(world.county_b).get(f"/credit/staff/org/{world.org_a.code}/").status_code == 404
    assert client(world.user_a).get(f"/credit/staff/org/{world.org_a.code}/").status_code == 403


def test_the_organization_files_an_objection_and_the_officer_upholds_it(world):
    day = timezone.localdate() - timedelta(days=5)
    court = fact(world.org_a, "court_dishonest_debtor", day, day)
    own = client(world.user_a)
    assert court.ref in text(own.get(f"/credit/org/{world.org_a.code}/objections/new/"))
    response = own.post(f"/credit/org/{world.org_a.code}/objections/new/", {"fact_ref": court.ref,
                                                                            "statement": "信息有误"})
    case = ObjectionCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/credit/objections/{case.pk}/"
    assert "信息有误" in text(own.get(f"/credit/objections/{case.pk}/"))
    decided = client(world.county_a).post(f"/credit/objections/{case.pk}/", {"action": "uphold", "reason": "核实有误"})
    case.refresh_from_db()
    assert decided.status_code == 302 and case.state == "upheld"
    assert client(world.user_b).get(f"/credit/objections/{case.pk}/").status_code == 404


def test_staff_pages_render(world):
    officer = client(world.national)
    assert "credit" in text(officer.get("/credit/staff/")).lower()
    assert text(officer.get("/credit/staff/illegal/new/"))
    response = officer.post("/credit/staff/holidays/", {"date": "2027-01-01", "name": "元旦"})
    assert response.status_code == 302 and Holiday.objects.get().date == date(2027, 1, 1)
    assert "元旦" in text(officer.get("/credit/staff/holidays/", {"year": "2027"}))
    assert client(world.county_a).post("/credit/staff/holidays/", {"date": "2027-01-02"}).status_code == 403
    assert client().get("/credit/staff/").status_code == 302
    assert text(client(world.user_a).get(f"/credit/org/{world.org_a.code}/notifications/"))


def test_the_list_pages_filter_by_jurisdiction_listing_date_and_ground(world):
    warning(world.org_a, "2024-01-05")  # 110101, listed 2024-01-06
    fact(world.org_hebei, "party_org_missing", "2024-02-01")  # 130104, listed 2024-02-02
    sweep(timezone.localdate())
    anon = client()

    hebei = text(anon.get("/credit/lists/abnormal/", {"as_of": "2024-03-01", "division": "130000"}))
    assert world.org_hebei.name in hebei and world.org_a.name not in hebei
    later = text(anon.get("/credit/lists/abnormal/", {"as_of": "2024-03-01", "listed_from": "2024-02-01"}))
    assert world.org_hebei.name in later and world.org_a.name not in later
    ground = text(anon.get("/credit/lists/abnormal/", {"as_of": "2024-03-01", "rule": "ABN-5"}))
    assert world.org_a.name in ground and world.org_hebei.name not in ground
    api = client().get("/api/v1/lists/abnormal/", {"as_of": "2024-03-01", "listed_to": "2024-01-31"}).json()
    assert [r["organization"]["code"] for r in api["results"]] == [world.org_a.code]
