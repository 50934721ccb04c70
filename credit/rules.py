"""Pure rules of the two credit lists (民政部令第60号; DOMAIN §3, §9 items 1–2, §11). No database here.

:func:`derive` takes one organization's dated facts, the settings in force (a :class:`Policy`) and a date, and
returns every list entry and prior notice up to that date, each citing its rule ids, facts and settings. The
sweep, the API, the public pages, the property tests and the benchmark all call it, so a decision is computed
one way only.

How time is treated (the contract the property tests check):

* a fact counts from ``known_on``, the day the authority formed or obtained it, never earlier, so the state
  derived for day *d* depends only on facts known by *d*, and a daily sweep equals one run at the end;
* a fact's ``occurred_on`` is the day its ground arises (a penalty: its decision date; a missing annual report or an
  unfinished rectification: the deadline, the last day the duty could still be met). The ground takes effect the
  day after: on the day of the ground the organization is not listed, on the day after it is. A ground is
  *triggered* (the organization is told) when its fact is both known and has occurred, and it is listed on
  ``max(occurred_on + 1 day, triggered_on + CREDIT_NOTICE_DAYS)``: with the default of 0 days that is the day
  after the ground, or the day the authority learns of it when that is later (a listing is never backdated). No
  rule sets a wait between notice and listing (the prior notice is in the 2017 draft only, DOMAIN §3.7), so
  ``CREDIT_NOTICE_DAYS`` is a local setting of each jurisdiction, 0 unless the authority sets a notice period;
* periods run from the listing day (Civil Code below), so escalation and the six-month removal follow the
  listing day; an exit on deregistration takes effect on the day the deregistration does (the organization no
  longer exists, and nothing new is listed from that day);
* a correction (an upheld objection) is a fact of its own: from its ``known_on`` the superseded fact no longer
  counts, a ground left without valid facts is withdrawn, and an entry left without grounds ends that day. What
  was published before stays in the history, marked as corrected;
* periods in months or years follow the Civil Code (民法典) Arts. 201–202: counting starts the day after the
  start day and the period's last day is the corresponding day of the final month, or that month's last day when
  there is none. "After two full years" is the day after that last day (:func:`after_full`).

Rule ids: ABN-1 … ABN-7 (abnormal-list grounds, DOMAIN §3.3), SER-1 … SER-8 (serious-list grounds, §3.5), and
one id per exit: ABN-X-RECTIFIED, ABN-X-6M, ABN-X-ESCALATED, ABN-X-DEREG, ABN-X-CORRECTED, ABN-X-EXEMPT, SER-X-2Y, SER-X-DEREG,
SER-X-CORRECTED. The numbering of the grounds follows DOMAIN's lists; the final text's article numbers are not
confirmed, so legal bases cite the Order and the item, not an article.
"""

from __future__ import annotations

import calendar as _calendar
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

ABNORMAL = "abnormal"
SERIOUS = "serious"
LISTS = (ABNORMAL, SERIOUS)
LIST_NAMES = {ABNORMAL: ("活动异常名录", "abnormal-activity list"),
              SERIOUS: ("严重违法失信名单", "serious illegal and dishonest list")}

# --- fact kinds (what the feeds and officers record; see credit.models.FactKind for labels) -------------------
ANNUAL_REPORT_MISSING = "annual_report_missing"
PARTY_ORG_MISSING = "party_org_missing"
RECTIFICATION_OVERDUE = "rectification_overdue"
FUNDRAISING_INACTIVE = "fundraising_inactive"
PENALTY = "penalty"
DOMICILE_UNREACHABLE = "domicile_unreachable"
OTHER_ABNORMAL = "other_abnormal"
CHANGE_REVOKED = "change_registration_revoked"
COURT_DISHONEST = "court_dishonest_debtor"
REGISTRATION_ENDED = "registration_ended"  # 撤销成立登记 or 吊销登记证书 (registry)
OTHER_SERIOUS = "other_serious"
DEREGISTERED = "deregistered"  # 注销登记 (registry)
RECTIFICATION_VERIFIED = "rectification_verified"
SERIOUS_REMOVAL_VERIFIED = "serious_removal_verified"
CORRECTION = "correction"
EXEMPTION = "no_responsibility_certified"  # draft Art. 12: another department certifies no direct responsibility

DIRECT_GROUNDS = {
    ANNUAL_REPORT_MISSING: "ABN-1", PARTY_ORG_MISSING: "ABN-2", RECTIFICATION_OVERDUE: "ABN-3",
    FUNDRAISING_INACTIVE: "ABN-4", DOMICILE_UNREACHABLE: "ABN-6", OTHER_ABNORMAL: "ABN-7",
    CHANGE_REVOKED: "SER-2", COURT_DISHONEST: "SER-6", REGISTRATION_ENDED: "SER-7", OTHER_SERIOUS: "SER-8",
}
WARNING, FINE, SUSPENSION = "warning", "fine", "suspension"
GROUND_KINDS = frozenset(DIRECT_GROUNDS) | {PENALTY}

