"""The only writers of charity facts. Each service validates, checks who may act (accounts.jurisdiction), writes in
one transaction and records the audit event; a refusal raises RuleViolation (rule id, field, zh, en) and changes
nothing.

Who acts (DOMAIN §6): the organization applies, files plans, amends them and discloses (an officer over it may do
so on its behalf); officers of the registering authority's jurisdiction extend, decide and revoke.
"""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction

from audit.services import record
from common.clock import today
from common.errors import Refusal, RuleViolation
from credit.policy import work_calendar
from divisions.policy import SettingValue, setting
from supervision.base import deny_unless_org_or_staff, deny_unless_staff_for
from supervision.cleaning import clean_text, parse_day

from . import rules
from .eligibility import QUALIFICATION, RECOGNITION, eligibility, grant_in_force
from .models import (
    Announcement,
    AnnouncementKind,
    ApplicationState,
    CharityApplication,
    DecisionExtension,
    EmergencyDisclosure,
    FundraisingPlan,
    Grant,
    Kind,
    PlanVersion,
    Revocation,
)
from .sequences import next_number

# Rules an officer may name when refusing (each refusal names its rule).
REFUSAL_RULES = {
    "CH-PURPOSE": ("宗旨不以开展慈善活动为目的（慈善法第九条）", "the purpose is not charitable activity (Charity Law Art. 9)"),
    "CH-NONPROFIT": ("不符合非营利性要求，或章程未规定剩余财产用于慈善目的（慈善法第九条）",
                     "not non-profit, or the charter has no residual-assets clause (Charity Law Art. 9)"),
    "CH-FINANCE": ("财务管理制度或薪酬制度不健全（《慈善组织认定办法》）",
                   "finance or pay systems are not sound (Order 73)"),
    "CH-LEADERS": ("负责人存在慈善法第十六条规定的不得担任的情形", "a leader is disqualified under Charity Law Art. 16"),
    "CH-GOVERNANCE": ("内部治理结构不健全或运作不规范（慈善法第二十二条、《慈善组织公开募捐管理办法》第五条）",
                      "internal governance not sound or operation irregular (Charity Law Art. 22, Order 74 Art. 5)"),
    "CH-MATERIALS": ("申请材料不真实或不齐全", "the application materials are untrue or incomplete"),
    "CH-VIOLATION": ("存在其他违反法律法规的情形", "other violations of laws or regulations"),
}


def _int(value: SettingValue) -> int:
    """A whole-number setting (its JSON value may be a number or a numeric string)."""
    return int(str(value.value))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def refuse(code, field, zh, en, status=400, value=None):
    raise RuleViolation.one(code, field, zh, en, status=status, value=value)


def problem(error: Refusal) -> Refusal:
    return error


def refusal_problems(check) -> list[Refusal]:
    return [Refusal(r.code, "organization", r.zh, r.en) for r in check.refusals]


def parse_money(value, field: str, *, required: bool = True) -> Decimal | None:
    if value in (None, ""):
        if required:
            refuse("REQUIRED", field, "必填项不能为空", "this field is required")
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        refuse("MONEY-FORMAT", field, f"金额“{value}”不是数字", f"amount '{value}' is not a number", value=str(value))
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        refuse("MONEY-FORMAT", field, f"金额 {value} 最多两位小数（元，精确到分）",
               f"amount {value} may have at most two decimals (yuan to the fen)", value=str(value))
    if amount < 0:
        refuse("MONEY-NEGATIVE", field, f"金额 {value} 不能为负数", f"amount {value} may not be negative",
               value=str(value))
    if abs(amount) >= Decimal("1e14"):
        refuse("MONEY-FORMAT", field, "金额过大", "amount too large", value=str(value))
    return amount


# --- applications --------------------------------------------------------------------------------------------

def decision_clock(org, kind: str, applied_on: date) -> tuple[date, list[str]]:
    days = setting("CHARITY_RECOGNITION_DECISION_DAYS" if kind == RECOGNITION
                   else "CHARITY_QUALIFICATION_DECISION_DAYS", org.authority_id, applied_on)
    count = setting("CHARITY_DECISION_DAY_COUNT", org.authority_id, applied_on)
    due = rules.decision_due(applied_on, _int(days), str(count.value), work_calendar())
    return due, [days.explanation, count.explanation]


