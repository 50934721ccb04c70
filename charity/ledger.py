"""The only writers of the donations ledger (double entry). Every receipt and outflow is a balanced transaction
between accounts: donor → the organization's receiving account (per channel) → the plan's restricted fund →
beneficiary or institution. Amounts are Decimal yuan; nothing is edited: a correction is a reversing transaction
with a reason. A receipt carries the bank's or platform's transaction id: the same id with the same contents is
recorded once (idempotent), with different contents it is refused and named.
"""

import hashlib
import json
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from stdnum.cn import ric, uscc

from audit.services import record
from common.clock import today
from common.crypto import search_hash
from common.errors import Refusal, RuleViolation
from supervision.base import deny_unless_org_or_staff
from supervision.cleaning import clean_text, parse_day

from . import rules
from .models import (
    AccountKind,
    Channel,
    FundraisingPlan,
    LedgerAccount,
    LedgerTransaction,
    PartyKind,
    Posting,
    TransactionKind,
)
from .sequences import next_number
from .services import _collect, _user, parse_money, refuse

CURRENCIES = ("CNY",)
PREFIX = {AccountKind.DONOR: "D", AccountKind.RECEIVING: "R", AccountKind.RESTRICTED: "F",
          AccountKind.BENEFICIARY: "B", AccountKind.INSTITUTION: "I", AccountKind.PROJECT_FUND: "J"}


def _new_public_id(org, kind) -> str:
    prefix = f"{org.code}-{PREFIX[kind]}"
    return f"{prefix}{next_number(org, f'account-{PREFIX[kind]}', model=LedgerAccount, prefix=prefix, width=6):06d}"


def account(org, kind, *, name, party_kind="", uscc_code="", person_hash="", plan=None,
            project=None) -> LedgerAccount:
    lookup = {"organization": org, "kind": kind, "plan": plan, "project": project}
    if uscc_code:
        lookup["uscc"] = uscc_code
    elif person_hash:
        lookup["person_hash"] = person_hash
    else:
        lookup["name"] = name
        lookup["party_kind"] = party_kind
    found = LedgerAccount.objects.filter(**lookup).first()
    if found is not None:
        return found
    return LedgerAccount.objects.create(public_id=_new_public_id(org, kind), name=name, party_kind=party_kind,
                                        **{k: v for k, v in lookup.items() if k not in ("name", "party_kind")})


def receiving_account(org, channel: str) -> LedgerAccount:
    return account(org, AccountKind.RECEIVING, name=channel, party_kind=PartyKind.ORGANIZATION)


def fund_of(plan: FundraisingPlan) -> LedgerAccount:
    return account(plan.organization, AccountKind.RESTRICTED, name=plan.filing_number,
                   party_kind=PartyKind.ORGANIZATION, plan=plan)


def project_fund(project) -> LedgerAccount:
    """The restricted fund of a project (money moved to it from its plan's fund by a transfer)."""
    return account(project.organization, AccountKind.PROJECT_FUND, name=project.public_id,
                   party_kind=PartyKind.ORGANIZATION, plan=project.plan, project=project)


def balance(acct: LedgerAccount) -> Decimal:
    return Posting.objects.filter(account=acct).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def _public_txn_id(org) -> str:
    prefix = f"{org.code}-T"
    return f"{prefix}{next_number(org, 'transaction', model=LedgerTransaction, prefix=prefix, width=7):07d}"


def _post(org, kind, lines: list[rules.Line], accounts: dict[str, LedgerAccount], **fields) -> LedgerTransaction:
    problems = rules.check_balanced(lines)
    if problems:
        raise RuleViolation(problems)
    txn = LedgerTransaction.objects.create(organization=org, public_id=_public_txn_id(org), kind=kind, **fields)
    Posting.objects.bulk_create([Posting(transaction=txn, account=accounts[li.account], amount=li.amount,
                                         quantity=li.quantity) for li in lines])
    return txn