# --- settings (national defaults; credit.models registers them with divisions.policy) --------------------------
DEFAULTS: dict[str, object] = {
    # Prior notice before listing (2017 draft only, DOMAIN §3.7): no rule sets a wait, so a local setting with the
    # default that adds no condition: listed the day after the ground arises (see SETTING_DOCS).
    "CREDIT_NOTICE_DAYS": 0,
    # A new ground while listed restarts that list's clock (draft Arts. 13 and 16) [unconfirmed for the final].
    "CREDIT_CLOCK_RESTART": True,
    # Abnormal list: escalation after two full years (SER-1) [secondary].
    "CREDIT_ABN_ESCALATION_YEARS": 2,
    # Abnormal list: removal after six full months when there is nothing to rectify [unconfirmed].
    "CREDIT_ABN_AUTO_REMOVAL_MONTHS": 6,
    # Which abnormal grounds leave nothing to rectify (a one-off warning or small fine) [platform reading].
    "CREDIT_ABN_NOTHING_TO_RECTIFY": ["ABN-5"],
    # Removal within N working days of verifying the rectification [unconfirmed].
    "CREDIT_ABN_REMOVAL_WORKING_DAYS": 5,
    # Whether deregistration (注销) ends an abnormal-list entry [unconfirmed].
    "CREDIT_ABN_EXIT_ON_DEREGISTRATION": True,
    # ABN-6: days between the two letters to the domicile (draft 20–60; possibly 15–30 in the final) [unconfirmed].
    "CREDIT_LETTER_INTERVAL_DAYS": [20, 60],
    # ABN-4: months without public fundraising (慈善组织公开募捐管理办法 Art. 22, via DOMAIN §3.3) [secondary].
    "CREDIT_FUNDRAISING_INACTIVE_MONTHS": 6,
    # Draft Art. 12 only: a written certificate from the 业务主管单位 or another department that the organization bears
    # no direct responsibility exempts it from the abnormal list. Off until the final text confirms it [unconfirmed].
    "CREDIT_ABN_EXEMPTION_ON_CERTIFICATE": False,
    # SER-4 / ABN-5: the fine that separates the two lists, in yuan [secondary].
    "CREDIT_SER_FINE_THRESHOLD": "50000",
    # SER-5: this many warnings or small fines within this many years [secondary].
    "CREDIT_SER_REPEAT_COUNT": 2,
    "CREDIT_SER_REPEAT_YEARS": 3,
    # Serious list: apply after this many clean years [secondary, S19; unconfirmed for the final].
    "CREDIT_SER_EXIT_CLEAN_YEARS": 2,
    # Serious list, escalated entries: rectification is required as well [secondary].
    "CREDIT_SER_EXIT_NEEDS_RECTIFICATION": True,
    # Removal within N working days of verifying a serious-list application [unconfirmed].
    "CREDIT_SER_REMOVAL_WORKING_DAYS": 5,
    # SER-7 entries end after deregistration [secondary].
    "CREDIT_SER_EXIT_ON_DEREGISTRATION": True,
    # Objections (异议): no final figures found; these follow enterprise practice and are settings [unconfirmed].
    "CREDIT_OBJECTION_FILING_DAYS": 30,
    "CREDIT_OBJECTION_ACCEPT_WORKING_DAYS": 5,
    "CREDIT_OBJECTION_DECISION_WORKING_DAYS": 20,
    # Credit repair (信用修复): time to decide an application [unconfirmed].
    "CREDIT_REPAIR_DECISION_WORKING_DAYS": 20,
    # Name screening: the score from which a candidate counts as a match (tuned on bench/screening_eval.tsv).
    "CREDIT_SCREENING_THRESHOLD": 0.75,
    # Credit evaluation (信用评价): a platform score, not a legal grade; every weight and band is a setting.
    "CREDIT_GRADE_WEIGHTS": {
        "base": 70, "rating": {"5A": 20, "4A": 15, "3A": 10, "2A": 5, "1A": 2},
        "inspection": {"qualified": 5, "basically_qualified": -5, "unqualified": -15},
        "penalty_each": -10, "penalty_floor": -30, "penalty_years": 3,
        "honour_each": 3, "honour_cap": 9, "honour_years": 3,
        "abnormal": -30, "serious": -60,
    },
    # The starting score (70) is in B, so an organization is graded C or D only for a negative record.
    "CREDIT_GRADE_BANDS": [["A", 90], ["B", 70], ["C", 60], ["D", 0]],
}


# What officers read about a setting on the jurisdiction settings page: label and legal basis (zh, en).
SETTING_DOCS: dict[str, dict[str, str]] = {
    "CREDIT_NOTICE_DAYS": {
        "label_zh": "列入名录前的事先告知期（日）",
        "label_en": "Prior notice before listing (days)",
        "basis_zh": "无规定设定等待期；本地设定。《社会组织信用信息管理办法》（民政部令第60号）未规定列入前的等待期限"
                    "（事先告知仅见于2017年征求意见稿）。默认 0 日：列入情形发生之日的次日列入；设定 N 日的，"
                    "自告知之日起满 N 日列入（不早于情形发生之日的次日）。",
        "basis_en": "No rule sets a wait; local setting. MCA Order No. 60 sets no period between the ground and the "
                    "listing (a prior notice appears only in the 2017 draft). Default 0 days: listed on the day "
                    "after the ground arises; with N days, listed N days after the notice (never before the day "
                    "after the ground).",
    },
}


def listing_day(occurred_on: date, triggered_on: date, notice_days: int) -> date:
    """The day a ground takes effect: the day after it arises, and no earlier than ``notice_days`` after the
    organization was told (the day the authority knew of it). Day of the ground: not listed; day after: listed."""
    return max(occurred_on + timedelta(days=1), triggered_on + timedelta(days=notice_days))


class Setting(Protocol):
    key: str
    value: object

    @property
    def explanation(self) -> str: ...


class Policy(Protocol):
    """The settings in force for one organization's registering authority, by date."""

    def get(self, key: str, on: date) -> Setting: ...


@dataclass(frozen=True)
class FixedSetting:
    key: str
    value: object
    source: str = "default"

    @property
    def explanation(self) -> str:
        where = "默认值 / national default" if self.source == "default" else f"{self.source} 设定 / set by {self.source}"
        return f"{self.key} = {self.value!r} ({where})"


class FixedPolicy:
    """The national defaults, optionally overridden (tests, benchmark, anything without a database)."""

    def __init__(self, overrides: dict | None = None, source: str = "default"):
        self.values = {**DEFAULTS, **(overrides or {})}
        self.overridden = set(overrides or {})
        self.source = source

    def get(self, key: str, on: date) -> FixedSetting:
        return FixedSetting(key, self.values[key], self.source if key in self.overridden else "default")


# --- facts and the organization -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Fact:
    """One dated credit fact as the rules see it. ``ref`` links it to its source row (``cf:12``, ``re:7`` …)."""

    ref: str
    kind: str
    occurred_on: date
    known_on: date
    effective_on: date | None = None  # removal facts: the day the removal takes effect
    penalties: tuple[str, ...] = ()  # penalty kinds: warning, fine, confiscation, suspension …
    fine: Decimal | None = None
    target: str | None = None  # corrections: the ref of the fact they supersede
    summary_zh: str = ""
    summary_en: str = ""
    value: str = ""  # information facts: the grade (5A …) or the inspection result
    until: date | None = None  # grades: valid until

    @property
    def triggered_on(self) -> date:
        return max(self.occurred_on, self.known_on)


@dataclass(frozen=True)
class Org:
    id: int
    founded_on: date
    authority: str = ""
    authority_name: str = ""