@transaction.atomic
def apply(actor, org, kind: str, *, resolution_on=None, resolution_ref="", statement="",
          governance=None) -> CharityApplication:
    """File an application for recognition or for the qualification. Refused (nothing written) when the facts in
    the register make the organization ineligible today, or, for the qualification, when the Order 74 Art. 5
    checklist has an item not met or without evidence."""
    deny_unless_org_or_staff(actor, org)
    if kind not in Kind.values:
        refuse("CH-KIND", "kind", f"申请事项“{kind}”无效", f"invalid application kind '{kind}'", value=str(kind))
    on = today()
    problems: list[Refusal] = []
    try:
        resolution_day = parse_day(resolution_on, "resolution_on")
    except RuleViolation as violation:
        problems += violation.problems
        resolution_day = None
    try:
        resolution_ref = clean_text(resolution_ref, "resolution_ref", required=True, max_length=300)
        statement = clean_text(statement, "statement")
    except RuleViolation as violation:
        problems += violation.problems
    check = eligibility(org, kind, on)
    problems += refusal_problems(check)
    cleaned_governance: list[dict] = []
    used = list(check.settings)
    if kind == QUALIFICATION:
        minimum = setting("CHARITY_SUPERVISORS_MIN_PROVINCIAL", org.authority_id, on)
        cleaned_governance, errors = rules.check_governance(governance or {}, org.level, _int(minimum))
        problems += [problem(e) for e in errors]
        used.append(minimum.explanation)
    if problems:
        raise RuleViolation(problems)
    due, clock_settings = decision_clock(org, kind, on)
    app = CharityApplication.objects.create(
        organization=org, kind=kind, applied_on=on, statement=statement, resolution_on=resolution_day,
        resolution_ref=resolution_ref, governance=cleaned_governance, eligibility=check.as_dict(),
        settings_used=used + clock_settings, decision_due=due, submitted_by=_user(actor))
    record(actor, "charity.application.file", "CharityApplication", app.pk, after={
        "organization": org.pk, "kind": kind, "applied_on": on, "decision_due": due,
        "resolution_on": resolution_day, "resolution_ref": resolution_ref, "governance": cleaned_governance,
        "checked": check.checked, "settings": app.settings_used})
    return app


def _open(app: CharityApplication) -> None:
    if app.state != ApplicationState.SUBMITTED:
        refuse("CH-DECIDED", "state", f"该申请已于 {app.decided_on} 作出决定（{app.get_state_display()}）",
               f"this application was decided on {app.decided_on} ({app.state})", status=409)


@transaction.atomic
def extend(actor, app: CharityApplication, *, days, approval_ref="", reason="") -> DecisionExtension:
    """Extend the decision period (Law Art. 10): with the Ministry's approval, at most 60 days in all."""
    app = CharityApplication.objects.select_for_update().select_related("organization").get(pk=app.pk)
    org = app.organization
    deny_unless_staff_for(actor, org.authority_id)
    _open(app)
    on = today()
    try:
        days = int(str(days).strip())
    except (TypeError, ValueError):
        refuse("CH-EXTEND-DAYS", "days", f"延长天数“{days}”应为整数", f"days '{days}' must be a whole number",
               value=str(days))
    limit = setting("CHARITY_DECISION_EXTENSION_MAX_DAYS", org.authority_id, on)
    already = sum(app.extensions.values_list("days", flat=True))
    if days <= 0 or already + days > _int(limit):
        refuse("CH-EXTEND-MAX", "days",
               f"延长期限累计不得超过 {limit.value} 日（已延长 {already} 日，慈善法第十条）",
               f"extensions may total at most {limit.value} days ({already} already; Charity Law Art. 10)",
               value=str(days))
    approval_ref = clean_text(approval_ref, "approval_ref", required=True, max_length=300)
    reason = clean_text(reason, "reason", required=True)
    if on > app.decision_due:
        refuse("CH-EXTEND-LATE", "days", f"决定期限已于 {app.decision_due} 届满，不能再延长",
               f"the decision period ended on {app.decision_due}; it can no longer be extended", status=409)
    new_due = app.decision_due + timedelta(days=days)
    extension = DecisionExtension.objects.create(application=app, days=days, approval_ref=approval_ref,
                                                 reason=reason, recorded_on=on, new_due=new_due,
                                                 recorded_by=_user(actor))
    before = app.decision_due
    CharityApplication.objects.filter(pk=app.pk).update(decision_due=new_due)
    record(actor, "charity.application.extend", "CharityApplication", app.pk,
           before={"decision_due": before}, after={"decision_due": new_due, "days": days,
                                                    "approval_ref": approval_ref, "setting": limit.explanation},
           reason=reason)
    return extension


