import csv
from pathlib import Path

from divisions.loader import load_divisions
from divisions.models import Division, DivisionName, subtree_q

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "divisions"


def test_the_whole_published_history_is_loaded_by_migration(db):
    with (SHARED / "result.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert DivisionName.objects.count() == len(rows) == 6823
    assert Division.objects.exclude(level="national").count() == len({r["代码"] for r in rows})
    current = (SHARED / "by-year" / "2024.txt").read_text(encoding="utf-8").split("\n")
    in_use = {line.split()[0] for line in current if line.strip()}
    assert set(Division.objects.in_use().exclude(level="national").values_list("code", flat=True)) == in_use


def test_the_product_copy_is_identical_to_the_shared_source():
    product = Path(__file__).resolve().parents[1] / "data" / "divisions.csv"
    assert product.read_bytes() == (SHARED / "result.csv").read_bytes()


def test_retired_codes_keep_their_validity_years_and_successor(db):
    chongwen = Division.objects.get(code="110103")
    assert (chongwen.name, chongwen.status, chongwen.end_year, chongwen.successors) == ("崇文区", "retired", 2010, "110101")
    assert chongwen.parent_id == "110000"


def test_tree_links_counties_to_prefectures_and_provinces_to_the_nation(db):
    assert Division.objects.get(code="130104").parent_id == "130100"
    assert Division.objects.get(code="130100").parent_id == "130000"
    assert Division.objects.get(code="130000").parent_id == "100000"
    assert Division.objects.get(code="100000").level == "national"


def test_loading_again_changes_nothing(db):
    before = (Division.objects.count(), DivisionName.objects.count())
    load_divisions()
    assert (Division.objects.count(), DivisionName.objects.count()) == before


def test_subtree_selects_a_province_a_city_or_one_county(db):
    beijing = set(Division.objects.filter(subtree_q("code", "110000")).values_list("code", flat=True))
    assert "110101" in beijing and "120101" not in beijing
    shijiazhuang = set(Division.objects.filter(subtree_q("code", "130100")).values_list("code", flat=True))
    assert "130104" in shijiazhuang and "130200" not in shijiazhuang
    assert set(Division.objects.filter(subtree_q("code", "110101")).values_list("code", flat=True)) == {"110101"}
    assert Division.objects.filter(subtree_q("code", "100000")).count() == Division.objects.count()