# --- periods and working days ------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The corresponding day ``months`` later, or the last day of that month when there is none (民法典 Art. 202)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def after_full(start: date, *, months: int = 0, years: int = 0) -> date:
    """The first day after a period of full months/years that began with ``start`` (民法典 Arts. 201–202)."""
    return add_months(start, months + 12 * years) + timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: Monday–Friday, minus official holidays, plus adjusted working days (调休)."""

    holidays: frozenset = frozenset()
    workdays: frozenset = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (the start day itself is not counted)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def deadline(self, start: date, days: int) -> date:
        """A calendar-day limit that starts the day after ``start``; a last day that is not a working day moves to
        the next working day (民法典 Art. 203)."""
        day = start + timedelta(days=days)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


# --- the rule catalogue ------------------------------------------------------------------------------------

ORDER_60 = ("《社会组织信用信息管理办法》（民政部令第60号）", "Measures on Social Organizations' Credit Information (MCA Order No. 60)")


@dataclass(frozen=True)
class Rule:
    id: str
    list: str
    zh: str
    en: str
    basis_zh: str = ""
    basis_en: str = ""


def _ground(rule_id: str, list_kind: str, item: int, zh: str, en: str, extra_zh: str = "", extra_en: str = "") -> Rule:
    name_zh = LIST_NAMES[list_kind][0]
    basis_zh = f"{ORDER_60[0]}列入{name_zh}情形第{item}项{extra_zh}"
    basis_en = f"{ORDER_60[1]}, {LIST_NAMES[list_kind][1]}, ground {item}{extra_en}"
    return Rule(rule_id, list_kind, zh, en, basis_zh, basis_en)


RULES: dict[str, Rule] = {r.id: r for r in [
    _ground("ABN-1", ABNORMAL, 1, "未按照规定时限和要求向登记管理机关报送年度工作报告",
            "did not submit its annual work report within the time limit or in the required form"),
    _ground("ABN-2", ABNORMAL, 2, "未按照有关规定设立党组织", "did not set up a Party organization as required"),
    _ground("ABN-3", ABNORMAL, 3, "登记管理机关在抽查和其他监督检查中发现问题，发放整改文书要求限期整改，社会组织未按期完成整改",
            "did not complete by the deadline the rectification ordered after a spot check or other inspection"),
    _ground("ABN-4", ABNORMAL, 4, "具有公开募捐资格的慈善组织不再符合公开募捐资格条件，或连续6个月以上未开展公开募捐活动",
            "a charity with public-fundraising qualification no longer meets the conditions, or has carried out no "
            "public fundraising for six months or more",
            "；《慈善组织公开募捐管理办法》（民政部令第74号）第二十二条", "; MCA Order No. 74, Art. 22"),
    _ground("ABN-5", ABNORMAL, 5, "受到警告或者不满{threshold}元罚款的行政处罚（任何部门作出）",
            "received a warning or a fine below {threshold} yuan (from any department)"),
    _ground("ABN-6", ABNORMAL, 6, "通过登记的住所无法与社会组织取得联系（两次邮寄专用信函均无人签收）",
            "cannot be contacted at its registered domicile (two letters mailed there were both unsigned)"),
    _ground("ABN-7", ABNORMAL, 7, "法律、行政法规规定应当列入的其他情形",
            "another situation in which a law or administrative regulation requires listing"),
    _ground("SER-1", SERIOUS, 1, "被列入活动异常名录满{years}年", "on the abnormal-activity list for {years} full years"),
    _ground("SER-2", SERIOUS, 2, "弄虚作假办理变更登记，被撤销变更登记",
            "obtained a change registration by fraud, and the change registration was revoked"),
    _ground("SER-3", SERIOUS, 3, "受到限期停止活动的行政处罚", "received the penalty of suspension of activities for a set period"),
    _ground("SER-4", SERIOUS, 4, "受到{threshold}元以上罚款的行政处罚", "received a fine of {threshold} yuan or more"),
    _ground("SER-5", SERIOUS, 5, "{years}年内{count}次以上受到警告或者不满{threshold}元罚款的行政处罚",
            "received warnings or fines below {threshold} yuan {count} or more times within {years} years"),
    _ground("SER-6", SERIOUS, 6, "被人民法院依法列为失信被执行人", "listed by a people's court as a dishonest judgment debtor"),
    _ground("SER-7", SERIOUS, 7, "被登记管理机关作出吊销登记证书或者撤销成立登记的行政处罚",
            "the registration authority cancelled its registration certificate or revoked its establishment registration"),
    _ground("SER-8", SERIOUS, 8, "法律、行政法规规定应当列入的其他情形",
            "another situation in which a law or administrative regulation requires listing"),
    Rule("ABN-X-RECTIFIED", ABNORMAL, "已履行义务或者完成整改，经申请并查实后移出",
         "obligation fulfilled or rectification completed; removed on application after verification",
         f"{ORDER_60[0]}关于移出活动异常名录的规定（自查实之日起{{days}}个工作日内移出）",
         f"{ORDER_60[1]}, removal from the abnormal list (within {{days}} working days of verification)"),
    Rule("ABN-X-6M", ABNORMAL, "无需整改或者履行义务，自列入之日起满{months}个月后移出",
         "nothing to rectify or fulfil: removed after {months} full months from listing",
         f"{ORDER_60[0]}关于移出活动异常名录的规定", f"{ORDER_60[1]}, removal from the abnormal list"),
    Rule("ABN-X-ESCALATED", ABNORMAL, "列入活动异常名录满{years}年，移入严重违法失信名单",
         "{years} full years on the abnormal list: moved to the serious list",
         f"{ORDER_60[0]}列入严重违法失信名单情形第1项", f"{ORDER_60[1]}, serious list, ground 1"),
    Rule("ABN-X-DEREG", ABNORMAL, "社会组织已办理注销登记", "the organization has been deregistered",
         "本平台设定（CREDIT_ABN_EXIT_ON_DEREGISTRATION）", "platform setting CREDIT_ABN_EXIT_ON_DEREGISTRATION"),
    Rule("ABN-X-CORRECTED", ABNORMAL, "列入所依据的信息经异议核实有误，已更正",
         "the information behind the listing was found wrong on objection and corrected",
         f"{ORDER_60[0]}关于异议处理的规定", f"{ORDER_60[1]}, objections"),
    Rule("ABN-X-EXEMPT", ABNORMAL, "业务主管单位或者有关部门书面证明社会组织对列入情形不负直接责任，不列入或者移出",
         "the supervising unit or another department certified in writing that the organization bears no direct "
         "responsibility: not listed, or removed",
         f"{ORDER_60[0]}征求意见稿第十二条（本平台设定 CREDIT_ABN_EXEMPTION_ON_CERTIFICATE）",
         f"{ORDER_60[1]}, 2017 draft Art. 12 (platform setting CREDIT_ABN_EXEMPTION_ON_CERTIFICATE)"),
    Rule("SER-X-2Y", SERIOUS, "列入满{years}年且期间未再出现列入情形，经申请并查实后移出",
         "{years} full years on the list with no new ground for either list; removed on application after "
         "verification", f"{ORDER_60[0]}关于移出严重违法失信名单的规定", f"{ORDER_60[1]}, removal from the serious list"),
    Rule("SER-X-DEREG", SERIOUS, "因吊销登记证书或者撤销成立登记被列入，完成注销登记后移出",
         "listed for certificate cancellation or revocation; removed after deregistration",
         f"{ORDER_60[0]}关于移出严重违法失信名单的规定", f"{ORDER_60[1]}, removal from the serious list"),
    Rule("SER-X-CORRECTED", SERIOUS, "列入所依据的信息经异议核实有误，已更正",
         "the information behind the listing was found wrong on objection and corrected",
         f"{ORDER_60[0]}关于异议处理的规定", f"{ORDER_60[1]}, objections"),
]}


_TEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def rule_text(rule_id: str, policy: Policy, on: date) -> tuple[str, str]:
    """The rule's wording with the setting values in force on ``on`` filled in (zh, en)."""
    try:
        cache = _TEXTS.setdefault(policy, {})
    except TypeError:  # a policy that cannot be weakly referenced: no cache
        cache = {}
    text = cache.get((rule_id, on))
    if text is None:
        text = cache[(rule_id, on)] = _rule_text(rule_id, policy, on)
    return text


