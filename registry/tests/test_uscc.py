"""Real codes: 175 foundations' USCCs must pass every social-organization check; 200 real business codes pass
the GB 32100 check character but are refused as social-organization codes (USCC-DEPT)."""

import csv
from pathlib import Path

import pytest

from registry.uscc import check_code_characters, check_social_org_uscc
from registry.validation import division_exists

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "uscc"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="the shared real-data directory is not present")


def foundation_codes() -> list[str]:
    with (SHARED / "foundations_sample.tsv").open(encoding="utf-8", newline="") as fh:
        return [row["nacao_uscc"].strip() for row in csv.DictReader(fh, delimiter="\t")]


def stdnum_codes() -> list[str]:
    return [line.strip() for line in (SHARED / "stdnum_valid_uscc.txt").read_text().splitlines() if line.strip()]


def test_all_175_real_foundation_codes_are_accepted(db):
    codes = foundation_codes()
    refused = {code: [str(p) for p in check_social_org_uscc(code, "foundation", division_exists)] for code in codes}

    assert len(codes) == 175
    assert {code: problems for code, problems in refused.items() if problems} == {}


def test_real_foundation_codes_include_national_and_old_style_registrations():
    codes = foundation_codes()

    assert any(code[2:8] == "100000" for code in codes)
    assert any(code[8:10] == "MJ" for code in codes) and any(code[8:10] != "MJ" for code in codes)


def test_200_real_business_codes_pass_the_check_character(db):
    codes = stdnum_codes()

    assert len(codes) == 200
    assert {code: check_code_characters(code) for code in codes if check_code_characters(code)} == {}


def test_real_business_codes_are_refused_as_not_civil_affairs(db):
    for code in stdnum_codes():
        problems = check_social_org_uscc(code, None, division_exists)
        assert [p.code for p in problems] == ["USCC-DEPT"], code
        assert problems[0].field == "uscc" and "登记管理部门码不是民政" in problems[0].zh
        assert problems[0].en.startswith("registration department is not civil affairs")
