"""The public check matches names, former names and the aliases of suspected illegal organizations and says so;
a code with a bad check character is answered as invalid, naming the rule; the bulk check page (paste or upload,
download CSV/XLSX) refuses more than 1,000 entries in both languages."""

import csv
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import api_as
from credit.services import publish_illegal_batch
from registry.services import record_event

from .helpers import assert_error

BATCH = {"authority": "100000", "title": "涉嫌非法社会组织名单（第十批）", "batch_number": "第十批",
         "published_on": "2025-03-01",
         "organizations": [{"name": "中国书画艺术研究院", "aliases": ["中国书画院", "中華書畫研究總會"]}]}


def publish(world):
    publish_illegal_batch(world.national, BATCH)


def test_an_alias_of_a_suspected_illegal_organization_is_found_and_said_so(world):
    publish(world)
    body = api_as(None).get("/api/v1/public/check/", {"q": "中国书画院"}).json()
    assert body["registered"] is False
    [item] = body["suspected_illegal"]
    assert item["name"] == "中国书画艺术研究院" and item["matched_on"] == "alias" and item["matched_alias"] == "中国书画院"
    assert "涉嫌非法社会组织（民政部门公布）" in body["answer_zh"]
    assert "第十批" in body["answer_zh"] and "2025-03-01" in body["answer_zh"]
    assert item["standing"]["value"] == "suspected_illegal" and item["standing"]["tone"] == "danger"
    traditional = api_as(None).get("/api/v1/public/check/", {"q": "中华书画研究总会"}).json()  # folded to simplified
    assert traditional["suspected_illegal"][0]["matched_on"] == "alias"
    by_name = api_as(None).get("/api/v1/public/check/", {"q": "中国书画艺术研究院"}).json()
    assert by_name["suspected_illegal"][0]["matched_on"] == "name"
    html = Client().get("/credit/check/", {"q": "中国书画院"}).content.decode()
    assert "涉嫌非法社会组织（民政部门公布）" in html and "第十批" in html and "2025-03-01" in html
    assert "standing-danger" in html


def test_former_names_are_matched_in_single_and_bulk_checks(world):
    old = world.org_a.name
    record_event(world.admin, world.org_a, kind="change", effective_on=date(2024, 1, 10), reason="更名",
                 changes={"name": "北京市东城区新名称协会"})
    single = api_as(None).get("/api/v1/public/check/", {"q": old}).json()
    assert single["registered"] and single["matches"][0]["code"] == world.org_a.code
    bulk = api_as(None).post("/api/v1/public/check/", {"queries": [old, "中国书画院"]}, format="json").json()
    assert bulk["results"][0]["matches"][0]["code"] == world.org_a.code
    many = [f"不存在的协会{i}" for i in range(30)] + [old]  # beyond the per-name lookups: one pass over renamed entries
    bulk = api_as(None).post("/api/v1/public/check/", {"queries": many}, format="json").json()
    assert bulk["results"][-1]["matches"][0]["code"] == world.org_a.code
    assert not any(r["matches"] for r in bulk["results"][:-1])


def test_a_code_with_a_bad_check_character_is_invalid_not_not_found(world):
    good = world.org_b.code
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    body = api_as(None).get("/api/v1/public/check/", {"q": bad}).json()
    assert body["registered"] is False and body["valid_code"] is False
    assert [p["rule"] for p in body["code_problems"]] == ["USCC-CHECK"]
    assert "不是有效的统一社会信用代码" in body["answer_zh"] and "USCC-CHECK" in body["answer_zh"]
    assert "not a valid unified social credit code" in body["answer_en"]
    html = Client().get("/credit/check/", {"q": bad}).content.decode()
    assert "USCC-CHECK" in html and "不是有效的统一社会信用代码" in html and "登记簿中未找到" not in html
    ok = api_as(None).get("/api/v1/public/check/", {"q": good}).json()
    assert ok["valid_code"] is True and ok["registered"]
    unknown = api_as(None).get("/api/v1/public/check/", {"q": "某某不存在的协会"}).json()
    assert unknown["valid_code"] is True and "没有名称或代码" in unknown["answer_zh"]


