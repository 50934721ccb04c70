"""The double-entry donations ledger through the HTTP API: receipts donor → receiving account → the plan's
restricted fund, disbursements to beneficiaries and institutions, reversals with a reason; bad input refused and
named with nothing written; the invariants (every transaction sums to zero, balances equal the sums of postings)
property-tested on the pure core and checked on the database."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charity import rules
from charity.models import LedgerAccount, LedgerTransaction, Posting
from common.clock import today
from conftest import api_as

from .helpers import codes, qualify, state, submit_reports
from .test_plans import file, plan_body

DONOR_ID = "11010519491231002X"  # a valid check digit


@pytest.fixture
def plan(world):
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    qualify(world)
    response = file(world.user_a, world.org_a, dict(plan_body(start_in=-5, length=60), emergency=True))
    assert response.status_code == 201, response.content
    return response.json()


def donate(user, plan, **overrides):
    body = {"donor_kind": "person", "donor_name": "王五", "donor_id_number": DONOR_ID, "channel": "bank",
            "external_id": "BANK-0001", "received_on": today().isoformat(), "amount": "1000.00"}
    body.update(overrides)
    return api_as(user).post(reverse("api-charity-plan-donations", kwargs={"pk": plan["id"]}), body, format="json")


def disburse(user, plan, **overrides):
    body = {"recipient_kind": "organization", "recipient_name": "东城区第一敬老院", "amount": "300.00",
            "memo": "购置血氧仪"}
    body.update(overrides)
    return api_as(user).post(reverse("api-charity-plan-disbursements", kwargs={"pk": plan["id"]}), body,
                             format="json")


def ledger(plan):
    return api_as(None).get(reverse("api-charity-plan-ledger", kwargs={"pk": plan["id"]})).json()


def assert_invariants():
    for txn in LedgerTransaction.objects.all():
        assert txn.postings.aggregate(s=Sum("amount"))["s"] == 0, txn.public_id
    assert (Posting.objects.aggregate(s=Sum("amount"))["s"] or 0) == 0
    for account in LedgerAccount.objects.all():
        assert sum(p.amount for p in account.postings.all()) == (
            account.postings.aggregate(s=Sum("amount"))["s"] or 0)


def test_a_receipt_flows_from_the_donor_through_the_receiving_account_to_the_plan_fund(world, plan):
    response = donate(world.user_a, plan)
    assert response.status_code == 201, response.content
    receipt = response.json()
    assert receipt["kind"] == "receipt" and receipt["amount"] == "1000.00"
    assert receipt["provider"].startswith(world.org_a.code + "-D") and receipt["receiver"].startswith(
        world.org_a.code + "-R")
    names = {p["account_name"] for p in receipt["postings"]}
    assert names & {"个人捐赠者", "Individual donor"} and "王五" not in names  # the person is never named
    body = str(api_as(None).get(reverse("api-charity-plan-donations", kwargs={"pk": plan["id"]})).json())
    assert "王五" not in body and DONOR_ID not in body
    data = ledger(plan)
    assert data["received"] == "1000.00" and data["held"] == "1000.00" and data["disbursed"] == "0.00"
    kinds = [t["kind"] for t in data["transactions"]]
    assert kinds == ["receipt", "allocation"]
    allocation = data["transactions"][1]
    assert allocation["provider"] == receipt["receiver"] and allocation["receiver"] == data["fund"]
    assert_invariants()


def test_the_same_transaction_id_is_idempotent_and_different_contents_are_refused(world, plan):
    assert donate(world.user_a, plan).status_code == 201
    before = state()
    again = donate(world.user_a, plan)
    assert again.status_code == 200 and state() == before
    changed = donate(world.user_a, plan, amount="1000.01")
    assert changed.status_code == 409 and codes(changed) == {"LEDGER-DUPLICATE-ID"}
    assert "BANK-0001" in changed.json()["errors"][0]["message_zh"]
    assert state() == before
    assert ledger(plan)["received"] == "1000.00"


@pytest.mark.parametrize("overrides, code, field", [
    ({"amount": "-5"}, "MONEY-NEGATIVE", "amount"),
    ({"amount": "0"}, "LEDGER-ZERO", "amount"),
    ({"amount": "1.005"}, "MONEY-FORMAT", "amount"),
    ({"currency": "USD"}, "LEDGER-CURRENCY", "currency"),
    ({"channel": "cash"}, "LEDGER-CHANNEL", "channel"),
    ({"external_id": ""}, "REQUIRED", "external_id"),
    ({"donor_id_number": "110105194912310021"}, "RIC-CHECK", "donor_id_number"),
    ({"donor_kind": "organization", "donor_uscc": "91110000600037341A"}, "USCC-CHECK", "donor_uscc"),
    ({"received_on": "2020-01-01"}, "PLAN-RECEIPT-DATE", "received_on"),
    ({"goods": "血氧仪", "quantity": "10", "unit": "", "valuation_basis": ""}, "REQUIRED", "unit"),
])
def test_bad_receipts_are_refused_naming_field_and_rule(world, plan, overrides, code, field):
    before = state()
    response = donate(world.user_a, plan, **overrides)
    assert response.status_code == 400, response.content
    assert (code, field) in {(e["code"], e["field"]) for e in response.json()["errors"]}
    error = next(e for e in response.json()["errors"] if e["code"] == code)
    assert error["message_zh"] and error["message_en"] and error["message_zh"] != error["message_en"]
    assert state() == before


def test_disbursements_never_exceed_the_restricted_fund(world, plan):
    donate(world.user_a, plan)
    donate(world.user_a, plan, donor_kind="organization", donor_name="某某科技有限公司",
           donor_uscc="91110000600037341L", external_id="BANK-0002", amount="500.00")
    before = state()
    too_much = disburse(world.user_a, plan, amount="1500.01")
    assert too_much.status_code == 400 and codes(too_much) == {"LEDGER-FUNDS"}
    assert "1,500.00" in too_much.json()["errors"][0]["message_zh"]
    assert state() == before
    no_memo = disburse(world.user_a, plan, memo="")
    assert no_memo.status_code == 400 and codes(no_memo) == {"REQUIRED"}
    done = disburse(world.user_a, plan, amount="1500.00")
    assert done.status_code == 201, done.content
    assert done.json()["receiver"].startswith(world.org_a.code + "-I")
    data = ledger(plan)
    assert (data["received"], data["disbursed"], data["held"]) == ("1500.00", "1500.00", "0.00")
    person = disburse(world.user_a, plan, recipient_kind="person", recipient_name="赵六", amount="0.01")
    assert person.status_code == 400 and codes(person) == {"LEDGER-FUNDS"}
    assert_invariants()


def test_goods_move_with_quantity_unit_and_valuation(world, plan):
    response = donate(world.user_a, plan, donor_kind="anonymous", channel="on_site", external_id="",
                      goods="制氧机", quantity="20", unit="台", valuation_basis="发票价", amount="60000.00")
    assert response.status_code == 201, response.content
    assert response.json()["quantity"] == "20.000" and response.json()["valuation_basis"] == "发票价"
    over = disburse(world.user_a, plan, goods="制氧机", quantity="21", unit="台", valuation_basis="发票价",
                    amount="3000.00")
    assert over.status_code == 400 and ("LEDGER-FUNDS", "quantity") in {
        (e["code"], e["field"]) for e in over.json()["errors"]}
    ok = disburse(world.user_a, plan, goods="制氧机", quantity="5", unit="台", valuation_basis="发票价",
                  amount="15000.00")
    assert ok.status_code == 201
    assert ledger(plan)["held"] == "45000.00"
    assert_invariants()


def test_corrections_are_reversing_entries_with_a_reason(world, plan):
    receipt = donate(world.user_a, plan).json()
    url = reverse("api-charity-transaction-reversal", kwargs={"pk": receipt["id"]})
    paid = disburse(world.user_a, plan, amount="400.00").json()
    no_reason = api_as(world.user_a).post(url, {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and codes(no_reason) == {"REQUIRED"}
    blocked = api_as(world.user_a).post(url, {"reason": "银行退回"}, format="json")
    assert blocked.status_code == 409 and codes(blocked) == {"LEDGER-FUNDS"}
    undo = api_as(world.user_a).post(reverse("api-charity-transaction-reversal", kwargs={"pk": paid["id"]}),
                                     {"reason": "拨付对象错误"}, format="json")
    assert undo.status_code == 201 and undo.json()["reverses"] == paid["public_id"]
    assert api_as(world.user_b).post(url, {"reason": "x"}, format="json").status_code == 404
    reversed_ = api_as(world.user_a).post(url, {"reason": "银行退回"}, format="json")
    assert reversed_.status_code == 201 and reversed_.json()["reason"] == "银行退回"
    again = api_as(world.user_a).post(url, {"reason": "银行退回"}, format="json")
    assert again.status_code == 409 and codes(again) == {"LEDGER-REVERSED"}
    data = ledger(plan)
    assert (data["received"], data["disbursed"], data["held"]) == ("0.00", "0.00", "0.00")
    assert Posting.objects.count() == 2 * 6  # receipt, allocation, disbursement and their three reversals
    with pytest.raises(RuntimeError):
        LedgerTransaction.objects.first().delete()
    assert_invariants()


def test_only_the_organization_and_its_officers_write_the_ledger(world, plan):
    assert donate(world.supervisor, plan).status_code == 403
    assert donate(world.user_b, plan).status_code == 404
    assert donate(None, plan).status_code == 401
    assert donate(world.county_a, plan).status_code == 201


def test_receipts_before_the_plan_started_are_refused(world, plan):
    started = today() - timedelta(days=5)
    response = donate(world.user_a, plan, received_on=(started - timedelta(days=1)).isoformat())
    assert response.status_code == 400 and codes(response) == {"PLAN-RECEIPT-DATE"}


# --- the pure core ------------------------------------------------------------------------------------------

accounts = st.sampled_from(["donor", "receiving", "fund", "beneficiary", "institution"])
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(accounts, accounts, amounts, st.booleans()), min_size=1, max_size=40))
def test_every_transfer_sums_to_zero_and_balances_are_the_sums_of_postings(moves):
    transactions = []
    for source, target, amount, reverse_it in moves:
        lines = rules.transfer(source, target, amount)
        assert rules.check_balanced(lines) == []
        transactions.append(lines)
        if reverse_it:
            back = rules.reversal(lines)
            assert rules.check_balanced(back) == []
            transactions.append(back)
    totals = rules.balances(transactions)
    assert sum(totals.values()) == 0
    for name, total in totals.items():
        assert total == sum((li.amount for lines in transactions for li in lines if li.account == name), Decimal(0))
    reversed_all = [rules.reversal(lines) for lines in transactions]
    assert all(v == 0 for v in rules.balances(transactions + reversed_all).values())


@given(st.lists(st.tuples(accounts, st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2)),
                min_size=0, max_size=6))
def test_an_unbalanced_posting_is_refused(lines):
    postings = [rules.Line(a, m) for a, m in lines]
    problems = rules.check_balanced(postings)
    balanced = len(postings) >= 2 and sum((p.amount for p in postings), Decimal(0)) == 0
    assert (problems == []) == balanced
    assert all(p.code in ("LEDGER-BALANCE", "LEDGER-FEN") for p in problems)


def test_the_ledger_through_the_web_pages(world, plan):
    from django.test import Client

    client = Client()
    client.force_login(world.user_a)
    url = reverse("charity:donation", kwargs={"pk": plan["id"]})
    assert client.get(url).status_code == 200
    form = {"donor_kind": "person", "donor_name": "王五", "donor_id_number": DONOR_ID, "channel": "bank",
            "external_id": "B-9", "received_on": today().isoformat(), "amount": "800.00"}
    bad = client.post(url, dict(form, currency="USD", amount="-1"))
    assert bad.status_code == 400 and 'data-code="MONEY-NEGATIVE"' in bad.content.decode()
    assert not LedgerTransaction.objects.exists()
    assert client.post(url, form).status_code == 302
    pay = reverse("charity:disbursement", kwargs={"pk": plan["id"]})
    over = client.post(pay, {"recipient_kind": "organization", "recipient_name": "敬老院", "amount": "900.00",
                             "memo": "物资"})
    assert over.status_code == 400 and 'data-code="LEDGER-FUNDS"' in over.content.decode()
    assert client.post(pay, {"recipient_kind": "organization", "recipient_name": "敬老院", "amount": "300.00",
                             "memo": "购置血氧仪"}).status_code == 302
    page = Client().get(reverse("charity:plan", kwargs={"pk": plan["id"]})).content.decode()
    assert '<dd id="total-received">800.00</dd>' in page and '<dd id="total-held">500.00 · ' in page
    assert "王五" not in page and "个人捐赠者" in page and "购置血氧仪" in page
    receipt = LedgerTransaction.objects.get(kind="receipt")
    undo = reverse("charity:reversal", kwargs={"pk": receipt.pk})
    assert client_get_status(world.supervisor, undo) == 403
    blocked = client.post(undo, {"reason": "退回"})
    assert blocked.status_code == 409 and 'data-code="LEDGER-FUNDS"' in blocked.content.decode()
    assert_invariants()


def client_get_status(user, url):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(url).status_code
