"""Load the GB/T 2260 table shipped in divisions/data/ (see its README for provenance)."""

import csv
from pathlib import Path

from django.db import transaction

from .models import NATIONAL_CODES, Division, DivisionName, Level, Status, level_of_code

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions.csv"
_LEVELS = {"省级": Level.PROVINCIAL, "地级": Level.CITY, "县级": Level.COUNTY}
_STATUS = {"在用": Status.IN_USE, "弃用": Status.RETIRED, "变更": Status.RENAMED}


def read_rows(path: Path = DATA_FILE) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def load_divisions(path: Path = DATA_FILE, division_model=Division, name_model=DivisionName) -> tuple[int, int]:
    """Insert or refresh every division and name row. Idempotent. Returns (divisions, name rows).

    The model classes are parameters so that the data migration can pass its historical models.
    """
    Division, DivisionName = division_model, name_model  # noqa: N806
    rows = read_rows(path)
    by_code: dict[str, list[dict]] = {}
    for row in rows:
        by_code.setdefault(row["代码"], []).append(row)

    divisions: dict[str, Division] = {}
    for code, code_rows in by_code.items():
        # The row still in use wins; otherwise the latest one describes the code.
        code_rows.sort(key=lambda r: (r["状态"] == "在用", int(r["启用时间"])))
        latest = code_rows[-1]
        ends = [int(r["变更/弃用时间"]) for r in code_rows if r["变更/弃用时间"]]
        divisions[code] = Division(
            code=code,
            name=latest["名称"],
            level=_LEVELS.get(latest["级别"], level_of_code(code)),
            province_name=latest["一级行政区"],
            prefecture_name=latest["二级行政区"],
            start_year=min(int(r["启用时间"]) for r in code_rows),
            end_year=None if latest["状态"] in ("在用", "变更") and not latest["变更/弃用时间"] else max(ends),
            status=_STATUS[latest["状态"]],
            successors=latest["新代码"],
        )
    for code in NATIONAL_CODES:
        divisions[code] = Division(
            code=code, name="中华人民共和国" if code == "100000" else "中华人民共和国（100001）",
            level=Level.NATIONAL, start_year=1949, status=Status.IN_USE,
        )
    for code, division in divisions.items():
        division.parent_id = _parent_code(code, divisions)

    existing = set(Division.objects.values_list("code", flat=True))
    new = [d for c, d in divisions.items() if c not in existing]
    # Parents first, so the self-reference is satisfied on databases that check it immediately.
    order = {Level.NATIONAL: 0, Level.PROVINCIAL: 1, Level.CITY: 2, Level.COUNTY: 3}
    new.sort(key=lambda d: order[d.level])
    Division.objects.bulk_create(new, batch_size=1000)
    old = [d for c, d in divisions.items() if c in existing]
    Division.objects.bulk_update(
        old,
        ["name", "level", "parent", "province_name", "prefecture_name", "start_year", "end_year", "status",
         "successors"],
        batch_size=1000,
    )

    have = set(DivisionName.objects.values_list("division_id", "name", "start_year"))
    names = [
        DivisionName(
            division_id=r["代码"], name=r["名称"], start_year=int(r["启用时间"]),
            end_year=int(r["变更/弃用时间"]) if r["变更/弃用时间"] else None,
            status=_STATUS[r["状态"]], successors=r["新代码"],
        )
        for r in rows
        if (r["代码"], r["名称"], int(r["启用时间"])) not in have
    ]
    DivisionName.objects.bulk_create(names, batch_size=1000)
    return len(divisions), DivisionName.objects.count()


def _parent_code(code: str, known: dict) -> str | None:
    level = level_of_code(code)
    if level == Level.NATIONAL:
        return None
    if level == Level.PROVINCIAL:
        return "100000"
    if level == Level.CITY:
        return code[:2] + "0000" if code[:2] + "0000" in known else "100000"
    prefecture = code[:4] + "00"
    if prefecture in known:
        return prefecture
    return code[:2] + "0000" if code[:2] + "0000" in known else "100000"
