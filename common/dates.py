"""The one reading of ``?as_of=YYYY-MM-DD`` for every page, API endpoint and command that replays a past day.

An empty or missing value means "today" (the caller decides what today is); anything else must be a real
calendar date written YYYY-MM-DD and not after today: a replay of the future would silently show today's
facts under a future date. A refusal is a :class:`common.errors.RuleViolation` (400) naming the field, the
value and the rule, in Chinese and English; the API renders it through common.api_errors, the web pages
through :func:`as_of_error_response`.
"""

import re
from datetime import date

from django.utils import timezone

from common.errors import RuleViolation

FORMAT_RULE = "AS-OF-FORMAT"
FUTURE_RULE = "AS-OF-FUTURE"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_as_of(raw, *, field: str = "as_of", today: date | None = None) -> date | None:
    """The day ``raw`` names, None when it is empty; a RuleViolation when it is not a date or in the future.

    ``raw`` may already be a date (from a form or serializer field)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, date):
        day = raw
    else:
        text = str(raw).strip()
        try:
            if not _ISO_DAY.match(text):
                raise ValueError(text)
            day = date.fromisoformat(text)
        except ValueError:
            raise RuleViolation.one(
                FORMAT_RULE, field, f"日期“{text}”无效：应为实际存在的日期，格式 YYYY-MM-DD（例如 2024-06-30）",
                f"invalid date '{text}': use a real calendar date written YYYY-MM-DD (e.g. 2024-06-30)",
                value=text) from None
    today = today or timezone.localdate()
    if day > today:
        raise RuleViolation.one(
            FUTURE_RULE, field, f"日期 {day} 晚于今天（{today}）：只能查看今天或过去某一天的情况",
            f"{day} is after today ({today}): only today or a past day can be shown", value=day.isoformat())
    return day


def as_of_or_today(raw, *, field: str = "as_of") -> date:
    """:func:`parse_as_of`, with today for an empty value."""
    return parse_as_of(raw, field=field) or timezone.localdate()


def as_of_error_response(request, violation: RuleViolation):
    """A web page's answer to a refused ``as_of``: status 400 with the bilingual problem."""
    from common.web import problem_response

    return problem_response(request, violation)


def refuses_bad_as_of(view):
    """A web view decorator: a request whose ``?as_of=`` :func:`parse_as_of` refuses gets the 400 page and never
    reaches the view (which then reads a valid date, or none, through its form as before)."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            parse_as_of(request.GET.get("as_of"))
        except RuleViolation as violation:
            return as_of_error_response(request, violation)
        return view(request, *args, **kwargs)

    return wrapped
