"""Beneficiaries and eligibility through the HTTP API, on the seeds' two examples: a 500-yuan health kit for each
urban subsistence-allowance (低保) household aged 80+, one per household; a one-off 2,000 yuan for admitted
undergraduates, not combinable with city or county aid (an imported government-aid list) nor with another project.
Every refusal names its rule and the earlier aid (which project or list, and the date), and writes nothing; ID
numbers are matched only by keyed hash, stored encrypted, shown masked, never public; suspected duplicates are
confirmed, cleared and undone by an officer, audited."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from stdnum.cn import ric

from audit.models import AuditEvent
from charity.models import (
    AidList,
    AidListEntry,
    Beneficiary,
    DuplicateReview,
    DuplicateSuspect,
    LedgerTransaction,
)
from common.clock import today
from common.crypto import decrypt
from conftest import api_as, assert_error, db_snapshot

from .helpers import codes, qualify, submit_reports
from .test_ledger import donate
from .test_plans import file, plan_body

TABLES = (Beneficiary, DuplicateSuspect, DuplicateReview, AidList, AidListEntry, LedgerTransaction, AuditEvent)


def idn(born: str, seq: int, region: str = "110101") -> str:
    body = f"{region}{born}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def bad_check_digit(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


@pytest.fixture
def plan(world):
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    qualify(world)
    response = file(world.user_a, world.org_a, dict(plan_body(start_in=-5, length=60), emergency=True))
    assert response.status_code == 201, response.content
    funded = donate(world.user_a, response.json(), amount="100000.00")
    assert funded.status_code == 201, funded.content
    return response.json()


def project(world, plan, name, **rules):
    body = {"name": name, "category": "elderly", "starts_on": (today() - timedelta(days=10)).isoformat(),
            "ends_on": (today() + timedelta(days=100)).isoformat(), "budget": "100000.00",
            "funding_sources": "公开募捐", "plan": plan["filing_number"]}
    made = api_as(world.user_a).post(reverse("api-charity-org-projects", kwargs={"code": world.org_a.code}), body,
                                     format="json")
    assert made.status_code == 201, made.content
    if rules:
        set_rules = api_as(world.user_a).post(reverse("api-charity-project-rules", kwargs={"pk": made.json()["id"]}),
                                              rules, format="json")
        assert set_rules.status_code == 201, set_rules.content
    return made.json()


def admit(user, proj, **body):
    data = {"kind": "person", "name": "张大爷", "household": "H-001", "subsistence": "true", "residence": "urban",
            **body}
    return api_as(user).post(reverse("api-charity-project-beneficiaries", kwargs={"pk": proj["id"]}), data,
                             format="json")


HEALTH_KIT = {"min_age": 80, "subsistence": True, "residence": "urban", "one_per_household": True, "amount": "500"}
GRANT = {"admission_year": today().year, "not_combinable_levels": ["city", "county"], "amount": "2000"}


def test_the_health_kit_admits_an_urban_subsistence_household_aged_80_and_refuses_the_rest(world, plan):
    kit = project(world, plan, "慈善助医健康包", **HEALTH_KIT)
    elder = idn("19400315", 1)
    first = admit(world.user_a, kit, id_number=elder, admitted_on=today().isoformat())
    assert first.status_code == 201, first.content
    admitted = Beneficiary.objects.get()
    assert admitted.id_hash and admitted.id_masked == elder[:6] + "********" + elder[-4:]
    assert decrypt(admitted.id_encrypted) == elder and elder not in admitted.id_encrypted
    assert elder not in first.content.decode() and first.json()["id_masked"] == admitted.id_masked

    before = db_snapshot(*TABLES)
    same_household = admit(world.user_a, kit, name="张大妈", id_number=idn("19410101", 2))
    error = assert_error(same_household, 400, "BENEF-HOUSEHOLD", "household")
    assert admitted.public_id in error["message_zh"] and str(admitted.admitted_on) in error["message_zh"]
    assert admitted.public_id in error["message_en"]
    young_rural = admit(world.user_a, kit, name="李叔", id_number=idn("19560101", 3), household="H-002",
                        residence="rural", subsistence="false")
    assert young_rural.status_code == 400
    assert codes(young_rural) == {"BENEF-AGE", "BENEF-RESIDENCE", "BENEF-SUBSISTENCE"}
    assert_error(young_rural, 400, "BENEF-AGE", "id_number")
    twice = admit(world.user_a, kit, id_number=elder, household="H-009")
    assert_error(twice, 400, "BENEF-TWICE", "id_number")
    bad = admit(world.user_a, kit, id_number=bad_check_digit(idn("19400101", 4)), household="H-003")
    assert_error(bad, 400, "RIC-CHECK", "id_number")
    assert db_snapshot(*TABLES) == before

    paid = api_as(world.user_a).post(reverse("api-charity-beneficiary-disbursements", kwargs={"pk": admitted.pk}),
                                     {"amount": "500.00", "memo": "健康包一份"}, format="json")
    assert paid.status_code == 201, paid.content
    assert paid.json()["receiver"] == admitted.public_id
    served = api_as(None).get(reverse("api-charity-project-served", kwargs={"pk": kit["id"]}))
    assert served.json() == {"beneficiaries": 1, "persons": 1, "institutions": 0, "households": 1,
                             "person_times": 1, "to_persons": "500.00"}
    page = api_as(None).get(reverse("charity:served", kwargs={"pk": kit["id"]})).content.decode()
    assert admitted.public_id in page and "张大爷" not in page and elder not in page and admitted.id_masked not in page
    rules = api_as(None).get(reverse("api-charity-project-rules", kwargs={"pk": kit["id"]})).json()
    assert rules["in_words_zh"] == ["年满 80 周岁", "低保对象", "城市居民", "每户限一人", "每人（户）500.00 元"]


def aid_csv(tmp_path, rows, encoding="gbk"):
    path = tmp_path / "aid.csv"
    lines = ["身份证号码,户号,金额,发放日期"] + [",".join(r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def import_list(user, path, **fields):
    body = {"authority": "110101", "level": "county", "title": "东城区大学新生入学资助", "issued_on": "2026-08-20",
            **fields}
    with open(path, "rb") as fh:
        return api_as(user).post(reverse("api-charity-aid-lists"), {**body, "file": fh}, format="multipart")


def test_the_student_grant_is_not_combinable_with_county_aid_nor_with_the_named_project(world, plan, tmp_path):
    grant = project(world, plan, "助学：本科新生一次性资助", **GRANT)
    on_list, fresh, other = idn("20070901", 11), idn("20070305", 12), idn("20071111", 13)
    before = db_snapshot(*TABLES)
    broken = import_list(world.county_a, aid_csv(tmp_path, [[other, "F-1", "3000", "2026-08-20"],
                                                            [bad_check_digit(on_list), "F-2", "3000", ""]]))
    error = assert_error(broken, 400, "RIC-CHECK", "id_number")
    assert error["row"] == 3
    assert db_snapshot(*TABLES) == before
    assert import_list(world.user_a, aid_csv(tmp_path, [[on_list, "F-2", "3000", ""]])).status_code == 403
    assert import_list(world.county_b, aid_csv(tmp_path, [[on_list, "F-2", "3000", ""]])).status_code == 403

    imported = import_list(world.county_a, aid_csv(tmp_path, [[other, "F-1", "3000", "2026-08-20"],
                                                              [on_list, "F-2", "3000", "2026-08-21"]]))
    assert imported.status_code == 201, imported.content
    assert not AidListEntry.objects.filter(id_masked=on_list).exists()
    assert AidListEntry.objects.filter(id_masked=on_list[:6] + "********" + on_list[-4:]).count() == 1

    student = {"residence": "", "subsistence": "", "household": "S-1", "admission_year": str(today().year)}
    refused = admit(world.user_a, grant, name="王同学", id_number=on_list, **student)
    error = assert_error(refused, 400, "BENEF-NOT-COMBINABLE-LIST", "id_number")
    assert "东城区大学新生入学资助" in error["message_zh"] and "2026-08-21" in error["message_zh"]
    assert "第 3 行" in error["message_zh"] and "2026-08-21" in error["message_en"]
    wrong_year = admit(world.user_a, grant, name="刘同学", id_number=fresh, **{**student, "admission_year": "2019"})
    assert_error(wrong_year, 400, "BENEF-ADMISSION", "admission_year")
    assert admit(world.user_a, grant, name="赵同学", id_number=fresh, **student).status_code == 201

    city = project(world, plan, "市级配套助学", not_combinable_projects=grant["public_id"])
    again = admit(world.user_a, city, name="赵同学", id_number=fresh, **student)
    error = assert_error(again, 400, "BENEF-NOT-COMBINABLE", "id_number")
    first = Beneficiary.objects.get(id_hash__isnull=False, project_id=grant["id"])
    assert grant["public_id"] in error["message_zh"] and str(first.admitted_on) in error["message_zh"]


def test_a_suspected_duplicate_is_confirmed_cleared_and_undone_by_an_officer(world, plan):
    first = project(world, plan, "助老一")
    second = project(world, plan, "助老二")
    number = idn("19300101", 21)
    assert admit(world.user_a, first, id_number=number).status_code == 201
    made = admit(world.user_a, second, id_number=number)
    assert made.status_code == 201, made.content
    suspect = DuplicateSuspect.objects.get()
    assert suspect.matched_by == "person" and "助老一" in suspect.earlier_label and suspect.state == "open"
    url = reverse("api-charity-suspect-reviews", kwargs={"pk": suspect.pk})
    assert api_as(world.user_a).post(url, {"outcome": "confirmed", "reason": "同一人"}).status_code == 403
    assert api_as(world.county_b).post(url, {"outcome": "confirmed", "reason": "同一人"}).status_code == 404
    assert_error(api_as(world.county_a).post(url, {"outcome": "confirmed"}, format="json"), 400, "REQUIRED", "reason")
    assert api_as(world.county_a).post(url, {"outcome": "confirmed", "reason": "同一人重复申领"},
                                       format="json").status_code == 201
    assert DuplicateSuspect.objects.get().state == "confirmed"
    blocked = api_as(world.user_a).post(reverse("api-charity-beneficiary-disbursements",
                                                kwargs={"pk": made.json()["id"]}),
                                        {"amount": "100.00", "memo": "慰问金"}, format="json")
    assert_error(blocked, 400, "BENEF-DUPLICATE-CONFIRMED")
    assert_error(api_as(world.county_a).post(url, {"outcome": "cleared", "reason": "改判"}, format="json"), 400,
                 "BENEF-REVIEW", "outcome")
    assert api_as(world.county_a).post(url, {"outcome": "undone", "reason": "误判，撤销"},
                                       format="json").status_code == 201
    assert DuplicateSuspect.objects.get().state == "open"
    assert api_as(world.county_a).post(url, {"outcome": "cleared", "reason": "经核实为两笔不同的救助"},
                                       format="json").status_code == 201
    assert DuplicateSuspect.objects.get().state == "cleared"
    reviews = api_as(world.county_a).get(url).json()
    assert [r["outcome"] for r in reviews] == ["confirmed", "undone", "cleared"]
    events = AuditEvent.objects.filter(action="charity.beneficiary.review").order_by("id")
    assert [e.after["state"] for e in events] == ["confirmed", "open", "cleared"]
    paid = api_as(world.user_a).post(reverse("api-charity-beneficiary-disbursements", kwargs={"pk": made.json()["id"]}),
                                     {"amount": "100.00", "memo": "慰问金"}, format="json")
    assert paid.status_code == 201, paid.content


def test_the_rules_themselves_are_checked(world, plan):
    proj = project(world, plan, "规则校验")
    url = reverse("api-charity-project-rules", kwargs={"pk": proj["id"]})
    bad = api_as(world.user_a).post(url, {"min_age": "abc", "residence": "moon", "not_combinable_levels": ["town"],
                                          "not_combinable_projects": "NOPE"}, format="json")
    assert bad.status_code == 400
    assert {(e["code"], e["field"]) for e in bad.json()["errors"]} == {
        ("BENEF-RULES", "min_age"), ("BENEF-RULES", "residence"), ("BENEF-RULES", "not_combinable_levels"),
        ("BENEF-RULES", "not_combinable_projects")}
    assert api_as(world.user_b).post(url, {"min_age": 60}, format="json").status_code == 404


def test_age_is_counted_in_whole_years_on_the_day_of_admission():
    from charity.rules_beneficiaries import age_on

    assert [age_on(date(1946, 3, 15), d) for d in (date(2026, 3, 14), date(2026, 3, 15))] == [79, 80]


def test_an_xlsx_list_matches_by_household_when_the_project_counts_households(world, plan, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号码", "户号", "金额", "发放日期"])
    sibling = idn("20050101", 51)
    sheet.append([sibling, "HH-77", "1500", "2026-03-01"])
    path = tmp_path / "city.xlsx"
    book.save(path)
    imported = import_list(world.province, path, authority="110000", level="city", title="北京市助学金")
    assert imported.status_code == 201, imported.content
    by_household = project(world, plan, "按户不得兼得", not_combinable_levels="city", not_combinable_by="household")
    refused = admit(world.user_a, by_household, name="弟弟", id_number=idn("20070707", 52), household="HH-77")
    error = assert_error(refused, 400, "BENEF-NOT-COMBINABLE-LIST", "household")
    assert "北京市助学金" in error["message_zh"] and "2026-03-01" in error["message_en"]
    by_person = project(world, plan, "按人不得兼得", not_combinable_levels="city")
    admitted = admit(world.user_a, by_person, name="弟弟", id_number=idn("20070707", 52), household="HH-77")
    assert admitted.status_code == 201, admitted.content
    assert [s["matched_by"] for s in admitted.json()["suspects"]] == ["household"]
    institution = admit(world.user_a, project(world, plan, "助老院", min_age=60), kind="institution", name="敬老院")
    assert_error(institution, 400, "BENEF-KIND", "kind")


def test_officers_import_a_list_and_review_a_suspect_on_the_web_pages(world, plan, tmp_path):
    from django.test import Client

    officer = Client()
    officer.force_login(world.county_a)
    number = idn("20070202", 61)
    path = aid_csv(tmp_path, [[number, "W-1", "800", "2026-07-01"]], encoding="utf-8")
    with open(path, "rb") as fh:
        bad = officer.post(reverse("charity:aid_lists"), {"authority": "119999", "level": "county", "title": "x",
                                                          "issued_on": "2026-07-01", "file": fh})
    assert bad.status_code == 400 and "DIVISION-UNKNOWN" in bad.content.decode() and AidList.objects.count() == 0
    with open(path, "rb") as fh:
        done = officer.post(reverse("charity:aid_lists"), {"authority": "110101", "level": "county",
                                                           "title": "东城区临时救助", "issued_on": "2026-07-01",
                                                           "file": fh})
    assert done.status_code == 302 and AidList.objects.get().encoding.lower().startswith("utf")
    proj = project(world, plan, "无条件项目")
    assert admit(world.user_a, proj, id_number=number, household="W-1").status_code == 201
    suspect = DuplicateSuspect.objects.get()
    listing = officer.get(reverse("charity:suspects")).content.decode()
    assert "东城区临时救助" in listing and number not in listing
    url = reverse("charity:suspect_review", kwargs={"pk": suspect.pk})
    assert officer.post(url, {"outcome": "confirmed", "reason": ""}).status_code == 400
    assert officer.post(url, {"outcome": "confirmed", "reason": "同一人已获县级临时救助"}).status_code == 302
    assert DuplicateSuspect.objects.get().state == "confirmed"
    page = officer.get(reverse("charity:beneficiaries", kwargs={"pk": proj["id"]})).content.decode()
    assert 'data-state="confirmed"' in page and number not in page
