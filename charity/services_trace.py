"""Traceability and transparency (issue 11 items 9-10): for every plan and project, raised vs received vs spent vs
disclosed with the gaps flagged; and the transparency figures of an organization (income, spending and the ratios
of its annual reports, what its ledger raised and spent, beneficiaries served as counts, disclosures and their
timeliness). Reads only; every figure is a sum of ledger postings or of report figures, so the pages, the API and
the downloads show the same numbers.

- raised: what donors gave the plan (receipts, net of reversals);
- received: of which the bank receipts found on the organization's imported bank statement to the fen, plus the
  receipts by platform and on site (recorded from the platform's settlement file or the site's record);
- spent: what beneficiaries and institutions got (disbursements, net of reversals);
- disclosed: the latest disclosure's figures (receipts for emergency plans; spending for projects).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from common.clock import today

from . import ledger, projects, rules
from .models import (
    AccountKind,
    Channel,
    CharityProject,
    FundraisingPlan,
    LedgerTransaction,
    Posting,
    ProjectDisclosure,
    StatementLine,
    TransactionKind,
)

SPENT_KINDS = (AccountKind.BENEFICIARY, AccountKind.INSTITUTION)


def _sum(qs) -> Decimal:
    return Decimal(qs.aggregate(s=Sum("amount"))["s"] or 0).quantize(rules.FEN)


def _gap(code: str, zh: str, en: str, **figures) -> dict:
    return {"code": code, "message_zh": zh, "message_en": en, **{k: str(v) for k, v in figures.items()}}


def unmatched_bank_receipts(plan: FundraisingPlan) -> list[dict]:
    """The plan's bank receipts (not reversed) missing from, or differing on, the imported bank statement. Only
    receipts dated within the statement's imported dates count (nothing is missing before a statement exists)."""
    lines = StatementLine.objects.filter(organization_id=plan.organization_id, amount__gt=0)
    if not lines.exists():
        return []
    first = lines.order_by("occurred_on").values_list("occurred_on", flat=True).first()
    last = lines.order_by("-occurred_on").values_list("occurred_on", flat=True).first()
    bank = dict(lines.filter(occurred_on__gte=first, occurred_on__lte=last).values_list("external_id", "amount"))
    out = []
    receipts = (LedgerTransaction.objects.filter(plan=plan, kind=TransactionKind.RECEIPT, channel=Channel.BANK,
                                                 reversed_by__isnull=True, occurred_on__gte=first,
                                                 occurred_on__lte=last)
                .annotate(amount=Sum("postings__amount", filter=Q(postings__amount__gt=0))).order_by("occurred_on"))
    for txn in receipts:
        on_statement = bank.get(txn.external_id)
        if on_statement is None or Decimal(on_statement) != Decimal(txn.amount):
            out.append({"public_id": txn.public_id, "date": txn.occurred_on.isoformat(), "ledger": str(Decimal(txn.amount).quantize(rules.FEN)),
                        "statement": None if on_statement is None else str(Decimal(on_statement).quantize(rules.FEN))})
    return out


def plan_trace(plan: FundraisingPlan) -> dict:
    totals = ledger.plan_totals(plan)
    missing = unmatched_bank_receipts(plan)
    unconfirmed = sum((Decimal(m["ledger"]) for m in missing), Decimal(0)).quantize(rules.FEN)
    received = (totals["received"] - unconfirmed).quantize(rules.FEN)
    latest = plan.disclosures.order_by("-disclosed_on", "-id").first()
    gaps = []
    if missing:
        gaps.append(_gap("GAP-RECEIVED", f"{len(missing)} 笔银行收款在已导入的银行对账单中没有找到或金额不符，合计 "
                                         f"{rules.yuan(unconfirmed)} 元",
                         f"{len(missing)} bank receipt(s) not found on, or differing from, the imported bank "
                         f"statement: {rules.yuan(unconfirmed)} yuan", amount=unconfirmed))
    disclosure_gap = ledger.disclosure_gap(plan)
    if disclosure_gap:
        gaps.append(_gap("GAP-DISCLOSED", f"截至 {disclosure_gap['received_to']} 公开的收入 "
                                          f"{disclosure_gap['disclosed']} 元，账簿记录 {disclosure_gap['ledger']} 元",
                         f"the disclosure up to {disclosure_gap['received_to']} states {disclosure_gap['disclosed']} "
                         f"yuan; the ledger recorded {disclosure_gap['ledger']}",
                         disclosed=disclosure_gap["disclosed"], ledger=disclosure_gap["ledger"]))
    project_rows = [project_trace(p) for p in plan.projects.all().order_by("starts_on", "id")]
    return {"plan": plan.filing_number, "raised": str(totals["received"]), "received": str(received),
            "unconfirmed": str(unconfirmed), "spent": str(totals["disbursed"]),
            "in_projects": str(totals["in_projects"]), "held": str(totals["held"]),
            "disclosed": None if latest is None else str(latest.amount_received),
            "disclosed_on": None if latest is None else latest.disclosed_on.isoformat(),
            "unmatched": missing, "gaps": gaps, "projects": project_rows}