def post_bulk(data=None, **files):
    return Client().post("/credit/check/bulk/", {**(data or {}), **files})


def test_the_bulk_page_checks_pasted_lines_and_downloads_csv_and_xlsx(world):
    publish(world)
    lines = "\n".join([world.org_a.code, world.org_b.name, "中国书画院", world.org_b.code[:17] + "Y", "不存在的协会"])
    page = post_bulk({"queries": lines})
    html = page.content.decode()
    assert page.status_code == 200 and html.count("<tr>") == 6  # header + 5 answers
    assert "涉嫌非法社会组织" in html and "代码无效" in html and "USCC-CHECK" in html
    response = post_bulk({"queries": lines, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv") and response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "查询内容 / query" and len(rows) == 6
    assert rows[3][1] == "涉嫌非法社会组织" and rows[4][1] == "代码无效" and rows[5][1] == "未找到"
    assert rows[1][1] == "正常" and rows[1][2] == world.org_a.code
    xlsx = post_bulk({"queries": lines, "format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [c.value for c in sheet[4]][:2] == ["中国书画院", "涉嫌非法社会组织"]


def test_the_bulk_page_reads_uploads_in_utf8_and_gbk(world):
    gbk = SimpleUploadedFile("names.csv", f"名称\n{world.org_b.name}\n中国书画院\n".encode("gbk"))
    publish(world)
    html = post_bulk(file=gbk).content.decode()
    assert world.org_b.name in html and "涉嫌非法社会组织" in html and "名称</td>" not in html
    txt = SimpleUploadedFile("names.txt", f"\ufeff{world.org_a.code}\n".encode())
    assert world.org_a.name in post_bulk(file=txt).content.decode()
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["统一社会信用代码"])
    book.active.append([world.org_hebei.code])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = SimpleUploadedFile("names.xlsx", buffer.getvalue())
    assert world.org_hebei.name in post_bulk(file=xlsx).content.decode()


def test_the_bulk_page_refuses_more_than_1000_entries_and_bad_files_bilingually(world):
    many = "\n".join(f"协会{i}" for i in range(1001))
    response = post_bulk({"queries": many})
    html = response.content.decode()
    assert response.status_code == 400 and "CREDIT-CHECK-TOO-MANY" in html
    assert "一次最多查询 1000 个名称或代码，本次提交 1001 个" in html and "at most 1000 names or codes" in html
    pdf = post_bulk(file=SimpleUploadedFile("names.pdf", b"%PDF"))
    assert pdf.status_code == 400 and "CREDIT-BULK-FILE-TYPE" in pdf.content.decode()
    empty = post_bulk({"queries": "  \n"})
    assert empty.status_code == 400 and "CREDIT-BULK-EMPTY" in empty.content.decode()
    future = post_bulk({"queries": "x", "as_of": "2999-01-01"})
    assert future.status_code == 400 and "AS-OF-FUTURE" in future.content.decode()
    api = api_as(None).post("/api/v1/public/check/", {"queries": many.split("\n")}, format="json")
    assert_error(api, 400, "CREDIT-CHECK-TOO-MANY", "queries")


def test_a_valid_code_of_another_department_says_it_is_not_a_social_organization(world):
    body = api_as(None).get("/api/v1/public/check/", {"q": "91110000600037341L"}).json()  # python-stdnum's example
    assert body["valid_code"] is True and body["registered"] is False
    assert "登记管理部门码为 9" in body["answer_zh"] and "not civil affairs (5)" in body["answer_en"]
    filing = api_as(None).get("/api/v1/public/check/", {"q": "BA110101000099"}).json()
    assert filing["valid_code"] is True and filing["code_problems"] == []
