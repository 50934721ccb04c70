"""Search finds what users type (issue 9, item 10): pinyin and initials inside a name, filing-number prefixes,
several words all required, and ?as_of= together with ?q= — through the API and the public search page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import org_row
from registry.search import segmentations
from registry.services import record_event, register_organization

API = "/api/v1/organizations/"
WEB = "/search/"


@pytest.fixture
def named(world):
    def reg(authority, index, name, **kw):
        return register_organization(world.admin, org_row(authority, index, name=name, **kw))

    return {
        "kangfu": reg("110101", 41, "北京市东城区康复协会", founded_on="2010-03-01"),
        "cjr": reg("110102", 42, "西城区残疾人服务中心", org_type="social_service_agency", founded_on="2012-05-01"),
        "beijing": reg("110000", 43, "北京市书画研究会", founded_on="2018-01-10"),
        "tianjin": reg("120000", 44, "天津市康复医学会", founded_on="2016-01-10"),
        "late": reg("110101", 45, "东城区康复志愿者协会", founded_on="2021-09-01"),
    }


def api_names(api, **params):
    response = api.get(API, params)
    assert response.status_code == 200, response.content
    return [r["name"] for r in response.json()["results"]]


def web_html(client, **params):
    response = client.get(WEB, params)
    assert response.status_code == 200
    return response.content.decode()


def test_reading_pinyin_as_syllables():
    assert (["kang", "fu"], "") in segmentations("kangfu")
    assert (["xian"], "") in segmentations("xian") and (["xi", "an"], "") in segmentations("xian")
    assert (["kang"], "f") in segmentations("kangf")
    assert segmentations("cjr") == []


@pytest.mark.parametrize("q", ["kangfu", "KangFu", "kangf", "dongchengqukangfu", "kfxh", "qkf"])
def test_pinyin_and_initials_find_a_name_from_inside(api, named, q):
    assert "北京市东城区康复协会" in api_names(api, q=q)


def test_initials_find_a_word_inside_a_name(api, client, named):
    assert api_names(api, q="cjr") == ["西城区残疾人服务中心"]
    assert "西城区残疾人服务中心" in web_html(client, q="cjr")


def test_inside_matches_start_at_a_syllable(api, named):
    assert "北京市东城区康复协会" not in api_names(api, q="angfu")  # kANGFU: not from a syllable start
    assert "北京市东城区康复协会" not in api_names(api, q="kangfuzhongxin")


def test_names_beginning_with_the_pinyin_rank_first(api, named):
    results = api.get(API, {"q": "kangfu"}).json()["results"]
    assert {r["name"] for r in results} >= {"北京市东城区康复协会", "天津市康复医学会", "东城区康复志愿者协会"}
    assert all(r["match"] == "pinyin" for r in results)
    assert "北京市书画研究会" not in {r["name"] for r in results}


def test_the_web_search_page_finds_pinyin_inside_a_name(client, named):
    html = web_html(client, q="kangfu")
    assert "北京市东城区康复协会" in html and "天津市康复医学会" in html
    assert "北京市书画研究会" not in html


def test_filing_number_prefix(api, client, world):
    org = register_organization(world.admin, org_row("110101", 46, name="东城区和平里社区舞蹈队",
                                                     org_type="community_org", uscc="", street="和平里街道"))
    assert org.filing_number.startswith("BA110101")
    for q in (org.filing_number, org.filing_number[:6], "ba1101", org.filing_number[:10]):
        results = api.get(API, {"q": q}).json()["results"]
        assert [r["name"] for r in results] == ["东城区和平里社区舞蹈队"], q
        assert results[0]["match"] == "code"
    assert "东城区和平里社区舞蹈队" in web_html(client, q="BA1101")
    assert api_names(api, q="BA1201") == []


def test_several_words_are_all_required(api, client, named):
    assert api_names(api, q="北京 康复") == ["北京市东城区康复协会"]
    assert set(api_names(api, q="康复 协会")) == {"北京市东城区康复协会", "东城区康复志愿者协会"}
    assert api_names(api, q="北京 医学") == []
    assert api_names(api, q="beijing kangfu") == ["北京市东城区康复协会"]
    assert api_names(api, q="天津 kangfu") == ["天津市康复医学会"]
    assert api.get(API, {"q": "北京  康复"}).json()["results"][0]["match"] == "words"
    html = web_html(client, q="北京 康复")
    assert "北京市东城区康复协会" in html and "天津市康复医学会" not in html and "北京市书画研究会" not in html


def test_as_of_applies_with_q_in_the_api(api, named, world):
    assert set(api_names(api, q="康复")) == {"北京市东城区康复协会", "天津市康复医学会", "东城区康复志愿者协会"}
    assert set(api_names(api, q="康复", as_of="2020-01-01")) == {"北京市东城区康复协会", "天津市康复医学会"}
    assert api_names(api, q="康复", as_of="2011-01-01") == ["北京市东城区康复协会"]
    assert set(api_names(api, q="kangfu", as_of="2020-01-01")) == {"北京市东城区康复协会", "天津市康复医学会"}
    # The name and status shown are those of that day.
    record_event(world.admin, named["tianjin"], kind="change", effective_on="2022-01-01", reason="更名",
                 changes={"name": "天津市康复医学研究会"})
    record_event(world.admin, named["kangfu"], kind="deregistration", effective_on="2023-06-01", reason="解散")
    [row] = api.get(API, {"q": "天津 康复", "as_of": "2020-01-01"}).json()["results"]
    assert row["name"] == "天津市康复医学会" and row["as_of"] == "2020-01-01"
    assert api_names(api, q="康复", status="deregistered") == ["北京市东城区康复协会"]
    assert api_names(api, q="康复", status="deregistered", as_of="2020-01-01") == []
    assert "北京市东城区康复协会" in api_names(api, q="康复", status="active", as_of="2020-01-01")


def test_as_of_applies_with_q_on_the_web_page(client, named, world):
    record_event(world.admin, named["tianjin"], kind="change", effective_on="2022-01-01", reason="更名",
                 changes={"name": "天津市康复医学研究会"})
    html = web_html(client, q="康复", as_of="2020-01-01")
    assert "北京市东城区康复协会" in html and "天津市康复医学会" in html
    assert "天津市康复医学研究会" not in html and "东城区康复志愿者协会" not in html
    assert "2020-01-01" in html
    assert "东城区康复志愿者协会" in web_html(client, q="康复")
    browse = web_html(client, as_of="2011-01-01")
    assert "北京市东城区康复协会" in browse and "西城区残疾人服务中心" not in browse


@pytest.mark.parametrize("bad", ["2020-13-01", "yesterday", "2020-2-30", "20200101"])
def test_an_invalid_as_of_with_q_is_a_bilingual_400(api, client, named, bad):
    response = api.get(API, {"q": "康复", "as_of": bad})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == "AS-OF-FORMAT" and error["field"] == "as_of"
    assert "YYYY-MM-DD" in error["message_zh"] and "YYYY-MM-DD" in error["message_en"]
    page = client.get(WEB, {"q": "康复", "as_of": bad})
    assert page.status_code == 400
    html = page.content.decode()
    assert "YYYY-MM-DD" in html and "应为实际存在的日期" in html and "real calendar date" in html


def test_a_future_as_of_with_q_is_a_400(api, client, named):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = api.get(API, {"q": "康复", "as_of": tomorrow})
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "AS-OF-FUTURE"
    page = client.get(WEB, {"q": "康复", "as_of": tomorrow})
    assert page.status_code == 400 and "晚于今天" in page.content.decode()
    assert api.get(API, {"q": "康复", "as_of": timezone.localdate().isoformat()}).status_code == 200