def _party(org, data: dict, prefix: str, problems: list[Refusal], *, kinds, account_kind) -> LedgerAccount | None:
    """The donor or recipient: a person (personal data never public, matched by the keyed hash of the validated
    ID number), an organization (by USCC) or, for donors, anonymous."""
    kind = str(data.get(f"{prefix}_kind") or "")
    if kind not in kinds:
        problems.append(Refusal("LEDGER-PARTY", f"{prefix}_kind", f"“{kind}”无效，应为：{'、'.join(kinds)}",
                                f"invalid '{kind}': one of {', '.join(kinds)}", value=kind))
        return None
    if kind == PartyKind.ANONYMOUS:
        return account(org, account_kind, name="匿名", party_kind=kind)
    name = _collect(lambda: clean_text(data.get(f"{prefix}_name"), f"{prefix}_name", required=True, max_length=200),
                    problems)
    if kind == PartyKind.ORGANIZATION:
        code = str(data.get(f"{prefix}_uscc") or "").strip().upper()
        if code and not uscc.is_valid(code):
            problems.append(Refusal("USCC-CHECK", f"{prefix}_uscc", f"统一社会信用代码“{code}”无效（校验位不符）",
                                    f"'{code}' is not a valid unified social credit code (check character)",
                                    value=code))
            return None
        if name is None:
            return None
        return account(org, account_kind, name=name, party_kind=kind, uscc_code=code)
    number = str(data.get(f"{prefix}_id_number") or "").strip().upper()
    hashed = ""
    if number:
        if not ric.is_valid(number):
            problems.append(Refusal("RIC-CHECK", f"{prefix}_id_number", "居民身份证号码无效（校验位不符）",
                                    "not a valid resident ID number (check digit)"))
            return None
        hashed = search_hash(ric.compact(number))
    if name is None:
        return None
    return account(org, account_kind, name=name, party_kind=kind, person_hash=hashed or search_hash(f"name:{name}"))


def _goods(data: dict, problems: list[Refusal]) -> dict:
    goods = _collect(lambda: clean_text(data.get("goods"), "goods", max_length=200), problems) or ""
    if not goods:
        return {"goods": "", "quantity": None, "unit": "", "valuation_basis": ""}
    quantity = _collect(lambda: parse_money(data.get("quantity"), "quantity"), problems)
    if quantity is not None and quantity <= 0:
        problems.append(Refusal("LEDGER-QUANTITY", "quantity", "物资数量应大于 0", "the quantity must be above 0",
                                value=str(quantity)))
    unit = _collect(lambda: clean_text(data.get("unit"), "unit", required=True, max_length=20), problems) or ""
    basis = _collect(lambda: clean_text(data.get("valuation_basis"), "valuation_basis", required=True,
                                        max_length=200), problems) or ""
    return {"goods": goods, "quantity": quantity, "unit": unit, "valuation_basis": basis}


def _amount(data: dict, problems: list[Refusal]) -> Decimal | None:
    currency = str(data.get("currency") or "CNY").strip().upper()
    if currency not in CURRENCIES:
        problems.append(Refusal("LEDGER-CURRENCY", "currency", f"币种“{currency}”不受支持：账簿以人民币元记账",
                                f"unknown currency '{currency}': the ledger is kept in yuan (CNY)", value=currency))
    amount = _collect(lambda: parse_money(data.get("amount"), "amount"), problems)
    if amount is not None and amount == 0:
        problems.append(Refusal("LEDGER-ZERO", "amount", "金额应大于 0", "the amount must be above 0", value="0"))
    return amount


