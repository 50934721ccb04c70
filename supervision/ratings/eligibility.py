"""Who may apply for evaluation (等级评估) on a date: a named list of checks, each returning a refusal or nothing.

This is the inversion point of DESIGN.md: apps above supervision (credit: "not on a credit list on that date")
register their own check from their ``AppConfig.ready()``::

    from supervision.eligibility import register_rating_check
    register_rating_check(not_on_a_credit_list)

so supervision never imports them and still shows their reason. Each check is ``check(org, on) -> Refusal |
None`` and must not write anything. The supervision checks themselves are registered at the bottom of this
module, in the order the refusal grounds appear in Order 39 (Arts. 6, 7, 29, 31).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from common.errors import Refusal
from divisions.policy import setting

from . import rules

RatingCheck = Callable[[object, date], Refusal | None]
rating_checks: list[RatingCheck] = []


def register_rating_check(check: RatingCheck) -> RatingCheck:
    """Add ``check`` to :data:`rating_checks` once (idempotent, so ``ready()`` may run twice); usable as a decorator."""
    if check not in rating_checks:
        rating_checks.append(check)
    return check


@dataclass
class Eligibility:
    organization_id: int
    on: date
    refusals: list[Refusal]
    checked: list[str]

    @property
    def eligible(self) -> bool:
        return not self.refusals

    def as_dict(self) -> dict:
        return {"organization": self.organization_id, "on": self.on.isoformat(), "eligible": self.eligible,
                "checked": self.checked, "refusals": [r.explained() for r in self.refusals]}


def check_name(check: RatingCheck) -> str:
    return f"{check.__module__}.{getattr(check, '__qualname__', repr(check))}"


def eligibility(org, on: date) -> Eligibility:
    """Run every registered check for ``org`` on ``on``; all refusals are reported, not only the first."""
    refusals = []
    for check in list(rating_checks):
        refusal = check(org, on)
        if refusal is not None:
            refusals.append(refusal)
    return Eligibility(org.pk, on, refusals, [check_name(c) for c in rating_checks])


# --- supervision's own checks -----------------------------------------------------------------------------

def _authority(org) -> str:
    return org.authority_id


def registered_and_active(org, on: date) -> Refusal | None:
    """RAT-ELIG-ACTIVE: only an organization registered and active on that date is evaluated."""
    from registry.models import OrganizationVersion

    version = (OrganizationVersion.objects.filter(organization=org, valid_from__lte=on)
               .order_by("-valid_from").first())
    if version is None or version.status != "active" or (version.valid_to is not None and version.valid_to <= on):
        status = version.status if version else "not yet founded"
        return Refusal("RAT-ELIG-ACTIVE", None, f"该组织在 {on} 不是正常登记状态（{status}）",
                       f"the organization was not active on {on} ({status})",
                       facts={"status": status, "founded_on": org.founded_on})
    return None


def two_full_years(org, on: date) -> Refusal | None:
    """RAT-ELIG-2Y (Art. 6): registered 满两个年度, i.e. N complete calendar years after founding."""
    years = setting("RATING_MIN_FULL_YEARS", _authority(org), on)
    opens = rules.first_eligible_day(org.founded_on, int(years.value))
    if on < opens:
        return Refusal("RAT-ELIG-2Y", None,
                       f"成立于 {org.founded_on}，登记未满 {years.value} 个完整年度，{opens} 起方可申请评估（第六条）",
                       f"founded {org.founded_on}: not yet registered for {years.value} full calendar years; may apply "
                       f"from {opens} (Art. 6)",
                       facts={"founded_on": org.founded_on, "may_apply_from": opens}, settings=(years.explanation,))
    return None


def _grade_facts(org):
    from supervision.models import Grade, GradeAction

    grades = [rules.GradeFact(g.pk, g.grade, g.conferred_on, g.valid_until)
              for g in Grade.objects.filter(organization=org)]
    actions = [rules.ActionFact(a.pk, a.grade_id, a.kind, a.effective_on, a.new_grade or None)
               for a in GradeAction.objects.filter(grade__organization=org)]
    return grades, actions


def current_grade_not_due(org, on: date) -> Refusal | None:
    """RAT-ELIG-VALID (Arts. 6, 29): a valid grade may be re-evaluated only in the years before it expires."""
    grades, actions = _grade_facts(org)
    span = rules.span_on(rules.grade_spans(grades, actions), on)
    if span is None:
        return None
    fact = next(g for g in grades if g.id == span.grade_id)
    window = setting("RATING_REEVALUATION_WINDOW_YEARS", _authority(org), on)
    opens = rules.reevaluation_opens(fact.valid_until, int(window.value))
    if on < opens:
        return Refusal("RAT-ELIG-VALID", None,
                       f"现有评估等级 {span.grade} 有效期至 {fact.valid_until}，有效期满前 {window.value} 年内（{opens} 起）"
                       f"方可申请重新评估（第二十九条）",
                       f"the current grade {span.grade} is valid until {fact.valid_until}; re-evaluation may be "
                       f"applied for in the {window.value} years before expiry, from {opens} (Art. 29)",
                       facts={"grade": span.grade, "valid_until": fact.valid_until, "may_apply_from": opens},
                       settings=(window.explanation,))
    return None


def not_barred(org, on: date) -> Refusal | None:
    """RAT-ELIG-BAR (Art. 31): 2 years after a lowered grade, 3 after a cancelled one."""
    _grades, actions = _grade_facts(org)
    lowered = setting("RATING_BAR_AFTER_LOWERED_YEARS", _authority(org), on)
    cancelled = setting("RATING_BAR_AFTER_CANCELLED_YEARS", _authority(org), on)
    bar = rules.reapplication_bar(actions=actions, day=on, lowered_years=int(lowered.value), cancelled_years=int(cancelled.value))
    if bar is None:
        return None
    is_cancel = bar.action.kind == rules.CANCELLED
    used = cancelled if is_cancel else lowered
    what_zh, what_en = ("取消", "cancelled") if is_cancel else ("降低", "lowered")
    return Refusal("RAT-ELIG-BAR", None,
                   f"评估等级于 {bar.action.effective_on} 被{what_zh}，{used.value} 年内不得申请评估，{bar.until} 起方可申请"
                   f"（第三十一条）",
                   f"the grade was {what_en} on {bar.action.effective_on}: no application for {used.value} years, "
                   f"i.e. before {bar.until} (Art. 31)",
                   facts={"action": bar.action.kind, "effective_on": bar.action.effective_on, "may_apply_from": bar.until},
                   settings=(used.explanation,))


def no_open_application(org, on: date) -> Refusal | None:
    """RAT-ELIG-OPEN: one evaluation at a time."""
    from supervision.models import ApplicationState, RatingApplication

    open_app = (RatingApplication.objects.filter(organization=org, applied_on__lte=on)
                .exclude(state__in=[ApplicationState.CONFERRED, ApplicationState.NOT_GRADED]).first())
    if open_app is None:
        return None
    return Refusal("RAT-ELIG-OPEN", None, f"已有进行中的评估申请（#{open_app.pk}，{open_app.applied_on} 提交）",
                   f"an evaluation application is already in progress (#{open_app.pk} of {open_app.applied_on})",
                   facts={"application": open_app.pk, "applied_on": open_app.applied_on})


def annual_inspection(org, on: date) -> Refusal | None:
    """RAT-ELIG-INSPECTION (Art. 7): last year's annual inspection not taken or failed, or 基本合格 N years running.

    "Last year's inspection" is the one of report year ``on.year - 1`` (上一年度年检): before its conclusion the
    organization cannot show that it passed, so it is refused as "not taken". In jurisdictions in the annual
    report mode (no conclusion) a completed formal review counts as taken.
    """
    from supervision.models import AnnualReport

    run = setting("RATING_BASIC_QUALIFIED_RUN", _authority(org), on)
    last = on.year - 1
    years = list(range(last - int(run.value) + 1, last + 1))
    reports = {r.year: r for r in AnnualReport.objects.filter(organization=org, year__in=years)}
    report = reports.get(last)
    concluded = report is not None and report.concluded_on is not None and report.concluded_on <= on
    if not concluded:
        return Refusal("RAT-ELIG-INSPECTION", None, f"未参加上一年度（{last} 年度）年度检查或尚无结论（第七条）",
                       f"did not take last year's annual inspection (report year {last}), or it has no result yet "
                       f"(Art. 7)", facts={"report_year": last, "state": report.state if report else "missing"},
                       settings=(run.explanation,))
    if report.conclusion == "unqualified":
        return Refusal("RAT-ELIG-INSPECTION", None, f"{last} 年度年度检查不合格（{report.concluded_on} 作出结论，第七条）",
                       f"failed the annual inspection of {last} (concluded {report.concluded_on}, Art. 7)",
                       facts={"report_year": last, "conclusion": report.conclusion, "concluded_on": report.concluded_on},
                       settings=(run.explanation,))
    basic = [y for y in years if reports.get(y) is not None and reports[y].conclusion == "basically_qualified"
             and reports[y].concluded_on is not None and reports[y].concluded_on <= on]
    if len(basic) == len(years):
        return Refusal("RAT-ELIG-INSPECTION", None,
                       f"连续 {run.value} 年年度检查基本合格（{'、'.join(map(str, years))} 年度，第七条）",
                       f"basically qualified in the annual inspection {run.value} years running "
                       f"({', '.join(map(str, years))}; Art. 7)",
                       facts={"report_years": years, "conclusion": "basically_qualified"}, settings=(run.explanation,))
    return None


def no_recent_penalty(org, on: date) -> Refusal | None:
    """RAT-ELIG-PENALTY (Art. 7): an administrative penalty since 1 January of last year, or a suspension in force."""
    from supervision.models import Penalty

    lookback = setting("RATING_PENALTY_LOOKBACK_YEARS", _authority(org), on)
    since = date(on.year - int(lookback.value), 1, 1)
    penalties = Penalty.objects.filter(organization=org, superseded_by__isnull=True, decided_on__lte=on)
    recent = penalties.filter(decided_on__gte=since).order_by("-decided_on").first()
    if recent is not None:
        return Refusal("RAT-ELIG-PENALTY", None,
                       f"{recent.decided_on} 受到行政处罚（{recent.get_kind_display()}，{recent.decision_number}），"
                       f"{since} 以来受过处罚的不予评估（第七条）",
                       f"received an administrative penalty on {recent.decided_on} ({recent.kind}, "
                       f"{recent.decision_number}); organizations penalized since {since} are not evaluated (Art. 7)",
                       facts={"penalty": recent.pk, "decided_on": recent.decided_on, "kind": recent.kind, "since": since},
                       settings=(lookback.explanation,))
    suspended = penalties.filter(kind="suspension", suspended_to__gte=on).order_by("-suspended_to").first()
    if suspended is not None:
        return Refusal("RAT-ELIG-PENALTY", None,
                       f"限期停止活动的处罚尚未执行完毕（至 {suspended.suspended_to}，第七条）",
                       f"a suspension of activities is still being served (until {suspended.suspended_to}, Art. 7)",
                       facts={"penalty": suspended.pk, "suspended_to": suspended.suspended_to}, settings=(lookback.explanation,))
    return None


for _check in (registered_and_active, two_full_years, current_grade_not_due, not_barred, no_open_application,
               annual_inspection, no_recent_penalty):
    register_rating_check(_check)
