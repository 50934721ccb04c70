"""A realistic national register for benchmarks, deterministic by seed.

    python -m bench generate --rows 1000000 --seed 1 --out bench/out/national.csv

Registering authorities are the real current GB/T 2260 divisions (every province, prefecture and county in
divisions/data/divisions.csv, in use today; 民政部 as 100000), weighted roughly like the real register: about
0.2 % of organizations national, 10 % provincial, 30 % city (prefecture) and 60 % county. Types follow the
national mix (about 43 % social groups, 56 % social service agencies, 1 % foundations, the latter only at
the national and provincial level as DOMAIN §1.2 says). USCCs are valid by construction (GB 32100 and
GB 11714 checks; the body is the demo/bench block, so no real organization is named); names are composed
from the authority's region and common field words (registry.demo), unique per authority among active
organizations. About 8 % are removed (注销, 撤销, 吊销) with a status date, and a few carry former names.

The file has the import's Chinese headers; .csv is UTF-8 with BOM, .xlsx (small files) has date cells.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

LEVEL_WEIGHTS = {"national": 0.002, "provincial": 0.10, "city": 0.30, "county": 0.598}
TYPE_LABELS = {"social_group": "社会团体", "social_service_agency": "社会服务机构", "foundation": "基金会"}
STATUS_WEIGHTS = (("正常", 0.92), ("注销", 0.05), ("撤销", 0.02), ("吊销", 0.01))
HEADERS = ("统一社会信用代码", "社会组织名称", "社会组织类型", "登记管理机关", "法定代表人", "成立登记日期", "注册资金",
           "业务主管单位", "住所", "业务范围", "登记状态", "状态日期", "联系电话", "曾用名")
ID_HEADER = "法定代表人身份证号"
# Registrations by mainland civil-affairs departments only (no Taiwan, Hong Kong or Macao authorities).
EXCLUDED_PROVINCES = ("71", "81", "82")
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2025, 12, 31)


def authorities() -> dict[str, list[tuple[str, str, str]]]:
    """(code, region as used in names, authority name) per level, from the real division table."""
    from divisions.loader import read_rows
    from divisions.models import Division, Level

    levels = {"省级": Level.PROVINCIAL, "地级": Level.CITY, "县级": Level.COUNTY}
    by_level: dict[str, list[tuple[str, str, str]]] = {"national": [("100000", "中国", "民政部")]}
    seen = set()
    for row in read_rows():
        code = row["代码"]
        if row["状态"] != "在用" or code in seen or code[:2] in EXCLUDED_PROVINCES or row["级别"] not in levels:
            continue
        seen.add(code)
        division = Division(code=code, name=row["名称"], level=levels[row["级别"]],
                            province_name=row["一级行政区"], prefecture_name=row["二级行政区"])
        if division.name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue  # statistical groupings, not authorities
        by_level.setdefault(str(division.level), []).append((code, division.full_name, division.authority_name))
    for entries in by_level.values():
        entries.sort()
    return by_level


def _key(code: str, name: str) -> int:
    """A stable 64-bit key (Python's own str hash changes between processes; the output must not)."""
    return int.from_bytes(hashlib.blake2b(f"{code}|{name}".encode(), digest_size=8).digest(), "big")


def _id_number(rng: random.Random, region: str, born: date) -> str:
    """A valid GB 11643 number (python-stdnum checks the birth place existed on the birth date)."""
    from stdnum.cn import ric

    body = f"{region}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    number = body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit
    try:
        valid = ric.is_valid(number)
    except KeyError:  # stdnum knows the prefecture but not the county
        valid = False
    if not valid:
        body = f"110101{born:%Y%m%d}{body[-3:]}"
        number = body + ric.calc_check_digit(body + "0")
    return number


def generate(rows: int, seed: int = 1, *, with_ids: bool = False) -> Iterator[list]:
    """Yield ``rows`` spreadsheet rows (values in HEADERS order), the same for the same seed."""
    from divisions.models import level_of_code
    from registry.demo import (
        AGENCY_FORMS,
        FIELDS,
        GROUP_FORMS,
        TRADE_NAMES,
        org_body,
        person_name,
        supervisor_of,
    )
    from registry.uscc import CATEGORY_BY_TYPE, make_uscc

    rng = random.Random(seed)
    pools = authorities()
    levels = list(LEVEL_WEIGHTS)
    level_weights = list(LEVEL_WEIGHTS.values())
    statuses = [s for s, _ in STATUS_WEIGHTS]
    status_weights = [w for _, w in STATUS_WEIGHTS]
    span = (LAST_DAY - FIRST_DAY).days
    taken: set[int] = set()  # hashes of (authority, name) among active organizations
    for index in range(rows):
        level = rng.choices(levels, level_weights)[0]
        roll = rng.random()
        if level in ("national", "provincial"):
            org_type = "foundation" if roll < 0.10 else "social_group" if roll < 0.60 else "social_service_agency"
        else:
            org_type = "social_group" if roll < 0.42 else "social_service_agency"
        code, region, authority_name = rng.choice(pools[level])
        field = rng.choice(FIELDS)
        if org_type == "social_group":
            stem, form = f"{region}{field}", rng.choice(GROUP_FORMS)
        elif org_type == "foundation":
            stem, form = f"{region}{rng.choice(TRADE_NAMES)}{field}", "基金会"
        else:
            stem, form = f"{region}{rng.choice(TRADE_NAMES)}{field}", rng.choice(AGENCY_FORMS)
        status = rng.choices(statuses, status_weights)[0]
        name = stem + form
        key = _key(code, name)
        if status == "正常":
            if key in taken:
                name = f"{stem}第{index + 1}{form}"
                key = _key(code, name)
            taken.add(key)
        founded = FIRST_DAY + timedelta(days=rng.randint(0, span))
        status_date = ""
        if status != "正常":
            status_date = (founded + timedelta(days=rng.randint(0, (LAST_DAY - founded).days))).isoformat()
        funds = rng.choice((30000, 50000, 100000, 300000, 1000000, 2000000, 4000000, 8000000))
        if org_type == "foundation":
            funds = max(funds, 4000000 if level == "provincial" else 8000000)
        former = f"{region}{rng.choice(FIELDS)}{form}" if rng.random() < 0.03 else ""
        row = [
            make_uscc(CATEGORY_BY_TYPE[org_type], code, org_body(index)), name, TYPE_LABELS[org_type],
            authority_name if rng.random() < 0.5 else code, person_name(rng), founded.isoformat(),
            f"{funds / 10000:g}万元" if rng.random() < 0.3 else str(funds),
            "" if rng.random() < 0.4 else supervisor_of(field, region), f"{region}某某路{rng.randint(1, 999)}号",
            f"开展{field}领域的交流、培训、咨询和公益服务", status, status_date,
            f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}", former if former != name else "",
        ]
        if with_ids:
            born = date(1982, 1, 1) + timedelta(days=rng.randint(0, 365 * 20))
            row.append(_id_number(rng, code if level_of_code(code) == "county" else "110101", born))
        yield row


def write(path, rows: int, seed: int = 1, *, with_ids: bool = False, progress=None) -> Path:
    """Write the register to ``path`` (.csv, UTF-8 with BOM; or .xlsx with date cells)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    headers = list(HEADERS) + ([ID_HEADER] if with_ids else [])
    data = generate(rows, seed, with_ids=with_ids)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("社会组织")
        sheet.append(headers)
        for i, row in enumerate(data, 1):
            row[5] = date.fromisoformat(row[5])
            row[11] = date.fromisoformat(row[11]) if row[11] else None
            sheet.append(row)
            if progress and i % 10000 == 0:
                progress(i)
        book.save(path)
    else:
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(headers)
            for i, row in enumerate(data, 1):
                out.writerow(row)
                if progress and i % 10000 == 0:
                    progress(i)
    return path
