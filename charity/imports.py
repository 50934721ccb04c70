"""Imports of receipts (a designated platform's settlement file, or a bank's donation list) into the ledger and of
bank statements, and the reconciliation of the ledger against the statement, to the fen.

Files are CSV (UTF-8 or GBK/GB18030, detected) or XLSX, read with the register importer's reader. Every row is
checked; one bad row refuses the whole file, each problem naming its row, field and rule, and nothing is written.
Both imports are idempotent by transaction id: a row already recorded with the same contents is counted as
unchanged, with different contents it is refused and named.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from audit.services import record
from common.errors import Refusal, RuleViolation
from registry.importer import SourceError, cell_text, open_source
from supervision.base import deny_unless_org_or_staff

from . import ledger
from .models import (
    Channel,
    FundraisingPlan,
    ImportBatch,
    ImportKind,
    LedgerTransaction,
    StatementLine,
    TransactionKind,
)
from .services import parse_money, refuse

RECEIPT_COLUMNS = {
    "external_id": ("交易号", "transaction_id", "流水号"), "received_on": ("日期", "date", "交易日期"),
    "amount": ("金额", "amount"), "currency": ("币种", "currency"), "donor_kind": ("捐赠人类型", "donor_kind"),
    "donor_name": ("捐赠人", "donor_name", "捐赠人名称"), "donor_uscc": ("统一社会信用代码", "donor_uscc"),
}
STATEMENT_COLUMNS = {
    "external_id": ("交易号", "transaction_id", "流水号"), "occurred_on": ("日期", "date", "交易日期"),
    "amount": ("金额", "amount", "发生额"), "currency": ("币种", "currency"),
    "counterparty": ("对方户名", "counterparty"), "description": ("摘要", "description"),
}
REQUIRED = {"external_id", "amount"}


@dataclass
class ImportSummary:
    batch: ImportBatch | None
    rows: int
    created: int
    unchanged: int
    problems: list[Refusal] = field(default_factory=list)


def _read(path: Path, columns: dict) -> tuple[str, str, list[tuple[int, dict]]]:
    try:
        source = open_source(path)
    except SourceError as error:
        raise RuleViolation(error.problems) from None
    try:
        header = [cell_text(h).lower() for h in source.header]
        index = {}
        for key, names in columns.items():
            for name in names:
                if name.lower() in header:
                    index[key] = header.index(name.lower())
                    break
        missing = [key for key in REQUIRED | {"received_on" if "received_on" in columns else "occurred_on"}
                   if key not in index]
        if missing:
            raise RuleViolation([Refusal("IMPORT-HEADER", key, f"缺少列：{'/'.join(columns[key])}",
                                         f"missing column: {'/'.join(columns[key])}", row=1) for key in missing])
        rows = []
        try:
            for number, cells in source.rows:
                if not any(cell_text(c) for c in cells):
                    continue
                rows.append((number, {key: cell_text(cells[i]) if i < len(cells) else ""
                                      for key, i in index.items()}))
        except SourceError as error:
            raise RuleViolation(error.problems) from None
        return source.kind, source.encoding, rows
    finally:
        source.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _with_row(problems, row: int) -> list[Refusal]:
    return [Refusal(p.code, p.field, f"第 {row} 行：{p.zh}", f"row {row}: {p.en}", row=row, value=p.value)
            for p in problems]


@transaction.atomic
def import_receipts(actor, plan: FundraisingPlan, path: Path, *, channel: str, file_name: str = "") -> ImportSummary:
    """Record each row as a receipt of ``plan`` (donor → receiving account → the plan's fund). All or nothing."""
    plan = FundraisingPlan.objects.select_related("organization").get(pk=plan.pk)
    org = plan.organization
    deny_unless_org_or_staff(actor, org)
    if channel not in (Channel.BANK, Channel.PLATFORM):
        refuse("LEDGER-CHANNEL", "channel", "导入文件的渠道应为银行或指定平台", "an imported file's channel is bank or platform",
               value=str(channel))
    path = Path(path)
    _kind, encoding, rows = _read(path, RECEIPT_COLUMNS)
    problems: list[Refusal] = []
    created = unchanged = 0
    seen: dict[str, int] = {}
    for row, values in rows:
        tid = values.get("external_id", "")
        if tid and tid in seen:
            problems.append(Refusal("IMPORT-DUPLICATE-ROW", "external_id",
                                    f"第 {row} 行：交易号 {tid} 与第 {seen[tid]} 行重复",
                                    f"row {row}: transaction id {tid} repeats row {seen[tid]}", row=row, value=tid))
            continue
        seen[tid] = row
        data = {"channel": channel, **values}
        if not data.get("donor_kind"):
            data["donor_kind"] = "organization" if data.get("donor_uscc") else (
                "person" if data.get("donor_name") else "anonymous")
        before = LedgerTransaction.objects.filter(organization=org, channel=channel, external_id=tid,
                                                  kind=TransactionKind.RECEIPT).exists()
        try:
            with transaction.atomic():
                ledger.record_donation(actor, plan, data)
        except RuleViolation as violation:
            problems.extend(_with_row(violation.problems, row))
            continue
        if before:
            unchanged += 1
        else:
            created += 1
    if problems:
        raise RuleViolation(problems)
    batch = ImportBatch.objects.create(organization=org, plan=plan, kind=ImportKind.RECEIPTS, channel=channel,
                                       file_name=(file_name or path.name)[:255], sha256=_sha256(path),
                                       encoding=encoding, rows=len(rows), created=created,
                                       recorded_by=actor if getattr(actor, "pk", None) else None)
    record(actor, "charity.import.receipts", "ImportBatch", batch.pk,
           after={"plan": plan.filing_number, "rows": len(rows), "created": created, "unchanged": unchanged,
                  "sha256": batch.sha256})
    return ImportSummary(batch, len(rows), created, unchanged)


@transaction.atomic
def import_statement(actor, org, path: Path, *, file_name: str = "") -> ImportSummary:
    """Keep a bank statement's lines for reconciliation (idempotent by transaction id). All or nothing."""
    deny_unless_org_or_staff(actor, org)
    path = Path(path)
    _kind, encoding, rows = _read(path, STATEMENT_COLUMNS)
    problems: list[Refusal] = []
    fresh: list[StatementLine] = []
    unchanged = 0
    existing = {line.external_id: line for line in StatementLine.objects.filter(
        organization=org, external_id__in=[v.get("external_id", "") for _, v in rows])}
    seen: dict[str, int] = {}
    for row, values in rows:
        tid = values.get("external_id", "").strip()
        row_problems: list[Refusal] = []
        if not tid:
            row_problems.append(Refusal("REQUIRED", "external_id", "交易号不能为空", "the transaction id is required"))
        currency = (values.get("currency") or "CNY").upper()
        if currency not in ledger.CURRENCIES:
            row_problems.append(Refusal("LEDGER-CURRENCY", "currency", f"币种“{currency}”不受支持",
                                        f"unknown currency '{currency}'", value=currency))
        amount = day = None
        try:
            raw = values.get("amount", "").replace(",", "")
            negative = raw.startswith("-")
            amount = parse_money(raw.lstrip("-"), "amount")
            amount = -amount if negative else amount
        except RuleViolation as violation:
            row_problems.extend(violation.problems)
        try:
            day = date.fromisoformat(values.get("occurred_on", "")[:10])
        except ValueError:
            row_problems.append(Refusal("DATE-FORMAT", "occurred_on", f"日期“{values.get('occurred_on', '')}”格式无效",
                                        f"invalid date '{values.get('occurred_on', '')}'",
                                        value=values.get("occurred_on", "")))
        if tid in seen:
            row_problems.append(Refusal("IMPORT-DUPLICATE-ROW", "external_id", f"交易号 {tid} 与第 {seen[tid]} 行重复",
                                        f"transaction id {tid} repeats row {seen[tid]}", value=tid))
        seen.setdefault(tid, row)
        if row_problems:
            problems.extend(_with_row(row_problems, row))
            continue
        counterparty = values.get("counterparty", "")[:200]
        description = values.get("description", "")[:300]
        print_ = ledger.fingerprint({"id": tid, "on": day, "amount": amount, "counterparty": counterparty,
                                     "description": description})
        if tid in existing:
            if existing[tid].fingerprint == print_:
                unchanged += 1
                continue
            problems.extend(_with_row([Refusal(
                "LEDGER-DUPLICATE-ID", "external_id",
                f"交易号 {tid} 已导入（{existing[tid].occurred_on}，{existing[tid].amount} 元），内容不同",
                f"transaction id {tid} was already imported ({existing[tid].occurred_on}, {existing[tid].amount}) "
                "with different contents", value=tid)], row))
            continue
        fresh.append(StatementLine(organization=org, external_id=tid, occurred_on=day, amount=amount,
                                   counterparty=counterparty, description=description, fingerprint=print_))
    if problems:
        raise RuleViolation(problems)
    batch = ImportBatch.objects.create(organization=org, kind=ImportKind.STATEMENT, channel=Channel.BANK,
                                       file_name=(file_name or path.name)[:255], sha256=_sha256(path),
                                       encoding=encoding, rows=len(rows), created=len(fresh),
                                       recorded_by=actor if getattr(actor, "pk", None) else None)
    for line in fresh:
        line.batch = batch
    StatementLine.objects.bulk_create(fresh, batch_size=1000)
    record(actor, "charity.import.statement", "ImportBatch", batch.pk,
           after={"rows": len(rows), "created": len(fresh), "unchanged": unchanged, "sha256": batch.sha256})
    return ImportSummary(batch, len(rows), len(fresh), unchanged)


@dataclass
class Reconciliation:
    matched: list[tuple]  # (transaction id, amount)
    amount_differs: list[dict]
    ledger_only: list[dict]
    statement_only: list[dict]
    outside_plans: list[dict]

    @property
    def balanced(self) -> bool:
        return not (self.amount_differs or self.ledger_only or self.statement_only)


def reconcile(org, start: date | None = None, end: date | None = None) -> Reconciliation:
    """Bank receipts of the ledger (net of reversals) against the statement's credits, by transaction id and to
    the fen; credits on the statement dated outside every filed plan's period are flagged."""
    receipts = LedgerTransaction.objects.filter(organization=org, kind=TransactionKind.RECEIPT,
                                                channel=Channel.BANK).exclude(external_id="").filter(
        reversed_by__isnull=True).prefetch_related("postings").select_related("plan")
    lines = StatementLine.objects.filter(organization=org, amount__gt=0)
    if start:
        receipts, lines = receipts.filter(occurred_on__gte=start), lines.filter(occurred_on__gte=start)
    if end:
        receipts, lines = receipts.filter(occurred_on__lte=end), lines.filter(occurred_on__lte=end)
    book = {}
    for txn in receipts:
        amount = sum((p.amount for p in txn.postings.all() if p.amount > 0), Decimal(0))
        book[txn.external_id] = {"external_id": txn.external_id, "date": txn.occurred_on.isoformat(),
                                 "amount": str(amount), "public_id": txn.public_id,
                                 "plan": txn.plan.filing_number if txn.plan else None}
    bank = {line.external_id: {"external_id": line.external_id, "date": line.occurred_on.isoformat(),
                               "amount": str(line.amount), "counterparty": line.counterparty} for line in lines}
    matched, differs = [], []
    for tid in sorted(set(book) & set(bank)):
        if Decimal(book[tid]["amount"]) == Decimal(bank[tid]["amount"]):
            matched.append((tid, book[tid]["amount"]))
        else:
            differs.append({"external_id": tid, "ledger": book[tid]["amount"], "statement": bank[tid]["amount"]})
    periods = list(FundraisingPlan.objects.filter(organization=org).values_list("starts_on", "ends_on",
                                                                                  "filing_number"))
    outside = [row for row in bank.values()
               if not any(s <= date.fromisoformat(row["date"]) <= e for s, e, _n in periods)]
    return Reconciliation(matched, differs, [book[t] for t in sorted(set(book) - set(bank))],
                          [bank[t] for t in sorted(set(bank) - set(book))], outside)
