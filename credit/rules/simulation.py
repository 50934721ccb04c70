"""The derivation: :func:`derive` replays one organization's facts day by day (corrections, removals, timers,
listings, notices) and returns every list entry and prior notice up to a date, with how each open entry can end."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from .base import (
    ABNORMAL,
    CORRECTION,
    DEREGISTERED,
    EXEMPTION,
    GROUND_KINDS,
    LISTS,
    RECTIFICATION_VERIFIED,
    SERIOUS,
    SERIOUS_REMOVAL_VERIFIED,
    Fact,
    Org,
    Policy,
)
from .catalogue import rule_order
from .grounds import Ground, candidate_grounds, ground_still_valid
from .periods import after_full


@dataclass
class Entry:
    list: str
    start: date
    clock: date
    grounds: builtins.list[Ground] = field(default_factory=builtins.list)
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
    def rules(self) -> builtins.list[str]:
        return sorted({g.rule for g in self.grounds}, key=rule_order)

    @property
    def fact_refs(self) -> builtins.list[str]:
        return list(dict.fromkeys(ref for g in self.grounds for ref in g.facts))

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)

    def live_grounds(self, day: date) -> builtins.list[Ground]:
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
    grounds: builtins.list[Ground] = field(default_factory=builtins.list, repr=False)

    def withdrawn_on(self) -> date | None:
        """The day every ground of the notice was withdrawn before listing, if so."""
        days: builtins.list[date] = []
        for g in self.grounds:
            day = g.void_on or (g.discharged_on if g.discharged_on and g.discharged_on < g.listed_on else None)
            if day is None or day > g.listed_on:
                return None
            days.append(day)
        return max(days) if days else None


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


def derive(org: Org, facts: Iterable[Fact], policy: Policy, *, as_of: date) -> Derivation:
    """Every list entry and prior notice of ``org`` up to ``as_of``, derived from the facts known by then."""
    known = {f.ref: f for f in facts if f.known_on <= as_of}
    if not any(f.kind in GROUND_KINDS for f in known.values()):
        return Derivation(org, as_of, [], [], known)  # nothing can list the organization
    return _Simulation(org, known, policy, as_of).run()


class Step(NamedTuple):
    """One item of the simulation's agenda: on ``day``, in ``phase`` order (then ``key``), a fact to apply or a
    ground to notify or list."""

    day: date
    phase: int
    key: str
    fact: Fact | None = None
    ground: Ground | None = None


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
    def _agenda(self) -> list[Step]:
        items: list[Step] = []
        for fact in self.facts.values():
            if fact.kind in (CORRECTION, EXEMPTION) and fact.target:
                items.append(Step(fact.known_on, self.VOID, fact.ref, fact=fact))
            elif fact.kind in (RECTIFICATION_VERIFIED, SERIOUS_REMOVAL_VERIFIED):
                items.append(Step(fact.effective_on or fact.triggered_on, self.REMOVE, fact.ref, fact=fact))
        if self.deregistered:
            items.append(Step(self.deregistered.triggered_on, self.REMOVE, self.deregistered.ref,
                              fact=self.deregistered))
        for index, ground in enumerate(self.grounds):
            items.append(Step(ground.triggered_on, self.NOTICE, f"{index:08d}", ground=ground))
            items.append(Step(ground.listed_on, self.LIST, f"{index:08d}", ground=ground))
        items.sort(key=lambda step: (step.day, step.phase, step.key))
        return items

    def run(self) -> Derivation:
        agenda = self._agenda()
        position = 0
        while True:
            fact_day = agenda[position].day if position < len(agenda) else None
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
            todays: list[Step] = []
            while position < len(agenda) and agenda[position].day == day:
                todays.append(agenda[position])
                position += 1
            for step in todays:
                if step.fact is not None and step.phase == self.VOID:
                    self._correct(day, step.fact)
                elif step.fact is not None and step.phase == self.REMOVE:
                    self._remove(day, step.fact)
            self._timers(day)
            for step in todays:
                if step.ground is not None and step.phase == self.LIST:
                    self._list(day, step.ground)
            notices = [step.ground for step in todays if step.ground is not None and step.phase == self.NOTICE]
            if notices:
                self._notify(day, notices)
        for entry in self.entries:
            if entry.end is None:
                self._outlook(entry)
        return Derivation(self.org, self.as_of, self.entries, self.notices, self.facts)

    # -- timers: automatic removal, escalation and its notice --------------------------------------------------
    def _abn_dates(self, entry: Entry) -> tuple[date, date, date]:
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
            self._close(entry, day, rule="ABN-X-6M", refs=tuple(r for g in live for r in g.facts),
                        settings=settings)
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
        self._close(entry, day, rule="ABN-X-ESCALATED", refs=refs, settings=(years.explanation,))
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
        target = fact.target
        if target is None:
            return  # the agenda holds only corrections that name their fact
        self.void.add(target)
        for ground in self.grounds:
            if (target in ground.facts and ground.void_on is None
                    and not ground_still_valid(ground, self.void, self.policy)):
                ground.void_on, ground.voided_by = day, (fact.ref,)
        self._settle_voided(day, fact, exits={ABNORMAL: "ABN-X-CORRECTED", SERIOUS: "SER-X-CORRECTED"},
                            settings=())

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
        self._settle_voided(day, fact, exits={ABNORMAL: "ABN-X-EXEMPT"}, settings=(setting.explanation,))

    def _settle_voided(self, day: date, fact: Fact, *, exits: dict[str, str],
                       settings: tuple[str, ...]) -> None:
        """An entry whose grounds were all withdrawn by ``fact`` today ends with its exit rule; otherwise its clock
        follows the grounds that still stand."""
        for list_kind in exits:
            entry = self.open[list_kind]
            if entry and entry.grounds and all(g.void_on is not None or g.discharged_on is not None
                                               for g in entry.grounds):
                if any(g.void_on == day and fact.ref in g.voided_by for g in entry.grounds):
                    self._close(entry, day, rule=exits[list_kind], refs=(fact.ref,), settings=settings)
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
                self._abn_maybe_exit(entry, day, rule="ABN-X-RECTIFIED", refs=(fact.ref,))
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
                self._close(entry, day, rule="SER-X-2Y", refs=(fact.ref,), settings=settings)
        elif fact.kind == DEREGISTERED:
            entry = self.open[ABNORMAL]
            setting = self.policy.get("CREDIT_ABN_EXIT_ON_DEREGISTRATION", day)
            if entry and setting.value:
                for g in entry.grounds:
                    if g.void_on is None and g.discharged_on is None:
                        g.discharged_on, g.discharged_by, g.discharge_facts = day, "ABN-X-DEREG", (fact.ref,)
                self._close(entry, day, rule="ABN-X-DEREG", refs=(fact.ref,), settings=(setting.explanation,))
            entry = self.open[SERIOUS]
            setting = self.policy.get("CREDIT_SER_EXIT_ON_DEREGISTRATION", day)
            if entry and setting.value:
                for g in entry.grounds:
                    if g.rule == "SER-7" and g.void_on is None and g.discharged_on is None:
                        g.discharged_on, g.discharged_by, g.discharge_facts = day, "SER-X-DEREG", (fact.ref,)
                if all(g.void_on is not None or g.discharged_on is not None for g in entry.grounds):
                    self._close(entry, day, rule="SER-X-DEREG", refs=(fact.ref,), settings=(setting.explanation,))

    def _abn_maybe_exit(self, entry: Entry, day: date, *, rule: str, refs: tuple[str, ...]) -> None:
        live = [g for g in entry.grounds if g.void_on is None and g.discharged_on is None]
        auto, _, _ = self._abn_dates(entry)
        if live and not (day >= auto and all(g.rule in self._nothing_to_rectify(entry) for g in live)):
            return
        for g in live:
            g.discharged_on, g.discharged_by = day, "ABN-X-6M"
        days = self.policy.get("CREDIT_ABN_REMOVAL_WORKING_DAYS", day)
        self._close(entry, day, rule=rule, refs=refs, settings=(days.explanation,))

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

    def _close(self, entry: Entry, day: date, *, rule: str, refs: tuple[str, ...],
               settings: tuple[str, ...]) -> None:
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
            rules = tuple(sorted({g.rule for g in mine}, key=rule_order))
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
                rules = "、".join(sorted({g.rule for g in todo}, key=rule_order))
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
