"""Dashboards: choose the jurisdiction and the date; each chart has its table and its CSV/XLSX download (the API's,
with the same parameters, so the file holds the figures on the page)."""

from urllib.parse import urlencode

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import staff_required
from common.errors import RuleViolation
from divisions.models import Division

from .compute import default_day, evaluate, indicator_or_error
from .indicators import BREAKDOWN_NAMES, CATALOGUE, INDICATORS
from .kpi import progress
from .models import Comparison, KpiTarget

# The dashboard's panels: (indicator, breakdown, chart). Composition, time series and ranking of sub-jurisdictions.
PANELS = (
    ("REG-ORGS", "type", "pie"),
    ("REG-ORGS", "division", "ranking"),
    ("SUP-3A-SHARE", "level", "bar"),
    ("REG-ORGS", "level", "bar"),
    ("REG-ORGS", "year", "line"),
    ("REG-REGISTRATIONS", "year", "bar"),
    ("REG-REMOVALS", "year", "bar"),
    ("REG-COMMUNITY", "division", "ranking"),
    ("SUP-GRADED", "category", "bar"),
    ("SUP-INSPECTION", "category", "pie"),
    ("SUP-PENALTIES", "year", "bar"),
    ("CRD-LISTED", "category", "bar"),
    ("REG-ORGS-STATUS", "category", "pie"),
    ("REG-GROWTH", "type", "bar"),
    ("SUP-REPORTS", "year", "bar"),
    ("SUP-EMPLOYEES", "division", "ranking"),
    ("SUP-ASSETS", "level", "bar"),
    ("SUP-SPOT-FINDINGS", "category", "pie"),
    ("CRD-LIST-ENTRIES", "year", "bar"),
    ("CHA-CHARITIES", "division", "ranking"),
    ("CHA-QUALIFIED", "level", "bar"),
    ("CHA-QUALIFIED-SHARE", "type", "bar"),
    ("CHA-PLANS", "year", "bar"),
    ("CHA-DONATIONS", "category", "pie"),
    ("CHA-DONATIONS", "year", "line"),
    ("CHA-DISBURSED", "division", "ranking"),
    ("CHA-BENEFICIARIES", "level", "bar"),
    ("CHA-PROJECTS", "category", "pie"),
    ("CHA-PERSON-TIMES", "division", "ranking"),
    ("CHA-SPENDING-SHARE", "level", "bar"),
)


# The first panels are computed with the page; the others load right after it (htmx, one request each), so the
# page's first content does not wait for all of them. Without JavaScript each one links to its indicator page.
FIRST_PANELS = 4
CHARTS = {(i, b): c for i, b, c in PANELS}



