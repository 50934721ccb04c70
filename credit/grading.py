"""Credit evaluation (信用评价): a transparent score and grade per organization from weighted factors.

This is the platform's own evaluation, not the legal evaluation grade (等级评估, Order 39): every weight and every
band is a per-jurisdiction setting (``CREDIT_GRADE_WEIGHTS``, ``CREDIT_GRADE_BANDS``) and each factor's
contribution is shown, so anyone can recompute it. Pure: it reads a derivation, nothing else.
"""

from dataclasses import dataclass, field
from datetime import date

from . import rules

RESULT_WORDS = {"qualified": ("合格", "qualified"), "basically_qualified": ("基本合格", "basically qualified"),
                "unqualified": ("不合格", "unqualified")}


@dataclass
class Factor:
    key: str
    zh: str
    en: str
    points: float
    facts: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    on: date
    score: float
    grade: str
    factors: list[Factor]
    settings: list[str]


def evaluate(derivation: rules.Derivation, policy, on: date) -> Evaluation:
    weights_setting = policy.get("CREDIT_GRADE_WEIGHTS", on)
    bands_setting = policy.get("CREDIT_GRADE_BANDS", on)
    w = weights_setting.value
    corrected = {f.target for f in derivation.facts.values() if f.kind == rules.CORRECTION and f.known_on <= on}
    facts = [f for f in derivation.facts.values() if f.known_on <= on and f.ref not in corrected]
    factors = [Factor("base", "基础分", "base score", float(w["base"]))]

    grades = [f for f in facts if f.kind == "rating" and f.value and f.occurred_on <= on and
              (f.until is None or f.until >= on)]
    if grades:
        best = max(grades, key=lambda f: (f.occurred_on, f.ref))
        points = float(w["rating"].get(best.value, 0))
        until = f"，有效期至 {best.until}" if best.until else ""
        factors.append(Factor("rating", f"评估等级 {best.value}（{best.occurred_on} 评定{until}）",
                              f"evaluation grade {best.value} (conferred {best.occurred_on})", points, [best.ref]))
    else:
        factors.append(Factor("rating", "无有效评估等级", "no valid evaluation grade", 0.0))

    inspections = [f for f in facts if f.kind == "inspection" and f.value and f.occurred_on <= on]
    if inspections:
        last = max(inspections, key=lambda f: (f.occurred_on, f.ref))
        zh, en = RESULT_WORDS.get(last.value, (last.value, last.value))
        factors.append(Factor("inspection", f"最近一次检查结论：{zh}（{last.occurred_on}）",
                              f"latest inspection result: {en} ({last.occurred_on})",
                              float(w["inspection"].get(last.value, 0)), [last.ref]))

    since = rules.add_months(on, -12 * int(w["penalty_years"]))
    penalties = [f for f in facts if f.kind == rules.PENALTY and since < f.occurred_on <= on]
    if penalties:
        points = max(float(w["penalty_floor"]), float(w["penalty_each"]) * len(penalties))
        factors.append(Factor("penalty", f"近 {w['penalty_years']} 年行政处罚 {len(penalties)} 次",
                              f"{len(penalties)} administrative penalties in the last {w['penalty_years']} years",
                              points, [f.ref for f in penalties]))

    since = rules.add_months(on, -12 * int(w["honour_years"]))
    honours = [f for f in facts if f.kind == "honour" and since < f.occurred_on <= on]
    if honours:
        points = min(float(w["honour_cap"]), float(w["honour_each"]) * len(honours))
        factors.append(Factor("honour", f"近 {w['honour_years']} 年表彰 {len(honours)} 次",
                              f"{len(honours)} honours in the last {w['honour_years']} years", points,
                              [f.ref for f in honours]))

    for list_kind in (rules.ABNORMAL, rules.SERIOUS):
        entry = derivation.current(list_kind) if derivation.as_of == on else None
        if entry is not None:
            zh, en = rules.LIST_NAMES[list_kind]
            factors.append(Factor(list_kind, f"列入{zh}（{entry.start} 起，{'、'.join(entry.rules)}）",
                                  f"on the {en} since {entry.start} ({', '.join(entry.rules)})",
                                  float(w[list_kind]), entry.fact_refs))
    score = max(0.0, min(100.0, sum(f.points for f in factors)))
    grade = next((band for band, floor in bands_setting.value if score >= floor), bands_setting.value[-1][0])
    return Evaluation(on, score, grade, factors, [weights_setting.explanation, bands_setting.explanation])
