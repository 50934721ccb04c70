"""Credit evaluation (信用评价): a transparent score and grade per organization from weighted factors.

This is the platform's own evaluation, not the legal evaluation grade (等级评估, Order 39): every weight and every
band is a per-jurisdiction setting (``CREDIT_GRADE_WEIGHTS``, ``CREDIT_GRADE_BANDS``) and each factor's
contribution is shown, so anyone can recompute it. Pure: it reads a derivation, nothing else.

Only facts that exist are graded: an organization with nothing to grade (no penalty in the window, no list entry,
no inspection result, no valid evaluation grade, no honour) gets no grade, with that said instead; an organization
whose registration has ended (注销, 撤销, 吊销) gets no grade either, with the event and its date. The default
bands put the starting score in B, so C and D need a negative record. Each evaluation states its basis: the rule
(starting score, factor points, bands, and where those settings come from) and the facts it counted.
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
    score: float | None
    grade: str  # "" when not graded
    factors: list[Factor]
    settings: list[str]
    graded: bool = True
    negative: bool = False  # a factor with negative points counted
    basis_zh: str = ""
    basis_en: str = ""
    reason_zh: str = ""  # why there is no grade
    reason_en: str = ""


ENDED = (rules.DEREGISTERED, rules.REGISTRATION_ENDED)


def _where(setting) -> tuple[str, str]:
    source = getattr(setting, "source", "default")
    if source == "default":
        return "全国默认值", "national default"
    return f"{source} 地方设定", f"local setting of {source}"


def _not_graded(on: date, settings: list[str], zh: str, en: str) -> Evaluation:
    return Evaluation(on, None, "", [], settings, graded=False, reason_zh=zh, reason_en=en)


def evaluate(derivation: rules.Derivation, policy, on: date) -> Evaluation:
    weights_setting = policy.get("CREDIT_GRADE_WEIGHTS", on)
    bands_setting = policy.get("CREDIT_GRADE_BANDS", on)
    settings = [weights_setting.explanation, bands_setting.explanation]
    w = weights_setting.value
    corrected = {f.target for f in derivation.facts.values() if f.kind == rules.CORRECTION and f.known_on <= on}
    facts = [f for f in derivation.facts.values() if f.known_on <= on and f.ref not in corrected]

    ended = sorted((f for f in facts if f.kind in ENDED and f.occurred_on <= on), key=lambda f: (f.occurred_on, f.ref))
    if ended:
        zh = "；".join(f"{f.occurred_on} {f.summary_zh or f.kind}" for f in ended)
        en = "; ".join(f"{f.occurred_on} {f.summary_en or f.kind}" for f in ended)
        return _not_graded(on, settings, f"不予信用评价：该组织的登记已终止（{zh}），信用评价只针对存续的社会组织。",
                           f"Not graded: the organization's registration has ended ({en}); only organizations that "
                           "still exist are evaluated.")
    factors = [Factor("base", "起评分", "starting score", float(w["base"]))]

    grades = [f for f in facts if f.kind == "rating" and f.value and f.occurred_on <= on and
              (f.until is None or f.until >= on)]
    if grades:
        best = max(grades, key=lambda f: (f.occurred_on, f.ref))
        points = float(w["rating"].get(best.value, 0))
        until = f"，有效期至 {best.until}" if best.until else ""
        factors.append(Factor("rating", f"评估等级 {best.value}（{best.occurred_on} 评定{until}）",
                              f"evaluation grade {best.value} (conferred {best.occurred_on})", points, [best.ref]))

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
    counted = factors[1:]
    if not counted:
        years = w["penalty_years"]
        return _not_graded(
            on, settings,
            f"未评定信用等级：没有可评价的信用信息（近 {years} 年无行政处罚，未列入名录，无检查结论、有效评估等级或表彰），"
            "无不良信用记录。",
            f"Not graded: there is nothing to evaluate (no administrative penalty in the last {years} years, not on "
            "either list, no inspection result, valid evaluation grade or honour); no negative record.")
    score = max(0.0, min(100.0, sum(f.points for f in factors)))
    bands = bands_setting.value
    grade = next((band for band, floor in bands if score >= floor), bands[-1][0])
    wz, we = _where(weights_setting)
    bz, be = _where(bands_setting)
    bands_zh = "，".join(f"{band} ≥ {floor}" for band, floor in bands if floor > 0) + f"，其余为 {bands[-1][0]}"
    bands_en = ", ".join(f"{band} ≥ {floor}" for band, floor in bands if floor > 0) + f", otherwise {bands[-1][0]}"
    facts_zh = "；".join(f"{f.zh}（{'+' if f.points > 0 else ''}{f.points:g}）" for f in counted)
    facts_en = "; ".join(f"{f.en} ({'+' if f.points > 0 else ''}{f.points:g})" for f in counted)
    basis_zh = (f"依据本平台信用评价规则（不是《社会组织评估管理办法》的评估等级）：起评分 {w['base']:g}，"
                f"加减所列事实的分值（权重：{wz}），按分档评定（{bands_zh}；分档：{bz}）。"
                f"计入的事实：{facts_zh}。")
    basis_en = (f"Under this platform's credit-evaluation rule (not the evaluation grade of MCA Order No. 39): a "
                f"starting score of {w['base']:g}, plus or minus the points of the facts listed (weights: {we}), "
                f"graded by band ({bands_en}; bands: {be}). Facts counted: {facts_en}.")
    return Evaluation(on, score, grade, factors, settings, negative=any(f.points < 0 for f in counted),
                      basis_zh=basis_zh, basis_en=basis_en)