def fingerprint(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def record_donation(actor, plan: FundraisingPlan, data: dict) -> LedgerTransaction:
    """A receipt for a filed plan: donor → receiving account of the channel, then → the plan's restricted fund."""
    plan = FundraisingPlan.objects.select_related("organization").get(pk=plan.pk)
    org = plan.organization
    deny_unless_org_or_staff(actor, org)
    problems: list[Refusal] = []
    channel = str(data.get("channel") or "")
    if channel not in Channel.values:
        problems.append(Refusal("LEDGER-CHANNEL", "channel", f"渠道“{channel}”无效，应为银行、指定平台或现场",
                                f"invalid channel '{channel}': bank, platform or on_site", value=channel))
    external_id = _collect(lambda: clean_text(data.get("external_id"), "external_id",
                                              required=channel in (Channel.BANK, Channel.PLATFORM), max_length=100),
                           problems) or ""
    received_on = _collect(lambda: parse_day(data.get("received_on"), "received_on"), problems)
    amount = _amount(data, problems)
    goods = _goods(data, problems)
    donor = _party(org, data, "donor", problems, kinds=PartyKind.values, account_kind=AccountKind.DONOR)
    if received_on is not None and not plan.starts_on <= received_on <= plan.ends_on:
        problems.append(Refusal("PLAN-RECEIPT-DATE", "received_on",
                                f"收款日期 {received_on} 不在备案方案 {plan.filing_number} 的募捐期限"
                                f"（{plan.starts_on} 至 {plan.ends_on}）内",
                                f"the receipt date {received_on} is outside the period of the filed plan "
                                f"{plan.filing_number} ({plan.starts_on} to {plan.ends_on})",
                                value=received_on.isoformat()))
    if problems:
        raise RuleViolation(problems)
    content = {"plan": plan.filing_number, "channel": channel, "received_on": received_on, "amount": amount,
               "donor": donor.public_id, **goods}
    print_ = fingerprint(content)
    if external_id:
        existing = LedgerTransaction.objects.filter(organization=org, channel=channel, external_id=external_id,
                                                    kind=TransactionKind.RECEIPT).first()
        if existing is not None:
            if existing.fingerprint == print_:
                return existing
            refuse("LEDGER-DUPLICATE-ID", "external_id",
                   f"交易号 {external_id} 已登记（{existing.public_id}），内容不同：同一交易号不能登记两笔不同的收款",
                   f"transaction id {external_id} is already recorded ({existing.public_id}) with different "
                   f"contents: one id cannot record two different receipts", status=409, value=external_id)
    receiving = receiving_account(org, channel)
    fund = fund_of(plan)
    accounts = {"donor": donor, "receiving": receiving, "fund": fund}
    quantity = goods["quantity"]
    receipt = _post(org, TransactionKind.RECEIPT, rules.transfer("donor", "receiving", amount, quantity), accounts,
                    plan=plan, occurred_on=received_on, channel=channel, external_id=external_id,
                    fingerprint=print_, recorded_by=_user(actor), **goods)
    _post(org, TransactionKind.ALLOCATION, rules.transfer("receiving", "fund", amount, quantity), accounts,
          plan=plan, occurred_on=received_on, follows=receipt, recorded_by=_user(actor), **goods)
    record(actor, "charity.ledger.receipt", "LedgerTransaction", receipt.pk, after={**content, "public_id":
                                                                                    receipt.public_id})
    return receipt


@transaction.atomic
def disburse(actor, plan: FundraisingPlan, data: dict) -> LedgerTransaction:
    """An outflow from the plan's restricted fund to a beneficiary (person) or an institution; never more than
    the fund holds."""
    plan = FundraisingPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    org = plan.organization
    deny_unless_org_or_staff(actor, org)
    problems: list[Refusal] = []
    kind = str(data.get("recipient_kind") or "")
    account_kind = AccountKind.BENEFICIARY if kind == PartyKind.PERSON else AccountKind.INSTITUTION
    recipient = _party(org, data, "recipient", problems, kinds=[PartyKind.PERSON, PartyKind.ORGANIZATION],
                       account_kind=account_kind)
    amount = _amount(data, problems)
    goods = _goods(data, problems)
    occurred_on = _collect(lambda: parse_day(data.get("occurred_on"), "occurred_on", default=today()), problems)
    memo = _collect(lambda: clean_text(data.get("memo"), "memo", required=True, max_length=300), problems) or ""
    from .projects import project_for_disbursement

    project = _collect(lambda: project_for_disbursement(org, plan, data.get("project") or ""), problems)
    # A project that has received a transfer spends from its own fund; otherwise straight from the plan's fund.
    funded = LedgerAccount.objects.filter(project=project, kind=AccountKind.PROJECT_FUND).first() if project else None
    fund = funded or fund_of(plan)
    available = balance(fund)
    if amount is not None and amount > available:
        whose_zh = f"项目 {project.public_id}" if funded and project else f"方案 {plan.filing_number}"
        whose_en = f"project {project.public_id}" if funded and project else f"plan {plan.filing_number}"
        problems.append(Refusal("LEDGER-FUNDS", "amount",
                                f"拨付金额 {rules.yuan(amount)} 元超过{whose_zh}的定向资金余额 "
                                f"{rules.yuan(available)} 元",
                                f"the disbursement of {rules.yuan(amount)} yuan exceeds the {rules.yuan(available)} "
                                f"yuan left in the restricted fund of {whose_en}",
                                value=str(amount)))
    if goods["quantity"] is not None:
        held = Posting.objects.filter(account=fund, transaction__unit=goods["unit"],
                                      transaction__goods=goods["goods"]).aggregate(q=Sum("quantity"))["q"] or 0
        if goods["quantity"] > held:
            problems.append(Refusal("LEDGER-FUNDS", "quantity",
                                    f"拨付 {goods['quantity']} {goods['unit']}，超过库存 {held} {goods['unit']}",
                                    f"{goods['quantity']} {goods['unit']} exceeds the {held} held",
                                    value=str(goods["quantity"])))
    if problems:
        raise RuleViolation(problems)
    txn = _post(org, TransactionKind.DISBURSEMENT,
                rules.transfer("fund", "recipient", amount, goods["quantity"]),
                {"fund": fund, "recipient": recipient}, plan=plan, occurred_on=occurred_on, memo=memo,
                project=project, recorded_by=_user(actor), **goods)
    record(actor, "charity.ledger.disbursement", "LedgerTransaction", txn.pk,
           after={"public_id": txn.public_id, "plan": plan.filing_number, "amount": amount,
                  "project": project.public_id if project else None,
                  "recipient": recipient.public_id, "memo": memo})
    return txn


def _reverse_one(actor, txn: LedgerTransaction, reason: str) -> LedgerTransaction:
    lines = [rules.Line(str(p.account_id), p.amount, p.quantity) for p in txn.postings.all()]
    accounts = {str(p.account_id): p.account for p in txn.postings.select_related("account")}
    return _post(txn.organization, TransactionKind.REVERSAL, rules.reversal(lines), accounts, plan=txn.plan,
                 project=txn.project,
                 occurred_on=today(), reverses=txn, reason=reason, goods=txn.goods, unit=txn.unit,
                 quantity=-txn.quantity if txn.quantity is not None else None, recorded_by=_user(actor))


@transaction.atomic
def reverse(actor, txn: LedgerTransaction, *, reason: str = "") -> LedgerTransaction:
    """Correct a receipt (with its allocation) or a disbursement by a reversing transaction with a reason."""
    txn = LedgerTransaction.objects.select_related("organization", "plan").get(pk=txn.pk)
    deny_unless_org_or_staff(actor, txn.organization)
    reason = clean_text(reason, "reason", required=True)
    if txn.kind not in (TransactionKind.RECEIPT, TransactionKind.DISBURSEMENT, TransactionKind.TRANSFER):
        refuse("LEDGER-REVERSE-KIND", None, "只能冲销收款、拨付或向项目的划转（分配随收款一并冲销）",
               "only a receipt, a disbursement or a transfer to a project can be reversed (an allocation goes with "
               "its receipt)", status=409)
    if txn.kind == TransactionKind.TRANSFER:
        target = next(p for p in txn.postings.select_related("account") if p.amount > 0)
        held = balance(target.account)
        if target.amount > held:
            refuse("LEDGER-FUNDS", None, f"项目定向资金余额 {rules.yuan(held)} 元不足以冲销这笔 {rules.yuan(target.amount)} 元的划转"
                                         "（已拨付部分请先冲销拨付）",
                   f"the project's fund holds {rules.yuan(held)} yuan, less than the {rules.yuan(target.amount)} "
                   "yuan transfer (reverse the disbursements first)", status=409)
    if LedgerTransaction.objects.filter(reverses=txn).exists():
        refuse("LEDGER-REVERSED", None, f"{txn.public_id} 已经冲销", f"{txn.public_id} has already been reversed",
               status=409)
    followers = list(LedgerTransaction.objects.filter(follows=txn))
    if txn.kind == TransactionKind.RECEIPT and txn.plan is not None:
        available = balance(fund_of(txn.plan))
        amount = sum((p.amount for p in txn.postings.all() if p.amount > 0), Decimal(0))
        if amount > available:
            refuse("LEDGER-FUNDS", None, f"定向资金余额 {rules.yuan(available)} 元不足以冲销这笔 {rules.yuan(amount)} 元的收款"
                                         "（已拨付部分请先冲销拨付）",
                   f"the restricted fund holds {rules.yuan(available)} yuan, less than the {rules.yuan(amount)} "
                   "yuan receipt (reverse the disbursements first)", status=409)
    for follower in followers:
        _reverse_one(actor, follower, reason)
    reversal = _reverse_one(actor, txn, reason)
    record(actor, "charity.ledger.reverse", "LedgerTransaction", txn.pk,
           after={"reversal": reversal.public_id}, reason=reason)
    return reversal


def plan_totals(plan: FundraisingPlan) -> dict:
    """Received, disbursed and held of a plan, each a sum of postings (reversals included): received is what the
    donors' accounts gave, disbursed what beneficiaries and institutions got, held the restricted fund's balance.
    Received − disbursed = held, because every receipt is allocated in full to the fund."""
    fund = LedgerAccount.objects.filter(plan=plan, kind=AccountKind.RESTRICTED, project=None).first()
    # one pass over the plan's postings (every posting of its fund belongs to a transaction of the plan)
    sums = Posting.objects.filter(transaction__plan=plan).aggregate(
        given=Sum("amount", filter=Q(account__kind=AccountKind.DONOR)),
        disbursed=Sum("amount", filter=Q(account__kind__in=[AccountKind.BENEFICIARY, AccountKind.INSTITUTION])),
        held=Sum("amount", filter=Q(account_id=fund.pk if fund else None)),
        in_projects=Sum("amount", filter=Q(account__kind=AccountKind.PROJECT_FUND)))
    given, disbursed = Decimal(sums["given"] or 0), Decimal(sums["disbursed"] or 0)
    held, in_projects = Decimal(sums["held"] or 0), Decimal(sums["in_projects"] or 0)
    return {"received": (-given).quantize(rules.FEN), "disbursed": Decimal(disbursed).quantize(rules.FEN),
            "held": Decimal(held).quantize(rules.FEN), "fund": fund.public_id if fund else None,
            "in_projects": Decimal(in_projects).quantize(rules.FEN)}


@transaction.atomic
def transfer_to_project(actor, plan: FundraisingPlan, data: dict) -> LedgerTransaction:
    """Move money from the plan's restricted fund to the restricted fund of a project it funds: one balanced
    transaction whose two postings name the provider (the plan's fund) and the receiver (the project's fund)."""
    plan = FundraisingPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    org = plan.organization
    deny_unless_org_or_staff(actor, org)
    problems: list[Refusal] = []
    from .projects import project_for_disbursement

    project = _collect(lambda: project_for_disbursement(org, plan, data.get("project") or ""), problems)
    if project is None and not any(p.field == "project" for p in problems):
        problems.append(Refusal("PROJECT-REQUIRED", "project", "请填写接收资金的慈善项目编号",
                                "give the public id of the project receiving the money"))
    amount = _amount(data, problems)
    occurred_on = _collect(lambda: parse_day(data.get("occurred_on"), "occurred_on", default=today()), problems)
    memo = _collect(lambda: clean_text(data.get("memo"), "memo", required=True, max_length=300), problems) or ""
    source = fund_of(plan)
    available = balance(source)
    if amount is not None and amount > available:
        problems.append(Refusal("LEDGER-FUNDS", "amount",
                                f"划转金额 {rules.yuan(amount)} 元超过方案 {plan.filing_number} 的定向资金余额 "
                                f"{rules.yuan(available)} 元",
                                f"the transfer of {rules.yuan(amount)} yuan exceeds the {rules.yuan(available)} yuan "
                                f"left in the restricted fund of plan {plan.filing_number}", value=str(amount)))
    if problems:
        raise RuleViolation(problems)
    target = project_fund(project)
    txn = _post(org, TransactionKind.TRANSFER, rules.transfer("plan", "project", amount),
                {"plan": source, "project": target}, plan=plan, project=project, occurred_on=occurred_on, memo=memo,
                recorded_by=_user(actor))
    record(actor, "charity.ledger.transfer", "LedgerTransaction", txn.pk,
           after={"public_id": txn.public_id, "plan": plan.filing_number, "project": project.public_id,
                  "amount": amount, "from": source.public_id, "to": target.public_id, "memo": memo})
    return txn


def received_up_to(plan: FundraisingPlan, day) -> Decimal:
    given = Posting.objects.filter(transaction__plan=plan, account__kind=AccountKind.DONOR,
                                   transaction__occurred_on__lte=day).aggregate(s=Sum("amount"))["s"]
    return (-(given or Decimal(0))).quantize(rules.FEN)


def disclosure_gap(plan: FundraisingPlan) -> dict | None:
    """GAP-DISCLOSED: the latest emergency disclosure's money received differs from the ledger's receipts up to
    the same day (None when they agree or nothing was disclosed)."""
    latest = plan.disclosures.order_by("-disclosed_on", "-id").first()
    if latest is None:
        return None
    booked = received_up_to(plan, latest.received_to)
    if booked == latest.amount_received:
        return None
    return {"rule": "GAP-DISCLOSED", "disclosed_on": latest.disclosed_on.isoformat(),
            "received_to": latest.received_to.isoformat(), "disclosed": str(latest.amount_received),
            "ledger": str(booked), "difference": str(latest.amount_received - booked)}