def project_trace(project: CharityProject) -> dict:
    postings = Posting.objects.filter(transaction__project=project)
    # transfers into the project's fund, net of their reversals
    allocated = _sum(postings.filter(account__kind=AccountKind.PROJECT_FUND).filter(
        Q(transaction__kind=TransactionKind.TRANSFER)
        | Q(transaction__kind=TransactionKind.REVERSAL, transaction__reverses__kind=TransactionKind.TRANSFER)))
    spent = projects.disbursed(project)
    latest = project.disclosures.order_by("-disclosed_on", "-id").first()
    gaps = []
    gap = projects.disclosure_gap(project)
    if gap:
        gaps.append(_gap("GAP-SPENT", f"截至 {gap['covers_to']} 公开的支出 {gap['disclosed']} 元，账簿拨付 {gap['ledger']} 元",
                         f"the disclosure up to {gap['covers_to']} states {gap['disclosed']} yuan spent; the ledger "
                         f"disbursed {gap['ledger']}", disclosed=gap["disclosed"], ledger=gap["ledger"]))
    if spent > project.budget:
        gaps.append(_gap("GAP-BUDGET", f"拨付 {rules.yuan(spent)} 元，超过项目预算 {rules.yuan(project.budget)} 元",
                         f"disbursed {rules.yuan(spent)} yuan, more than the budget of {rules.yuan(project.budget)}",
                         spent=spent, budget=project.budget))
    served = ProjectDisclosure.objects.filter(project=project).order_by("-disclosed_on", "-id").first()
    return {"project": project.public_id, "name": project.name, "budget": str(project.budget),
            "allocated": str(allocated), "spent": str(spent),
            "disclosed": None if latest is None else str(latest.spent),
            "disclosed_on": None if latest is None else latest.disclosed_on.isoformat(),
            "persons_served": served.persons_served if served else 0,
            "institutions_served": served.institutions_served if served else 0, "gaps": gaps}


# --- transparency per organization ---------------------------------------------------------------------------

def is_charity(org) -> bool:
    """Whether ``org`` has a charity record to be transparent about (a recognition or a filed plan)."""
    from .models import Grant

    return (Grant.objects.filter(organization=org, kind=rules.RECOGNITION).exists()
            or FundraisingPlan.objects.filter(organization=org).exists())


def transparency(org, on: date | None = None) -> dict:
    """What the public sees of a charity: per annual-report year its income, spending and ratios (with the
    spending check in words), the ledger's plans and projects with their totals, beneficiaries served as counts,
    and the disclosures with their timeliness. Totals are sums of the rows shown."""
    from .services_spending import history

    on = on or today()
    years = []
    for found in history(org, on):
        f = found.result.figures
        sub = _report(org, found.year)
        ratio = (sub.expense_administration / sub.expense_total) if sub and sub.expense_total else None
        years.append({"year": found.year, "income": str(sub.income_total) if sub else "",
                      "charitable_spending": str(sub.expense_programmes) if sub else "",
                      "management_costs": str(sub.expense_administration) if sub else "",
                      "total_spending": str(sub.expense_total) if sub else "",
                      "management_ratio": rules.pct(ratio) if ratio is not None else "",
                      "tier": found.result.tier, "ok": found.result.ok, "exempt": found.result.exempt,
                      "required": str(f.get("required_single", "")),
                      "lines": [{"zh": zh, "en": en} for zh, en in found.result.lines],
                      "problems": [p.as_dict() for p in found.result.problems]})
    plans = [plan_trace(p) for p in FundraisingPlan.objects.filter(organization=org).order_by("filed_on", "id")]
    loose = CharityProject.objects.filter(organization=org, plan__isnull=True).order_by("starts_on", "id")
    project_rows = [row for p in plans for row in p["projects"]] + [project_trace(p) for p in loose]
    rate = projects.organization_rate(org, on)
    schedule = []
    for project in CharityProject.objects.filter(organization=org).order_by("starts_on", "id"):
        items, _settings = projects.schedule(project, on)
        schedule += [{"project": project.public_id, "name": project.name, "kind": i.kind, "due": i.due.isoformat(),
                      "made": i.made.isoformat() if i.made else None, "status": i.status} for i in items]
    beneficiaries = (Posting.objects.filter(transaction__organization=org, account__kind__in=SPENT_KINDS,
                                            amount__gt=0).exclude(transaction__kind=TransactionKind.REVERSAL)
                     .values("account__kind").annotate(n=Count("account", distinct=True)))
    counts = {row["account__kind"]: row["n"] for row in beneficiaries}
    money = lambda key, rows: str(sum((Decimal(r[key]) for r in rows if r.get(key)), Decimal(0)).quantize(rules.FEN))  # noqa: E731
    return {
        "organization": org.code, "name": org.name, "as_of": on.isoformat(), "years": years,
        "plans": plans, "projects": project_rows,
        "totals": {"raised": money("raised", plans), "received": money("received", plans),
                   "spent": money("spent", plans), "held": money("held", plans),
                   "in_projects": money("in_projects", plans), "project_budget": money("budget", project_rows),
                   "project_spent": money("spent", project_rows),
                   "persons_served": sum(r["persons_served"] for r in project_rows),
                   "institutions_served": sum(r["institutions_served"] for r in project_rows)},
        "beneficiary_persons": counts.get(AccountKind.BENEFICIARY, 0),
        "beneficiary_institutions": counts.get(AccountKind.INSTITUTION, 0),
        "on_time": {"on_time": rate[0], "due": rate[1]}, "schedule": schedule,
        "gaps": [g for p in plans for g in p["gaps"]] + [g for r in project_rows for g in r["gaps"]],
    }


def _report(org, year: int):
    from supervision.models import ReportSubmission

    return ReportSubmission.objects.filter(report__organization=org, report__year=year,
                                           superseded_by__isnull=True).first()