def certificate_number(org, kind: str, on: date) -> str:
    prefix = f"{org.code}-{'R' if kind == RECOGNITION else 'Q'}{on.year % 100:02d}"
    number = next_number(org, f"certificate-{prefix[-3:]}", model=Grant, field="certificate_number", prefix=prefix,
                         width=3)
    return f"{prefix}{number:03d}"


def _announce(org, grant: Grant, kind, on: date, *, extra_zh: str = "", extra_en: str = "") -> Announcement:
    authority = org.authority.authority_name
    words: dict = {
        AnnouncementKind.RECOGNIZED: ("认定为慈善组织", "recognized as a charity organization"),
        AnnouncementKind.QUALIFIED: ("取得公开募捐资格", "granted the public-fundraising qualification"),
        AnnouncementKind.RECOGNITION_REVOKED: ("慈善组织认定被撤销", "had its charity recognition revoked"),
        AnnouncementKind.QUALIFICATION_REVOKED: ("公开募捐资格证书被吊销",
                                                 "had its public-fundraising qualification revoked"),
    }
    what: tuple[str, str] = words[kind]
    zh = (f"{org.name}（统一社会信用代码 {org.code}）于 {on} 经{authority}{what[0]}，证书编号 {grant.certificate_number}。"
          f"{extra_zh}")
    en = (f"{org.name} (USCC {org.code}) was {what[1]} by {authority} on {on}; certificate {grant.certificate_number}."
          f"{extra_en}")
    return Announcement.objects.create(organization=org, kind=kind, grant=grant, published_on=on, text_zh=zh,
                                       text_en=en)


@transaction.atomic
def decide(actor, app: CharityApplication, *, outcome: str, rule: str = "", reason: str = "", reason_en: str = "",
           decided_on=None) -> CharityApplication:
    """Grant (the register's checks are run again on the day; a certificate and an announcement follow) or refuse
    naming one rule (a register check's, a governance item's or one of :data:`REFUSAL_RULES`)."""
    app = CharityApplication.objects.select_for_update().select_related("organization__authority").get(pk=app.pk)
    org = app.organization
    deny_unless_staff_for(actor, org.authority_id)
    _open(app)
    day = parse_day(decided_on, "decided_on", default=today())
    if day < app.applied_on:
        refuse("CH-DECIDED-ON", "decided_on", f"决定日期 {day} 早于申请日期 {app.applied_on}",
               f"the decision date {day} is before the application date {app.applied_on}", value=day.isoformat())
    reason = clean_text(reason, "reason")
    reason_en = clean_text(reason_en, "reason_en")
    if outcome == "grant":
        check = eligibility(org, app.kind, day)
        blocking = [r for r in check.refusals if r.code != "CH-OPEN"]
        if blocking:
            raise RuleViolation([Refusal(r.code, "outcome", r.zh, r.en) for r in blocking], status=409)
        grant = Grant.objects.create(organization=org, kind=app.kind, application=app, granted_on=day,
                                     certificate_number=certificate_number(org, app.kind, day),
                                     decided_by=_user(actor))
        _announce(org, grant, AnnouncementKind.RECOGNIZED if app.kind == RECOGNITION else AnnouncementKind.QUALIFIED,
                  day)
        CharityApplication.objects.filter(pk=app.pk).update(state=ApplicationState.GRANTED, decided_on=day,
                                                            decided_by=_user(actor))
        record(actor, "charity.application.grant", "CharityApplication", app.pk,
               before={"state": app.state}, after={"state": "granted", "decided_on": day, "grant": grant.pk,
                                                   "certificate_number": grant.certificate_number}, reason=reason)
    elif outcome == "refuse":
        titles = refusal_titles()
        if rule not in titles:
            refuse("CH-REFUSE-RULE", "rule", "不予准许的决定必须注明所依据的规则",
                   "a refusal must name the rule it applies", value=str(rule))
        if not reason:
            refuse("REQUIRED", "reason", "必须说明不予准许的理由", "the reasons for the refusal are required")
        title_zh, title_en = titles[rule]
        CharityApplication.objects.filter(pk=app.pk).update(
            state=ApplicationState.REFUSED, decided_on=day, decided_by=_user(actor), decision_rule=rule,
            decision_reason_zh=f"{title_zh}：{reason}", decision_reason_en=f"{title_en}: {reason_en or reason}")
        record(actor, "charity.application.refuse", "CharityApplication", app.pk,
               before={"state": app.state}, after={"state": "refused", "decided_on": day, "rule": rule},
               reason=reason)
    else:
        refuse("CH-OUTCOME", "outcome", f"决定“{outcome}”无效，应为准予或不予准许",
               f"invalid outcome '{outcome}': grant or refuse", value=str(outcome))
    app.refresh_from_db()
    return app


