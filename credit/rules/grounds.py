"""Grounds from facts: which rule each fact (or set of facts) gives, the day it is triggered and the day it
would be listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .base import (
    DIRECT_GROUNDS,
    DOMICILE_UNREACHABLE,
    FINE,
    FUNDRAISING_INACTIVE,
    PENALTY,
    SUSPENSION,
    WARNING,
    Fact,
    Policy,
)
from .catalogue import RULES
from .periods import after_full


def listing_day(occurred_on: date, triggered_on: date, notice_days: int) -> date:
    """The day a ground takes effect: the day after it arises, and no earlier than ``notice_days`` after the
    organization was told (the day the authority knew of it). Day of the ground: not listed; day after: listed."""
    return max(occurred_on + timedelta(days=1), triggered_on + timedelta(days=notice_days))


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


def _small_penalty(fact: Fact, threshold: Decimal) -> bool:
    return WARNING in fact.penalties or (FINE in fact.penalties and fact.fine is not None and fact.fine < threshold)


def candidate_grounds(facts: list[Fact], policy: Policy, deregistered_on: date | None = None) -> list[Ground]:
    """Every ground the facts give, with the day it is triggered and the day it would be listed."""
    grounds: list[Ground] = []

    def add(rule_id: str, refs: tuple[str, ...], trigger: date, *, settings: tuple[str, ...] = (),
            occurred: date | None = None) -> None:
        if deregistered_on is not None and trigger >= deregistered_on:
            return  # the organization no longer exists: nothing new is listed
        notice = policy.get("CREDIT_NOTICE_DAYS", trigger)
        listed = listing_day(occurred or trigger, trigger, int(notice.value))
        grounds.append(Ground(rule_id, refs, trigger, listed, settings=(notice.explanation, *settings)))

    small: list[Fact] = []
    for fact in sorted(facts, key=lambda f: (f.occurred_on, f.ref)):
        rule_id = DIRECT_GROUNDS.get(fact.kind)
        if rule_id:
            extra: tuple[str, ...] = ()
            if fact.kind == DOMICILE_UNREACHABLE:
                extra = (policy.get("CREDIT_LETTER_INTERVAL_DAYS", fact.occurred_on).explanation,)
            elif fact.kind == FUNDRAISING_INACTIVE:
                extra = (policy.get("CREDIT_FUNDRAISING_INACTIVE_MONTHS", fact.occurred_on).explanation,)
            add(rule_id, (fact.ref,), fact.triggered_on, settings=extra, occurred=fact.occurred_on)
        elif fact.kind == PENALTY:
            setting = policy.get("CREDIT_SER_FINE_THRESHOLD", fact.occurred_on)
            threshold = Decimal(str(setting.value))
            if SUSPENSION in fact.penalties:
                add("SER-3", (fact.ref,), fact.triggered_on, occurred=fact.occurred_on)
            if FINE in fact.penalties and fact.fine is not None and fact.fine >= threshold:
                add("SER-4", (fact.ref,), fact.triggered_on, settings=(setting.explanation,), occurred=fact.occurred_on)
            if _small_penalty(fact, threshold):
                add("ABN-5", (fact.ref,), fact.triggered_on, settings=(setting.explanation,), occurred=fact.occurred_on)
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
        add("SER-5", (fact.ref, *cited), trigger, settings=(count.explanation, years.explanation),
            occurred=fact.occurred_on)
    return grounds


def ground_still_valid(ground: Ground, void: set[str], policy: Policy) -> bool:
    if ground.rule == "SER-1":
        return any(ref not in void for ref in ground.facts)
    if ground.rule == "SER-5":
        need = int(policy.get("CREDIT_SER_REPEAT_COUNT", ground.triggered_on).value)
        return ground.facts[0] not in void and sum(ref not in void for ref in ground.facts) >= need
    return ground.facts[0] not in void
