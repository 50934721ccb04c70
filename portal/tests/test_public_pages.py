"""Public pages: anyone may read them, and they show only public fields, whoever is logged in."""


from conftest import PASSWORD
from registry.demo import org_body
from registry.services import record_event, register_organization
from registry.uscc import make_uscc

ID_NUMBER = "11010519491231002X"  # the world's org_a legal representative


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def test_home_has_a_search_box_and_counts_by_type(client, world):
    html = page(client, "/")
    assert 'action="/search/"' in html and 'name="q"' in html
    assert "社会团体" in html and "基金会" in html and "社区社会组织" in html
    assert "正常状态社会组织" in html


def test_search_finds_by_name_substring(client, world):
    html = page(client, "/search/?q=110101第1号")
    assert world.org_a.name in html
    assert world.org_b.name not in html


def test_search_finds_by_uscc_prefix(client, world):
    html = page(client, f"/search/?q={world.org_b.uscc[:12].lower()}")
    assert world.org_b.name in html
    assert world.org_a.name not in html


def test_search_results_show_code_type_authority_and_status(client, world):
    html = page(client, f"/search/?q={world.org_a.uscc}")
    assert world.org_a.uscc in html and "社会团体" in html and "北京市东城区民政局" in html
    assert "standing-ok" in html and "正常" in html  # the standing badge (status and credit lists)


def test_removed_organizations_stay_findable_with_their_status(client, world):
    record_event(world.admin, world.org_b, kind="deregistration", effective_on="2022-03-01", reason="自行解散")
    html = page(client, f"/search/?q={world.org_b.uscc}")
    assert world.org_b.name in html and "已注销" in html
    html = page(client, "/search/?status=deregistered")
    assert world.org_b.name in html and world.org_a.name not in html


def test_htmx_search_returns_only_the_results(client, world):
    response = client.get("/search/?q=测试", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"') and "<html" not in html
    assert world.org_a.name in html


def test_public_page_shows_the_public_fields(client, world):
    org = world.org_a
    html = page(client, f"/org/{org.uscc}/")
    for text in (org.name, org.uscc, "社会团体", "县级", "北京市东城区民政局", org.legal_rep_name, org.domicile,
                 "2015-06-01", "正常", "自 2015-06-01 起", "成立登记"):
        assert text in html, text
    assert "以下为" not in html


def test_public_page_shows_a_masked_phone_and_never_the_id_number(client, world):
    html = page(client, f"/org/{world.org_a.uscc}/")
    assert "138****8000" in html
    assert "13800138000" not in html
    assert ID_NUMBER not in html and "002X" not in html
    assert world.org_a.legal_rep_id_hash not in html


def test_public_page_hides_the_id_number_and_phone_also_from_a_logged_in_officer(client, world):
    client.login(username="dongcheng", password=PASSWORD)
    html = page(client, f"/org/{world.org_a.uscc}/")
    assert "13800138000" not in html and ID_NUMBER not in html and "138****8000" in html


def test_history_never_shows_the_id_number_or_its_hash(client, world):
    record_event(world.admin, world.org_a, kind="leadership_change", effective_on="2021-05-01", reason="换届",
                 changes={"legal_rep_name": "李四", "legal_rep_id": "110101199003074477"},
                 decision_number="京东民社〔2021〕5号")
    world.org_a.refresh_from_db()
    html = page(client, f"/org/{world.org_a.uscc}/")
    assert "换届" in html and "京东民社〔2021〕5号" in html and "李四" in html
    assert "110101199003074477" not in html and world.org_a.legal_rep_id_hash not in html
    assert "已变更（不公示）" in html


def test_registered_funds_are_shown_in_wan_yuan(client, world):
    world.org_a.refresh_from_db()
    html = page(client, f"/org/{world.org_a.uscc}/")
    from portal.display import money

    assert world.org_a.registered_funds is not None
    assert money(world.org_a.registered_funds) in html
    assert "万元" in html or " 元" in html


def test_unknown_code_is_404(client, world):
    html = page(client, "/org/51110101MJ0000000R/", status=404)
    assert "未找到" in html


def test_a_demo_organization_carries_the_demo_badge(client, world):
    row = {"uscc": make_uscc("2", "110101", org_body(4343)), "org_type": "social_service_agency", "authority": "110101",
           "name": "东城区演示服务中心", "legal_rep_name": "王五", "domicile": "东城区某路1号",
           "founded_on": "2019-01-02"}
    demo = register_organization(world.admin, row, is_demo=True)
    assert "演示数据 DEMO" in page(client, f"/org/{demo.uscc}/")
    assert "演示数据 DEMO" in page(client, "/search/?q=演示服务中心")
    assert "演示数据 DEMO" not in page(client, f"/org/{world.org_a.uscc}/")


def test_community_org_page_shows_its_filing_number_street_and_community(client, world):
    row = {"org_type": "community_org", "authority": "110101", "name": "东城区景山街道读书会",
           "legal_rep_name": "赵六", "domicile": "景山街道活动室", "founded_on": "2020-02-02",
           "street": "景山街道", "community": "吉祥社区", "phone": "010-64001234"}
    org = register_organization(world.admin, row)
    html = page(client, f"/org/{org.filing_number}/")
    assert "备案编号" in html and org.filing_number in html
    assert "景山街道" in html and "吉祥社区" in html and "负责人" in html
    assert "010-64001234" not in html


def test_as_of_shows_the_name_and_status_of_that_day(client, world):
    org = world.org_a
    old_name = org.name
    record_event(world.admin, org, kind="change", effective_on="2020-01-01", changes={"name": "东城区新名称协会"})
    record_event(world.admin, org, kind="deregistration", effective_on="2023-01-01", reason="自行解散")

    html = page(client, f"/org/{org.uscc}/?as_of=2019-06-30")
    assert "以下为 2019-06-30 时的登记信息" in html
    assert f"<h1>{old_name}</h1>" in html and "东城区新名称协会" not in html
    assert "正常" in html and "已注销" not in html

    html = page(client, f"/org/{org.uscc}/?as_of=2021-06-30")
    assert "<h1>东城区新名称协会</h1>" in html and old_name in html  # former name then
    assert "自 2015-06-01 起" in html

    html = page(client, f"/org/{org.uscc}/")
    assert "<h1>东城区新名称协会</h1>" in html and "已注销" in html and "自 2023-01-01 起" in html
    assert "曾用名" in html and old_name in html


def test_as_of_before_founding_is_404(client, world):
    html = page(client, f"/org/{world.org_a.uscc}/?as_of=2015-05-31", status=404)
    assert "尚未成立" in html and "2015-06-01" in html


def test_as_of_on_the_founding_day_shows_the_organization(client, world):
    assert "以下为 2015-06-01 时的登记信息" in page(client, f"/org/{world.org_a.uscc}/?as_of=2015-06-01")


def test_a_malformed_or_future_as_of_is_a_bilingual_400(client, world):
    html = page(client, f"/org/{world.org_a.uscc}/?as_of=yesterday", status=400)
    assert "“yesterday”无效" in html and "invalid date 'yesterday'" in html.replace("&#x27;", "'")
    assert world.org_a.legal_rep_name not in html
    html = page(client, f"/org/{world.org_a.uscc}/?as_of=2999-01-01", status=400)
    assert "晚于今天" in html and "is after today" in html


def test_the_as_of_page_has_a_date_picker(client, world):
    html = page(client, f"/org/{world.org_a.uscc}/")
    assert 'type="date"' in html and 'name="as_of"' in html