def refusal_titles() -> dict[str, tuple[str, str]]:
    titles = dict(REFUSAL_RULES)
    titles.update({item.id: (item.zh, item.en) for item in rules.GOVERNANCE_ITEMS})
    titles.update({
        "CH-SPENDING": ("上年度慈善活动支出不符合规定", "the prior year's charitable spending was not within the standards"),
        "CH-MGMT": ("上年度管理费用不符合规定", "the prior year's management costs were not within the standards"),
        "CH-PENALTY": ("申请前规定期间内受过行政处罚", "an administrative penalty in the period before applying"),
        "CREDIT-ELIG-LISTED": ("列入活动异常名录或严重违法失信名单", "on the abnormal or the serious list"),
        "CH-REPORTS": ("未按时报送年度报告", "annual reports not filed on time"),
    })
    return titles


@transaction.atomic
def revoke(actor, grant: Grant, *, revoked_on=None, reason="", legal_basis="", decision_number="") -> Revocation:
    """Revoke a recognition or a qualification. A revoked qualification bars a new application for five years
    (Law Art. 111, setting CHARITY_QUALIFICATION_REAPPLY_BAR_YEARS)."""
    grant = Grant.objects.select_for_update().select_related("organization__authority").get(pk=grant.pk)
    org = grant.organization
    deny_unless_staff_for(actor, org.authority_id)
    if Revocation.objects.filter(grant=grant).exists():
        refuse("CH-REVOKED", None, "该证书已被撤销或吊销", "this grant has already been revoked", status=409)
    day = parse_day(revoked_on, "revoked_on", default=today())
    if day < grant.granted_on:
        refuse("CH-REVOKED-ON", "revoked_on", f"撤销日期 {day} 早于准予日期 {grant.granted_on}",
               f"the revocation date {day} is before the grant date {grant.granted_on}", value=day.isoformat())
    reason = clean_text(reason, "reason", required=True)
    legal_basis = clean_text(legal_basis, "legal_basis", required=True, max_length=300)
    decision_number = clean_text(decision_number, "decision_number", required=True, max_length=100)
    if grant.kind == RECOGNITION and grant_in_force(org, QUALIFICATION, day) is not None:
        refuse("CH-REVOKE-QUALIFICATION-FIRST", None,
               "该组织仍具有公开募捐资格：公开募捐资格只属于慈善组织，请先吊销其公开募捐资格证书",
               "the organization still holds the public-fundraising qualification, which only a charity may hold: "
               "revoke the qualification first", status=409)
    key = ("CHARITY_QUALIFICATION_REAPPLY_BAR_YEARS" if grant.kind == QUALIFICATION
           else "CHARITY_RECOGNITION_REAPPLY_BAR_YEARS")
    years = setting(key, org.authority_id, day)
    bar_until = rules.add_years(day, _int(years)) if _int(years) > 0 else None
    revocation = Revocation.objects.create(grant=grant, revoked_on=day, reason=reason, legal_basis=legal_basis,
                                           decision_number=decision_number, bar_until=bar_until,
                                           bar_setting=years.explanation, recorded_by=_user(actor))
    bar_zh = f"{bar_until} 前不得再次申请。" if bar_until else ""
    bar_en = f" No new application before {bar_until}." if bar_until else ""
    _announce(org, grant, AnnouncementKind.QUALIFICATION_REVOKED if grant.kind == QUALIFICATION
              else AnnouncementKind.RECOGNITION_REVOKED, day, extra_zh=f"依据：{legal_basis}。{bar_zh}",
              extra_en=f" Basis: {legal_basis}.{bar_en}")
    record(actor, "charity.grant.revoke", "Grant", grant.pk, before={"revoked": False},
           after={"revoked_on": day, "legal_basis": legal_basis, "decision_number": decision_number,
                  "bar_until": bar_until, "setting": years.explanation}, reason=reason)
    return revocation


