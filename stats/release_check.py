"""Check a statistical bulletin against an open-data release, with neither the platform's code nor its database:

    python -m stats.release_check BULLETIN.html RELEASE_DIR [public-key.pem]

Verifies the release first (signature and checksums, when a public key is given), checks that the bulletin names
this release, then recomputes every figure the open data determines from its CSV tables (a re-implementation of
the indicator definitions over the published rows) and prints each figure that differs. Figures drawn from data
the release does not publish (annual-report contents, spot-check draws) are listed as not checkable. Exit status
1 when a figure differs. Needs only the Python standard library (and ``cryptography`` for the signature).
"""

import csv
import json
import re
import sys
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REMOVALS = ("deregistration", "revocation", "certificate_cancellation")
TOP = ("5A", "4A", "3A")
PROBLEMS = ("rectify", "referred")
NOT_PUBLISHED = ("SUP-REPORTS", "SUP-INSPECTION", "SUP-EMPLOYEES", "SUP-ASSETS", "SUP-SPOT-DRAWN",
                 "SUP-INSPECTION-QUALIFIED", "SUP-VOLUNTEERS", "SUP-NET-ASSETS")


def read_bulletin(path: Path) -> tuple[dict, list[dict]]:
    text = path.read_text(encoding="utf-8")
    meta = json.loads(re.search(r'<script type="application/json" id="bulletin-meta">(.*?)</script>', text,
                                re.S).group(1))
    figures = [{"n": int(n), "indicator": i, "by": b or None, "key": k, "value": v.strip()} for n, i, b, k, v in
               re.findall(r'data-n="(\d+)" data-indicator="([^"]+)" data-by="([^"]*)" data-key="([^"]*)">([^<]*)<',
                          text)]
    return meta, figures


def _prefix(code: str) -> str:
    if code in ("100000", "100001"):
        return ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def _table(directory: Path, name: str) -> list[dict]:
    with open(directory / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class Release:
    def __init__(self, directory: Path, division: str):
        prefix = _prefix(division)
        self.orgs = {o["code"]: o for o in _table(directory, "organizations") if o["authority"].startswith(prefix)}
        self.events = [e for e in _table(directory, "events") if e["code"] in self.orgs]
        self.grades = [g for g in _table(directory, "grades") if g["code"] in self.orgs]
        self.lists = [e for e in _table(directory, "list_entries") if e["code"] in self.orgs]
        self.penalties = [p for p in _table(directory, "penalties") if p["code"] in self.orgs]
        self.findings = [f for f in _table(directory, "spot_check_results") if f["code"] in self.orgs]

    def active_on(self, day: date) -> dict:
        """Organizations whose registration was in force on ``day`` (a removal is the start of its last items)."""
        active = {}
        for code, o in self.orgs.items():
            if _day(o["founded_on"]) > day:
                continue
            if o["status"] == "active" or _day(o["items_since"]) > day:
                active[code] = o
        return active


def _count(rows, by, key_of):
    return Counter(key_of(r) if by else "" for r in rows)


def compute(release: Release, indicator: str, by, day: date, year: int) -> dict | None:
    """{key: Decimal} for one bulletin figure group, or None when the open data does not determine it."""
    if indicator in NOT_PUBLISHED:
        return None
    active = release.active_on(day)
    attribute = {"type": "org_type", "level": "level"}.get(by)

    def org_key(code):
        return active[code][attribute] if attribute else ""

    in_year = lambda text: bool(text) and _day(text).year == year and _day(text) <= day  # noqa: E731
    if indicator == "REG-ORGS":
        return _count(active.values(), by, lambda o: o[attribute])
    if indicator == "REG-COMMUNITY":
        return Counter({"": sum(1 for o in active.values() if o["org_type"] == "community_org")})
    if indicator == "REG-REGISTRATIONS":
        return Counter({"": sum(1 for o in release.orgs.values() if in_year(o["founded_on"]))})
    if indicator == "REG-GROWTH":
        return {"now": Decimal(len(active)), "then": Decimal(len(release.active_on(date(year - 1, 12, 31))))}
    if indicator == "REG-REMOVALS":
        corrected = {e["supersedes"] for e in release.events if e["supersedes"]}
        rows = [e for e in release.events if e["kind"] in REMOVALS and e["id"] not in corrected
                and in_year(e["effective_on"])]
        return _count(rows, by, lambda e: e["kind"])
    held = [g for g in release.grades if g["code"] in active and _day(g["valid_from"]) <= day < _day(g["valid_to"])]
    if indicator == "SUP-GRADED":
        return _count(held, by, lambda g: g["grade"])
    if indicator in ("SUP-3A-SHARE", "SUP-3A-SHARE-RATED"):
        top = sum(1 for g in held if g["grade"] in TOP)
        return {"num": Decimal(top), "den": Decimal(len(active) if indicator == "SUP-3A-SHARE" else len(held))}
    if indicator in ("SUP-PENALTIES", "SUP-FINES"):
        corrected = {p["supersedes"] for p in release.penalties if p["supersedes"] and _day(p["decided_on"]) <= day}
        rows = [p for p in release.penalties if p["id"] not in corrected and in_year(p["decided_on"])]
        if indicator == "SUP-FINES":
            return {"": sum((Decimal(p["amount"]) for p in rows if p["amount"]), Decimal(0))}
        return _count(rows, by, lambda p: p["kind"])
    if indicator == "SUP-SPOT-FINDINGS":
        return _count([f for f in release.findings if in_year(f["published_on"])], by, lambda f: f["conclusion"])
    if indicator == "CRD-LISTED":
        rows = [e for e in release.lists if _day(e["start_on"]) <= day and (not e["end_on"] or _day(e["end_on"]) > day)]
        return _count(rows, by, lambda e: e["list"])
    if indicator == "CRD-LIST-ENTRIES":
        return Counter({"": sum(1 for e in release.lists if in_year(e["start_on"]))})
    if indicator == "CRD-LIST-EXITS":
        return Counter({"": sum(1 for e in release.lists if in_year(e["end_on"]))})
    return None


def _show(value) -> str:
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value.quantize(Decimal("0.01")))


