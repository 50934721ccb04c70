"""From plan to project to beneficiary: a transfer from a plan's fund to a project's fund carries both ids; the
project then spends from its own fund and never more than it holds; raised vs received vs spent vs disclosed of
every plan and project with the gaps flagged; public ids that never collide; the transparency page and its
CSV (UTF-8 BOM) / XLSX downloads whose totals equal the page."""

import csv
import io
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from charity.models import CharitySequence, LedgerAccount, LedgerTransaction
from charity.sequences import next_number
from conftest import api_as

from .helpers import codes, state
from .test_imports import day, import_statement, xlsx_file
from .test_ledger import assert_invariants, disburse, donate
from .test_ledger import plan as plan  # noqa: F401 (the plan fixture)
from .test_projects import create


def transfer(user, plan, **overrides):
    body = {"project": "", "amount": "600.00", "memo": "划入助学项目"}
    body.update(overrides)
    return api_as(user).post(reverse("api-charity-plan-transfers", kwargs={"pk": plan["id"]}), body, format="json")


@pytest.fixture
def funded(world, plan):  # noqa: F811
    project = create(world.user_a, world.org_a, plan=plan["filing_number"]).json()
    assert donate(world.user_a, plan, amount="1000.00", external_id="B-1").status_code == 201
    return world, plan, project


def test_a_transfer_moves_money_from_the_plan_fund_to_the_project_fund_with_both_ids(funded):
    world, plan, project = funded
    before = state()
    bad = transfer(world.user_a, plan, project="NOPE", amount="-1")
    assert bad.status_code == 400 and {"PROJECT-UNKNOWN", "MONEY-NEGATIVE"} <= codes(bad)
    too_much = transfer(world.user_a, plan, project=project["public_id"], amount="1000.01")
    assert too_much.status_code == 400 and codes(too_much) == {"LEDGER-FUNDS"}
    assert state() == before and LedgerTransaction.objects.filter(kind="transfer").count() == 0
    response = transfer(world.user_a, plan, project=project["public_id"])
    assert response.status_code == 201, response.content
    txn = response.json()
    fund = LedgerAccount.objects.get(project_id=project["id"], kind="project_fund")
    assert txn["kind"] == "transfer" and txn["provider"] == plan_fund(plan) and txn["receiver"] == fund.public_id
    assert api_as(None).get(reverse("api-charity-plan-transfers", kwargs={"pk": plan["id"]})).json()[0][
        "public_id"] == txn["public_id"]
    # the project now spends from its own fund: 600 held, so 600.01 is refused naming the project
    over = disburse(world.user_a, plan, amount="600.01", project=project["public_id"])
    assert over.status_code == 400 and codes(over) == {"LEDGER-FUNDS"}
    assert project["public_id"] in over.json()["errors"][0]["message_zh"]
    paid = disburse(world.user_a, plan, amount="450.00", project=project["public_id"])
    assert paid.status_code == 201 and paid.json()["provider"] == fund.public_id
    trace = api_as(None).get(reverse("api-charity-plan-trace", kwargs={"pk": plan["id"]})).json()
    assert (trace["raised"], trace["spent"], trace["in_projects"], trace["held"]) == (
        "1000.00", "450.00", "150.00", "400.00")
    row = trace["projects"][0]
    assert (row["allocated"], row["spent"]) == ("600.00", "450.00")
    assert_invariants()


def plan_fund(plan):
    return LedgerAccount.objects.get(plan_id=plan["id"], kind="restricted").public_id