# --- fundraising plans ---------------------------------------------------------------------------------------

PLAN_TEXT_FIELDS = {"purpose": 200, "area": 300, "person_in_charge": 64, "office_address": 300,
                    "beneficiaries": 4000, "use_of_funds": 4000, "fundraising_cost": 4000,
                    "residual_property": 4000}


def _collect(call, problems: list[Refusal]):
    try:
        return call()
    except RuleViolation as violation:
        problems.extend(violation.problems)
        return None


def clean_plan(org, data: dict, on: date) -> tuple[dict, list[Refusal]]:
    """Every field of a plan (Law Art. 24), every problem at once."""
    problems: list[Refusal] = []
    out: dict = {}
    for name, length in PLAN_TEXT_FIELDS.items():
        out[name] = _collect(lambda n=name, m=length: clean_text(data.get(n), n, required=True, max_length=m),
                             problems)
    out["starts_on"] = _collect(lambda: parse_day(data.get("starts_on"), "starts_on", not_after_today=False),
                                problems)
    out["ends_on"] = _collect(lambda: parse_day(data.get("ends_on"), "ends_on", not_after_today=False), problems)
    out["online_platform"] = _collect(lambda: clean_text(data.get("online_platform"), "online_platform",
                                                         max_length=200), problems) or ""
    platforms = setting("CHARITY_DESIGNATED_PLATFORMS", org.authority_id, on)
    allowed = platforms.value if isinstance(platforms.value, list) else []
    if out["online_platform"] and allowed and out["online_platform"] not in allowed:
        problems.append(Refusal("PLAN-PLATFORM", "online_platform",
                                f"“{out['online_platform']}”不在民政部指定的互联网公开募捐信息平台名单中（慈善法第二十七条）",
                                f"'{out['online_platform']}' is not a platform designated by the Ministry (Charity "
                                f"Law Art. 27)", value=out["online_platform"]))
    out["on_site"] = str(data.get("on_site", "")).lower() in ("true", "1", "yes", "on")
    out["target_amount"] = _collect(lambda: parse_money(data.get("target_amount"), "target_amount", required=False),
                                    problems)
    accounts = data.get("receiving_accounts")
    cleaned_accounts = []
    if not isinstance(accounts, list) or not accounts:
        problems.append(Refusal("PLAN-ACCOUNT", "receiving_accounts", "至少填写一个接收捐赠的银行账户（慈善法第二十四条）",
                                "at least one bank account receiving donations is required (Charity Law Art. 24)"))
    else:
        for index, account in enumerate(accounts):
            where = f"receiving_accounts.{index}"
            if not isinstance(account, dict):
                problems.append(Refusal("PLAN-ACCOUNT", where, "账户应为对象（开户行、户名、账号）",
                                        "an account must be an object (bank, name, number)"))
                continue
            row = {}
            for key, length in (("bank", 100), ("name", 200), ("number", 40)):
                row[key] = _collect(lambda a=account, w=where, k=key, m=length: clean_text(
                    a.get(k), f"{w}.{k}", required=True, max_length=m), problems)
            number = (row.get("number") or "").replace(" ", "")
            if number and not number.isdigit():
                problems.append(Refusal("PLAN-ACCOUNT", f"{where}.number", f"账号“{number}”应只含数字",
                                        f"account number '{number}' must contain digits only", value=number))
            row["number"] = number
            cleaned_accounts.append(row)
    out["receiving_accounts"] = cleaned_accounts
    return out, problems


