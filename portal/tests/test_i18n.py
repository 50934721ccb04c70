"""Chinese by default; English when the visitor chooses it with the header's language switch."""

from datetime import timedelta

from django.utils import timezone

from conftest import PASSWORD


def test_pages_are_in_chinese_by_default(client, world):
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "社会组织登记管理与公示平台" in html and "公示查询" in html and "工作台" in html
    assert 'action="/i18n/setlang/"' in html and "简体中文" in html and "English" in html


def test_model_labels_use_the_official_chinese_terms(client, world):
    html = client.get(f"/org/{world.org_a.uscc}/").content.decode()
    for term in ("统一社会信用代码", "登记管理机关", "法定代表人", "业务主管单位", "住所", "业务范围", "成立登记"):
        assert term in html, term


def test_the_english_switch_changes_the_page_language(client, world):
    response = client.post("/i18n/setlang/", {"language": "en", "next": f"/org/{world.org_a.uscc}/"})
    assert response.status_code == 302 and response["Location"] == f"/org/{world.org_a.uscc}/"
    html = client.get(f"/org/{world.org_a.uscc}/").content.decode()
    assert '<html lang="en">' in html
    assert "Social Organization Registration and Disclosure Platform" in html
    assert "Unified social credit code" in html and "Registration authority" in html and "Social group" in html
    assert "Active" in html and "Establishment registration" in html
    assert "公示查询" not in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "公示查询" in client.get("/").content.decode()


def test_problems_show_the_active_language_first_and_the_other_smaller(client, world):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.login(username="dongcheng", password=PASSWORD)
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    html = client.post(f"/staff/organizations/{world.org_a.uscc}/events/new/",
                       {"kind": "change", "effective_on": future, "domicile": "x"}).content.decode()
    primary, other = html.split("REG-DATE-FUTURE</code>", 1)[1].split('<small class="problem-other">', 1)
    assert "is in the future" in primary
    assert "晚于今天" in other.split("</small>", 1)[0]