def _rule_text(rule_id: str, policy: Policy, on: date) -> tuple[str, str]:
    rule = RULES[rule_id]
    values = {
        "threshold": _fmt_money(policy.get("CREDIT_SER_FINE_THRESHOLD", on).value),
        "years": policy.get("CREDIT_SER_REPEAT_YEARS" if rule_id == "SER-5" else (
            "CREDIT_SER_EXIT_CLEAN_YEARS" if rule_id == "SER-X-2Y" else "CREDIT_ABN_ESCALATION_YEARS"), on).value,
        "count": policy.get("CREDIT_SER_REPEAT_COUNT", on).value,
        "months": policy.get("CREDIT_ABN_AUTO_REMOVAL_MONTHS", on).value,
        "days": policy.get("CREDIT_SER_REMOVAL_WORKING_DAYS" if rule.list == SERIOUS else
                           "CREDIT_ABN_REMOVAL_WORKING_DAYS", on).value,
    }
    return rule.zh.format(**values), rule.en.format(**values)


def _fmt_money(value) -> str:
    amount = Decimal(str(value))
    return f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"


# --- derived objects ---------------------------------------------------------------------------------------

@dataclass
class Ground:
    rule: str
    facts: tuple[str, ...]  # the trigger first
    triggered_on: date
    listed_on: date
    rectifiable: bool = True
    settings: tuple[str, ...] = ()
    void_on: date | None = None
    voided_by: tuple[str, ...] = ()
    discharged_on: date | None = None
    discharged_by: str | None = None  # exit rule id
    discharge_facts: tuple[str, ...] = ()
    rectify_after: date | None = None  # SER-1: rectification needed for grounds triggered up to this day
    rectified: bool = False

    @property
    def list(self) -> str:
        return RULES[self.rule].list

    def active_on(self, day: date) -> bool:
        return self.listed_on <= day and (self.void_on is None or self.void_on > day) and (
            self.discharged_on is None or self.discharged_on > day)


@dataclass
class Entry:
    list: str
    start: date
    clock: date
    grounds: list[Ground] = field(default_factory=list)
    end: date | None = None
    exit_rule: str | None = None
    exit_facts: tuple[str, ...] = ()
    exit_settings: tuple[str, ...] = ()
    # Filled by derive() for the as-of date: when and how the entry can end.
    earliest_exit: date | None = None
    exit_condition_zh: str = ""
    exit_condition_en: str = ""
    outlook_settings: tuple[str, ...] = ()

    @property
    def rules(self) -> list[str]:
        return sorted({g.rule for g in self.grounds}, key=_rule_order)

    @property
    def fact_refs(self) -> list[str]:
        return list(dict.fromkeys(ref for g in self.grounds for ref in g.facts))

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)

    def live_grounds(self, day: date) -> list[Ground]:
        return [g for g in self.grounds if g.active_on(day)]


@dataclass
class Notice:
    """A prior notice: the organization is told of the facts, reasons, basis and its rights before listing."""

    list: str
    notice_on: date
    listing_on: date
    rules: tuple[str, ...]
    facts: tuple[str, ...]
    channel: str  # "web" (notification to the organization's users) or "announcement" (public, domicile unreachable)
    grounds: list[Ground] = field(default_factory=list, repr=False)

    def withdrawn_on(self) -> date | None:
        """The day every ground of the notice was withdrawn before listing, if so."""
        days = [g.void_on or (g.discharged_on if g.discharged_on and g.discharged_on < g.listed_on else None)
                for g in self.grounds]
        if days and all(d is not None and d <= g.listed_on for d, g in zip(days, self.grounds, strict=True)):
            return max(days)
        return None


@dataclass
class Derivation:
    org: Org
    as_of: date
    entries: list[Entry]
    notices: list[Notice]
    facts: dict[str, Fact]

    def current(self, list_kind: str) -> Entry | None:
        for entry in self.entries:
            if entry.list == list_kind and entry.open_on(self.as_of):
                return entry
        return None

    @property
    def on_abnormal(self) -> bool:
        return self.current(ABNORMAL) is not None

    @property
    def on_serious(self) -> bool:
        return self.current(SERIOUS) is not None


def _rule_order(rule_id: str) -> tuple:
    head, _, tail = rule_id.partition("-")
    return (head != "ABN", int(tail) if tail.isdigit() else 99, rule_id)


# --- grounds from facts ------------------------------------------------------------------------------------

def _small_penalty(fact: Fact, threshold: Decimal) -> bool:
    return WARNING in fact.penalties or (FINE in fact.penalties and fact.fine is not None and fact.fine < threshold)


