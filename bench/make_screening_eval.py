"""Build bench/screening_eval.tsv: labelled name pairs for credit name screening, from real names.

    python -m bench.make_screening_eval            # writes bench/screening_eval.tsv (deterministic: --seed)
    python -m bench.make_screening_eval --source ../shared/data/uscc/foundations_sample.tsv

Sources: the hand-labelled pairs of bench/screening_eval_hand.tsv (real national bodies and the issue's examples),
the 175 real foundation names (with their former names) of the RICF sample (``--source``; see
shared/data/SOURCES.md: Ma, Wang, Dong & Li, SSRN 2673879; used here as test data only) and the GB/T 2260 division
names the project ships (divisions/data/divisions.csv). Every generated pair is one real name against a variant
of itself (label 1, an imitation) or against the same variant of its nearest *other* real name (label 0, two
organizations), per variant kind:

* traditional: the name in traditional characters (OpenCC s2t);
* insertion / deletion: one character inserted into, or deleted from, the core (the part between the region and
  the organization form);
* prefix swap: a national prefix added (中国上海…), national prefixes and regions swapped (上海中国… / 中国上海…),
  or the region written without its suffix (上海市 / 上海);
* suffix change: another organization form (基金会 → 基金, 促进会, 协会, 联合会, 研究会, 中心);
* region difference: the region replaced by another division of the same level (label 0), a national name made
  local (中国… → 某县…, label 0), a generic core under a region beside the same core without one (label 0), a
  distinctive core given a region (label 1) or the higher division added (江苏省苏州… / 苏州…, label 1).

The script is deterministic for a seed; commit the script and the TSV together.
"""

import argparse
import csv
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "uscc" / "foundations_sample.tsv"
HAND = ROOT / "bench" / "screening_eval_hand.tsv"
OUT = ROOT / "bench" / "screening_eval.tsv"
KINDS = ("traditional", "insertion", "deletion", "prefix swap", "suffix change", "region difference")
INSERTED = "华中新爱心民德和善美文明大金春育仁"
FORMS = ("基金", "促进会", "协会", "联合会", "研究会", "中心")


def hand_kind(pattern: str) -> str:
    """The variant kind of a hand-labelled pair, from its pattern note."""
    p = pattern.lower()
    if "traditional" in p:
        return "traditional"
    if "prefix" in p or "swapped" in p or "bracketed" in p:
        return "prefix swap"
    if "region" in p or "city" in p or "province" in p or "district" in p:
        return "region difference"
    if "dropped" in p or "家 dropped" in p:
        return "deletion"
    if "insertion" in p or "added" in p:
        return "insertion"
    if p.startswith("form"):
        return "suffix change"
    return "other"