def _share(num, den) -> str:
    return "—" if not den else str((num * 100 / den).quantize(Decimal("0.1"), ROUND_HALF_UP))


def expected(values, indicator, key) -> str | None:
    if indicator == "REG-GROWTH":
        return _share(values["now"] - values["then"], values["then"])
    if indicator in ("SUP-3A-SHARE", "SUP-3A-SHARE-RATED"):
        return _share(values["num"], values["den"])
    if key == "":
        return _show(sum(values.values(), 0))
    return _show(values.get(key, 0))


def check(bulletin: Path, directory: Path, public_key: Path | None = None) -> tuple[list[str], list[str]]:
    """(differences, figures the release does not determine)."""
    problems, unchecked = [], []
    if public_key is not None:
        from stats.release_verify import verify

        problems += verify(directory, public_key.read_bytes())
    meta, figures = read_bulletin(bulletin)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    if meta.get("release_id") != manifest["release"]:
        problems.append(f"release: the bulletin cites {meta.get('release_id')}, this release is "
                        f"{manifest['release']} / 公报引用的发布与此发布不符")
    day, year = date.fromisoformat(meta["as_of"]), int(meta["year"])
    release = Release(directory, meta["division"])
    cache = {}
    for f in figures:
        group = (f["indicator"], f["by"])
        if group not in cache:
            cache[group] = compute(release, f["indicator"], f["by"], day, year)
        values = cache[group]
        if values is None:
            unchecked.append(f"figure {f['n']} ({f['indicator']}): not in the open data / 公开数据中没有")
            continue
        want = expected(values, f["indicator"], f["key"])
        if want != f["value"]:
            problems.append(f"figure {f['n']} ({f['indicator']} {f['by'] or 'total'} {f['key']}): the bulletin says "
                            f"{f['value']}, the open data give {want} / 公报为 {f['value']}，公开数据计算为 {want}")
    return problems, unchecked


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    problems, unchecked = check(Path(argv[0]), Path(argv[1]), Path(argv[2]) if len(argv) == 3 else None)
    for line in problems + unchecked:
        print(line)
    print(f"NOT VERIFIED: {len(problems)} difference(s) / 核验未通过" if problems else
          f"verified from the open data: every checkable figure equal ({len(unchecked)} not in the open data) / "
          "依据公开数据核验通过")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
