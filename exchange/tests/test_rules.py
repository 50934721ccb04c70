"""The pure rules: division distance along the GB/T 2260 tree, the parts of a match score, stable ids."""

from datetime import date
from decimal import Decimal

import pytest

from exchange import rules


@pytest.mark.parametrize("a, b, expected", [
    ("110101", "110101", (0, False)),
    ("110101", "110102", (2, False)),
    ("110101", "110000", (2, True)),  # by the shape of the codes: 110101 -> 110100 (市辖区) -> 110000
    ("110101", "100000", (3, True)),
    ("130104", "130100", (1, True)),
    ("320505", "320106", (4, False)),
    ("110101", "130104", (6, False)),
])
def test_distance_along_the_division_tree(a, b, expected):
    assert rules.distance(a, b) == expected


def side(area="110101", amount="100", starts=date(2026, 1, 1), ends=date(2026, 1, 10), kind="funds"):
    return rules.Side(kind, "elderly", area, Decimal(amount), starts, ends)


def test_each_part_of_the_score_is_explained_and_they_add_up():
    parts = rules.score(side(), side(area="110102", amount="50", starts=date(2026, 1, 6), kind="goods"),
                        {"110101": ("东城区", "Dongcheng"), "110102": ("西城区", "Xicheng")})
    assert [(p.name, p.points) for p in parts] == [("field", 30), ("kind", 0), ("area", 20),
                                                   ("size", Decimal("10.00")), ("timing", Decimal("5.00"))]
    assert rules.total(parts) == Decimal("65.00")
    assert "西城区与东城区在行政区划树上相距 2 级" == parts[2].zh
    assert "50%" in parts[3].zh and "50%" in parts[4].en


def test_a_resource_of_a_larger_area_contains_the_demand():
    parts = rules.score(side(), side(area="110000"), {"110000": ("北京市", "Beijing"), "110101": ("东城区", "Dongcheng")})
    assert parts[2].points == 25 and parts[2].zh == "资源覆盖北京市，含需求所在的东城区（上溯 1 级）"


def test_a_level_the_division_table_lacks_is_skipped():
    assert rules.distance("110101", "110000", {"110101", "110000"}) == (1, True)
    assert rules.distance("110101", "110102", {"110101", "110102", "110000"}) == (2, False)


def test_ids_are_stable_and_chained():
    assert rules.ocid("ocds-socorg", 12) == "ocds-socorg-000012"
    assert rules.child_id("ocds-socorg-000012", "award") == "ocds-socorg-000012-award-1"


@pytest.mark.parametrize("done, expected", [([], "contacted"), (["contacted"], "agreed"),
                                            (["contacted", "agreed"], "delivered"),
                                            (["contacted", "agreed", "delivered"], None)])
def test_outcomes_go_in_order(done, expected):
    assert rules.next_stage(done) == expected
