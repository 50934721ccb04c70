"""Jurisdiction settings, without a developer: an officer sees every setting in force for their division (label
in Chinese and English, value in words, national default, local or inherited, legal basis) and the divisions
below it, and sets a local value through a service that needs a reason and is audited."""

import html
from datetime import date, timedelta

import pytest
from django.test import Client

from audit.models import AuditEvent
from divisions import settings_info
from divisions.models import JurisdictionSetting
from divisions.policy import setting
from portal.queries import setting_keys
from socorg.tests.site_walk import parse

OWN = "/staff/settings/"


def client(user):
    c = Client()
    c.force_login(user)
    return c


def page(user, url=OWN):
    response = client(user).get(url)
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def edit(user, division, key, **data):
    return client(user).post(f"/staff/settings/{division}/{key}/", data)


def state():
    return JurisdictionSetting.objects.count(), AuditEvent.objects.count()


def test_the_page_lists_every_setting_in_words_with_default_source_and_basis(world):
    body = page(world.county_a)
    assert "北京市东城区民政局" in body
    keys = setting_keys()
    assert {"ANNUAL_REVIEW_MODE", "ANNUAL_REPORT_DEADLINE_MMDD", "CREDIT_NOTICE_DAYS", "RATING_PUBLICITY_DAYS",
            "SPOT_CHECK_MIN_RATE_COUNTY", "LEADERSHIP_AUDIT_BEFORE"} <= set(keys)
    for key in keys:
        info = settings_info.INFO[key]
        assert info.label_zh in body and info.label_en in body, key
        assert key not in body.replace(f'id="setting-{key.lower()}"', "").replace(f"/{key}/", ""), key
    assert "年度工作报告报送截止日" in body and "5月31日" in body and "民政部令第60号" in body
    assert "全国默认值" in body and "本级设定" not in body


def test_a_local_value_needs_a_reason_and_is_audited(world):
    before = state()
    response = edit(world.county_a, "110101", "ANNUAL_REVIEW_MODE", value="report", reason="")
    assert response.status_code == 400 and "SETTING-REASON" in response.content.decode()
    assert state() == before

    response = edit(world.county_a, "110101", "ANNUAL_REVIEW_MODE", value="report",
                    reason="东城区民政局关于实行年报制度的通知")
    assert response.status_code == 302
    assert setting("ANNUAL_REVIEW_MODE", "110101").value == "report"
    assert setting("ANNUAL_REVIEW_MODE", "110102").value == "inspection"  # the other county is untouched
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "setting.set" and event.actor_label == world.county_a.username
    assert event.reason == "东城区民政局关于实行年报制度的通知"
    assert (event.before["value"], event.after["value"]) == ("inspection", "report")
    body = page(world.county_a)
    assert "本级设定" in body and "年度报告（形式审查，不出具结论）" in body


def test_bad_values_and_past_dates_are_refused_naming_the_rule(world):
    before = state()
    for key, data, code in [
        ("RATING_PUBLICITY_DAYS", {"value": "七天"}, "SETTING-VALUE-INT"),
        ("ANNUAL_REVIEW_MODE", {"value": "sometimes"}, "SETTING-VALUE-CHOICE"),
        ("ANNUAL_REPORT_DEADLINE_MMDD", {"value": "[1, 2]"}, "SETTING-VALUE-SHAPE"),
        ("RATING_PUBLICITY_DAYS", {"value": "10", "effective_from": (date.today() - timedelta(days=3)).isoformat()},
         "SETTING-PAST"),
    ]:
        response = edit(world.county_a, "110101", key, reason="试行", **data)
        body = response.content.decode()
        assert (response.status_code, code in body) == (400, True), (key, code)
    assert state() == before


def test_a_value_set_above_is_inherited_below(world):
    response = edit(world.province, "110000", "RATING_PUBLICITY_DAYS", value="10", reason="北京市评估办法")
    assert response.status_code == 302
    assert setting("RATING_PUBLICITY_DAYS", "110101").value == 10
    body = page(world.county_a)
    assert "继承自北京市民政局" in body and "10 日" in body


def test_officers_see_their_own_jurisdiction_and_below_only(world):
    assert client(world.county_a).get("/staff/settings/110102/").status_code == 404
    assert client(world.county_a).get("/staff/settings/110000/").status_code == 404  # the level above
    assert "北京市东城区民政局" in page(world.province, "/staff/settings/110101/")
    assert "北京市民政局" in page(world.province)
    assert edit(world.county_b, "110101", "RATING_PUBLICITY_DAYS", value="9", reason="x").status_code == 404
    assert edit(world.county_a, "110000", "RATING_PUBLICITY_DAYS", value="9", reason="x").status_code == 404
    assert not JurisdictionSetting.objects.exists()
    for user in (world.user_a, world.supervisor):
        assert client(user).get(OWN).status_code == 403
    assert Client().get(OWN).status_code == 302


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_an_administrator_starts_from_the_nation(world, lang):
    c = client(world.admin)
    c.cookies["django_language"] = lang
    body = c.get(OWN).content.decode()
    assert "民政部" in body or "Ministry" in body
    assert ("全国默认值" if lang == "zh-hans" else "national default") in body


def test_a_table_by_type_is_set_one_input_per_type_and_checked(world):
    form = html.unescape(client(world.county_a).get("/staff/settings/110101/ANNUAL_REPORT_DEADLINE_MMDD/")
                         .content.decode())
    text = " ".join(parse(form).text)
    assert 'name="value__foundation"' in form and "基金会" in text and "social_group" not in text
    data = {"value__social_group": "06-30", "value__social_service_agency": "05-31", "value__foundation": "03-31",
            "value__community_org": "05-31", "reason": "东城区年报通知"}
    bad = client(world.county_a).post("/staff/settings/110101/ANNUAL_REPORT_DEADLINE_MMDD/",
                                      {**data, "value__foundation": "02-30"})
    assert bad.status_code == 400 and "SETTING-VALUE-SHAPE" in bad.content.decode()
    assert not JurisdictionSetting.objects.exists()
    ok = client(world.county_a).post("/staff/settings/110101/ANNUAL_REPORT_DEADLINE_MMDD/", data)
    assert ok.status_code == 302
    assert setting("ANNUAL_REPORT_DEADLINE_MMDD", "110101").value["social_group"] == "06-30"
    assert "6月30日" in page(world.county_a)


def test_a_list_of_types_is_ticked(world):
    response = client(world.county_a).post("/staff/settings/110101/ANNUAL_REPORT_AUDIT_REQUIRED_TYPES/",
                                           {"value": ["foundation", "social_service_agency"], "reason": "审计要求"})
    assert response.status_code == 302
    assert setting("ANNUAL_REPORT_AUDIT_REQUIRED_TYPES", "110101").value == ["foundation", "social_service_agency"]
