"""Public search: names, former names, pinyin, initials, traditional characters, USCC; ranked by tier."""

import pytest

from conftest import org_row
from registry.search import Filters, search
from registry.services import record_event, register_organization


@pytest.fixture
def named(world):
    def reg(authority, index, name, **kw):
        return register_organization(world.admin, org_row(authority, index, name=name, **kw))

    return {
        "exact": reg("110000", 11, "北京市慈善协会"),
        "prefix": reg("110000", 12, "北京市慈善协会联合会"),
        "substring": reg("110101", 13, "东城区北京市慈善协会之友"),
        "other": reg("110102", 14, "西城区书画研究会"),
        "foundation": reg("110000", 15, "北京市明德教育基金会", org_type="foundation"),
    }


def names(results):
    return [o.name for o in results]


def test_exact_ranks_before_prefix_before_substring(named):
    result = search("北京市慈善协会")
    assert names(result)[:3] == ["北京市慈善协会", "北京市慈善协会联合会", "东城区北京市慈善协会之友"]
    assert [o.match_tier for o in result[:3]] == ["exact", "prefix", "substring"]


@pytest.mark.parametrize("query", ["慈", "慈善", "善协", "慈善协会"])
def test_one_two_and_four_character_substrings_are_found(named, query):
    assert "北京市慈善协会" in names(search(query, limit=50))


def test_a_non_contiguous_query_does_not_match(named):
    assert "北京市慈善协会" not in names(search("慈协", limit=50))


@pytest.mark.parametrize("query", ["beijingshicishanxiehui", "bjscsxh", "BJSCSXH", "beijingshi"])
def test_full_pinyin_and_initials_find_the_organization(named, query):
    assert "北京市慈善协会" in names(search(query, limit=50))


def test_traditional_characters_find_simplified_names(named):
    assert "北京市慈善协会" in names(search("慈善協會"))
    assert "西城区书画研究会" in names(search("書畫研究會"))


def test_uscc_exact_and_prefix(named):
    code = named["other"].uscc
    assert names(search(code)) == ["西城区书画研究会"]
    assert "西城区书画研究会" in names(search(code[:8], limit=100))


def test_former_names_are_found_after_a_rename(named, world):
    record_event(world.admin, named["other"], kind="change", effective_on="2020-01-01",
                 changes={"name": "西城区书法艺术研究会"}, reason="更名")
    assert "西城区书法艺术研究会" in names(search("书画研究"))
    assert "西城区书法艺术研究会" in names(search("书法艺术"))


def test_filters_combine_with_the_query(named):
    assert names(search("慈善", Filters(division="110101"))) == ["东城区北京市慈善协会之友"]
    assert names(search("北京市", Filters(org_type="foundation"))) == ["北京市明德教育基金会"]
    assert search("慈善", Filters(division="130000")) == []


def test_removed_organizations_stay_findable_with_their_status(named, world):
    record_event(world.admin, named["other"], kind="deregistration", effective_on="2024-01-01", reason="解散")
    [found] = search("西城区书画研究会")
    assert found.status == "deregistered"
    assert search("西城区书画研究会", Filters(status="active")) == []


def test_pages_do_not_repeat_results(named):
    first, second = search("协会", limit=2), search("协会", limit=2, offset=2)
    assert not set(names(first)) & set(names(second))
