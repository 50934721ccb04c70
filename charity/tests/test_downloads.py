"""The plan's ledger as CSV and XLSX: one row per transaction with provider and receiver ids, and totals that
equal the plan page; persons never named."""

import csv
import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from .test_ledger import disburse, donate, plan  # noqa: F401 (the plan fixture)


def page_totals(client, plan_id):
    import re

    page = client.get(reverse("charity:plan", kwargs={"pk": plan_id})).content.decode()
    return {k: re.search(rf'<dd id="total-{k}">([0-9.]+)', page).group(1) for k in ("received", "disbursed", "held")}


def test_csv_and_xlsx_totals_equal_the_page(world, plan):  # noqa: F811
    donate(world.user_a, plan, amount="1200.50")
    donate(world.user_a, plan, donor_kind="anonymous", channel="on_site", external_id="", amount="99.50")
    disburse(world.user_a, plan, amount="300.00")
    client = Client()
    expected = page_totals(client, plan["id"])
    url = reverse("charity:plan_ledger", kwargs={"pk": plan["id"]})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["public_id", "date", "transaction"]
    totals = {r[2]: r[7] for r in rows if r[0] == "TOTAL"}
    assert totals == expected == {"received": "1300.00", "disbursed": "300.00", "held": "1000.00"}
    receipts = [r for r in rows[1:] if r[2] == "receipt"]
    assert sum(float(r[7]) for r in receipts) == float(totals["received"])
    assert all(r[3] and r[5] for r in rows[1:] if r[0] != "TOTAL")  # provider and receiver ids on every transfer
    assert "王五" not in response.content.decode("utf-8-sig")
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = [list(r) for r in book.active.iter_rows(values_only=True)]
    xlsx_totals = {r[2]: r[7] for r in sheet if r[0] == "TOTAL"}
    assert {k: f"{v:.2f}" for k, v in xlsx_totals.items()} == expected
