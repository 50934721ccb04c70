"""What the credit rules work on: the two lists, the fact kinds, the settings in force (:class:`Policy`) with
their national defaults, and the dated facts of one organization. No database here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from common.labels import Bilingual

ABNORMAL = "abnormal"
SERIOUS = "serious"
LISTS = (ABNORMAL, SERIOUS)
LIST_NAMES = {ABNORMAL: Bilingual("活动异常名录", "abnormal-activity list"),
              SERIOUS: Bilingual("严重违法失信名单", "serious illegal and dishonest list")}

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


class Setting(Protocol):
    key: str
    value: Any  # a JSON value: a number, a string, a list or a mapping, as the setting defines

    @property
    def explanation(self) -> str: ...


class Policy(Protocol):
    """The settings in force for one organization's registering authority, by date."""

    def get(self, key: str, on: date) -> Setting: ...


@dataclass(frozen=True)
class FixedSetting:
    key: str
    value: Any
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
