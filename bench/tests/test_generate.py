"""The benchmark register generator: deterministic by seed, valid, and shaped like the real register."""

import collections
import hashlib
from datetime import date

import pytest

from bench.generate import HEADERS, LEVEL_WEIGHTS, authorities, generate, write
from divisions.models import level_of_code
from registry import imports
from registry.uscc import check_social_org_uscc
from registry.validation import DivisionLookup


def digest(rows) -> str:
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_the_same_seed_gives_the_same_register_and_another_seed_another():
    assert digest(generate(500, 7)) == digest(generate(500, 7))
    assert digest(generate(500, 7)) != digest(generate(500, 8))


def test_files_are_identical_for_the_same_seed(tmp_path):
    first, second = write(tmp_path / "a.csv", 300, 3), write(tmp_path / "b.csv", 300, 3)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"\xef\xbb\xbf")


def test_authorities_are_the_real_current_divisions_at_every_level():
    pools = authorities()
    assert pools["national"] == [("100000", "中国", "民政部")]
    assert len(pools["provincial"]) == 31  # mainland provinces, municipalities and autonomous regions
    assert len(pools["city"]) > 300 and len(pools["county"]) > 2800
    assert ("110101", "北京市东城区", "北京市东城区民政局") in pools["county"]
    assert all(level_of_code(code) == level for level, entries in pools.items() for code, _, _ in entries)


def test_levels_types_and_statuses_are_weighted_like_the_real_register():
    rows = list(generate(20000, 1))
    levels = collections.Counter(level_of_code(r[0][2:8]) for r in rows)
    for level, weight in LEVEL_WEIGHTS.items():
        assert abs(levels[level] / len(rows) - weight) < 0.015, (level, levels[level])
    types = collections.Counter(r[2] for r in rows)
    assert set(types) == {"社会团体", "社会服务机构", "基金会"} and 0.003 < types["基金会"] / len(rows) < 0.03
    assert all(level_of_code(r[0][2:8]) in ("national", "provincial") for r in rows if r[2] == "基金会")
    statuses = collections.Counter(r[10] for r in rows)
    assert 0.88 < statuses["正常"] / len(rows) < 0.96 and statuses["注销"] and statuses["撤销"] and statuses["吊销"]
    assert all(r[11] >= r[5] for r in rows if r[11])


def test_codes_are_valid_and_unique_and_active_names_unique_per_authority():
    rows = list(generate(5000, 2))
    assert len({r[0] for r in rows}) == len(rows)
    type_by_label = {"社会团体": "social_group", "社会服务机构": "social_service_agency", "基金会": "foundation"}
    for r in rows:
        assert check_social_org_uscc(r[0], type_by_label[r[2]], lambda code: True) == [], r
    active = [(r[0][2:8], r[1]) for r in rows if r[10] == "正常"]
    assert len(set(active)) == len(active)


@pytest.mark.django_db
def test_a_generated_file_passes_the_import_validation_with_names_resolving_to_the_code(tmp_path):
    path = write(tmp_path / "register.csv", 3000, 5, with_ids=True)
    result = imports.run_import(path, options=imports.Options(dry_run=True))
    assert result.ok, [str(p) for p in result.errors[:5]]
    assert result.total_rows == 3000
    lookup = DivisionLookup()
    named = [row for row in generate(3000, 5) if not row[3].isdigit()]
    assert named and all(lookup.find(row[3]).code == row[0][2:8] for row in named), named[:3]


@pytest.mark.django_db
def test_a_small_register_can_be_written_as_xlsx_with_date_cells(tmp_path):
    from openpyxl import load_workbook

    path = write(tmp_path / "register.xlsx", 50, 1)
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS) and len(rows) == 51
    assert isinstance(rows[1][5], date)
    assert imports.run_import(path, options=imports.Options(dry_run=True)).ok
