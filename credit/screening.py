"""Name screening: is a name confusingly close to a registered organization, a suspected illegal organization or
an organization on the serious list? Scored candidates with the features behind each score (yente-style).

A name is decomposed into regional prefixes (北京市, 东城区, and the broad prefixes 中国/中华/全国/国际 …), a core
(书画, 室内装修) and an organization form (研究院, 协会 …). Generic words that imitators insert (艺术, 研究, 发展 …)
are stripped from the core for a second comparison. Features of a pair:

* ``char_overlap``: rapidfuzz ratio of the whole normalized names;
* ``core_similarity``: ratio of the cores; ``stripped_similarity``: of the cores without the inserted words;
* ``order_free``: overlap of the cores' characters, whatever their order;
* ``pinyin_similarity``: ratio of the stripped cores' toneless pinyin (华厦 / 华夏, 装修 / 装饰);
* ``traditional``: the query matched only after traditional→simplified conversion (OpenCC);
* ``insertions``: the generic words present in one name and not the other;
* ``one_character_edit``: the cores are one inserted or deleted character apart (万科公益 / 万公益);
* ``numbers_differ``: the names carry different numbers (第1号 / 第2号: two numbered organizations);
* ``region``: same, swapped (same prefixes, other order), nested (北京市海淀区 / 海淀区), noted (a region only in a
  note), broad_variant (中国 ↔ 中华/全国), one_sided, local_vs_national (某县教育基金会 / 中国教育发展基金会),
  generic_core (only the region tells two generic cores apart), different;
* ``form``: same or different organization form (基金 is 基金会 written without 会).

Field and generic words that both cores share (教育发展 in 理工大学教育发展 / 华东理工大学教育发展) are left out of the
core comparisons, so shared filler does not make two organizations look alike. The score is the best core-level
similarity, times penalties for a different concrete region (two different organizations: 北京市围棋协会 /
上海市围棋协会), a local body beside a national one or a generic core under a region, a region on one side only,
different numbers and a different form. The threshold (``CREDIT_SCREENING_THRESHOLD``) and the factors were chosen on
bench/screening_eval.tsv (built from real names by ``python -m bench.make_screening_eval``; measured by
``python -m bench.bench_screening``).

Screening runs before registration (registry.screening_hook, filled in CreditConfig.ready): the staff form, the
registration API and every import call :func:`screen_before_registration`; ``manage.py screen_register`` screens
an already-imported register (:func:`screen_register`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from registry.search import normalize, syllables

BROAD_PREFIXES = ("中华人民共和国", "中国", "中华", "全国", "国家", "国际", "世界", "环球", "亚洲", "全球")
FORMS = sorted([
    "社会工作服务中心", "职业技能培训学校", "培训学校", "研究会", "研究院", "研究所", "研究中心", "促进会", "联合会",
    "基金会", "基金", "协会", "学会", "商会", "总会", "联谊会", "服务中心", "发展中心", "康复中心", "养老院", "服务社",
    "中心", "联盟", "俱乐部", "委员会", "书院", "学院", "学校", "医院", "院", "会", "社", "团", "队", "所",
], key=len, reverse=True)
INSERTIONS = ("艺术", "研究", "发展", "文化", "交流", "促进", "国际", "产业", "事业", "科学", "科技", "技术", "行业",
              "专业", "管理", "服务", "工作", "建设", "保护", "教育", "推广", "传播", "创新", "合作", "联合", "协作",
              "公益", "开发", "应用", "战略", "信息", "咨询", "经济", "联谊", "爱好者", "工作者")
# Words of a field rather than of one organization: a core made only of these and of INSERTIONS (教育, 慈善发展)
# names no one in particular, so two such names that differ in region are two local bodies, not an imitation.
FIELD_WORDS = ("慈善", "教育", "扶贫", "助学", "福利", "老年", "老龄", "青少年", "儿童", "少年", "妇女", "残疾人",
               "体育", "卫生", "健康", "医疗", "环境", "环保", "生态", "红十字", "人民", "社会", "见义勇为",
               "法律援助", "奖励", "爱心", "志愿者", "志愿", "养老", "救助", "事业", "青年", "职工", "科普", "文物",
               "残疾", "人口", "计划生育", "绿化", "华侨", "拥军", "优抚", "基础", "帮扶", "助残", "敬老", "大学",
               "学院", "运动", "中小学", "幼儿", "教师", "奖励")
FORM_FAMILY = {"基金": "基金会"}  # 某某教育基金 is a foundation's name written without 会
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "地区", "新区",
             "省", "市", "区", "县", "旗", "盟")
_PUNCT = re.compile(r"[\s\(\)（）【】\[\]《》<>·•、,，.。:：;；\"'“”‘’\-—_/]")
DEFAULT_THRESHOLD = 0.75
ONE_EDIT = 0.9  # the similarity of two cores one inserted or deleted character apart
NUMBER_FACTOR = 0.6  # two names whose numbers differ name two numbered organizations
_DIGITS = re.compile(r"\d+")


@cache
def regions() -> dict[str, str]:
    """Region names → a canonical key (the name without its administrative suffix): every GB/T 2260 name since
    1981, plus the short forms of provinces and prefectures (北京, 石家庄). Read from the shipped table, so
    screening needs no database."""
    from divisions.loader import read_rows

    found: dict[str, str] = {}
    for row in read_rows():
        name, level = row["名称"], row["级别"]
        short = name
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                short = name[: -len(suffix)]
                break
        found[name] = short
        if level in ("省级", "地级") and len(short) >= 2:
            found.setdefault(short, short)
    for broad in BROAD_PREFIXES:
        found.pop(broad, None)
    return found


@dataclass(frozen=True)
class Parts:
    raw: str
    name: str  # normalized (simplified, half-width, no spaces or punctuation)
    traditional: bool
    broad: tuple[str, ...]
    concrete: tuple[str, ...]  # canonical region keys in order
    core: str
    stripped: str
    inserted: tuple[str, ...]
    form: str
    pinyin: str = field(default="")
    prefixes: tuple[str, ...] = ()
    noted: bool = False  # the only concrete region is a note after the name: 中国书画研究院（北京）
    generic: bool = False  # the core is made of field and generic words only (教育发展)

    def as_dict(self) -> dict:
        return {"normalized": self.name, "broad_prefixes": list(self.broad), "regions": list(self.concrete),
                "core": self.core, "core_without_insertions": self.stripped, "insertions": list(self.inserted),
                "form": self.form, "traditional_converted": self.traditional}


def clean(text: str) -> str:
    return _PUNCT.sub("", normalize(text or ""))


_NOTE = re.compile(r"[（(]([^（）()]*)[）)]\s*$")


@lru_cache(maxsize=65536)
def decompose(raw: str) -> Parts:
    import unicodedata

    plain = _PUNCT.sub("", "".join(unicodedata.normalize("NFKC", raw or "").split()))
    traditional = plain != clean(raw)
    table = regions()
    note = _NOTE.search(unicodedata.normalize("NFKC", raw or ""))
    trailing = clean(note.group(1)) if note else ""
    name = clean(raw[: note.start()] if note and len(clean(raw[: note.start()])) >= 2 else raw)
    broad, concrete, prefixes = [], [], []
    rest = name
    while True:
        hit = next((b for b in BROAD_PREFIXES if rest.startswith(b) and len(rest) > len(b)), None)
        if hit:
            broad.append("中国" if hit == "中华人民共和国" else hit)
            prefixes.append(broad[-1])
            rest = rest[len(hit):]
            continue
        for size in range(min(12, len(rest) - 1), 1, -1):
            if rest[:size] in table:
                concrete.append(table[rest[:size]])
                prefixes.append(concrete[-1])
                rest = rest[size:]
                break
        else:
            break
    noted = False
    if trailing in table:  # 中国书画研究院（北京）: a region given as a note after the name
        noted = not concrete
        concrete.append(table[trailing])
        prefixes.append(table[trailing])
    form = next((f for f in FORMS if rest.endswith(f) and len(rest) > len(f)), "")
    if not form and rest in FORMS:
        form, rest = rest, ""
    core = rest[: len(rest) - len(form)] if form else rest
    stripped, inserted = _strip(core)
    return Parts(raw, name, traditional, tuple(broad), tuple(concrete), core, stripped, inserted, form,
                 "".join(syllables(stripped)), tuple(prefixes), noted, is_generic(core))


def _strip(core: str) -> tuple[str, tuple[str, ...]]:
    """The core without the generic words imitators insert, and those words."""
    stripped, inserted = core, []
    for word in INSERTIONS:
        if word in stripped and len(stripped) > len(word):
            stripped = stripped.replace(word, "")
            inserted.append(word)
    return stripped or core, tuple(inserted)


def _align(a: Parts, b: Parts) -> tuple[Parts, Parts]:
    """A county-level region written without its suffix is not recognized as a region (东台 of 东台市: short
    county names are too often ordinary words); when the other name has that region, read it as one."""
    for x, y in ((a, b), (b, a)):
        if x.concrete and not x.noted and y.concrete == x.concrete[:-1]:
            key = x.concrete[-1]
            if len(key) >= 2 and y.core.startswith(key) and len(y.core) > len(key):
                core = y.core[len(key):]
                stripped, inserted = _strip(core)
                y = replace(y, concrete=x.concrete, prefixes=(*y.prefixes, key), core=core, stripped=stripped,
                            inserted=inserted, pinyin="".join(syllables(stripped)), generic=is_generic(core))
                return (x, y) if x is a else (y, x)
    return a, b


def _distinct(x: str, y: str) -> tuple[str, str]:
    """``x`` and ``y`` without the field and generic words they share (教育发展 in 理工大学教育发展 / 华东理工大学
    教育发展), so that shared filler does not make two different organizations look alike."""
    for word in _GENERIC_WORDS:
        if word in x and word in y:
            x, y = x.replace(word, ""), y.replace(word, "")
    return x, y


_GENERIC_WORDS = sorted(set(INSERTIONS) | set(FIELD_WORDS), key=len, reverse=True)
_GENERIC = re.compile("|".join(sorted(set(INSERTIONS) | set(FIELD_WORDS), key=len, reverse=True)))


def is_generic(core: str) -> bool:
    """Whether ``core`` is made of field and generic words only (教育, 教育发展, 慈善公益)."""
    return bool(core) and not _GENERIC.sub("", core)


@cache
def _readings(char: str) -> frozenset[str]:
    from pypinyin.constants import PINYIN_DICT

    from registry.search import _toneless

    found = PINYIN_DICT.get(ord(char))
    return frozenset(_toneless(r) for r in found.split(",")) if found else frozenset({char})


def homophone(a: str, b: str) -> float:
    """Share of positions whose characters are equal or can be read alike (华厦 / 华夏: 厦 reads shà or xià)."""
    if len(a) != len(b) or not a:
        return 0.0
    return sum(x == y or bool(_readings(x) & _readings(y)) for x, y in zip(a, b, strict=True)) / len(a)


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


def _bag(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    shared = sum((Counter(a) & Counter(b)).values())
    return 2 * shared / (len(a) + len(b))


@dataclass
class Match:
    score: float
    features: dict

    def explanation(self) -> tuple[str, str]:
        f = self.features
        zh = [f"核心名称相似度 {f['core_similarity']:.2f}", f"拼音相似度 {f['pinyin_similarity']:.2f}"]
        en = [f"core similarity {f['core_similarity']:.2f}", f"pinyin similarity {f['pinyin_similarity']:.2f}"]
        if f["insertions"]:
            zh.append("插入/删除通用词：" + "、".join(f["insertions"]))
            en.append("generic words inserted or dropped: " + ", ".join(f["insertions"]))
        region_zh = {"same": "地域相同", "swapped": "地域前缀顺序调换", "broad_variant": "冠名变体（中国/中华/全国等）",
                     "one_sided": "仅一方有地域", "different": "地域不同", "none": "均无地域",
                     "nested": "同一地域（一方冠有上级行政区）", "noted": "地域仅以括注标明",
                     "local_vs_national": "地方组织与全国性组织", "generic_core": "仅地域不同、字号为通用词"}
        zh.append(region_zh[f["region"]])
        en.append({"same": "same region", "swapped": "regional prefixes swapped",
                   "broad_variant": "national prefix variant (中国/中华/全国 …)", "one_sided": "region on one side only",
                   "different": "different region", "none": "no region",
                   "nested": "same region (one name adds the higher division)", "noted": "region given only in a note",
                   "local_vs_national": "a local organization beside a national one",
                   "generic_core": "only the region differs and the core is generic words"}[f["region"]])
        if f["traditional"]:
            zh.append("经繁简转换后比较")
            en.append("compared after traditional→simplified conversion")
        if f["form"] == "different":
            zh.append("组织形式不同")
            en.append("different organization form")
        if f.get("numbers_differ"):
            zh.append("名称中的编号不同")
            en.append("the numbers in the names differ")
        if f.get("one_character_edit"):
            zh.append("相差一个字（插入或删除）")
            en.append("one character inserted or deleted")
        return "；".join(zh), "; ".join(en)


def compare(a: Parts, b: Parts) -> Match:
    a, b = _align(a, b)
    core = _ratio(*_distinct(a.core, b.core))
    sa, sb = _distinct(a.stripped, b.stripped)
    stripped = _ratio(sa, sb)
    order_free = _bag(sa, sb)
    pa, pb = (a.pinyin, b.pinyin) if (sa, sb) == (a.stripped, b.stripped) else (
        "".join(syllables(sa)), "".join(syllables(sb)))
    pinyin = max(_ratio(pa, pb), homophone(sa, sb),
                 float(homophone(a.name, b.name) == 1.0))  # read alike throughout: 中国国学院 / 中国国学苑
    inserted = sorted(set(a.inserted) ^ set(b.inserted))
    # One character inserted or deleted anywhere in the core (万科公益 / 万公益, 教育 / 教育育): the typical
    # imitation of a registered name, whatever words the character falls in.
    one_edit = (abs(len(a.core) - len(b.core)) == 1 and min(len(a.core), len(b.core)) >= 2
                and Levenshtein.distance(a.core, b.core) == 1)
    base = max(core, stripped * (0.97 if inserted else 1.0), order_free * 0.9, pinyin * 0.95,
               ONE_EDIT if one_edit else 0.0)
    region, factor = _region(a, b)
    if region == "same" and a.broad != b.broad:
        region = "broad_variant"
    if region in ("same", "broad_variant") and a.prefixes != b.prefixes and sorted(a.prefixes) == sorted(b.prefixes):
        region = "swapped"
    form_same = FORM_FAMILY.get(a.form, a.form) == FORM_FAMILY.get(b.form, b.form) or not a.form or not b.form
    # Numbers tell numbered organizations apart (第1号 / 第2号, 第十一 is left alone: 一 is also a word).
    numbers_differ = _DIGITS.findall(a.name) != _DIGITS.findall(b.name)
    score = base * factor * (1.0 if form_same else 0.9) * (NUMBER_FACTOR if numbers_differ else 1.0)
    features = {
        "char_overlap": round(_ratio(a.name, b.name), 3), "core_similarity": round(core, 3),
        "stripped_similarity": round(stripped, 3), "order_free": round(order_free, 3),
        "pinyin_similarity": round(pinyin, 3), "traditional": a.traditional or b.traditional,
        "insertions": inserted, "one_character_edit": one_edit, "numbers_differ": numbers_differ,
        "region": region, "form": "same" if form_same else "different",
    }
    return Match(round(score, 3), features)


# Discounts for a region difference (the Order 69 name = region + core + form: the same core under two regions
# names two organizations). Chosen on bench/screening_eval.tsv.
REGION_FACTORS = {"same": 1.0, "swapped": 1.0, "nested": 1.0, "noted": 1.0, "broad_variant": 1.0, "none": 1.0,
                  "different": 0.5, "local_vs_national": 0.6, "generic_core": 0.6, "one_sided": 0.9}


def _region(a: Parts, b: Parts) -> tuple[str, float]:
    if a.concrete and b.concrete:
        if a.concrete == b.concrete:
            region = "same"
        elif sorted(a.concrete) == sorted(b.concrete):
            region = "swapped"
        elif a.concrete[-1] == b.concrete[-1]:  # 北京市海淀区 / 海淀区: the same district, one with its city
            region = "nested"
        else:
            region = "different"
    elif a.concrete or b.concrete:
        local, other = (a, b) if a.concrete else (b, a)
        if local.noted:
            region = "noted"
        elif other.broad:  # 某县教育基金会 / 中国教育发展基金会: a local body beside a national one
            region = "local_vs_national"
        elif local.generic and other.generic:  # 某市慈善基金会 / 慈善基金会: nothing but the region tells them apart
            region = "generic_core"
        else:
            region = "one_sided"
    elif a.broad or b.broad:
        region = "same" if a.broad == b.broad else "broad_variant"
    else:
        region = "none"
    return region, REGION_FACTORS[region]


def score_names(query: str, candidate: str) -> Match:
    return compare(decompose(query), decompose(candidate))


# --- against the register, the illegal list and the serious list --------------------------------------------

def threshold() -> float:
    from divisions.policy import setting

    return float(setting("CREDIT_SCREENING_THRESHOLD").value)


def probes(parts: Parts) -> list[str]:
    """The texts looked up in the search index to find the register's candidates for ``parts``.

    Besides the name, its core with and without the inserted words and with its national prefix or region, two
    families reach names one character away, which no substring of the query finds: the name with one core
    character deleted (the query has a character the registered name lacks: 万科公益爱基金会 → 万科公益基金会), and
    the name's two halves (the registered name has a character the query lacks: whatever position it sits at,
    one half of the query is a substring of it).
    """
    found = [parts.name]
    region = "".join(parts.concrete)
    texts = [parts.stripped + parts.form, (parts.broad[0] if parts.broad else region) + parts.stripped,
             parts.core, parts.stripped]
    name, core = parts.name, parts.core
    start = name.rfind(core) if core else -1
    if start >= 0 and len(core) >= 2:
        texts += [name[:start + i] + name[start + i + 1:] for i in range(len(core))]
    if len(name) >= 4:
        half = (len(name) + 1) // 2
        texts += [name[:half], name[len(name) // 2:]]
    for text in texts:
        if len(text) >= 2 and text not in found:
            found.append(text)
    return found


def _register_candidates(parts: Parts, limit: int, authority: str | None = None) -> dict[int, tuple]:
    """Organization id → (name, former names, authority, status, USCC) for every candidate: nationwide and,
    so that a crowded nationwide answer cannot hide them, within ``authority``."""
    from django.db.models import Q

    from registry.models import Organization
    from registry.search import search_ids

    scopes = [None] + ([Q(authority_id=authority)] if authority else [])
    ids: dict[int, None] = {}
    for scope in scopes:
        for text in probes(parts):
            for org_id, _tier in search_ids(text, limit=limit, scope=scope):
                ids.setdefault(org_id, None)
    rows = Organization.objects.filter(pk__in=list(ids)).values_list(
        "id", "name", "former_names", "authority_id", "status", "uscc", "filing_number")
    return {row[0]: row[1:] for row in rows}


def _illegal_names() -> dict:
    """(illegal organization id, name or alias) → (name, batch title, published on)."""
    from .models import IllegalOrganization

    names = {}
    for pk, shown, aliases, title, published in IllegalOrganization.objects.values_list(
            "id", "name", "aliases", "batch__title", "batch__published_on"):
        for alias in [shown, *[a for a in aliases.splitlines() if a.strip()]]:
            names[(pk, alias)] = (shown, title, published)
    return names


def _serious_rows() -> list[tuple]:
    from .models import ListEntry

    return list(ListEntry.objects.filter(list_kind="serious", end_on__isnull=True).values_list(
        "organization_id", "organization__name", "organization__uscc", "start_on", "rules"))


def screen(name: str, *, limit: int = 10, exclude_org: int | None = None, per_probe: int = 200,
           authority: str | None = None, exclude_code: str = "", register: bool = True,
           lists: tuple | None = None) -> dict:
    """Scored candidates for ``name`` from the three sources, best first, each with its features.

    Register candidates are compared by their current and former names (source ``former_name`` when a former
    name scores best); ``authority`` marks the candidates of the same registering authority
    (``same_authority``) and searches it on its own too.
    ``lists``: the suspected-illegal names and the serious list, read once for a batch (imports).
    """
    parts = decompose(name)
    cut = threshold() if lists is None or len(lists) < 3 else lists[2]
    results = []

    def consider(source: str, ident, code: str, shown: str, matched: str, extra: dict | None = None):
        match = compare(parts, decompose(matched))
        zh, en = match.explanation()
        results.append({"source": source, "id": ident, "code": code, "name": shown, "matched_name": matched,
                        "score": match.score, "match": match.score >= cut, "features": match.features,
                        "explanation_zh": zh, "explanation_en": en, **(extra or {})})

    illegal_names, serious = lists[:2] if lists is not None else (_illegal_names(), _serious_rows())
    register_rows = _register_candidates(parts, per_probe, authority) if register else {}
    register_rows.pop(exclude_org, None)
    for org_id, (shown, former, org_authority, status, uscc, filing) in register_rows.items():
        code = uscc or filing or ""
        if exclude_code and code == exclude_code:
            continue
        best = max([shown, *[n for n in former.splitlines() if n.strip()]],
                   key=lambda n: compare(parts, decompose(n)).score)
        consider("register" if best == shown else "former_name", org_id, code, shown, best,
                 {"authority": org_authority, "status": status,
                  "same_authority": authority is not None and org_authority == authority})
    names = illegal_names
    best_illegal: dict = {}
    for (pk, alias), _score, _ in _prefilter(parts, list(names), lambda k: k[1]):
        score = compare(parts, decompose(alias)).score
        if pk not in best_illegal or score > best_illegal[pk][0]:
            best_illegal[pk] = (score, alias)
    for pk, (_score, alias) in best_illegal.items():
        shown, title, published = names[(pk, alias)]
        consider("illegal", pk, "", shown, alias, {"batch": title, "published_on": published.isoformat()})
    for row, _score, _ in _prefilter(parts, serious, lambda r: r[1]):
        org_id, shown, code, since, rule_ids = row
        if org_id == exclude_org or exclude_code and code == exclude_code:
            continue
        consider("serious", org_id, code or "", shown, shown, {"listed_on": since.isoformat(), "rules": rule_ids})
    results.sort(key=lambda r: (-r["score"], r["source"], str(r["id"])))
    return {"query": {"name": name, **parts.as_dict()}, "threshold": cut, "results": results[:limit]}


def screen_before_registration(name: str, *, authority: str | None = None, exclude_code: str = "",
                               register: bool = True) -> list[dict]:
    """The screener credit registers in registry.screening_hook: the candidates that reach the threshold."""
    outcome = screen(name, authority=authority, exclude_code=exclude_code, register=register)
    return [r for r in outcome["results"] if r["match"]]


def screen_batch_before_registration(items: list[tuple[str, str | None, str]], *, register: bool = True) -> list:
    """The same for many names (an import batch): the lists and the threshold are read once. ``items`` are
    (name, authority, exclude_code); returns one list of hits per item."""
    illegal, serious = _illegal_names(), _serious_rows()
    if not register and not illegal and not serious:
        return [[] for _ in items]
    lists = (illegal, serious, threshold())
    found = []
    for name, authority, exclude_code in items:
        outcome = screen(name, authority=authority, exclude_code=exclude_code, register=register, lists=lists)
        found.append([r for r in outcome["results"] if r["match"]])
    return found


def _prefilter(parts: Parts, items: list, key, keep: int = 50):
    """The ``keep`` items whose cores look closest (a cheap first pass over a list of thousands)."""
    if not items:
        return []
    choices = [decompose(key(item)).stripped for item in items]
    found = process.extract(parts.stripped, choices, scorer=fuzz.ratio, limit=keep)
    return [(items[index], score, index) for _choice, score, index in found]


def screen_organization(org_id: int, event_id: int | None, trigger: str) -> None:
    """Run screening for a newly registered or renamed organization and store the result for officers."""
    from django.db import transaction

    from audit.services import record
    from registry.models import Organization

    from .models import ScreeningResult

    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        return
    outcome = screen(org.name, exclude_org=org.pk)
    flagged = [r for r in outcome["results"] if r["match"]]
    with transaction.atomic():
        result = ScreeningResult.objects.create(
            organization=org, name=org.name, trigger=trigger, event_id=event_id, threshold=outcome["threshold"],
            top_score=outcome["results"][0]["score"] if outcome["results"] else 0.0, flagged=bool(flagged),
            candidates=outcome["results"])
        record(None, "credit.screening.run", "ScreeningResult", result.pk,
               after={"organization": org.code, "name": org.name, "trigger": trigger, "flagged": bool(flagged),
                      "top_score": result.top_score})


def screen_register(jurisdiction: str | None = None, *, batch: int = 500, progress=None) -> dict:
    """The bulk screening job: screen every active organization of ``jurisdiction`` (a division code and below
    it; None for the whole register) against the register, former names, the suspected-illegal list and the
    serious list, and store a ScreeningResult (trigger ``bulk``) for each organization with a hit, for officers
    to review on the credit workbench and the organization's credit page. A name whose latest bulk result found
    the same candidates is not stored again, so a second run adds nothing. Returns the counts."""
    from django.db import transaction

    from audit.services import record
    from divisions.models import subtree_q
    from registry.models import Organization, Status

    from .models import ScreeningResult

    qs = Organization.objects.filter(status=Status.ACTIVE).order_by("pk")
    if jurisdiction:
        qs = qs.filter(subtree_q("authority_id", jurisdiction))
    screened = flagged = stored = 0
    last = 0
    while page := list(qs.filter(pk__gt=last).values_list("pk", "name", "authority_id")[:batch]):
        last = page[-1][0]
        for org_id, name, authority in page:
            outcome = screen(name, exclude_org=org_id, authority=authority)
            hits = [r for r in outcome["results"] if r["match"]]
            screened += 1
            if not hits:
                continue
            flagged += 1
            previous = (ScreeningResult.objects.filter(organization_id=org_id, trigger="bulk")
                        .order_by("-ran_at", "-id").values_list("name", "candidates").first())
            keys = sorted((h["source"], str(h["id"]), h["matched_name"]) for h in hits)
            if previous and previous[0] == name and sorted(
                    (c["source"], str(c["id"]), c["matched_name"]) for c in previous[1] if c.get("match")) == keys:
                continue
            ScreeningResult.objects.create(
                organization_id=org_id, name=name, trigger="bulk", threshold=outcome["threshold"],
                top_score=hits[0]["score"], flagged=True, candidates=outcome["results"])
            stored += 1
        if progress:
            progress(screened)
    summary = {"jurisdiction": jurisdiction or "all", "screened": screened, "flagged": flagged, "stored": stored}
    with transaction.atomic():
        record(None, "credit.screening.bulk", "ScreeningRun", jurisdiction or "all", after=summary,
               reason="批量名称筛查 / bulk name screening")
    return summary