def candidate_grounds(facts: list[Fact], policy: Policy, deregistered_on: date | None = None) -> list[Ground]:
    """Every ground the facts give, with the day it is triggered and the day it would be listed."""
    grounds: list[Ground] = []

    def add(rule_id: str, refs: tuple[str, ...], trigger: date, extra: tuple[str, ...] = (),
            occurred: date | None = None) -> None:
        if deregistered_on is not None and trigger >= deregistered_on:
            return  # the organization no longer exists: nothing new is listed
        notice = policy.get("CREDIT_NOTICE_DAYS", trigger)
        listed = listing_day(occurred or trigger, trigger, int(notice.value))
        grounds.append(Ground(rule_id, refs, trigger, listed, settings=(notice.explanation, *extra)))

    small: list[Fact] = []
    for fact in sorted(facts, key=lambda f: (f.occurred_on, f.ref)):
        rule_id = DIRECT_GROUNDS.get(fact.kind)
        if rule_id:
            extra = ()
            if fact.kind == DOMICILE_UNREACHABLE:
                extra = (policy.get("CREDIT_LETTER_INTERVAL_DAYS", fact.occurred_on).explanation,)
            elif fact.kind == FUNDRAISING_INACTIVE:
                extra = (policy.get("CREDIT_FUNDRAISING_INACTIVE_MONTHS", fact.occurred_on).explanation,)
            add(rule_id, (fact.ref,), fact.triggered_on, extra, fact.occurred_on)
        elif fact.kind == PENALTY:
            setting = policy.get("CREDIT_SER_FINE_THRESHOLD", fact.occurred_on)
            threshold = Decimal(str(setting.value))
            if SUSPENSION in fact.penalties:
                add("SER-3", (fact.ref,), fact.triggered_on, (), fact.occurred_on)
            if FINE in fact.penalties and fact.fine is not None and fact.fine >= threshold:
                add("SER-4", (fact.ref,), fact.triggered_on, (setting.explanation,), fact.occurred_on)
            if _small_penalty(fact, threshold):
                add("ABN-5", (fact.ref,), fact.triggered_on, (setting.explanation,), fact.occurred_on)
                small.append(fact)
    for index, fact in enumerate(small):  # SER-5: repeated small penalties
        count = policy.get("CREDIT_SER_REPEAT_COUNT", fact.occurred_on)
        years = policy.get("CREDIT_SER_REPEAT_YEARS", fact.occurred_on)
        earlier = [q for q in small[:index] if fact.occurred_on < after_full(q.occurred_on, years=int(years.value))]
        need = int(count.value) - 1
        if len(earlier) < need:
            continue
        # Triggered as soon as enough of them are known; cite only those, so later knowledge changes nothing.
        earlier.sort(key=lambda q: (q.triggered_on, q.ref))
        trigger = max(fact.triggered_on, earlier[need - 1].triggered_on) if need > 0 else fact.triggered_on
        cited = tuple(q.ref for q in earlier if q.triggered_on <= trigger)
        add("SER-5", (fact.ref, *cited), trigger, (count.explanation, years.explanation), fact.occurred_on)
    return grounds


def _valid(ground: Ground, void: set[str], policy: Policy) -> bool:
    if ground.rule == "SER-1":
        return any(ref not in void for ref in ground.facts)
    if ground.rule == "SER-5":
        need = int(policy.get("CREDIT_SER_REPEAT_COUNT", ground.triggered_on).value)
        return ground.facts[0] not in void and sum(ref not in void for ref in ground.facts) >= need
    return ground.facts[0] not in void


# --- the derivation ----------------------------------------------------------------------------------------

def derive(org: Org, facts: Iterable[Fact], policy: Policy, as_of: date) -> Derivation:
    """Every list entry and prior notice of ``org`` up to ``as_of``, derived from the facts known by then."""
    known = {f.ref: f for f in facts if f.known_on <= as_of}
    if not any(f.kind in GROUND_KINDS for f in known.values()):
        return Derivation(org, as_of, [], [], known)  # nothing can list the organization
    return _Simulation(org, known, policy, as_of).run()


