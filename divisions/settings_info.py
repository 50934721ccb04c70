"""What each per-jurisdiction setting is, for people: a Chinese and an English label, its unit, its legal basis.

Apps declare their settings' defaults with :func:`divisions.policy.register_defaults` and describe them here with
:func:`describe`; pages never print a setting's key or a Python value. Explanations of decisions keep citing
settings as ``KEY = value (source)`` (machines and the audit read them); :func:`parse` reads such a citation
back, so pages can show it as a row of a small table (label, value in words, national default or set locally).
"""

import ast
import re
from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class SettingInfo:
    label_zh: str
    label_en: str
    unit: str = ""  # days, working_days, months, years, percent, yuan, mb, mmdd, score, count, or "" (words)
    basis_zh: str = ""
    basis_en: str = ""
    group: str = ""  # the part of the work it belongs to (see GROUPS)
    unconfirmed: bool = False  # DOMAIN.md could not confirm the figure: the jurisdiction should set it
    values: tuple = ()  # words for this setting's own values: ((value, label), …)
    options: tuple = ()  # for a list of words: the words it may hold


INFO: dict[str, SettingInfo] = {}
# Words for values inside settings (organization types, modes, keys of weights …): (zh, en) or a lazy gettext.
VALUE_WORDS: dict[str, object] = {}
GROUPS = {
    "register": ("登记", "Registration"),
    "reports": ("年度工作报告", "Annual reports"),
    "leadership": ("换届", "Leadership terms"),
    "ratings": ("等级评估", "Ratings"),
    "spot_checks": ("双随机抽查", "Random spot checks"),
    "credit": ("信用名单", "Credit lists"),
    "cases": ("异议与信用修复", "Objections and credit repair"),
    "evaluation": ("信用评价", "Credit evaluation"),
    "charity": ("慈善组织与公开募捐", "Charities and public fundraising"),
}
UNITS = {
    "days": ("{} 日", "{} days"), "working_days": ("{} 个工作日", "{} working days"), "months": ("{} 个月", "{} months"),
    "years": ("{} 年", "{} years"), "percent": ("{}%", "{}%"), "yuan": ("{} 元", "{} yuan"), "mb": ("{} MB", "{} MB"),
    "count": ("{}", "{}"), "score": ("{}", "{}"),
}


def describe(values: dict[str, SettingInfo]) -> None:
    for key, info in values.items():
        if key in INFO and INFO[key] != info:
            raise ValueError(f"setting {key} described twice")
        INFO[key] = info


def words(values: dict[str, object]) -> None:
    VALUE_WORDS.update(values)


def zh() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def pick(pair) -> str:
    if isinstance(pair, tuple):
        return pair[0] if zh() else pair[1]
    return str(pair)


def label(key: str) -> str:
    info = INFO.get(key)
    if info is None:  # an undescribed setting: say so in words rather than print its name
        return "其他设定" if zh() else "other setting"
    return info.label_zh if zh() else info.label_en


def basis(key: str) -> str:
    info = INFO.get(key)
    if info is None:
        return ""
    return info.basis_zh if zh() else info.basis_en


def word(value, key: str = "") -> str:
    own = dict(INFO[key].values) if key in INFO else {}
    if str(value) in own:
        return pick(own[str(value)])
    if isinstance(value, bool):
        return "是" if value and zh() else "否" if zh() else "yes" if value else "no"
    text = str(value)
    if text in VALUE_WORDS:
        return pick(VALUE_WORDS[text])
    return text


def _mmdd(value: str) -> str:
    match = re.fullmatch(r"(\d{2})-(\d{2})", str(value))
    if not match:
        return str(value)
    month, day = int(match.group(1)), int(match.group(2))
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return f"{month}月{day}日" if zh() else f"{day} {months[month - 1]}"


def _scalar(value, unit: str, key: str = "") -> str:
    if isinstance(value, bool) or value is None:
        return word(bool(value))
    if unit == "mmdd":
        return _mmdd(value)
    if unit in UNITS and isinstance(value, (int, float, str)) and re.fullmatch(r"-?\d+(\.\d+)?", str(value)):
        return pick(UNITS[unit]).format(value)
    return word(value, key)


