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

The package, by responsibility: :mod:`.base` (lists, fact kinds, settings and their defaults, the facts),
:mod:`.periods` (Civil Code periods, working days), :mod:`.catalogue` (the rules and their legal bases),
:mod:`.grounds` (which ground each fact gives and when), :mod:`.simulation` (:func:`derive`, the day-by-day
replay) and :mod:`.explanation` (the rules and entries in words). Callers import from ``credit.rules``.
"""

from .base import (
    ABNORMAL,
    ANNUAL_REPORT_MISSING,
    CHANGE_REVOKED,
    CORRECTION,
    COURT_DISHONEST,
    DEFAULTS,
    DEREGISTERED,
    DIRECT_GROUNDS,
    DOMICILE_UNREACHABLE,
    EXEMPTION,
    FINE,
    FUNDRAISING_INACTIVE,
    GROUND_KINDS,
    LIST_NAMES,
    LISTS,
    OTHER_ABNORMAL,
    OTHER_SERIOUS,
    PARTY_ORG_MISSING,
    PENALTY,
    RECTIFICATION_OVERDUE,
    RECTIFICATION_VERIFIED,
    REGISTRATION_ENDED,
    SERIOUS,
    SERIOUS_REMOVAL_VERIFIED,
    SETTING_DOCS,
    SUSPENSION,
    WARNING,
    Fact,
    FixedPolicy,
    FixedSetting,
    Org,
    Policy,
    Setting,
)
from .catalogue import (
    ORDER_60,
    RULES,
    Rule,
    rule_order,
)
from .explanation import (
    explain,
    fact_line,
    rule_text,
    settings_cited,
)
from .grounds import (
    Ground,
    candidate_grounds,
    ground_still_valid,
    listing_day,
)
from .periods import (
    WorkCalendar,
    add_months,
    after_full,
)
from .simulation import (
    Derivation,
    Entry,
    Notice,
    derive,
)

__all__ = [
    "ABNORMAL",
    "SERIOUS",
    "LISTS",
    "LIST_NAMES",
    "ANNUAL_REPORT_MISSING",
    "PARTY_ORG_MISSING",
    "RECTIFICATION_OVERDUE",
    "FUNDRAISING_INACTIVE",
    "PENALTY",
    "DOMICILE_UNREACHABLE",
    "OTHER_ABNORMAL",
    "CHANGE_REVOKED",
    "COURT_DISHONEST",
    "REGISTRATION_ENDED",
    "OTHER_SERIOUS",
    "DEREGISTERED",
    "RECTIFICATION_VERIFIED",
    "SERIOUS_REMOVAL_VERIFIED",
    "CORRECTION",
    "EXEMPTION",
    "DIRECT_GROUNDS",
    "WARNING",
    "FINE",
    "SUSPENSION",
    "GROUND_KINDS",
    "DEFAULTS",
    "SETTING_DOCS",
    "Setting",
    "Policy",
    "FixedSetting",
    "FixedPolicy",
    "Fact",
    "Org",
    "add_months",
    "after_full",
    "WorkCalendar",
    "ORDER_60",
    "Rule",
    "RULES",
    "rule_order",
    "listing_day",
    "Ground",
    "candidate_grounds",
    "ground_still_valid",
    "Entry",
    "Notice",
    "Derivation",
    "derive",
    "rule_text",
    "fact_line",
    "explain",
    "settings_cited",
]