class _Simulation:
    # Actions of one day run in this order: corrections, removals and deregistration, timers, new listings,
    # then notices. So a removal and a new ground on the same day end the old entry and start a new one.
    VOID, REMOVE, TIMER, LIST, NOTICE = range(5)

    def __init__(self, org: Org, facts: dict[str, Fact], policy: Policy, as_of: date):
        self.org, self.facts, self.policy, self.as_of = org, facts, policy, as_of
        self.entries: list[Entry] = []
        self.notices: list[Notice] = []
        self.open: dict[str, Entry | None] = {ABNORMAL: None, SERIOUS: None}
        self.void: set[str] = set()
        self.pending: list[Ground] = []  # triggered, not yet listed
        self.escalation_noticed: date | None = None
        self.today: date | None = None
        dereg = [f for f in facts.values() if f.kind == DEREGISTERED]
        self.deregistered = min(dereg, key=lambda f: (f.triggered_on, f.ref)) if dereg else None
        self.grounds = candidate_grounds(
            [f for f in facts.values() if f.kind not in (CORRECTION, EXEMPTION, DEREGISTERED)], policy,
            self.deregistered.triggered_on if self.deregistered else None)

    # -- agenda --------------------------------------------------------------------------------------------
    def _agenda(self) -> list[tuple[date, int, str, object]]:
        items: list[tuple[date, int, str, object]] = []
        for fact in self.facts.values():
            if fact.kind in (CORRECTION, EXEMPTION) and fact.target:
                items.append((fact.known_on, self.VOID, fact.ref, fact))
            elif fact.kind in (RECTIFICATION_VERIFIED, SERIOUS_REMOVAL_VERIFIED):
                items.append((fact.effective_on or fact.triggered_on, self.REMOVE, fact.ref, fact))
        if self.deregistered:
            items.append((self.deregistered.triggered_on, self.REMOVE, self.deregistered.ref, self.deregistered))
        for index, ground in enumerate(self.grounds):
            items.append((ground.triggered_on, self.NOTICE, f"{index:08d}", ground))
            items.append((ground.listed_on, self.LIST, f"{index:08d}", ground))
        items.sort(key=lambda item: (item[0], item[1], item[2]))
        return items

    def run(self) -> Derivation:
        agenda = self._agenda()
        position = 0
        while True:
            fact_day = agenda[position][0] if position < len(agenda) else None
            timer_day = self._next_timer()
            if timer_day is not None and self.today is not None and timer_day < self.today:
                timer_day = self.today  # a correction moved a clock back: the timer fires at once
            days = [d for d in (fact_day, timer_day) if d is not None]
            if not days:
                break
            day = min(days)
            if day > self.as_of:
                break
            self.today = day
            todays = []
            while position < len(agenda) and agenda[position][0] == day:
                todays.append(agenda[position])
                position += 1
            for _, kind, _, item in todays:
                if kind == self.VOID:
                    self._correct(day, item)
                elif kind == self.REMOVE:
                    self._remove(day, item)
            self._timers(day)
            for _, kind, _, item in todays:
                if kind == self.LIST:
                    self._list(day, item)
            notices = [item for _, kind, _, item in todays if kind == self.NOTICE]
            if notices:
                self._notify(day, notices)
        for entry in self.entries:
            if entry.end is None:
                self._outlook(entry)
        return Derivation(self.org, self.as_of, self.entries, self.notices, self.facts)

    # -- timers: automatic removal, escalation and its notice --------------------------------------------------
    def _abn_dates(self, entry: Entry) -> tuple[date | None, date, date]:
        months = self.policy.get("CREDIT_ABN_AUTO_REMOVAL_MONTHS", entry.clock)
        years = self.policy.get("CREDIT_ABN_ESCALATION_YEARS", entry.clock)
        notice = self.policy.get("CREDIT_NOTICE_DAYS", entry.clock)
        auto = after_full(entry.clock, months=int(months.value))
        escalate = after_full(entry.clock, years=int(years.value))
        warn = escalate - timedelta(days=int(notice.value))
        return auto, escalate, warn

    def _nothing_to_rectify(self, entry: Entry) -> set[str]:
        return set(self.policy.get("CREDIT_ABN_NOTHING_TO_RECTIFY", entry.clock).value)

    def _next_timer(self) -> date | None:
        entry = self.open[ABNORMAL]
        if entry is None:
            return None
        auto, escalate, warn = self._abn_dates(entry)
        candidates = [escalate]
        if self.escalation_noticed != escalate:
            candidates.append(warn)
        live = [g for g in entry.grounds if g.void_on is None and g.discharged_on is None]
        if live and all(g.rule in self._nothing_to_rectify(entry) for g in live):
            candidates.append(auto)
        return min(candidates)

    def _timers(self, day: date) -> None:
        entry = self.open[ABNORMAL]
        if entry is None:
            return
        auto, escalate, warn = self._abn_dates(entry)
        live = [g for g in entry.grounds if g.void_on is None and g.discharged_on is None]
        if live and day >= auto and all(g.rule in self._nothing_to_rectify(entry) for g in live):
            settings = (self.policy.get("CREDIT_ABN_AUTO_REMOVAL_MONTHS", entry.clock).explanation,
                        self.policy.get("CREDIT_ABN_NOTHING_TO_RECTIFY", entry.clock).explanation)
            for g in live:
                g.discharged_on, g.discharged_by = day, "ABN-X-6M"
            self._close(entry, day, "ABN-X-6M", tuple(r for g in live for r in g.facts), settings)
            return
        if day >= warn and self.escalation_noticed != escalate and day < escalate:
            self.escalation_noticed = escalate
            self._escalation_notice(entry, day, escalate)
        if day >= escalate:
            if self.escalation_noticed != escalate:
                self.escalation_noticed = escalate
                self._escalation_notice(entry, day, escalate)
            self._escalate(entry, day)

    def _escalation_notice(self, entry: Entry, day: date, escalate: date) -> None:
        refs = tuple(entry.fact_refs)
        channel = "announcement" if self._unreachable(day, ()) else "web"
        self.notices.append(Notice(SERIOUS, day, escalate, ("SER-1",), refs, channel))

    def _escalate(self, entry: Entry, day: date) -> None:
        years = self.policy.get("CREDIT_ABN_ESCALATION_YEARS", entry.clock)
        live = [g for g in entry.grounds if g.void_on is None]
        refs = tuple(dict.fromkeys(r for g in live for r in g.facts))
        pending_rect = [g.triggered_on for g in live if g.discharged_on is None and g.rectifiable
                        and g.rule not in self._nothing_to_rectify(entry)]
        for g in live:
            if g.discharged_on is None:
                g.discharged_on, g.discharged_by = day, "ABN-X-ESCALATED"
        self._close(entry, day, "ABN-X-ESCALATED", refs, (years.explanation,))
        needs = self.policy.get("CREDIT_SER_EXIT_NEEDS_RECTIFICATION", day)
        ground = Ground("SER-1", refs, day, day, settings=(years.explanation, needs.explanation),
                        rectify_after=max(pending_rect) if pending_rect and needs.value else None)
        ground.rectified = ground.rectify_after is None
        self._add_to_list(SERIOUS, ground, day)

    # -- facts of the day ------------------------------------------------------------------------------------
    def _correct(self, day: date, fact: Fact) -> None:
        if fact.kind == EXEMPTION:
            self._exempt(day, fact)
            return
        self.void.add(fact.target)
        for ground in self.grounds:
            if fact.target in ground.facts and ground.void_on is None and not _valid(ground, self.void, self.policy):
                ground.void_on, ground.voided_by = day, (fact.ref,)
        self._settle_voided(day, fact, {ABNORMAL: "ABN-X-CORRECTED", SERIOUS: "SER-X-CORRECTED"}, ())

    def _exempt(self, day: date, fact: Fact) -> None:
        """Draft Art. 12 (a setting): the certified fact no longer grounds the abnormal list; it still counts for
        the serious list (e.g. a warning towards SER-5)."""
        setting = self.policy.get("CREDIT_ABN_EXEMPTION_ON_CERTIFICATE", day)
        if not setting.value:
            return
        for ground in self.grounds:
            if ground.list == ABNORMAL and ground.facts[0] == fact.target and ground.void_on is None:
                ground.void_on, ground.voided_by = day, (fact.ref,)
                ground.settings = (*ground.settings, setting.explanation)
        self._settle_voided(day, fact, {ABNORMAL: "ABN-X-EXEMPT"}, (setting.explanation,))

    def _settle_voided(self, day: date, fact: Fact, exits: dict[str, str], settings: tuple[str, ...]) -> None:
        """An entry whose grounds were all withdrawn by ``fact`` today ends with its exit rule; otherwise its clock
        follows the grounds that still stand."""
        for list_kind in exits:
            entry = self.open[list_kind]
            if entry and entry.grounds and all(g.void_on is not None or g.discharged_on is not None
                                               for g in entry.grounds):
                if any(g.void_on == day and fact.ref in g.voided_by for g in entry.grounds):
                    self._close(entry, day, exits[list_kind], (fact.ref,), settings)
            elif entry:
                self._reclock(entry)

    def _reclock(self, entry: Entry) -> None:
        """After a correction the clock restarts from the latest ground that still stands."""
        restart = self.policy.get("CREDIT_CLOCK_RESTART", entry.start).value
        standing = [g.listed_on for g in entry.grounds if g.void_on is None]
        if standing:
            entry.clock = max(standing) if restart else max(entry.start, min(standing))

    def _remove(self, day: date, fact: Fact) -> None:
        if fact.ref in self.void:
            return  # a removal fact that was itself corrected before it took effect
        if fact.kind == RECTIFICATION_VERIFIED:
            verified = fact.occurred_on
            entry = self.open[ABNORMAL]
            if entry:
                nothing = self._nothing_to_rectify(entry)
                for g in entry.grounds:
                    if (g.void_on is None and g.discharged_on is None and g.rule not in nothing
                            and g.triggered_on <= verified):
                        g.discharged_on, g.discharged_by, g.discharge_facts = day, "ABN-X-RECTIFIED", (fact.ref,)
                self._abn_maybe_exit(entry, day, "ABN-X-RECTIFIED", (fact.ref,))
            nothing_now = set(self.policy.get("CREDIT_ABN_NOTHING_TO_RECTIFY", day).value)
            for g in self.grounds:  # rectified during the notice period: not listed at all
                if (g.list == ABNORMAL and g.listed_on > day and g.triggered_on <= verified and g.void_on is None
                        and g.discharged_on is None and g.rule not in nothing_now):
                    g.discharged_on, g.discharged_by, g.discharge_facts = day, "ABN-X-RECTIFIED", (fact.ref,)
            serious = self.open[SERIOUS]
            if serious:
                for g in serious.grounds:
                    if g.rule == "SER-1" and g.rectify_after is not None and verified >= g.rectify_after:
                        g.rectified = True
        elif fact.kind == SERIOUS_REMOVAL_VERIFIED:
            entry = self.open[SERIOUS]
            if entry is None:
                return
            eligible, _ = self._serious_eligibility(entry, fact.occurred_on)
            live = [g for g in entry.grounds if g.void_on is None and g.discharged_on is None]
            if fact.occurred_on >= eligible and all(g.rectified or g.rule != "SER-1" for g in live):
                settings = (self.policy.get("CREDIT_SER_EXIT_CLEAN_YEARS", entry.clock).explanation,
                            self.policy.get("CREDIT_SER_REMOVAL_WORKING_DAYS", fact.occurred_on).explanation)
                for g in live:
                    g.discharged_on, g.discharged_by, g.discharge_facts = day, "SER-X-2Y", (fact.ref,)
                self._close(entry, day, "SER-X-2Y", (fact.ref,), settings)
        elif fact.kind == DEREGISTERED:
            entry = self.open[ABNORMAL]
            setting = self.policy.get("CREDIT_ABN_EXIT_ON_DEREGISTRATION", day)
            if entry and setting.value:
                for g in entry.grounds:
                    if g.void_on is None and g.discharged_on is None:
                        g.discharged_on, g.discharged_by, g.discharge_facts = day, "ABN-X-DEREG", (fact.ref,)
                self._close(entry, day, "ABN-X-DEREG", (fact.ref,), (setting.explanation,))
            entry = self.open[SERIOUS]
            setting = self.policy.get("CREDIT_SER_EXIT_ON_DEREGISTRATION", day)
            if entry and setting.value:
                for g in entry.grounds:
                    if g.rule == "SER-7" and g.void_on is None and g.discharged_on is None:
                        g.discharged_on, g.discharged_by, g.discharge_facts = day, "SER-X-DEREG", (fact.ref,)
                if all(g.void_on is not None or g.discharged_on is not None for g in entry.grounds):
                    self._close(entry, day, "SER-X-DEREG", (fact.ref,), (setting.explanation,))

    def _abn_maybe_exit(self, entry: Entry, day: date, rule: str, refs: tuple[str, ...]) -> None:
        live = [g for g in entry.grounds if g.void_on is None and g.discharged_on is None]
        auto, _, _ = self._abn_dates(entry)
        if live and not (day >= auto and all(g.rule in self._nothing_to_rectify(entry) for g in live)):
            return
        for g in live:
            g.discharged_on, g.discharged_by = day, "ABN-X-6M"
        days = self.policy.get("CREDIT_ABN_REMOVAL_WORKING_DAYS", day)
        self._close(entry, day, rule, refs, (days.explanation,))

    # -- listing -------------------------------------------------------------------------------------------
    def _list(self, day: date, ground: Ground) -> None:
        if ground.void_on is not None or ground.discharged_on is not None:
            return  # withdrawn or rectified before listing
        if self.deregistered is not None and day >= self.deregistered.triggered_on:
            return  # the organization was deregistered during the notice period
        if ground.list == ABNORMAL:
            ground.rectifiable = ground.rule not in set(
                self.policy.get("CREDIT_ABN_NOTHING_TO_RECTIFY", day).value)
        self._add_to_list(ground.list, ground, day)

    def _add_to_list(self, list_kind: str, ground: Ground, day: date) -> None:
        entry = self.open[list_kind]
        if entry is None:
            entry = Entry(list_kind, day, day)
            self.entries.append(entry)
            self.open[list_kind] = entry
        elif self.policy.get("CREDIT_CLOCK_RESTART", day).value:
            entry.clock = day
            ground.settings = (*ground.settings, self.policy.get("CREDIT_CLOCK_RESTART", day).explanation)
        entry.grounds.append(ground)

    def _close(self, entry: Entry, day: date, rule: str, refs: tuple[str, ...], settings: tuple[str, ...]) -> None:
        entry.end, entry.exit_rule, entry.exit_facts, entry.exit_settings = day, rule, refs, settings
        self.open[entry.list] = None

    # -- notices -------------------------------------------------------------------------------------------
    def _unreachable(self, day: date, grounds) -> bool:
        if any(g.rule == "ABN-6" for g in grounds):
            return True
        for g in self.grounds:
            if g.rule == "ABN-6" and g.triggered_on <= day and g.void_on is None and (
                    g.discharged_on is None or g.discharged_on > day):
                return True
        return False

    def _notify(self, day: date, grounds: list[Ground]) -> None:
        for list_kind in LISTS:
            mine = [g for g in grounds if g.list == list_kind and g.void_on is None]
            if not mine:
                continue
            channel = "announcement" if self._unreachable(day, mine) else "web"
            rules = tuple(sorted({g.rule for g in mine}, key=_rule_order))
            refs = tuple(dict.fromkeys(r for g in mine for r in g.facts))
            self.notices.append(Notice(list_kind, day, max(g.listed_on for g in mine), rules, refs, channel, mine))

    # -- outlook: when and how an open entry can end ---------------------------------------------------------
    def _serious_eligibility(self, entry: Entry, upto: date) -> tuple[date, tuple[str, ...]]:
        years = self.policy.get("CREDIT_SER_EXIT_CLEAN_YEARS", entry.clock)
        latest = entry.clock
        for g in self.grounds:  # a new ground for either list while on the serious list restarts the count
            if (g.void_on is None or g.void_on > upto) and entry.start <= g.listed_on <= upto:
                latest = max(latest, g.listed_on)
        return after_full(latest, years=int(years.value)), (years.explanation,)

    def _outlook(self, entry: Entry) -> None:
        day = self.as_of
        live = [g for g in entry.grounds if g.void_on is None and g.discharged_on is None]
        if entry.list == ABNORMAL:
            auto, escalate, _ = self._abn_dates(entry)
            nothing = self._nothing_to_rectify(entry)
            todo = [g for g in live if g.rule not in nothing]
            months = self.policy.get("CREDIT_ABN_AUTO_REMOVAL_MONTHS", entry.clock)
            years = self.policy.get("CREDIT_ABN_ESCALATION_YEARS", entry.clock)
            wd = self.policy.get("CREDIT_ABN_REMOVAL_WORKING_DAYS", day)
            restart = self.policy.get("CREDIT_CLOCK_RESTART", day)
            settings = [years.explanation, restart.explanation]
            zh, en = [], []
            if todo:
                rules = "、".join(sorted({g.rule for g in todo}, key=_rule_order))
                zh.append(f"就 {rules} 所列情形履行义务或者完成整改后提出移出申请，登记管理机关自查实之日起{wd.value}个工作日内移出")
                en.append(f"fulfil the obligation or complete the rectification for {rules}, then apply; the authority "
                          f"removes the entry within {wd.value} working days of verifying it")
                settings.append(wd.explanation)
                earliest = day
                if len(todo) < len(live):
                    earliest = max(day, auto)
                    zh.append(f"其余无需整改的情形须满{months.value}个月（{auto.isoformat()}起）")
                    en.append(f"the grounds with nothing to rectify run until {auto.isoformat()} ({months.value} full months)")
                    settings.append(months.explanation)
            else:
                earliest = auto
                zh.append(f"无需整改，自列入（或最近一次新增情形）之日起满{months.value}个月后于 {auto.isoformat()} 自动移出，期间再出现列入情形的重新计算")
                en.append(f"nothing to rectify: removed automatically on {auto.isoformat()}, after {months.value} full months "
                          "from the listing or the latest new ground; a new ground restarts the count")
                settings.append(months.explanation)
            zh.append(f"如至 {escalate.isoformat()} 仍未移出，将移入严重违法失信名单（SER-1）")
            en.append(f"if still listed on {escalate.isoformat()}, the organization moves to the serious list (SER-1)")
            entry.earliest_exit = earliest
        else:
            ser7 = all(g.rule == "SER-7" for g in live) and live
            if ser7:
                setting = self.policy.get("CREDIT_SER_EXIT_ON_DEREGISTRATION", day)
                entry.earliest_exit = None
                zh = ["因吊销登记证书或者撤销成立登记被列入，完成注销登记后移出"]
                en = ["listed for certificate cancellation or revocation: removed after the organization completes "
                      "deregistration"]
                settings = [setting.explanation]
            else:
                eligible, settings_t = self._serious_eligibility(entry, day)
                wd = self.policy.get("CREDIT_SER_REMOVAL_WORKING_DAYS", day)
                restart = self.policy.get("CREDIT_CLOCK_RESTART", day)
                years = self.policy.get("CREDIT_SER_EXIT_CLEAN_YEARS", entry.clock)
                entry.earliest_exit = eligible
                zh = [f"列入满{years.value}年且期间未再出现任何名单的列入情形，可自 {eligible.isoformat()} 起申请移出，"
                      f"登记管理机关查实后{wd.value}个工作日内移出；期间出现新的列入情形的重新计算"]
                en = [f"after {years.value} full years with no new ground for either list the organization may apply from "
                      f"{eligible.isoformat()}; the authority removes it within {wd.value} working days of verifying; a new "
                      "ground restarts the count"]
                settings = [*settings_t, wd.explanation, restart.explanation]
                if any(g.rule == "SER-1" and not g.rectified for g in live):
                    needs = self.policy.get("CREDIT_SER_EXIT_NEEDS_RECTIFICATION", day)
                    zh.append("因列入活动异常名录满2年被列入的，还须履行原义务或者完成整改")
                    en.append("because the entry comes from two years on the abnormal list, the original obligations "
                              "must also be fulfilled or rectified")
                    settings.append(needs.explanation)
        entry.exit_condition_zh = "；".join(zh) + "。"
        entry.exit_condition_en = "; ".join(en) + "."
        entry.outlook_settings = tuple(dict.fromkeys(settings))


