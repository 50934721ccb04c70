"""Name screening before registration: the registration API and the staff form screen the new name against the
register (same authority and nationwide, former names) and the suspected-illegal list with its aliases; a hit is
shown before the officer confirms; confirming over a hit needs a reason and is audited; a folded duplicate of an
active name of the same authority is refused."""

import pytest

from audit.models import AuditEvent
from conftest import PASSWORD, api_as, org_row
from credit.services import publish_illegal_batch
from registry.models import Organization, RegistrationEvent

from .helpers import assert_error

URL = "/api/v1/organizations/"


def state() -> tuple:
    return Organization.objects.count(), RegistrationEvent.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def listed(world):
    publish_illegal_batch(world.national, {
        "authority": "100000", "title": "第五批涉嫌非法社会组织名单", "published_on": "2026-02-01",
        "organizations": [{"name": "中国国学文化促进总会", "aliases": ["中华书画艺术研究院"]}]})


def row(index=80, **overrides):
    return org_row("110101", index, **{"name": "中国书画研究院", **overrides})


class TestApi:
    def test_a_look_alike_of_an_alias_is_answered_409_with_the_candidates_and_nothing_is_registered(self, world,
                                                                                                  listed):
        before = state()

        response = api_as(world.county_a).post(URL, row(), format="json")

        error = assert_error(response, 409, "NAME-SCREEN-HIT", "name")
        assert "中华书画艺术研究院" in error["message_zh"] and "score" in error["message_en"]
        hit = response.json()["screening"][0]
        assert (hit["source"], hit["name"], hit["matched_name"]) == ("illegal", "中国国学文化促进总会", "中华书画艺术研究院")
        assert hit["score"] >= 0.75 and hit["features"]["insertions"] == ["艺术"]
        assert hit["features"]["region"] == "broad_variant"
        assert state() == before

    def test_confirming_without_a_reason_is_refused_and_with_one_it_is_registered_and_audited(self, world, listed):
        before = state()
        refused = api_as(world.county_a).post(URL, {**row(), "screening_confirmed": True}, format="json")
        assert_error(refused, 400, "NAME-SCREEN-REASON", "screening_reason")
        assert refused.json()["screening"]
        assert state() == before

        response = api_as(world.county_a).post(
            URL, {**row(), "screening_confirmed": True, "screening_reason": "经核实为本市书画院，与名单所列组织无关"},
            format="json")

        assert response.status_code == 201, response.content
        event = AuditEvent.objects.get(action="organization.screening_override")
        assert event.reason == "经核实为本市书画院，与名单所列组织无关"
        assert event.after["hits"][0]["matched_name"] == "中华书画艺术研究院"
        assert event.actor_id == world.county_a.pk

    def test_the_register_nationwide_and_former_names_are_screened(self, world):
        from registry.services import record_event, register_organization

        other = register_organization(world.admin, org_row("130104", 81, name="石家庄市桥西区晨曦养老服务中心"))
        record_event(world.admin, other, kind="change", effective_on="2026-01-01",
                     changes={"name": "石家庄市桥西区长青书画研究会"})

        response = api_as(world.county_a).post(URL, row(name="石家庄市桥西区晨曦养老服务中心"), format="json")

        assert response.status_code == 409, response.content
        hit = response.json()["screening"][0]
        assert (hit["source"], hit["code"], hit["same_authority"]) == ("former_name", other.code, False)
        assert hit["score"] == 1.0

    def test_a_name_without_hits_registers_at_once(self, world, listed):
        response = api_as(world.county_a).post(URL, row(name="北京市东城区晨曦围棋协会"), format="json")
        assert response.status_code == 201, response.content
        assert not AuditEvent.objects.filter(action="organization.screening_override").exists()

    @pytest.mark.parametrize("copy", ["測試110101第1號協會", "测试 110101 第1号协会", "測試１１０１０１第１號協會"])
    def test_a_folded_duplicate_of_an_active_name_of_the_same_authority_is_refused(self, world, copy):
        assert world.org_a.name == "测试110101第1号协会"
        before = state()

        response = api_as(world.county_a).post(
            URL, {**row(name=copy), "screening_confirmed": True, "screening_reason": "重名"}, format="json")

        error = assert_error(response, 400, "NAME-TAKEN", "name")
        assert world.org_a.name in error["message_zh"] and "traditional" in error["message_en"]
        assert state() == before

    def test_the_same_name_under_another_authority_is_a_hit_not_a_refusal(self, world):
        response = api_as(world.county_b).post(
            URL, org_row("110102", 82, name="測試110101第1號協會"), format="json")
        assert response.status_code == 409, response.content
        hit = response.json()["screening"][0]
        assert (hit["source"], hit["name"], hit["same_authority"]) == ("register", world.org_a.name, False)
        assert hit["features"]["traditional"] is True


class TestForm:
    def login(self, client, user):
        assert client.login(username=user.username, password=PASSWORD)

    def test_the_hit_is_shown_then_a_reason_is_required_then_it_is_registered(self, client, world, listed):
        self.login(client, world.county_a)
        data = {**row(), "legal_rep_id": "", "registered_funds": "30000"}
        before = state()

        shown = client.post("/staff/organizations/new/", data)

        assert shown.status_code == 409
        html = shown.content.decode()
        assert "screening-hits" in html and "中华书画艺术研究院" in html and "NAME-SCREEN-HIT" in html
        assert "涉嫌非法社会组织" in html and "插入/删除通用词：艺术" in html
        assert 'name="screening_reason"' in html

        refused = client.post("/staff/organizations/new/", {**data, "screening_confirmed": "on"})
        assert refused.status_code == 400
        assert "NAME-SCREEN-REASON" in refused.content.decode() and "screening-hits" in refused.content.decode()
        assert state() == before

        done = client.post("/staff/organizations/new/", {**data, "screening_confirmed": "on",
                                                          "screening_reason": "已核实，系本区书画院"})
        assert done.status_code == 302, done.content.decode()[:2000]
        org = Organization.objects.get(name="中国书画研究院")
        assert AuditEvent.objects.get(action="organization.screening_override", object_id=org.code).reason == \
            "已核实，系本区书画院"