def load_names(source: Path) -> list[list[str]]:
    """One list of names per organization (current first, then its former names)."""
    with source.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    seen, found = set(), []
    for row in rows:
        names = [n.strip() for n in row["name_set"].split("#") if n.strip() and n.strip() not in seen]
        seen.update(names)
        if names:
            found.append(names)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=str(DEFAULT_SOURCE))
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import opencc
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Levenshtein

    from credit.screening import decompose, regions
    from divisions.loader import read_rows

    rng = random.Random(args.seed)
    s2t = opencc.OpenCC("s2t")
    orgs = load_names(Path(args.source))
    names = [n for group in orgs for n in group]
    owner = {n: i for i, group in enumerate(orgs) for n in group}
    table = regions()
    by_level: dict[str, list[str]] = {}
    parent: dict[str, str] = {}
    for row in read_rows():
        if row["状态"] == "在用" and row["名称"] not in ("市辖区", "县", "省直辖县级行政区划"):
            by_level.setdefault(row["级别"], []).append(row["名称"])
            if row["级别"] == "地级" and row["一级行政区"] != row["名称"]:
                parent[row["名称"]] = row["一级行政区"]
    level_of = {name: level for level, group in by_level.items() for name in group}

    def nearest(name: str) -> str:
        others = [n for n in names if owner[n] != owner[name]]
        return process.extractOne(name, others, scorer=fuzz.ratio)[0]

    def region_text(name: str) -> str:
        """The leading division names as written (上海市, 上海市卢湾区, 北京), or ''."""
        rest = name
        while True:
            for size in range(min(12, len(rest) - 1), 1, -1):
                if rest[:size] in table:
                    rest = rest[size:]
                    break
            else:
                return name[: len(name) - len(rest)]

    def last_region(name: str) -> str:
        """The most specific division name of the leading ones (卢湾区 in 上海市卢湾区…)."""
        text = region_text(name)
        for start in range(len(text)):
            if text[start:] in table:
                return text[start:]
        return ""

    def distance(a: str, b: str) -> int:
        return Levenshtein.distance(a, b)

    def core_span(name: str) -> tuple[int, int]:
        parts = decompose(name)
        start = name.find(parts.core) if parts.core else -1
        return (start, start + len(parts.core)) if start >= 0 else (-1, -1)

    def insert(name: str) -> str | None:
        start, end = core_span(name)
        if start < 0:
            return None
        at = rng.randrange(start + 1, end + 1) if end - start >= 2 else end
        return name[:at] + rng.choice(INSERTED) + name[at:]

    def delete(name: str) -> str | None:
        start, end = core_span(name)
        if start < 0 or end - start < 3:
            return None
        at = rng.randrange(start, end)
        return name[:at] + name[at + 1:]

    def traditional(name: str) -> str | None:
        converted = s2t.convert(name)
        return converted if converted != name else None

    def prefix(name: str) -> str | None:
        region = region_text(name)
        parts = decompose(name)
        if parts.broad:
            swap = {"中国": "中华", "中华": "中国", "全国": "中国"}.get(parts.broad[0])
            return swap + name[len(parts.broad[0]):] if swap and name.startswith(parts.broad[0]) else None
        if not region:
            return None
        choice = rng.randrange(3)
        if choice == 0:
            return "中国" + name
        if choice == 1:
            return region + "中华" + name[len(region):]
        last = last_region(name)
        short = region[: len(region) - len(last)] + table[last]
        return (short + name[len(region):]) if short != region else None

    def suffix(name: str) -> str | None:
        form = decompose(name).form
        if not form or not name.endswith(form):
            return None
        return name[: -len(form)] + rng.choice([f for f in FORMS if f != form])

    def other_region(name: str) -> str | None:
        region, last = region_text(name), last_region(name)
        level = level_of.get(last)
        if not region or not level:
            return None
        choices = [r for r in by_level[level] if table.get(r) != table[last] and r[:2] != last[:2]]
        return rng.choice(choices) + name[len(region):]

    pairs: list[tuple[str, str, int, str, str]] = []

    def add(query, candidate, label, kind, note):
        if query and candidate and query != candidate:
            pairs.append((query, candidate, label, kind, note))

    variants = {"traditional": traditional, "insertion": insert, "deletion": delete, "prefix swap": prefix,
                "suffix change": suffix}
    for name in names:
        neighbour = nearest(name)
        for kind, make in variants.items():
            mine = make(name)
            if mine is None:
                continue
            add(mine, name, 1, kind, f"{kind} of the same name")
            theirs = make(neighbour)
            # Two real organizations whose names are one edit apart (上海复大 / 上海复星公益基金会) look alike by
            # any measure: screening flags them for an officer by design, so they are no negative example.
            if theirs is not None and distance(neighbour, name) > 1 and distance(theirs, name) > 1:
                add(theirs, name, 0, kind, f"{kind} of the nearest other real name")
        parts = decompose(name)
        region = region_text(name)
        moved = other_region(name)
        add(moved, name, 0, "region difference", "same core and form, another division of the same level")
        if parts.broad and name.startswith(parts.broad[0]):
            county = rng.choice(by_level["县级"])
            add(county + name[len(parts.broad[0]):], name, 0, "region difference", "a national name made local")
        if region and parts.generic:
            add(name[len(region):], name, 0, "region difference", "generic core with and without a region")
            add("中国" + name[len(region):], name, 0, "region difference", "generic core: local beside national")
        if not parts.concrete and not parts.broad and not parts.generic:
            add(rng.choice(by_level["省级"]) + name, name, 1, "region difference", "a region added to a distinctive "
                "name without one")
        if region == last_region(name) and level_of.get(region) == "地级" and region in parent:
            add(parent[region] + name, name, 1, "region difference", "the province added before the city")
    # the case: county and city education foundations beside a national one
    for county in rng.sample(by_level["县级"], 10) + rng.sample(by_level["地级"], 10):
        add(county + "教育基金会", "中国教育发展基金会", 0, "region difference", "local generic core vs national")
        add(county + "慈善基金会", "中华慈善总会", 0, "region difference", "local generic core vs national")
    with HAND.open(encoding="utf-8") as fh:
        hand = [r for r in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")]
    rows = [(r["query"], r["candidate"], int(r["label"]), hand_kind(r["pattern"]), "hand: " + r["pattern"])
            for r in hand]
    seen = {(q, c) for q, c, *_ in rows}
    for pair in pairs:
        if (pair[0], pair[1]) not in seen:
            seen.add((pair[0], pair[1]))
            rows.append(pair)
    with Path(args.out).open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Labelled name pairs for credit name screening (python -m bench.bench_screening).\n"
                 f"# Generated by python -m bench.make_screening_eval (seed {args.seed}) from bench/screening_eval_hand.tsv,\n"
                 "# the real foundation names of the RICF sample and the GB/T 2260 division names; see the script.\n"
                 "# label 1: confusingly similar (one organization imitated); 0: two organizations.\n")
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["query", "candidate", "label", "kind", "pattern"])
        out.writerows(rows)
    counts = {k: sum(1 for r in rows if r[3] == k) for k in (*KINDS, "other")}
    print(f"{len(rows)} pairs written to {args.out}: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