def humanize(key: str, value) -> str:
    """A setting's value in words: 5月31日, 10 个工作日, 社会团体、基金会, 是/否, 5A 20 …"""
    unit = INFO[key].unit if key in INFO else ""
    sep = "；" if zh() else "; "
    if isinstance(value, dict):
        if not value:
            return "无" if zh() else "none"
        return sep.join(f"{word(k)}{'' if isinstance(v, dict) else ' '}{humanize_part(v, unit)}"
                        for k, v in value.items())
    if isinstance(value, (list, tuple)):
        if not value:
            return "无" if zh() else "none"
        if all(isinstance(v, dict) for v in value):  # rows of a table: [{"tier": …, "spend": …}, …]
            inner = "，" if zh() else ", "
            return sep.join(inner.join(f"{word(k)} {word(x)}" for k, x in row.items()) for row in value)
        if all(isinstance(v, (list, tuple)) and len(v) == 2 for v in value):  # bands: [["A", 90], …]
            return sep.join(f"{word(a)} ≥ {b}" for a, b in value)
        if len(value) == 2 and all(isinstance(v, (int, float)) for v in value) and unit:
            return _scalar(f"{value[0]}–{value[1]}", "") + _unit_only(unit)
        return ("、" if zh() else ", ").join(_scalar(v, unit) for v in value)
    return _scalar(value, unit, key)


def humanize_part(value, unit: str) -> str:
    if isinstance(value, dict):
        return "（" + "，".join(f"{word(k)} {humanize_part(v, unit)}" for k, v in value.items()) + "）" if zh() else (
            "(" + ", ".join(f"{word(k)} {humanize_part(v, unit)}" for k, v in value.items()) + ")")
    return _scalar(value, unit)


def _unit_only(unit: str) -> str:
    text = pick(UNITS.get(unit, ("{}", "{}"))).replace("{}", "")
    return text if text.startswith(" ") or zh() else " " + text


# --- reading the citations of explanations back ------------------------------------------------------------

CITATION = re.compile(r"(?P<key>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:\[(?P<item>[a-z_]+)\])? = (?P<value>.+?) "
                      r"\((?:默认值 / national default|(?P<division>\d{6}) 设定 / set by \d{6})\)")


@dataclass(frozen=True)
class Cited:
    key: str
    item: str
    value: object
    division: str  # "" for the national default

    @property
    def label(self) -> str:
        text = label(self.key)
        return f"{text}（{word(self.item)}）" if self.item and zh() else f"{text} ({word(self.item)})" if self.item else text

    @property
    def value_text(self) -> str:
        return humanize(self.key, self.value)

    @property
    def basis(self) -> str:
        return basis(self.key)

    @property
    def source_text(self) -> str:
        if not self.division:
            return "全国默认值" if zh() else "national default"
        from .models import Division

        place = Division.objects.filter(code=self.division).first()
        name = place.authority_name if place else self.division
        return f"本地设定（{name}）" if zh() else f"set locally ({name})"

    @property
    def local(self) -> bool:
        return bool(self.division)

    def sentence(self) -> str:
        return f"{self.label}：{self.value_text}（{self.source_text}）" if zh() else (
            f"{self.label}: {self.value_text} ({self.source_text})")


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def parse(text) -> list[Cited]:
    """Every setting cited in ``text`` (a string, a SettingValue, or a list of either), in order, once each."""
    if text is None:
        return []
    if isinstance(text, (list, tuple)):
        found = []
        for part in text:
            found += [c for c in parse(part) if c not in found]
        return found
    if hasattr(text, "key") and hasattr(text, "value") and hasattr(text, "source"):
        return [Cited(text.key, "", text.value, "" if text.source == "default" else text.source)]
    return [Cited(m["key"], m["item"] or "", _value(m["value"]), m["division"] or "")
            for m in CITATION.finditer(str(text))]


def in_words(text) -> str:
    """``text`` with each setting citation replaced by its sentence (label: value (source))."""
    if text is None:
        return ""
    return CITATION.sub(lambda m: parse(m.group(0))[0].sentence(), str(text))
