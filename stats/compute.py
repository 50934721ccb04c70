"""Computing indicators as of a date: SQL aggregation over the facts (live) or over a day's snapshot cells.

Each term is one GROUP BY query (by registering authority and the requested dimensions); sub-jurisdictions
are rolled up from the per-authority groups. No query touches an organization at a time.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from audit.services import record
from common.errors import RuleViolation
from divisions.models import NATIONAL_CODES, Division, subtree_prefix, subtree_q

from .facts import FACTS, first_day
from .indicators import (
    CATEGORY_LABELS_EN,
    CATEGORY_LABELS_ZH,
    INDICATORS,
    LEVEL_LABELS,
    TYPE_LABELS,
    Indicator,
    Term,
)
from .models import Snapshot, SnapshotCell

DIMENSION = {"level": "s_level", "type": "s_type", "category": "s_cat", "year": "s_year"}
CELL_FIELD = {"s_auth": "authority", "s_level": "level", "s_type": "org_type", "s_cat": "category",
              "s_year": "year"}
CENT = Decimal("0.01")
NATIONAL = "100000"


# --- input ----------------------------------------------------------------------------------------------------

def indicator_or_error(indicator_id: str) -> Indicator:
    indicator = INDICATORS.get((indicator_id or "").strip().upper())
    if indicator is None:
        raise RuleViolation.one("STATS-UNKNOWN-INDICATOR", "indicator", f"未知的统计指标：{indicator_id}",
                                f"unknown indicator: {indicator_id}", status=404, value=indicator_id)
    return indicator


def check_breakdown(indicator: Indicator, by: str | None) -> str | None:
    if not by:
        return None
    if by not in indicator.breakdowns:
        offered = "、".join(indicator.breakdowns)
        raise RuleViolation.one("STATS-UNKNOWN-BREAKDOWN", "by",
                                f"指标 {indicator.id} 不支持按“{by}”分组，可选：{offered}",
                                f"indicator {indicator.id} cannot be broken down by {by!r}; offered: "
                                f"{', '.join(indicator.breakdowns)}", value=by)
    return by


def check_division(code: str | None) -> str:
    code = (code or "").strip() or NATIONAL
    if code in NATIONAL_CODES:
        return NATIONAL
    if not (len(code) == 6 and code.isdigit()) or not Division.objects.filter(code=code).exists():
        raise RuleViolation.one("STATS-UNKNOWN-DIVISION", "division", f"未知的行政区划代码：{code}",
                                f"unknown division code: {code}", value=code)
    return code


def check_day(day: date | None, field_name: str = "as_of") -> date:
    today = timezone.localdate()
    if day is None:
        return today
    if day > today:
        raise RuleViolation.one("STATS-AS-OF-FUTURE", field_name, f"{day} 晚于今天，统计日不能是将来的日期",
                                f"{day} is in the future: statistics are computed for past dates and today",
                                value=str(day))
    start = first_day()
    if start is not None and day < start:
        raise RuleViolation.one("STATS-AS-OF-BEFORE-DATA", field_name,
                                f"{day} 早于数据起始日（{start}，登记簿中最早的成立日期）",
                                f"{day} is before the data starts ({start}, the earliest founding date in the "
                                "register)", value=str(day))
    return day


def check_year(year, day: date, field_name: str = "year") -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise RuleViolation.one("STATS-YEAR-INVALID", field_name, f"年度应为四位数字：{year}",
                                f"the year must be four digits: {year}", value=str(year)) from None
    start = first_day()
    if year > day.year or (start is not None and year < start.year):
        raise RuleViolation.one("STATS-YEAR-OUT-OF-RANGE", field_name,
                                f"年度 {year} 不在数据范围内（{start.year if start else day.year}–{day.year}）",
                                f"the year {year} is outside the data "
                                f"({start.year if start else day.year}–{day.year})", value=str(year))
    return year


# --- terms ----------------------------------------------------------------------------------------------------

def default_day() -> date:
    """The day dashboards open on: the latest snapshot (fast), or today when there is none."""
    latest = Snapshot.objects.order_by("-day").values_list("day", flat=True).first()
    return latest or timezone.localdate()


def snapshot_for(day: date) -> Snapshot | None:
    return Snapshot.objects.filter(day=day).first()


def term_groups(term: Term, day: date, division: str, dims: tuple, *, year: int | None = None,
                snapshot: Snapshot | None = None, by_authority: bool = True) -> list[tuple[tuple, Decimal]]:
    """[(values of [s_auth] + dims, value)] for one term: one GROUP BY query, live or over a snapshot."""
    fact = FACTS[term.fact]
    names = (("s_auth",) if by_authority else ()) + tuple(dims)
    if snapshot is not None:
        qs = SnapshotCell.objects.filter(snapshot=snapshot, fact=fact.id, measure=term.measure).filter(
            subtree_q("authority", division))
        if term.cats is not None:
            qs = qs.filter(category__in=term.cats)
        if year is not None:
            qs = qs.filter(year=year)
        fields = [CELL_FIELD[n] for n in names]
        rows = qs.values(*fields).annotate(v=Sum("value")).values_list(*fields, "v").order_by()
    else:
        dimensions = fact.dimensions()
        qs = fact.rows(day).filter(subtree_q(fact.path("authority_id"), division))
        if year is not None:
            qs = qs.filter(fact.in_year(year))
        if term.cats is not None:
            qs = qs.annotate(s_cat=dimensions["s_cat"]).filter(s_cat__in=term.cats)
        qs = qs.annotate(**{n: dimensions[n] for n in names if not (n == "s_cat" and term.cats is not None)})
        if names:
            rows = qs.values(*names).annotate(v=fact.measures[term.measure]).values_list(*names, "v").order_by()
        else:  # no GROUP BY at all (``values()`` without fields would group by every column)
            rows = [(qs.order_by().aggregate(v=fact.measures[term.measure])["v"],)]
    if not by_authority:
        return [(("", *row[:-1]), Decimal(row[-1] or 0)) for row in rows]
    return [(tuple(row[:-1]), Decimal(row[-1] or 0)) for row in rows]


def child_of(code: str, division: str) -> str:
    """The sub-jurisdiction of ``division`` that the authority ``code`` belongs to (``division`` itself for its own
    level). Under a municipality (北京市), whose districts have no prefecture, the districts are the children."""
    prefix = subtree_prefix(division)
    if len(prefix) >= 6:
        return division
    width = len(prefix) + 2
    child = code[:width].ljust(6, "0")
    if child == division.ljust(6, "0") and prefix:
        return division
    if width == 4 and child not in _prefectures():
        return code  # a municipality's districts and counties have no prefecture above them
    return child


def _prefectures() -> set:
    cache = getattr(_prefectures, "cache", None)
    if cache is None:
        cache = set(Division.objects.filter(level="city").values_list("code", flat=True))
        _prefectures.cache = cache
    return cache


def term_values(term, day, division, by, *, year=None, snapshot=None) -> dict:
    """{breakdown key: value} ('' for the total) for one term."""
    dims = () if by in (None, "division") else (DIMENSION[by],)
    values: dict = {}
    for key, value in term_groups(term, day, division, dims, year=year, snapshot=snapshot,
                                  by_authority=by == "division"):
        if not value:
            continue  # a snapshot keeps no empty cells; neither does a live result
        if by is None:
            k = ""
        elif by == "division":
            k = child_of(key[0], division)
        else:
            k = key[1]
        values[k] = values.get(k, Decimal(0)) + value
    return values


# --- evaluation -----------------------------------------------------------------------------------------------

@dataclass
class Result:
    indicator: Indicator
    as_of: date
    division: str
    by: str | None
    year: int | None
    base_year: int | None
    source: str
    taken_at: object = None
    rows: list = field(default_factory=list)
    total: dict = field(default_factory=dict)

    @property
    def division_name(self) -> str:
        return division_name(self.division)

    def as_dict(self) -> dict:
        i = self.indicator
        return {
            "indicator": {"id": i.id, "name_zh": i.name_zh, "name_en": i.name_en, "unit_zh": i.unit_zh,
                          "unit_en": i.unit_en},
            "as_of": self.as_of, "division": self.division, "division_name": division_name(self.division),
            "by": self.by, "year": self.year, "base_year": self.base_year, "source": self.source,
            "snapshot_taken_at": self.taken_at, "total": _plain(self.total), "rows": [_plain(r) for r in self.rows],
        }


def _plain(row: dict) -> dict:
    """Numbers for JSON: counts as integers, shares and amounts as decimals (never strings)."""
    return {k: (int(v) if v == v.to_integral() else float(v)) if isinstance(v, Decimal) else v
            for k, v in row.items()}


def _combine(indicator: Indicator, num: Decimal, den: Decimal | None) -> Decimal | None:
    if indicator.kind == "value":
        return num.quantize(CENT) if num != num.to_integral() else num.quantize(Decimal(1))
    if not den:
        return None
    if indicator.kind == "per_category":
        return (num / den).quantize(CENT, ROUND_HALF_UP)
    return (num * 100 / den).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _per_category_den(day, division, by, year, snapshot):
    """Communities (authority, name) with at least one filed organization, per breakdown key."""
    dims = ("s_cat",) if by in (None, "division") else (DIMENSION[by], "s_cat")
    counts: dict = {}
    for key, value in term_groups(Term("community"), day, division, dims, year=year, snapshot=snapshot):
        if not value or not key[-1]:
            continue
        k = "" if by is None else child_of(key[0], division) if by == "division" else key[1]
        counts[k] = counts.get(k, Decimal(0)) + 1
    return counts


def _pair(indicator, day, division, by, year, snapshot):
    num = term_values(indicator.numerator, day, division, by, year=year, snapshot=snapshot)
    if indicator.kind == "per_category":
        den = _per_category_den(day, division, by, year, snapshot)
    elif indicator.denominator is not None:
        den = term_values(indicator.denominator, day, division, by, year=year, snapshot=snapshot)
    else:
        den = None
    return num, den


def _row(indicator, key, label, num, den):
    row = {"key": key, "label_zh": label[0], "label_en": label[1],
           "value": _combine(indicator, num, den)}
    if indicator.kind != "value":
        row["numerator"] = num
        row["denominator"] = den
    return row


def evaluate(indicator_id: str, day: date | None = None, division: str | None = None, by: str | None = None,
             year=None, base_year=None, *, exact: bool = False) -> Result:
    """The indicator as of ``day`` for the subtree of ``division``, optionally broken down ``by``."""
    indicator = indicator_or_error(indicator_id)
    by = check_breakdown(indicator, by)
    division = check_division(division)
    day = check_day(day)
    if by == "division" and len(subtree_prefix(division)) >= 6:
        raise RuleViolation.one("STATS-NO-SUBDIVISIONS", "by", f"{division_name(division)} 没有下级行政区划",
                                f"{division} has no sub-jurisdictions to break down by", value=division)
    year_used = None
    if indicator.year_kind and by != "year":
        default = day.year - 1 if indicator.year_kind == "report" else day.year
        year_used = check_year(year if year not in (None, "") else default, day)
    base = None
    if indicator.kind == "growth":
        base = check_year(base_year if base_year not in (None, "") else day.year - 1, day, "base_year")
        if base >= day.year:
            raise RuleViolation.one("STATS-BASE-YEAR", "base_year", f"基期年度 {base} 应早于统计日所在年度",
                                    f"the base year {base} must be before the year of the date", value=str(base))
    snapshot = None if exact else snapshot_for(day)
    result = Result(indicator, day, division, by, year_used, base, "snapshot" if snapshot else "live",
                    snapshot.taken_at if snapshot else None)

    if by == "year" and not indicator.year_kind:
        rows = []  # stocks: the value at each year end (the date itself for its own year)
        years = range((first_day() or day).year, day.year + 1)
        ends = [min(date(y, 12, 31), day) for y in years]
        # Year ends with a snapshot: one GROUP BY per term over all of them; the others are computed live.
        snaps = {} if exact or indicator.kind == "per_category" else {
            s.day: s.pk for s in Snapshot.objects.filter(day__in=ends)}
        nums = _stock_totals(indicator.numerator, snaps.values(), division) if snaps else {}
        dens = _stock_totals(indicator.denominator, snaps.values(), division) \
            if snaps and indicator.denominator is not None else {}
        for y, at in zip(years, ends, strict=True):
            if at in snaps:
                num_v = nums.get(snaps[at], Decimal(0))
                den_v = None if indicator.denominator is None else dens.get(snaps[at], Decimal(0))
            else:
                num, den = _pair(indicator, at, division, None, None, None)
                num_v, den_v = num.get("", Decimal(0)), None if den is None else den.get("", Decimal(0))
            rows.append(_row(indicator, y, (str(y), str(y)), num_v, den_v))
        result.rows = rows
        result.total = rows[-1] if rows else {}
        return result

    if indicator.kind == "growth":
        now = term_values(indicator.numerator, day, division, by, snapshot=snapshot)
        at = date(base, 12, 31)
        then = term_values(indicator.numerator, at, division, by, snapshot=None if exact else snapshot_for(at))
        keys = sorted(set(now) | set(then))
        result.rows = [_growth_row(k, _label(by, k, division), now.get(k, Decimal(0)), then.get(k, Decimal(0)))
                       for k in keys] if by else []
        total_now, total_then = sum(now.values(), Decimal(0)), sum(then.values(), Decimal(0))
        result.total = _growth_row("", ("合计", "Total"), total_now, total_then)
        return result

    num, den = _pair(indicator, day, division, by, year_used, snapshot)
    if by:
        keys = sorted(set(num) | set(den or {}), key=lambda k: (str(k)))
        result.rows = [_row(indicator, k, _label(by, k, division), num.get(k, Decimal(0)),
                            None if den is None else den.get(k, Decimal(0))) for k in keys]
        if by == "division" or by == "category":
            result.rows.sort(key=lambda r: (-(r["value"] or 0), str(r["key"])))
    total_num = sum(num.values(), Decimal(0))
    if den is None:
        total_den = None
    elif by and indicator.kind != "per_category":
        total_den = sum(den.values(), Decimal(0))
    else:
        total_den = _pair(indicator, day, division, None, year_used, snapshot)[1].get("", Decimal(0)) \
            if by else den.get("", Decimal(0))
    result.total = _row(indicator, "", ("合计", "Total"), total_num, total_den)
    return result


def _stock_totals(term: Term, snapshot_ids, division: str) -> dict:
    """{snapshot id: total of the term} over several snapshots, in one GROUP BY."""
    qs = SnapshotCell.objects.filter(snapshot_id__in=list(snapshot_ids), fact=term.fact, measure=term.measure).filter(
        subtree_q("authority", division))
    if term.cats is not None:
        qs = qs.filter(category__in=term.cats)
    return {k: Decimal(v or 0) for k, v in qs.values("snapshot_id").annotate(v=Sum("value")).values_list(
        "snapshot_id", "v").order_by()}


def _growth_row(key, label, now, then):
    value = None if not then else ((now - then) * 100 / then).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return {"key": key, "label_zh": label[0], "label_en": label[1], "value": value, "numerator": now,
            "denominator": then}


def division_name(code: str) -> str:
    if code == NATIONAL or code in NATIONAL_CODES:
        return "全国"
    division = Division.objects.filter(code=code).first()
    return division.full_name if division else code


_NAMES: dict = {}


def _name(code: str) -> str:
    """Division names for labels, loaded in one query for the whole (static, reference) table."""
    if not _NAMES:
        _NAMES.update({d.code: d.full_name for d in Division.objects.all()})
    return _NAMES.get(code) or division_name(code)


def _label(by, key, division) -> tuple[str, str]:
    if by == "division":
        if key == division and division != NATIONAL:
            return f"{_name(key)}（本级）", f"{key} (own level)"
        if key == NATIONAL:
            return "全国性（民政部）", "National (Ministry of Civil Affairs)"
        return _name(key), key
    if by == "level":
        return LEVEL_LABELS.get(key, (key, key))
    if by == "type":
        return TYPE_LABELS.get(key, (key, key))
    if by == "year":
        return str(key), str(key)
    if key == "":
        return "（未填写）", "(not stated)"
    return CATEGORY_LABELS_ZH.get(key, key), CATEGORY_LABELS_EN.get(key, key)


# --- snapshots ------------------------------------------------------------------------------------------------

def take_snapshot(day: date, actor=None) -> Snapshot:
    """Materialize every fact's cells as of ``day`` (one GROUP BY query per fact), replacing that day's cells."""
    day = check_day(day)
    cells = []
    for fact in FACTS.values():
        dims = fact.dimensions()
        names = tuple(dims)
        rows = fact.rows(day).annotate(**dims).values(*names).annotate(
            **{f"m_{m}": agg for m, agg in fact.measures.items()}).order_by()
        for row in rows:
            for measure in fact.measures:
                value = row[f"m_{measure}"]
                if value:
                    cells.append(SnapshotCell(fact=fact.id, measure=measure, authority=row["s_auth"],
                                              level=row["s_level"], org_type=row["s_type"],
                                              category=row["s_cat"] or "", year=row["s_year"] or 0,
                                              value=value))
    with transaction.atomic():
        old = Snapshot.objects.filter(day=day).first()
        before = {"cells": old.cells, "taken_at": old.taken_at} if old else None
        if old:
            SnapshotCell.objects.filter(snapshot=old).delete()  # a derived cache, replaced as a whole
            old.delete()
        snapshot = Snapshot.objects.create(day=day, taken_at=timezone.now(), cells=len(cells),
                                           taken_by=actor if getattr(actor, "pk", None) else None)
        for cell in cells:
            cell.snapshot = snapshot
        SnapshotCell.objects.bulk_create(cells, batch_size=2000)
        record(actor, "stats.snapshot", "stats.Snapshot", day.isoformat(), before=before,
               after={"cells": len(cells)}, reason=f"statistics snapshot as of {day}")
    return snapshot
