"""Pure rules of 等级评估 (MCA Order 39, DOMAIN §4 and §11): grades, score bands, totals, grade spans and the
re-application bar. No database here: the services hand in plain values, so each rule is tested directly.

Rule ids (cited by refusals and explanations):
  RAT-GRADE        a grade is one of 5A, 4A, 3A, 2A, 1A (Art. 26)
  RAT-BANDS        a sheet's bands: one threshold per grade, higher grades need more points
  RAT-TOTAL        total = sum over indicators of the mean of the evaluators' points
  RAT-BAND         the grade a total earns = the highest band whose threshold it reaches
  RAT-SPAN         the grade on a day: conferred, not yet expired (Art. 28), not cancelled, lowered if lowered
  RAT-BAR          no application for N years after a lowered grade, M after a cancelled one (Art. 31)
  RAT-SHARE        share of 3A and above = organizations with a valid grade >= 3A / active organizations
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from common.errors import Refusal, RuleViolation
from supervision.days import add_years

GRADES = ("5A", "4A", "3A", "2A", "1A")
RANK = {"5A": 5, "4A": 4, "3A": 3, "2A": 2, "1A": 1}
GRADE_BY_RANK = {rank: grade for grade, rank in RANK.items()}
LOWERED = "lowered"
CANCELLED = "cancelled"
TWO_PLACES = Decimal("0.01")


# --- grades --------------------------------------------------------------------------------------------

def clean_grade(value, *, field: str = "grade", allow_none: bool = False) -> str | None:
    """RAT-GRADE: '5A'…'1A' (also 'AAAAA', lower case, full-width A); 'none' or '' = no grade when allowed."""
    text = str(value if value is not None else "").strip().upper().replace("Ａ", "A")
    if allow_none and text in ("", "NONE", "无", "不予评级"):
        return None
    if text and set(text) == {"A"} and len(text) <= 5:
        text = f"{len(text)}A"
    if text in RANK:
        return text
    allowed = "5A、4A、3A、2A、1A" + ("，或 none（不予评定等级）" if allow_none else "")
    allowed_en = "5A, 4A, 3A, 2A, 1A" + (", or none (no grade)" if allow_none else "")
    raise RuleViolation.one("RAT-GRADE", field, f"评估等级“{value}”无效，应为 {allowed}（《社会组织评估管理办法》第二十六条）",
                    f"grade '{value}' is invalid: it must be one of {allowed_en} (Order 39 Art. 26)", value=str(value))


def at_least(grade: str | None, floor: str) -> bool:
    return grade is not None and RANK[grade] >= RANK[floor]


# --- score sheets --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    grade: str
    min_points: Decimal


def validate_bands(bands: Iterable[Band], max_total: Decimal) -> list[Refusal]:
    """RAT-BANDS: each grade at most once; thresholds within 0..max_total; a higher grade needs more points."""
    problems: list[Refusal] = []
    seen: dict[str, Decimal] = {}
    for band in bands:
        try:
            grade = str(clean_grade(band.grade, field="bands"))
        except RuleViolation as error:
            problems.extend(error.problems)
            continue
        if grade in seen:
            problems.append(Refusal("RAT-BANDS", "bands", f"等级 {grade} 的分数线重复", f"grade {grade} has two thresholds",
                                      value=grade))
        elif band.min_points < 0 or band.min_points > max_total:
            problems.append(Refusal("RAT-BANDS", "bands",
                                      f"等级 {grade} 的分数线 {band.min_points} 不在 0 至总分 {max_total} 之间",
                                      f"the threshold {band.min_points} of {grade} is not between 0 and the sheet's "
                                      f"total of {max_total}", value=str(band.min_points)))
        seen[grade] = band.min_points
    ordered = sorted(seen.items(), key=lambda item: -RANK[item[0]])
    for (higher, high_min), (lower, low_min) in zip(ordered, ordered[1:], strict=False):
        if high_min <= low_min:
            problems.append(Refusal("RAT-BANDS", "bands",
                                      f"{higher} 的分数线（{high_min}）应高于 {lower} 的分数线（{low_min}）",
                                      f"the threshold of {higher} ({high_min}) must be above that of {lower} ({low_min})"))
    if not seen and not problems:
        problems.append(Refusal("RAT-BANDS", "bands", "评分表至少要有一个等级分数线", "a score sheet needs at least one band"))
    return problems


def band_grade(total: Decimal, bands: Iterable[Band]) -> str | None:
    """RAT-BAND: the highest grade whose threshold ``total`` reaches; None below every band (不予评定等级)."""
    for band in sorted(bands, key=lambda b: -RANK[b.grade]):
        if total >= band.min_points:
            return band.grade
    return None


def total_points(indicator_ids: Iterable[int], scores: Iterable[tuple[int, Decimal]]) -> tuple[Decimal, list[int]]:
    """RAT-TOTAL: the sum over indicators of the mean of all evaluators' points (2 places, half up), and the
    indicators nobody has scored yet."""
    by_indicator: dict[int, list[Decimal]] = {}
    for indicator_id, points in scores:
        by_indicator.setdefault(indicator_id, []).append(Decimal(points))
    total = Decimal(0)
    missing = []
    for indicator_id in indicator_ids:
        given = by_indicator.get(indicator_id)
        if not given:
            missing.append(indicator_id)
            continue
        total += sum(given, Decimal(0)) / len(given)
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP), missing


# --- dates ---------------------------------------------------------------------------------------------

def valid_until(conferred_on: date, years: int) -> date:
    """Art. 28: a grade is valid ``years`` years; the last valid day (inclusive)."""
    return add_years(conferred_on, years) - timedelta(days=1)


def first_eligible_day(founded_on: date, full_years: int) -> date:
    """Art. 6 满两个年度: ``full_years`` complete calendar years after founding. An organization founded on
    1 January has that year as its first full year; otherwise its first full year is the next one."""
    first_full = founded_on.year if (founded_on.month, founded_on.day) == (1, 1) else founded_on.year + 1
    return date(first_full + full_years, 1, 1)


def publicity_window(starts_on: date, days: int) -> tuple[date, date]:
    """The 公示 period: ``days`` calendar days from ``starts_on`` inclusive (first day, last day)."""
    return starts_on, starts_on + timedelta(days=max(days, 1) - 1)


def reply_due(filed_on: date, days: int) -> date:
    """Art. 23: the review committee notifies its decision within ``days`` days of the objection."""
    return filed_on + timedelta(days=days)


# --- grade spans ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GradeFact:
    id: int
    grade: str
    conferred_on: date
    valid_until: date  # last valid day, inclusive


@dataclass(frozen=True)
class ActionFact:
    id: int
    grade_id: int
    kind: str  # LOWERED or CANCELLED
    effective_on: date
    new_grade: str | None = None


@dataclass(frozen=True)
class Span:
    grade_id: int
    grade: str
    valid_from: date
    valid_to: date  # exclusive: the first day the span no longer holds
    ended_by: str  # "expiry", "superseded", LOWERED or CANCELLED


def grade_spans(grades: Iterable[GradeFact], actions: Iterable[ActionFact]) -> list[Span]:
    """RAT-SPAN: the organization's grade as non-overlapping dated spans.

    A grade holds from its conferral until the day after ``valid_until`` (expiry, Art. 28). A later grade
    (re-evaluation, Art. 29) replaces an earlier one from its own conferral. A lowering (Art. 30) changes the
    grade from its effective date, keeping the original expiry; a cancellation ends it on its effective date.
    """
    by_grade: dict[int, list[ActionFact]] = {}
    for action in actions:
        by_grade.setdefault(action.grade_id, []).append(action)
    ordered = sorted(grades, key=lambda g: (g.conferred_on, g.id))
    spans: list[Span] = []
    for index, fact in enumerate(ordered):
        end = fact.valid_until + timedelta(days=1)
        ended_by = "expiry"
        later = next((g for g in ordered[index + 1:] if g.conferred_on < end), None)
        if later is not None:
            end, ended_by = later.conferred_on, "superseded"
        pieces: list[tuple[date, str]] = [(fact.conferred_on, fact.grade)]
        for action in sorted(by_grade.get(fact.id, []), key=lambda a: (a.effective_on, a.id)):
            if action.effective_on >= end:
                continue
            if action.kind == CANCELLED:
                end, ended_by = max(action.effective_on, fact.conferred_on), CANCELLED
                break
            pieces.append((max(action.effective_on, fact.conferred_on), cast(str, action.new_grade)))  # lowered: has one
        for (start, grade), following in zip(pieces, [*pieces[1:], None], strict=True):
            stop = end if following is None else following[0]
            if stop <= start:
                continue
            stop_reason = ended_by if following is None else LOWERED
            if spans and spans[-1].grade_id == fact.id and spans[-1].valid_to == start and spans[-1].grade == grade:
                spans[-1] = Span(fact.id, grade, spans[-1].valid_from, stop, stop_reason)
            else:
                spans.append(Span(fact.id, grade, start, stop, stop_reason))
    return spans


def span_on(spans: Iterable[Span], day: date) -> Span | None:
    for span in spans:
        if span.valid_from <= day < span.valid_to:
            return span
    return None


# --- re-application bar (Art. 31) and re-evaluation window (Art. 29) ------------------------------------

@dataclass(frozen=True)
class Bar:
    action: ActionFact
    until: date  # the first day an application is allowed again


def reapplication_bar(*, actions: Iterable[ActionFact], day: date, lowered_years: int, cancelled_years: int) -> Bar | None:
    """RAT-BAR: the bar in force on ``day`` (the one ending last), if any."""
    bars = []
    for action in actions:
        if action.effective_on > day:
            continue
        years = cancelled_years if action.kind == CANCELLED else lowered_years
        until = add_years(action.effective_on, years)
        if day < until:
            bars.append(Bar(action, until))
    return max(bars, key=lambda b: b.until) if bars else None


def reevaluation_opens(valid_until_day: date, window_years: int) -> date:
    """Art. 29: re-evaluation may be applied for in the ``window_years`` years before the grade expires."""
    return add_years(valid_until_day + timedelta(days=1), -window_years)


# --- the share of 3A and above -------------------------------------------------------------------------

def share_percent(graded: int, active: int) -> Decimal | None:
    """RAT-SHARE as a percentage with one decimal (half up); None when the jurisdiction has no organization."""
    if active <= 0:
        return None
    return (Decimal(graded) * 100 / Decimal(active)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
