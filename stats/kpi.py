"""Progress towards a KPI target: the value now, the trend of year-end values projected to the deadline, and the
sub-jurisdictions and organizations that hold it back."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from divisions.models import subtree_q
from registry.models import Organization

from .compute import default_day, evaluate
from .facts import FACTS
from .indicators import INDICATORS
from .models import Comparison

TREND_YEARS = 5
HOLDERS = 50


def _meets(value, target) -> bool | None:
    if value is None:
        return None
    return value >= target.target_value if target.comparison == Comparison.AT_LEAST else value <= target.target_value


def projection(points: list[tuple[date, Decimal]], deadline: date) -> Decimal | None:
    """The least-squares line through (day, value) points, evaluated at the deadline (None with < 2 points)."""
    points = [(d.toordinal(), float(v)) for d, v in points if v is not None]
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if not sxx:
        return None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    value = my + slope * (deadline.toordinal() - mx)
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def progress(target, day: date | None = None) -> dict:
    day = day or default_day()
    indicator = INDICATORS[target.indicator]
    now = evaluate(indicator.id, day, target.division_id)
    points = []
    for year in range(day.year - TREND_YEARS, day.year):
        try:
            points.append((date(year, 12, 31), evaluate(indicator.id, date(year, 12, 31), target.division_id)
                           .total["value"]))
        except Exception:  # noqa: BLE001 - a year before the data starts has no value
            continue
    points.append((day, now.total["value"]))
    projected = projection(points, target.deadline)
    value = now.total["value"]
    behind = []
    if len(target.division_id) == 6 and (target.division_id.endswith("00") or target.division_id == "100000"):
        try:
            rows = evaluate(indicator.id, day, target.division_id, "division").rows
        except Exception:  # noqa: BLE001 - a county has no sub-jurisdictions
            rows = []
        behind = [r for r in rows if _meets(r["value"], target) is False]
        behind.sort(key=lambda r: r["value"], reverse=target.comparison == Comparison.AT_MOST)
    organizations, organizations_count = _organizations_behind(indicator, day, target)
    return {
        "as_of": day, "value": value, "meets": _meets(value, target), "series": points, "projected": projected,
        "projected_meets": _meets(projected, target),
        "gap": None if value is None else (target.target_value - value),
        "sub_jurisdictions": behind, "organizations": organizations, "organizations_count": organizations_count,
    }


def _organizations_behind(indicator, day, target):
    """For a share to raise: the organizations counted in its denominator and not in its numerator (for 3A and
    above: those without a valid 3A-or-above grade), by SQL set difference."""
    if indicator.kind != "ratio" or target.comparison != Comparison.AT_LEAST:
        return [], 0
    ids = {}
    for name, term in (("num", indicator.numerator), ("den", indicator.denominator)):
        fact = FACTS[term.fact]
        org_id = fact.path("id")
        qs = fact.rows(day).filter(subtree_q(fact.path("authority_id"), target.division_id))
        if term.cats is not None:
            qs = qs.annotate(s_cat=fact.dimensions()["s_cat"]).filter(s_cat__in=term.cats)
        ids[name] = qs.values(org_id)
    behind = Organization.objects.filter(id__in=ids["den"]).exclude(id__in=ids["num"]).order_by("authority_id", "id")
    return list(behind.only("id", "name", "uscc", "filing_number", "authority_id")[:HOLDERS]), behind.count()
