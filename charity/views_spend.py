"""Web pages of transparency (public, per charity, with CSV/XLSX downloads whose totals equal the page) and of
transfers from a plan's fund to a project's fund (the organization and the officers over it)."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import ProblemForm, day, text
from registry.models import Organization

from . import ledger, services_trace
from .downloads import _cell
from .views import T, _plan_acting, act, posted


class TransferForm(ProblemForm):
    project = text(gettext_lazy("Project (public id)"), required=True, max_length=40)
    amount = text(gettext_lazy("Amount (yuan)"), required=True, max_length=20)
    occurred_on = day(gettext_lazy("Date"))
    memo = text(gettext_lazy("Purpose"), required=True, max_length=300)


@login_required
def transfer(request, pk):
    plan = _plan_acting(request, pk)
    form = TransferForm(posted(request))
    return act(request, form, lambda form: ledger.transfer_to_project(request.user, plan, form.cleaned_data),
               lambda t: ("charity:plan", plan.pk), template=T + "ledger_form.html",
               context={"plan": plan, "title": _("Transfer to a project's fund")},
               done_message=_("Transfer recorded."))


def _charity_or_404(code) -> Organization:
    org = Organization.objects.select_related("authority").by_code(code).first()
    if org is None or not services_trace.is_charity(org):
        raise Http404
    return org


def transparency(request, code):
    """A charity's transparency page: public, no login."""
    org = _charity_or_404(code)
    data = services_trace.transparency(org)
    if request.GET.get("format") in ("csv", "xlsx"):
        return _download(org, data, request.GET["format"])
    return render(request, T + "transparency.html", {"org": org, "t": data})


def table_rows(data: dict) -> list[tuple]:
    """The downloadable table: the plans, then the projects, then the annual-report years, each block closed by
    its totals row (the same figures as the page)."""
    tot = data["totals"]
    out: list[tuple] = [(_("Plans"), _("Filing number"), _("Raised (yuan)"), _("Received (yuan)"),
                         _("Spent (yuan)"), _("Moved to projects (yuan)"), _("Held (yuan)"), _("Disclosed (yuan)"))]
    for p in data["plans"]:
        out.append(("", p["plan"], p["raised"], p["received"], p["spent"], p["in_projects"], p["held"],
                    p["disclosed"] or ""))
    out.append((_("Total"), "", tot["raised"], tot["received"], tot["spent"], tot["in_projects"], tot["held"], ""))
    out.append(())
    out.append((_("Projects"), _("Public id"), _("Budget (yuan)"), _("Transferred (yuan)"), _("Spent (yuan)"),
                _("Disclosed (yuan)"), _("Persons served (person-times)"), _("Institutions served")))
    for r in data["projects"]:
        out.append(("", r["project"], r["budget"], r["allocated"], r["spent"], r["disclosed"] or "",
                    r["persons_served"], r["institutions_served"]))
    out.append((_("Total"), "", tot["project_budget"], "", tot["project_spent"], "", tot["persons_served"],
                tot["institutions_served"]))
    out.append(())
    out.append((_("Annual reports"), _("Year"), _("Total income (yuan)"), _("Charitable spending (yuan)"),
                _("Management costs (yuan)"), _("Total spending (yuan)"), _("Management costs share"),
                _("Within the standards")))
    for y in data["years"]:
        out.append(("", y["year"], y["income"], y["charitable_spending"], y["management_costs"],
                    y["total_spending"], y["management_ratio"], _("yes") if y["ok"] else _("no")))
    return out


def _download(org, data: dict, kind: str) -> HttpResponse:
    rows = table_rows(data)
    name = f"{org.code}-transparency"
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Transparency")[:31]
        for row in rows:
            sheet.append([_cell(str(v)) if v != "" else "" for v in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument."
                                                             "spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