# --- explanations --------------------------------------------------------------------------------------------

def fact_line(fact: Fact | None, ref: str) -> tuple[str, str]:
    if fact is None:
        return ref, ref
    zh = fact.summary_zh or fact.kind
    en = fact.summary_en or fact.kind
    return f"{zh}（{fact.occurred_on.isoformat()}）", f"{en} ({fact.occurred_on.isoformat()})"


def explain(entry: Entry, derivation: Derivation, policy: Policy) -> tuple[str, str]:
    """Why the organization is (or was) on the list: each ground with its rule, facts, dates and settings."""
    facts = derivation.facts
    zh_name, en_name = LIST_NAMES[entry.list]
    zh = [f"{entry.start.isoformat()} 列入{zh_name}。"]
    en = [f"On the {en_name} since {entry.start.isoformat()}."]
    for ground in entry.grounds:
        rz, re_ = rule_text(ground.rule, policy, ground.triggered_on)
        lines = [fact_line(facts.get(ref), ref) for ref in ground.facts]
        zh.append(f"[{ground.rule}] {rz}：" + "；".join(z for z, _ in lines) + f"；{ground.listed_on.isoformat()} 列入。")
        en.append(f"[{ground.rule}] {re_}: " + "; ".join(e for _, e in lines) + f"; listed {ground.listed_on.isoformat()}.")
        if ground.void_on and any(getattr(facts.get(r), "kind", "") == EXEMPTION for r in ground.voided_by):
            zh.append(f"  有关部门书面证明该组织不负直接责任，该情形已于 {ground.void_on.isoformat()} 撤回。")
            en.append(f"  Withdrawn on {ground.void_on.isoformat()}: a department certified in writing that the "
                      "organization bears no direct responsibility.")
        elif ground.void_on:
            zh.append(f"  该情形已于 {ground.void_on.isoformat()} 因异议更正撤回。")
            en.append(f"  This ground was withdrawn on {ground.void_on.isoformat()} after a correction.")
    if entry.clock != entry.start:
        zh.append(f"因出现新的列入情形，期限自 {entry.clock.isoformat()} 起重新计算。")
        en.append(f"A new ground restarted the period on {entry.clock.isoformat()}.")
    if entry.end:
        xz, xe = rule_text(entry.exit_rule, policy, entry.end)
        zh.append(f"{entry.end.isoformat()} 移出 [{entry.exit_rule}]：{xz}。")
        en.append(f"Removed on {entry.end.isoformat()} [{entry.exit_rule}]: {xe}.")
    return "\n".join(zh), "\n".join(en)


def settings_cited(entry: Entry) -> list[str]:
    found = [s for g in entry.grounds for s in g.settings]
    found += list(entry.exit_settings) + list(entry.outlook_settings)
    return list(dict.fromkeys(found))
