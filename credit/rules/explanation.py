"""Explanations in words: a rule's wording with the settings in force, each fact in a line, and why an
organization is (or was) on a list."""

from __future__ import annotations

import weakref
from datetime import date
from decimal import Decimal

from .base import EXEMPTION, LIST_NAMES, SERIOUS, Fact, Policy
from .catalogue import RULES
from .simulation import Derivation, Entry

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
    if entry.end and entry.exit_rule:
        xz, xe = rule_text(entry.exit_rule, policy, entry.end)
        zh.append(f"{entry.end.isoformat()} 移出 [{entry.exit_rule}]：{xz}。")
        en.append(f"Removed on {entry.end.isoformat()} [{entry.exit_rule}]: {xe}.")
    return "\n".join(zh), "\n".join(en)


def settings_cited(entry: Entry) -> list[str]:
    found = [s for g in entry.grounds for s in g.settings]
    found += list(entry.exit_settings) + list(entry.outlook_settings)
    return list(dict.fromkeys(found))
