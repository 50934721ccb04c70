"""Imports of settlement files and bank statements (CSV in UTF-8 or GBK, XLSX), idempotent by transaction id,
every bad row named with nothing written; the reconciliation of the ledger against the bank statement to the fen,
with unmatched items on both sides and credits outside every filed plan's period."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from charity.models import ImportBatch, LedgerTransaction, StatementLine
from common.clock import today
from conftest import api_as

from .helpers import codes, qualify, state, submit_reports
from .test_ledger import donate
from .test_plans import file, plan_body


@pytest.fixture
def plan(world):
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    qualify(world)
    response = file(world.user_a, world.org_a, dict(plan_body(start_in=-8, length=60), emergency=True))
    assert response.status_code == 201, response.content
    return response.json()


def csv_file(rows, name="settlement.csv", encoding="utf-8"):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    text = buffer.getvalue()
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="statement.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def day(offset=0):
    return (today() - timedelta(days=offset)).isoformat()


RECEIPTS = [["交易号", "日期", "金额", "捐赠人", "统一社会信用代码"],
            ["P-1", day(1), "100.00", "", ""],
            ["P-2", day(2), "2,500.50", "某某科技有限公司", "91110000600037341L"],
            ["P-3", day(3), "0.01", "张三", ""]]


def import_receipts(user, plan, upload, channel="platform"):
    return api_as(user).post(reverse("api-charity-plan-receipt-imports", kwargs={"pk": plan["id"]}),
                             {"file": upload, "channel": channel}, format="multipart")


def import_statement(user, org, upload):
    return api_as(user).post(reverse("api-charity-org-statements", kwargs={"code": org.code}), {"file": upload},
                             format="multipart")


def test_a_gbk_settlement_file_is_imported_once(world, plan):
    response = import_receipts(world.user_a, plan, csv_file(RECEIPTS, encoding="gbk"))
    assert response.status_code == 201, response.content
    assert (response.json()["rows"], response.json()["created"]) == (3, 3)
    assert response.json()["batch"]["encoding"] == "gb18030"
    ledger = api_as(None).get(reverse("api-charity-plan-ledger", kwargs={"pk": plan["id"]})).json()
    assert ledger["received"] == "2600.51"
    again = import_receipts(world.user_a, plan, csv_file(RECEIPTS, encoding="utf-8"))
    assert again.status_code == 201 and (again.json()["created"], again.json()["unchanged"]) == (0, 3)
    assert LedgerTransaction.objects.filter(kind="receipt").count() == 3


def test_bad_rows_are_all_named_and_nothing_is_written(world, plan):
    import_receipts(world.user_a, plan, csv_file(RECEIPTS))
    before = state()
    rows = [RECEIPTS[0], ["P-9", day(1), "-3", "", ""], ["P-10", "2020-01-01", "5", "", ""],
            ["P-2", day(2), "2500.00", "某某科技有限公司", "91110000600037341L"], ["P-11", day(1), "7", "", ""],
            ["P-11", day(1), "7", "", ""], ["P-12", day(1), "7", "李四", "91110000600037341A"]]
    response = import_receipts(world.user_a, plan, csv_file(rows))
    assert response.status_code == 400
    found = {(e["row"], e["code"]) for e in response.json()["errors"]}
    assert found == {(2, "MONEY-NEGATIVE"), (3, "PLAN-RECEIPT-DATE"), (4, "LEDGER-DUPLICATE-ID"),
                     (6, "IMPORT-DUPLICATE-ROW"), (7, "USCC-CHECK")}
    assert all(e["message_zh"].startswith(f"第 {e['row']} 行") for e in response.json()["errors"])
    assert state() == before and ImportBatch.objects.count() == 1


def test_a_file_without_the_needed_columns_is_refused(world, plan):
    response = import_receipts(world.user_a, plan, csv_file([["编号", "钱"], ["1", "2"]]))
    assert response.status_code == 400 and codes(response) == {"IMPORT-HEADER"}
    bad = import_receipts(world.user_a, plan, SimpleUploadedFile("x.pdf", b"%PDF"))
    assert bad.status_code == 400 and codes(bad) == {"IMPORT-FORMAT"}


def test_reconciliation_lists_unmatched_items_on_both_sides_to_the_fen(world, plan):
    donate(world.user_a, plan, external_id="B-1", amount="1000.00", received_on=day(2))
    donate(world.user_a, plan, external_id="B-2", amount="500.00", received_on=day(1))
    donate(world.user_a, plan, external_id="B-3", amount="80.00", received_on=day(1))
    statement = [["交易号", "日期", "金额", "对方户名", "摘要"],
                 ["B-1", day(2), "1000.00", "王五", "捐赠"],
                 ["B-2", day(1), "499.99", "王五", "捐赠"],
                 ["B-4", day(1), "66.00", "赵六", "捐赠"],
                 ["B-5", "2019-05-01", "10.00", "某人", "利息"],
                 ["B-6", day(1), "-20.00", "", "手续费"]]
    response = import_statement(world.user_a, world.org_a, xlsx_file(statement))
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 5
    again = import_statement(world.user_a, world.org_a, xlsx_file(statement))
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 5)
    changed = import_statement(world.user_a, world.org_a, xlsx_file([statement[0], ["B-1", day(2), "999", "", ""]]))
    assert changed.status_code == 400 and codes(changed) == {"LEDGER-DUPLICATE-ID"}
    report = api_as(world.user_a).get(reverse("api-charity-org-reconciliation",
                                              kwargs={"code": world.org_a.code})).json()
    assert report["balanced"] is False and report["matched"] == 1
    assert report["amount_differs"] == [{"external_id": "B-2", "ledger": "500.00", "statement": "499.99"}]
    assert [r["external_id"] for r in report["ledger_only"]] == ["B-3"]
    assert [r["external_id"] for r in report["statement_only"]] == ["B-4", "B-5"]
    assert [r["external_id"] for r in report["outside_plans"]] == ["B-5"]
    assert StatementLine.objects.count() == 5
    assert api_as(world.user_b).get(reverse("api-charity-org-reconciliation",
                                            kwargs={"code": world.org_a.code})).status_code == 404


def test_a_reversed_receipt_leaves_the_reconciliation(world, plan):
    receipt = donate(world.user_a, plan, external_id="B-7", amount="10.00", received_on=day(1)).json()
    api_as(world.user_a).post(reverse("api-charity-transaction-reversal", kwargs={"pk": receipt["id"]}),
                              {"reason": "误录"}, format="json")
    report = api_as(world.county_a).get(reverse("api-charity-org-reconciliation",
                                                kwargs={"code": world.org_a.code})).json()
    assert report["balanced"] is True and report["ledger_only"] == []


def test_imports_and_reconciliation_through_the_page(world, plan):
    client = Client()
    client.force_login(world.user_a)
    url = reverse("charity:reconciliation", kwargs={"code": world.org_a.code})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"upload": "receipts", "plan": str(plan["id"]), "channel": "platform",
                            "file": csv_file([RECEIPTS[0], ["P-1", day(1), "abc", "", ""]])})
    assert bad.status_code == 400 and 'data-code="MONEY-FORMAT"' in bad.content.decode()
    done = client.post(url, {"upload": "receipts", "plan": str(plan["id"]), "channel": "bank",
                             "file": csv_file(RECEIPTS)})
    assert done.status_code == 302
    client.post(url, {"upload": "statement", "file": csv_file([["交易号", "日期", "金额"], ["P-1", day(1), "100.00"],
                                                               ["P-2", day(2), "2500.50"]])})
    page = client.get(url).content.decode()
    assert 'data-kind="ledger-only"' in page and "P-3" in page and 'data-kind="differs"' not in page
    supervisor = Client()
    supervisor.force_login(world.supervisor)
    assert supervisor.get(url).status_code == 200
    assert supervisor.post(url, {"upload": "statement", "file": csv_file(RECEIPTS)}).status_code == 403
