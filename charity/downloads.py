"""Downloads of a plan's ledger (CSV or XLSX) for open-data users: one row per transaction with its public id,
provider and receiver ids, amount and goods, and a closing row of totals that equals the plan page (received,
disbursed, held). Persons are never named."""

import csv
import io
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from . import ledger
from .models import FundraisingPlan, LedgerTransaction, Posting

HEADER = ("public_id", "date", "transaction", "provider_id", "provider", "receiver_id", "receiver", "amount_yuan",
          "goods", "quantity", "unit", "valuation_basis", "purpose_or_reason", "reverses")


def rows(plan: FundraisingPlan):
    txns = (LedgerTransaction.objects.filter(plan=plan).select_related("reverses")
            .prefetch_related(Prefetch("postings", queryset=Posting.objects.select_related("account")
                                       .order_by("amount", "id"))).order_by("occurred_on", "id"))
    for t in txns:
        lines = list(t.postings.all())
        source, target = lines[0], lines[-1]
        yield (t.public_id, t.occurred_on.isoformat(), t.kind, source.account.public_id, source.account.public_name,
               target.account.public_id, target.account.public_name, str(target.amount), t.goods,
               "" if t.quantity is None else str(t.quantity), t.unit, t.valuation_basis, t.memo or t.reason,
               t.reverses.public_id if t.reverses else "")


def totals_rows(plan: FundraisingPlan):
    totals = ledger.plan_totals(plan)
    return [("TOTAL", "", "received", "", "", "", "", str(totals["received"])),
            ("TOTAL", "", "disbursed", "", "", "", "", str(totals["disbursed"])),
            ("TOTAL", "", "held", "", "", totals["fund"] or "", "", str(totals["held"]))]


def plan_ledger(request, pk):
    plan = FundraisingPlan.objects.select_related("organization").filter(pk=pk).first()
    if plan is None:
        raise Http404
    kind = request.GET.get("format", "csv")
    data = [HEADER, *rows(plan), *totals_rows(plan)]
    name = f"{plan.filing_number}-ledger"
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Ledger")[:31]
        for row in data:
            sheet.append([_cell(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument."
                                                             "spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    csv.writer(buffer).writerows(data)
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _cell(value):
    """Amounts as numbers in the spreadsheet; a text that starts like a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _is_number(value):
        return "'" + value
    if _is_number(value) and value not in ("",):
        try:
            return float(Decimal(value)) if "." in value else int(value)
        except Exception:  # noqa: BLE001
            return value
    return value


def _is_number(value) -> bool:
    try:
        Decimal(str(value))
        return str(value) != ""
    except Exception:  # noqa: BLE001
        return False