def _plan_dates(org, values, *, filed_on: date, emergency: bool) -> list[Refusal]:
    if values.get("starts_on") is None or values.get("ends_on") is None:
        return []
    lead = setting("CHARITY_PLAN_LEAD_DAYS", org.authority_id, filed_on)
    late = setting("CHARITY_EMERGENCY_FILING_DAYS", org.authority_id, filed_on)
    return [problem(e) for e in rules.check_plan_dates(
        filed_on=filed_on, starts_on=values["starts_on"], ends_on=values["ends_on"], emergency=emergency,
        lead_days=_int(lead), emergency_days=_int(late))]


def _qualified(org, on: date) -> list[Refusal]:
    if grant_in_force(org, QUALIFICATION, on) is not None:
        return []
    return [Refusal("PLAN-QUALIFIED", "organization",
                    f"{on} 不具有公开募捐资格，不能备案公开募捐方案；不具有资格的组织只能与有资格的慈善组织合作募捐"
                    "（慈善法第二十二、二十六条）",
                    f"no public-fundraising qualification on {on}: a plan cannot be filed; organizations without it may "
                    "only fundraise with a qualified charity under a written agreement (Charity Law Arts. 22, 26)")]


VERSION_FIELDS = ("purpose", "starts_on", "ends_on", "area", "person_in_charge", "office_address",
                  "receiving_accounts", "online_platform", "on_site", "beneficiaries", "use_of_funds",
                  "fundraising_cost", "residual_property", "target_amount")


@transaction.atomic
def file_plan(actor, org, data: dict, *, emergency: bool = False) -> FundraisingPlan:
    """File a plan: by a qualified organization, 10 days before the start, or an emergency plan within 10 days
    after the start (settings CHARITY_PLAN_LEAD_DAYS, CHARITY_EMERGENCY_FILING_DAYS). Gets a filing number."""
    deny_unless_org_or_staff(actor, org)
    on = today()
    values, problems = clean_plan(org, data, on)
    problems = _qualified(org, on) + problems + _plan_dates(org, values, filed_on=on, emergency=emergency)
    if problems:
        raise RuleViolation(problems)
    prefix = f"{org.code}A{on.year % 100:02d}"
    sequence = next_number(org, f"plan-{on.year % 100:02d}", model=FundraisingPlan, field="filing_number",
                           prefix=prefix, width=3)
    plan = FundraisingPlan.objects.create(
        organization=org, filing_number=rules.filing_number(org.code, on.year, sequence), emergency=emergency,
        filed_on=on, starts_on=values["starts_on"], ends_on=values["ends_on"], title=values["purpose"],
        filed_by=_user(actor))
    PlanVersion.objects.create(plan=plan, number=1, filed_on=on, recorded_by=_user(actor),
                               **{k: values[k] for k in VERSION_FIELDS})
    record(actor, "charity.plan.file", "FundraisingPlan", plan.pk,
           after={"filing_number": plan.filing_number, "emergency": emergency, "filed_on": on,
                  **{k: values[k] for k in VERSION_FIELDS}})
    return plan


