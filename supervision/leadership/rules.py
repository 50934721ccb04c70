from datetime import date

from common.errors import Refusal
from supervision.days import add_months, add_years

INITIAL, RENEWAL = "initial", "renewal"


# --- leadership terms -----------------------------------------------------------------------------------

def term_end(started_on: date, years: int) -> date:
    """LEAD-TERM: a term started on ``started_on`` is due for renewal ``years`` later."""
    return add_years(started_on, years)


def renewal_overdue(ends_on: date, postponed_to: date | None, as_of: date) -> bool:
    """LEAD-OVERDUE: from the day after the renewal date (or the approved postponement), no renewal filed."""
    due = max(ends_on, postponed_to) if postponed_to else ends_on
    return as_of > due


def audit_required(requirement: str, kind: str, legal_rep_changes: bool) -> bool:
    """LEAD-AUDIT: "renewal" needs the audit before any renewal or change of legal representative;
    "legal_rep_change" only before a change of legal representative; "never" not at all."""
    if requirement == "never":
        return False
    if requirement == "renewal":
        return kind == RENEWAL or legal_rep_changes
    return legal_rep_changes


def audit_covers(*, person_name: str, audited_on: date, outgoing: str, tenure_from: date, started_on: date) -> bool:
    """An audit counts for a filing when it audits the outgoing legal representative's tenure and is dated
    on or before the new term starts."""
    return person_name.strip() == outgoing.strip() and tenure_from <= audited_on <= started_on


def check_term(*, kind: str, started_on: date, years: int, max_years: int, board_size: int, founded_on: date,
               today: date, current_started_on: date | None, board_limits: tuple[int, int] | None) -> list[Refusal]:
    refusals = []
    if started_on > today:
        refusals.append(Refusal("LEAD-DATE-FUTURE", "started_on", f"本届开始日期 {started_on} 晚于今天",
                                f"term start {started_on} is in the future", value=str(started_on)))
    elif started_on < founded_on:
        refusals.append(Refusal("LEAD-DATE-BEFORE-FOUNDING", "started_on",
                                f"本届开始日期 {started_on} 早于成立日期 {founded_on}",
                                f"term start {started_on} is before the founding date {founded_on}", value=str(started_on)))
    if kind == INITIAL and current_started_on is not None:
        refusals.append(Refusal("LEAD-INITIAL-EXISTS", "filing", "该组织已有在任届次记录，新一届请按换届备案",
                                "a term is already on file for this organization; file the new term as a renewal"))
    if kind == RENEWAL and current_started_on is not None and started_on <= current_started_on:
        refusals.append(Refusal("LEAD-DATE-ORDER", "started_on",
                                f"新一届开始日期 {started_on} 不晚于上一届开始日期 {current_started_on}",
                                f"the new term ({started_on}) must start after the current one ({current_started_on})",
                                value=str(started_on)))
    if years < 1 or years > max_years:
        refusals.append(Refusal("LEAD-TERM-LENGTH", "term_years", f"每届任期应为 1 至 {max_years} 年，填报为 {years} 年",
                                f"a term lasts 1 to {max_years} years; given {years}", value=str(years)))
    if board_size < 1:
        refusals.append(Refusal("LEAD-BOARD-REQUIRED", "board_members", "须填写理事会（董事会）成员",
                                "list the members of the board"))
    elif board_limits and not board_limits[0] <= board_size <= board_limits[1]:
        refusals.append(Refusal("LEAD-BOARD-SIZE", "board_members",
                                f"基金会理事会应有 {board_limits[0]} 至 {board_limits[1]} 名理事，填报 {board_size} 名",
                                f"a foundation's board has {board_limits[0]} to {board_limits[1]} directors; "
                                f"given {board_size}", value=str(board_size)))
    return refusals


def check_postponement(*, ends_on: date, postponed_to: date, max_months: int, approved_on: date,
                       today: date) -> Refusal | None:
    limit = add_months(ends_on, max_months)
    if postponed_to <= ends_on:
        return Refusal("LEAD-POSTPONE-ORDER", "postponed_to", f"延期后的换届日期 {postponed_to} 应晚于原换届日期 {ends_on}",
                       f"the postponed date {postponed_to} must be after the renewal date {ends_on}",
                       value=str(postponed_to))
    if postponed_to > limit:
        return Refusal("LEAD-POSTPONE-TOO-LONG", "postponed_to",
                       f"延期换届最长 {max_months} 个月，即不晚于 {limit}；填报为 {postponed_to}",
                       f"renewal may be postponed by at most {max_months} months, to {limit}; given {postponed_to}",
                       value=str(postponed_to))
    if approved_on > today:
        return Refusal("LEAD-DATE-FUTURE", "approved_on", f"批准日期 {approved_on} 晚于今天",
                       f"approval date {approved_on} is in the future", value=str(approved_on))
    return None
