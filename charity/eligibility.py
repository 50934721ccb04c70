"""Who may apply for charity recognition or the public-fundraising qualification on a date, computed from facts
already in the register, explained rule by rule.

The same extension point as supervision's rating eligibility (``supervision.eligibility``): a named list of checks
per kind, each ``check(org, on) -> Refusal | None`` that writes nothing. Charity registers its own checks below;
credit's "not on a credit list" (``credit.eligibility.not_on_a_credit_list``) is registered from
``CharityConfig.ready()``, and an app above charity may add its own with :func:`register_charity_check`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from common.errors import Refusal
from divisions.policy import setting

from . import rules

RECOGNITION, QUALIFICATION = rules.RECOGNITION, rules.QUALIFICATION
CharityCheck = Callable[[object, date], Refusal | None]
charity_checks: dict[str, list[CharityCheck]] = {RECOGNITION: [], QUALIFICATION: []}


def register_charity_check(kind: str, check: CharityCheck) -> CharityCheck:
    """Add ``check`` to the checks of ``kind`` once (idempotent, so ``ready()`` may run twice)."""
    if check not in charity_checks[kind]:
        charity_checks[kind].append(check)
    return check


@dataclass
class Eligibility:
    organization_id: int
    kind: str
    on: date
    refusals: list[Refusal]
    checked: list[str]

    @property
    def eligible(self) -> bool:
        return not self.refusals

    @property
    def settings(self) -> list[str]:
        return list(dict.fromkeys(s for r in self.refusals for s in r.settings))

    def as_dict(self) -> dict:
        return {"organization": self.organization_id, "kind": self.kind, "on": self.on.isoformat(),
                "eligible": self.eligible, "checked": self.checked, "refusals": [r.explained() for r in self.refusals]}


def eligibility(org, kind: str, on: date) -> Eligibility:
    refusals = [r for r in (check(org, on) for check in list(charity_checks[kind])) if r is not None]
    return Eligibility(org.pk, kind, on, refusals, [_rule_of(c) for c in charity_checks[kind]])


def _rule_of(check) -> str:
    doc = (check.__doc__ or "").strip()
    head = doc.split(":", 1)[0]
    return head if head and " " not in head else f"{check.__module__}.{check.__qualname__}"


# --- facts of the register -----------------------------------------------------------------------------------

def grant_in_force(org, kind: str, on: date):
    """The grant of ``kind`` the organization holds on ``on`` (granted by then, not revoked by then)."""
    from .models import Grant

    for grant in Grant.objects.filter(organization=org, kind=kind, granted_on__lte=on).select_related(
            "revocation").order_by("-granted_on", "-id"):
        revocation = getattr(grant, "revocation", None)
        if revocation is None or revocation.revoked_on > on:
            return grant
    return None


def latest_bar(org, kind: str, on: date):
    """The revocation whose bar on reapplying still runs on ``on``, if any."""
    from .models import Revocation

    return (Revocation.objects.filter(grant__organization=org, grant__kind=kind, revoked_on__lte=on,
                                      bar_until__gt=on).order_by("-bar_until").first())


def year_figures(org, years) -> dict[int, rules.YearFigures]:
    """The figures of the current submission of each annual report of ``years``."""
    from supervision.models import ReportSubmission

    out = {}
    for sub in ReportSubmission.objects.filter(report__organization=org, report__year__in=list(years),
                                               superseded_by__isnull=True).select_related("report"):
        out[sub.report.year] = rules.YearFigures(sub.report.year, sub.income_total, sub.expense_programmes,
                                                 sub.expense_administration, sub.expense_total, sub.net_assets)
    return out


def spending_result(org, year: int, public: bool, on: date) -> tuple[rules.SpendingResult, tuple[str, ...]]:
    """The spending assessment of ``year`` (charity.services_spending) with the settings it used. ``public`` is
    kept for callers; the assessment reads whether the qualification was held at the end of ``year`` itself."""
    from .services_spending import assess

    found = assess(org, year, on)
    return found.result, found.settings


# --- the checks ----------------------------------------------------------------------------------------------

def _active(org, on: date) -> Refusal | None:
    from registry.models import OrganizationVersion

    version = OrganizationVersion.objects.filter(organization=org, valid_from__lte=on).order_by("-valid_from").first()
    if version is None or version.status != "active":
        status = version.get_status_display() if version else "—"
        return Refusal("CH-ACTIVE", None, f"{on} 该组织不在正常登记状态（{status}）",
                       f"the organization was not registered and active on {on} ({status})", facts={"on": on})
    return None


def active(org, on: date) -> Refusal | None:
    """CH-ACTIVE: only an organization registered and active on the day may apply."""
    return _active(org, on)


def charity_form(org, on: date) -> Refusal | None:
    """CH-FORM: a charity organization is a foundation, social group or social service agency (Law Art. 8)."""
    if org.org_type in rules.CHARITY_TYPES:
        return None
    return Refusal("CH-FORM", None, f"慈善组织可以采取基金会、社会团体、社会服务机构等组织形式（慈善法第八条），本组织为"
                              f"{org.get_org_type_display()}",
                   f"a charity organization is a foundation, social group or social service agency (Charity Law "
                   f"Art. 8); this organization is a {org.org_type}", facts={"org_type": org.org_type})


def _not_held(kind):
    def check(org, on: date) -> Refusal | None:
        grant = grant_in_force(org, kind, on)
        if grant is None:
            return None
        zh, en = (("已认定为慈善组织", "already recognized as a charity organization") if kind == RECOGNITION
                  else ("已具有公开募捐资格", "already holds the public-fundraising qualification"))
        return Refusal("CH-HELD", None, f"{zh}（{grant.granted_on}，证书编号 {grant.certificate_number}）",
                       f"{en} (since {grant.granted_on}, certificate {grant.certificate_number})",
                       facts={"granted_on": grant.granted_on, "certificate": grant.certificate_number})
    check.__doc__ = "CH-HELD: no second application while the recognition or qualification is held."
    check.__qualname__ = f"not_held_{kind}"
    return check


def _no_open_application(kind):
    def check(org, on: date) -> Refusal | None:
        from .models import ApplicationState, CharityApplication

        open_app = CharityApplication.objects.filter(organization=org, kind=kind, applied_on__lte=on,
                                                     state=ApplicationState.SUBMITTED).first()
        if open_app is None:
            return None
        return Refusal("CH-OPEN", None, f"已有尚未决定的申请（#{open_app.pk}，{open_app.applied_on} 提交）",
                       f"an application is already under review (#{open_app.pk} of {open_app.applied_on})",
                       facts={"application": open_app.pk, "applied_on": open_app.applied_on})
    check.__doc__ = "CH-OPEN: one application of a kind at a time."
    check.__qualname__ = f"no_open_application_{kind}"
    return check


def _not_barred(kind):
    key = ("CHARITY_QUALIFICATION_REAPPLY_BAR_YEARS" if kind == QUALIFICATION
           else "CHARITY_RECOGNITION_REAPPLY_BAR_YEARS")

    def check(org, on: date) -> Refusal | None:
        revocation = latest_bar(org, kind, on)
        if revocation is None:
            return None
        used = setting(key, org.authority_id, on)
        return Refusal("CH-BAR", None, f"{revocation.revoked_on} 被吊销（{revocation.decision_number}），{revocation.bar_until} "
                                 f"前不得再次申请（慈善法第一百一十一条）",
                       f"revoked on {revocation.revoked_on} ({revocation.decision_number}): no new application "
                       f"before {revocation.bar_until} (Charity Law Art. 111)",
                       facts={"revoked_on": revocation.revoked_on, "may_apply_from": revocation.bar_until},
                       settings=(revocation.bar_setting or used.explanation,))
    check.__doc__ = "CH-BAR: no application while the bar after a revocation runs."
    check.__qualname__ = f"not_barred_{kind}"
    return check


def _no_recent_penalty(kind):
    key = "CHARITY_QUALIFICATION_PENALTY_YEARS" if kind == QUALIFICATION else "CHARITY_RECOGNITION_PENALTY_YEARS"
    basis_zh = "《慈善组织公开募捐管理办法》第五条" if kind == QUALIFICATION else "《慈善组织认定办法》"
    basis_en = "Order 74 Art. 5" if kind == QUALIFICATION else "Order 73 (Order 58 Art. 8)"

    def check(org, on: date) -> Refusal | None:
        from supervision.models import Penalty

        years = setting(key, org.authority_id, on)
        since = rules.add_years(on, -int(years.value))
        penalty = (Penalty.objects.filter(organization=org, superseded_by__isnull=True, decided_on__lte=on,
                                          decided_on__gt=since).order_by("-decided_on").first())
        if penalty is None:
            return None
        return Refusal("CH-PENALTY", None,
                       f"{penalty.decided_on} 受到行政处罚（{penalty.get_kind_display()}，{penalty.decision_number}），"
                       f"申请前 {years.value} 年内受过行政处罚的不予{'认定' if kind == RECOGNITION else '准予'}（{basis_zh}）",
                       f"administrative penalty on {penalty.decided_on} ({penalty.kind}, {penalty.decision_number}): "
                       f"a penalty within {years.value} years before applying bars it ({basis_en})",
                       facts={"penalty": penalty.pk, "decided_on": penalty.decided_on, "since": since},
                       settings=(years.explanation,))
    check.__doc__ = "CH-PENALTY: no administrative penalty in the period before applying."
    check.__qualname__ = f"no_recent_penalty_{kind}"
    return check


def _spending_within_standards(kind):
    def check(org, on: date) -> Refusal | None:
        year = on.year - 1
        public = grant_in_force(org, QUALIFICATION, date(year, 12, 31)) is not None
        result, used = spending_result(org, year, public, on)
        if result.ok:
            return None
        return Refusal(result.problems[0].code, None, "\n".join(p.zh for p in result.problems),
                       "\n".join(p.en for p in result.problems),
                       facts={"year": year, "tier": result.tier, "rules": [p.code for p in result.problems]}, settings=used)
    check.__doc__ = "CH-SPENDING: the prior year's charitable spending and management costs within the standards."
    check.__qualname__ = f"spending_within_standards_{kind}"
    return check


def registered_one_year(org, on: date) -> Refusal | None:
    """CH-YEARS: registered at least one year (满一年) for the qualification (Law Art. 22, 2023)."""
    years = setting("CHARITY_QUALIFICATION_MIN_YEARS", org.authority_id, on)
    met, opens = rules.registered_full_years(org.founded_on, on, int(years.value))
    if met:
        return None
    return Refusal("CH-YEARS", None, f"成立于 {org.founded_on}，登记未满 {years.value} 年，{opens} 起方可申请（慈善法第二十二条）",
                   f"founded {org.founded_on}: registered less than {years.value} year(s); may apply from {opens} "
                   f"(Charity Law Art. 22)", facts={"founded_on": org.founded_on, "may_apply_from": opens},
                   settings=(years.explanation,))


def recognized(org, on: date) -> Refusal | None:
    """CH-RECOGNIZED: the qualification is for charity organizations (Law Art. 22)."""
    if grant_in_force(org, RECOGNITION, on) is not None:
        return None
    return Refusal("CH-RECOGNIZED", None, f"{on} 尚未登记或认定为慈善组织（慈善法第二十二条）",
                   f"not registered or recognized as a charity organization on {on} (Charity Law Art. 22)", facts={"on": on})


def minimum_grade(org, on: date) -> Refusal | None:
    """CH-GRADE: an evaluation grade at or above the local minimum (Order 59 required 3A; unconfirmed for 74)."""
    wanted = setting("CHARITY_QUALIFICATION_MIN_GRADE", org.authority_id, on)
    if not wanted.value:
        return None
    from supervision.ratings.services import grade_on

    span = grade_on(org, on)
    held = span.grade if span else ""
    if held and held[0].isdigit() and int(held[0]) >= int(str(wanted.value)[0]):
        return None
    return Refusal("CH-GRADE", None, f"本地要求评估等级 {wanted.value} 以上，{on} 的等级为 {held or '无'}",
                   f"a local setting requires grade {wanted.value} or above; the grade on {on} is {held or 'none'}",
                   facts={"grade": held, "required": wanted.value}, settings=(wanted.explanation,))


def annual_reports_on_time(org, on: date) -> Refusal | None:
    """CH-REPORTS: last year's annual report filed on time (Order 74 Art. 5, commentary S45)."""
    from supervision.models import ReportOverdue

    year = on.year - 2  # the last report whose deadline (31 March / 31 May) has certainly passed by ``on``
    if on >= date(on.year, 6, 1):
        year = on.year - 1
    finding = ReportOverdue.objects.filter(organization=org, year=year, detected_on__lte=on).order_by(
        "-detected_on").first()
    if finding is None:
        return None
    return Refusal("CH-REPORTS", None, f"{year} 年度工作报告{finding.get_kind_display()}（截止 {finding.deadline}），"
                                 "未按时报送年度报告（《慈善组织公开募捐管理办法》第五条）",
                   f"the annual report of {year} was {finding.kind} (deadline {finding.deadline}): annual reports "
                   "must be filed on time (Order 74 Art. 5)", facts={"year": year, "deadline": finding.deadline})


for _kind in (RECOGNITION, QUALIFICATION):
    register_charity_check(_kind, active)
    register_charity_check(_kind, charity_form)
    register_charity_check(_kind, _not_held(_kind))
    register_charity_check(_kind, _no_open_application(_kind))
    register_charity_check(_kind, _not_barred(_kind))
    if _kind == QUALIFICATION:
        register_charity_check(_kind, recognized)
        register_charity_check(_kind, registered_one_year)
        register_charity_check(_kind, minimum_grade)
        register_charity_check(_kind, annual_reports_on_time)
    register_charity_check(_kind, _no_recent_penalty(_kind))
    register_charity_check(_kind, _spending_within_standards(_kind))