class DashboardForm(forms.Form):
    division = forms.CharField(label=_("Jurisdiction (division code)"), required=False, max_length=6,
                               widget=forms.TextInput(attrs={"list": "divisions", "inputmode": "numeric"}))
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class IndicatorForm(DashboardForm):
    by = forms.ChoiceField(label=_("Breakdown"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)
    base_year = forms.IntegerField(label=_("Base year"), required=False, min_value=1900, max_value=2999)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [("", _("Total only"))] + [
            (b, indicator.breakdown_name(b).zh) for b in indicator.breakdowns]
        if not indicator.year_kind:
            del self.fields["year"]
        if indicator.kind != "growth":
            del self.fields["base_year"]


def _divisions():
    return Division.objects.filter(status="in_use", level__in=("provincial", "city")).order_by("code")


def _default_division(request) -> str:
    """Officers open on their own jurisdiction; everyone else on the whole country."""
    user = request.user
    if user.is_authenticated and getattr(user, "division_id", None):
        return user.division_id
    return "100000"


def _panel(result, chart, query):
    api = reverse("api-stats-indicator", args=[result.indicator.id])
    params = {k: v for k, v in query.items() if v not in (None, "")}
    return {
        "result": result, "chart": chart, "id": f"{result.indicator.id}-{result.by or 'total'}".lower(),
        "data": {"chart": chart, "unit": result.indicator.unit_zh,
                 "rows": [{"label": r["label_zh"], "value": float(r["value"]) if r["value"] is not None else None}
                          for r in result.rows]},
        "csv": f"{api}?{urlencode({**params, 'download': 'csv'})}",
        "xlsx": f"{api}?{urlencode({**params, 'download': 'xlsx'})}",
        "detail": f"{reverse('stats:indicator', args=[result.indicator.id])}?{urlencode(params)}",
    }


def dashboard(request):
    form = DashboardForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    division = data.get("division") or _default_division(request)
    day = data.get("as_of") or default_day()
    panels, problems, later = [], [], []
    try:
        for n, (indicator_id, by, chart) in enumerate(PANELS):
            if by == "division" and len(division) == 6 and not division.endswith("00") and division != "100000":
                continue  # a county has no sub-jurisdictions to rank
            if n >= FIRST_PANELS and panels:
                later.append(_later(INDICATORS[indicator_id], by, panels[0]["result"]))
                continue
            result = evaluate(indicator_id, day, division, by)
            query = {"as_of": result.as_of.isoformat(), "division": result.division, "by": by,
                     "year": result.year or ""}
            panels.append(_panel(result, chart, query))
    except RuleViolation as violation:
        problems = violation.problems
        later = []
    return render(request, "stats/dashboard.html", {
        "form": form, "panels": panels, "later": later, "problems": problems, "as_of": day,
        "divisions": _divisions(),
        "division": division, "division_name": panels[0]["result"].division_name if panels else division,
        "source": panels[0]["result"] if panels else None,
    }, status=400 if problems else 200)


def _later(item, by, first):
    """A panel that loads after the page: its title, and the URLs of its fragment and of its indicator page."""
    params = {"as_of": first.as_of.isoformat(), "division": first.division, "by": by}
    return {"indicator": item, "by": by, "id": f"{item.id}-{by}".lower(),
            "url": f"{reverse('stats:panel', args=[item.id, by])}?{urlencode(params)}",
            "detail": f"{reverse('stats:indicator', args=[item.id])}?{urlencode(params)}"}


def panel(request, indicator_id, by):
    """One dashboard panel as an HTML fragment (what the dashboard loads after its first panels)."""
    chart = CHARTS.get((indicator_id, by))
    form = DashboardForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        if chart is None:
            indicator_or_error(indicator_id)  # unknown indicator: its own error
            raise RuleViolation.one("STATS-UNKNOWN-PANEL", "by", f"仪表盘没有 {indicator_id} 按“{by}”分组的图表",
                                    f"the dashboard has no panel of {indicator_id} by {by!r}", value=by)
        result = evaluate(indicator_id, data.get("as_of") or default_day(),
                          data.get("division") or _default_division(request), by)
    except RuleViolation as violation:
        return render(request, "stats/_figure_problems.html", {"problems": violation.problems},
                      status=violation.status)
    query = {"as_of": result.as_of.isoformat(), "division": result.division, "by": by, "year": result.year or ""}
    return render(request, "stats/_panel.html", {"p": _panel(result, chart, query)})


def catalogue(request):
    return render(request, "stats/catalogue.html", {"indicators": CATALOGUE, "breakdown_names": BREAKDOWN_NAMES})


def indicator(request, indicator_id):
    problems, panel = [], None
    try:
        item = indicator_or_error(indicator_id)
    except RuleViolation as violation:
        return render(request, "stats/indicator.html", {"problems": violation.problems}, status=404)
    form = IndicatorForm(request.GET or None, indicator=item)
    data = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        problems = [RuleViolation.one("STATS-INVALID-INPUT", name, f"{form.fields[name].label}：输入无效",
                                      f"{name}: {' '.join(errors)}").problems[0] for name, errors in form.errors.items()]
    division = data.get("division") or _default_division(request)
    by = data.get("by") or None
    if not problems:
        try:
            result = evaluate(item.id, data.get("as_of") or default_day(), division, by, data.get("year"),
                              data.get("base_year"))
            chart = {"year": "line", "division": "ranking", "type": "pie", "category": "bar", "level": "bar"}.get(by)
            query = {"as_of": result.as_of.isoformat(), "division": result.division, "by": by or "",
                     "year": result.year or "", "base_year": result.base_year or ""}
            panel = _panel(result, chart, query)
        except RuleViolation as violation:
            problems = violation.problems
    return render(request, "stats/indicator.html", {
        "indicator": item, "form": form, "panel": panel, "problems": problems, "divisions": _divisions(),
        "breakdown_names": BREAKDOWN_NAMES,
    }, status=400 if problems else 200)


class BulletinForm(forms.Form):
    division = DashboardForm.base_fields["division"]
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
    file = forms.ChoiceField(label=_("Format"), required=False, choices=[("", _("Show on the page")), ("html", "HTML"),
                                                                       ("xlsx", "XLSX"), ("pdf", "PDF")])


def bulletin(request):
    from django.http import HttpResponse
    from django.utils import timezone

    from . import bulletin as bulletins

    form = BulletinForm(request.GET or {"year": timezone.localdate().year - 1})
    problems, made = [], None
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = bulletins.build(data.get("division") or _default_division(request), data["year"])
        except RuleViolation as violation:
            problems = violation.problems
        if made is not None and data.get("file"):
            kind = data["file"]
            body = {"html": lambda: bulletins.as_html(made).encode(), "xlsx": lambda: bulletins.as_xlsx(made),
                    "pdf": lambda: bulletins.as_pdf(made)}[kind]()
            types = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
            response = HttpResponse(body, content_type=types[kind])
            response["Content-Disposition"] = f'attachment; filename="bulletin_{made.division}_{made.year}.{kind}"'
            return response
    else:
        problems = [RuleViolation.one("STATS-INVALID-INPUT", name, f"{form.fields[name].label}：输入无效",
                                      f"{name}: {' '.join(errors)}").problems[0] for name, errors in form.errors.items()]
    query = urlencode({"division": made.division, "year": made.year}) if made else ""
    return render(request, "stats/bulletin_page.html", {
        "form": form, "b": made, "meta": made.meta if made else None, "problems": problems, "query": query,
        "divisions": _divisions()}, status=400 if problems else 200)


# --- KPI targets (staff) --------------------------------------------------------------------------------------

class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    division = forms.CharField(label=_("Jurisdiction (division code)"), max_length=6,
                               widget=forms.TextInput(attrs={"list": "divisions", "inputmode": "numeric"}))
    comparison = forms.ChoiceField(label=_("Comparison"), choices=Comparison.choices)
    target_value = forms.DecimalField(label=_("Target value"), min_value=0, max_digits=16, decimal_places=2)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    basis = forms.CharField(label=_("Basis"), widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("The plan or document that sets the target."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.id, f"{i.id} {i.name_zh}") for i in CATALOGUE if not i.year_kind]


def _problems_of(form):
    return [RuleViolation.one("STATS-INVALID-INPUT", name, f"{form.fields[name].label}：{' '.join(errors)}",
                              f"{name}: {' '.join(errors)}").problems[0] for name, errors in form.errors.items()]


@staff_required
def targets(request):
    from .services import record_target

    problems = []
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                target = record_target(request.user, **form.cleaned_data)
                return redirect("stats:target", pk=target.pk)
            except RuleViolation as violation:
                problems = violation.problems
        else:
            problems = _problems_of(form)
    else:
        form = TargetForm(initial={"division": request.user.division_id or "100000", "indicator": "SUP-3A-SHARE-RATED"})
    rows = [{"t": t, "i": INDICATORS[t.indicator], "p": progress(t)} for t in KpiTarget.objects.visible_to(
        request.user).select_related("division")]
    return render(request, "stats/targets.html", {"form": form, "rows": rows, "problems": problems,
                                                  "divisions": _divisions()}, status=400 if problems else 200)


@staff_required
def target(request, pk):
    item = get_object_or_404(KpiTarget.objects.visible_to(request.user).select_related("division"), pk=pk)
    p = progress(item)
    chart = {"chart": "line", "unit": INDICATORS[item.indicator].unit_zh,
             "rows": [{"label": d.isoformat(), "value": float(v) if v is not None else None} for d, v in p["series"]]}
    return render(request, "stats/target.html", {"t": item, "i": INDICATORS[item.indicator], "p": p, "chart": chart})
