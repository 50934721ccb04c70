"""Pure rules of engagement (no database): the reporting cadence of a pairing, booking overlaps and opening hours,
the order of application outcomes, incubation outcomes, the check of a graduate's ID number.

Rule ids cited by refusals:
JOB-ORG-STATUS (only registered, active organizations post), JOB-ORG-LISTED (not on a credit list), JOB-PERIOD,
JOB-CLOSED (no application outside the posting's period), JOB-ID (GB 11643 ID number), JOB-DUPLICATE,
JOB-OUTCOME-ORDER, JOB-FULL (hired no more than the posts), PAIR-UNDESIGNATED (the key-county programme pairs only
designated counties), PAIR-COUNTY, PAIR-PARTNER, PAIR-PERIOD, VENUE-CONFLICT (an overlapping booking is refused,
naming it), VENUE-HOURS, VENUE-CAPACITY, INC-OUTCOME, INC-DATES.
"""

from dataclasses import dataclass
from datetime import date, time

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

INTERVIEWED, HIRED, DECLINED = "interviewed", "hired", "declined"
FINAL_OUTCOMES = (HIRED, DECLINED)
KEY_COUNTY, GENERAL = "key_county", "general"
MEETING, QUARTERLY, HALF_YEAR, YEAR_END = "meeting", "quarterly", "half_year", "year_end"
COMING, OVERDUE = "coming", "overdue"
INCUBATING, REGISTERED, FILED, LEFT = "incubating", "registered", "filed", "left"
GRADUATION_OUTCOMES = (REGISTERED, FILED, LEFT)

# Per-jurisdiction settings (divisions.policy). DOMAIN.md sets none of these; the defaults add no condition:
# a report is due on the last day of its period, and a reminder is a page aid, not a legal condition.
DEFAULTS = {
    "ENGAGEMENT_REPORT_DUE_DAYS": 0,  # days after the end of a quarter / half-year / year a report is due
    "ENGAGEMENT_REMINDER_DAYS": 7,  # days ahead a reporting deadline is reminded
}


@dataclass(frozen=True)
class Due:
    kind: str
    period: str
    due_on: date


def _add_days(day: date, days: int) -> date:
    from datetime import timedelta

    return day + timedelta(days=days)


def cadence(starts_on: date, ends_on: date, due_days: int = 0) -> list[Due]:
    """The reporting deadlines of a pairing running from ``starts_on`` to ``ends_on`` (陕西 合力团: 季度调度,
    半年小结, 年终总结): for each quarter that ends within the pairing, a quarterly schedule report; at each 30 June a
    half-year summary; at each 31 December a year-end summary (instead of the fourth quarter's report, which it
    contains); each due ``due_days`` after its period ends. Consultation meetings (定期会商) are scheduled one by one."""
    out: list[Due] = []
    for year in range(starts_on.year, ends_on.year + 1):
        for quarter, (month, last) in enumerate(((3, 31), (6, 30), (9, 30), (12, 31)), start=1):
            end = date(year, month, last)
            if end < starts_on or end > ends_on:
                continue
            if quarter == 4:
                out.append(Due(YEAR_END, f"{year}", _add_days(end, due_days)))
                continue
            out.append(Due(QUARTERLY, f"{year}Q{quarter}", _add_days(end, due_days)))
            if quarter == 2:
                out.append(Due(HALF_YEAR, f"{year}H1", _add_days(end, due_days)))
    return out


def overlaps(a_start: time, a_end: time, b_start: time, b_end: time) -> bool:
    """Half-open intervals: a booking ending at 10:00 does not overlap one starting at 10:00."""
    return a_start < b_end and b_start < a_end


def within_hours(starts_at: time, ends_at: time, opens_at: time, closes_at: time) -> bool:
    return opens_at <= starts_at < ends_at <= closes_at


def outcome_allowed(previous: list[str], outcome: str) -> bool:
    """Outcomes in order: an application may be interviewed, then hired or declined; nothing follows hired or
    declined, and an interview is recorded once."""
    if any(p in FINAL_OUTCOMES for p in previous):
        return False
    if outcome == INTERVIEWED:
        return INTERVIEWED not in previous
    return outcome in FINAL_OUTCOMES


def valid_id_number(value: str) -> str | None:
    """The compact ID number when it is a valid resident identity number (GB 11643-1999), else None."""
    try:
        return ric.validate(value)
    except ValidationError:
        return None


def duty_progress(target_per_org: int, offered: dict[int, int], org_ids: list[int]) -> tuple[int, int]:
    """How many organizations of the kind met the duty (posts offered ≥ target), of how many."""
    met = sum(1 for pk in org_ids if offered.get(pk, 0) >= target_per_org)
    return met, len(org_ids)