@transaction.atomic
def amend_plan(actor, plan: FundraisingPlan, data: dict, *, reason: str = "") -> PlanVersion:
    """An amendment is a new version under the same filing number; a changed start of a plan not yet started is
    held to the filing lead time again (an emergency plan keeps its original filing day)."""
    plan = FundraisingPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    org = plan.organization
    deny_unless_org_or_staff(actor, org)
    on = today()
    reason = clean_text(reason, "amendment_reason", required=True)
    current = plan.current
    values, problems = clean_plan(org, data, on)
    problems = _qualified(org, on) + problems
    if on > plan.ends_on:
        problems.append(Refusal("PLAN-ENDED", None, f"募捐已于 {plan.ends_on} 结束，不能再变更方案",
                                f"the fundraising ended on {plan.ends_on}; the plan can no longer be amended"))
    if values.get("starts_on") and values["starts_on"] != current.starts_on:
        problems += _plan_dates(org, values, filed_on=plan.filed_on if plan.emergency else on,
                                emergency=plan.emergency)
    elif values.get("starts_on") and values.get("ends_on") and values["ends_on"] < values["starts_on"]:
        problems += _plan_dates(org, values, filed_on=plan.filed_on, emergency=True)
    if problems:
        raise RuleViolation(problems)
    changed = {k: values[k] for k in VERSION_FIELDS if values[k] != getattr(current, k)}
    if not changed:
        refuse("PLAN-UNCHANGED", None, "变更内容与现行方案相同", "the amendment changes nothing in the current plan")
    number = current.number + 1
    version = PlanVersion.objects.create(plan=plan, number=number, filed_on=on, amendment_reason=reason,
                                         recorded_by=_user(actor), **{k: values[k] for k in VERSION_FIELDS})
    FundraisingPlan.objects.filter(pk=plan.pk).update(current_number=number, starts_on=values["starts_on"],
                                                      ends_on=values["ends_on"], title=values["purpose"])
    record(actor, "charity.plan.amend", "FundraisingPlan", plan.pk,
           before={k: getattr(current, k) for k in changed}, after={"version": number, **changed}, reason=reason)
    return version


@transaction.atomic
def disclose(actor, plan: FundraisingPlan, *, received_to=None, amount_received=None, goods="",
             use_so_far="") -> EmergencyDisclosure:
    """Disclose an emergency fundraising's receipts to date (at least every five days, Law Art. 72)."""
    plan = FundraisingPlan.objects.select_related("organization").get(pk=plan.pk)
    deny_unless_org_or_staff(actor, plan.organization)
    if not plan.emergency:
        refuse("PLAN-NOT-EMERGENCY", None, "每五日公开一次的要求适用于应急募捐（慈善法第七十二条）",
               "the five-day disclosure applies to emergency fundraising (Charity Law Art. 72)")
    on = today()
    problems: list[Refusal] = []
    upto = _collect(lambda: parse_day(received_to, "received_to", default=on), problems)
    amount = _collect(lambda: parse_money(amount_received, "amount_received"), problems)
    goods = _collect(lambda: clean_text(goods, "goods"), problems) or ""
    use_so_far = _collect(lambda: clean_text(use_so_far, "use_so_far"), problems) or ""
    if upto is not None and upto < plan.starts_on:
        problems.append(Refusal("PLAN-DISCLOSE-DATE", "received_to", f"截止日期 {upto} 早于募捐开始日期 {plan.starts_on}",
                                f"the date {upto} is before the fundraising started ({plan.starts_on})",
                                value=upto.isoformat()))
    if problems:
        raise RuleViolation(problems)
    disclosure = EmergencyDisclosure.objects.create(plan=plan, disclosed_on=on, received_to=upto,
                                                    amount_received=amount, goods=goods, use_so_far=use_so_far,
                                                    recorded_by=_user(actor))
    record(actor, "charity.plan.disclose", "FundraisingPlan", plan.pk,
           after={"disclosure": disclosure.pk, "disclosed_on": on, "received_to": upto, "amount_received": amount})
    return disclosure


def disclosure_status(plan: FundraisingPlan, on: date | None = None) -> rules.DisclosureStatus | None:
    if not plan.emergency:
        return None
    on = on or today()
    interval = setting("CHARITY_EMERGENCY_DISCLOSURE_DAYS", plan.organization.authority_id, on)
    days = list(plan.disclosures.values_list("disclosed_on", flat=True))
    return rules.disclosure_schedule(plan.starts_on, plan.ends_on, days, on, _int(interval))