def test_receipts_missing_from_the_bank_statement_and_disclosure_gaps_are_flagged(funded):
    world, plan, project = funded
    assert donate(world.user_a, plan, amount="200.00", external_id="B-2").status_code == 201
    statement = [["交易号", "日期", "金额", "对方户名", "摘要"], ["B-1", day(0), "1000.00", "王五", "捐赠"]]
    assert import_statement(world.user_a, world.org_a, xlsx_file(statement)).status_code in (200, 201)
    trace = api_as(None).get(reverse("api-charity-plan-trace", kwargs={"pk": plan["id"]})).json()
    assert (trace["raised"], trace["received"], trace["unconfirmed"]) == ("1200.00", "1000.00", "200.00")
    assert [g["code"] for g in trace["gaps"]] == ["GAP-RECEIVED"] and "B-2" not in str(trace)
    assert [m["ledger"] for m in trace["unmatched"]] == ["200.00"]
    disburse(world.user_a, plan, amount="300.00", project=project["public_id"])
    url = reverse("api-charity-project-disclosures", kwargs={"pk": project["id"]})
    api_as(world.user_a).post(url, {"kind": "progress", "spent": "250.00", "persons_served": 3,
                                    "institutions_served": 1, "text": "已资助 3 名学生"}, format="json")
    row = api_as(None).get(reverse("api-charity-project-trace", kwargs={"pk": project["id"]})).json()
    assert row["disclosed"] == "250.00" and row["spent"] == "300.00"
    assert [g["code"] for g in row["gaps"]] == ["GAP-SPENT"]


def test_public_ids_are_never_reused_after_a_gap(world, plan):  # noqa: F811
    org = world.org_a
    # an id issued by another path leaves a gap: count()+1 would hand out D000002 again
    LedgerAccount.objects.create(organization=org, public_id=f"{org.code}-D000002", kind="donor",
                                 party_kind="organization", name="外部导入")
    CharitySequence.objects.filter(organization=org, series="account-D").delete()
    assert donate(world.user_a, plan, donor_kind="organization", donor_name="甲公司",
                  donor_uscc="91110000600037341L", donor_id_number="", external_id="B-7").status_code == 201
    ids = sorted(LedgerAccount.objects.filter(organization=org, kind="donor").values_list("public_id", flat=True))
    assert len(ids) == len(set(ids)) and ids[-1] == f"{org.code}-D000003"
    numbers = [next_number(org, "test-series") for _ in range(50)]
    assert numbers == list(range(1, 51))


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="row locks across connections need PostgreSQL (SQLite serializes writers itself)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_never_get_the_same_number():
    from conftest import World

    org = World().org_a
    got: list[int] = []
    errors: list[BaseException] = []

    def take():
        try:
            for _ in range(10):
                got.append(next_number(org, "concurrent"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(got) == list(range(1, 81))


def test_the_transparency_page_and_downloads_agree_and_are_linked(funded):
    world, plan, project = funded
    transfer(world.user_a, plan, project=project["public_id"])
    disburse(world.user_a, plan, amount="100.00", project=project["public_id"])
    disburse(world.user_a, plan, amount="50.00")
    client = Client()
    url = reverse("charity:transparency", kwargs={"code": world.org_a.code})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for figure in ("1000.00", "150.00", "500.00", "350.00", "600.00"):
        assert figure in html
    assert "王五" not in html and "11010519491231002X" not in html
    api = api_as(None).get(reverse("api-charity-org-transparency", kwargs={"code": world.org_a.code})).json()
    totals = api["totals"]
    assert (totals["raised"], totals["spent"], totals["in_projects"], totals["held"]) == (
        "1000.00", "150.00", "500.00", "350.00")
    assert api["beneficiary_institutions"] == 1
    raw = client.get(url, {"format": "csv"}).content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    plan_rows = [r for r in rows if len(r) > 2 and r[1] == plan["filing_number"]]
    total_row = next(r for r in rows if r and r[0] in ("合计", "Total"))
    assert total_row[2:7] == [totals["raised"], totals["received"], totals["spent"], totals["in_projects"],
                              totals["held"]]
    assert sum(float(r[2]) for r in plan_rows) == float(total_row[2])
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    cells = [[c.value for c in row] for row in book.active.iter_rows()]
    first_total = next(r for r in cells if r[0] in ("合计", "Total"))
    assert [float(v) for v in first_total[2:7]] == [float(v) for v in total_row[2:7]]
    # linked from the organization's public register page and from the public list in the navigation
    assert url in client.get(reverse("portal:organization", kwargs={"code": world.org_a.code})).content.decode()
    assert url in client.get(reverse("charity:public_list")).content.decode()
    # an organization that is not a charity has no transparency page
    assert client.get(reverse("charity:transparency", kwargs={"code": world.org_b.code})).status_code == 404
