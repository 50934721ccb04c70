"""GET/POST /api/v1/organizations/{code}/events/: the dated facts of the register."""

import pytest

from common.errors import Refusal
from conftest import api_as, assert_error, grown, register_state
from registry import services
from registry.services import record_event


def url(org) -> str:
    return f"/api/v1/organizations/{org.code}/events/"


def post(user, org, data):
    return api_as(user).post(url(org), data, format="json")


RENAME = {"kind": "change", "effective_on": "2019-04-01", "decision_number": "东民变〔2019〕8号",
          "reason": "会员大会决议更名", "changes": {"name": "北京市东城区测试更名协会"}}


def assert_unchanged(org, before_state, before_name, before_status):
    org.refresh_from_db()
    assert (org.name, org.status) == (before_name, before_status)
    assert register_state() == before_state


class TestList:
    def test_it_lists_events_oldest_first(self, world):
        record_event(world.admin, world.org_a, **RENAME)

        response = api_as(None).get(url(world.org_a))

        assert response.status_code == 200
        body = response.json()
        assert [e["kind"] for e in body] == ["establishment", "change"]
        assert body[1]["changes"] == {"name": "北京市东城区测试更名协会"}
        assert body[1]["decision_number"] == "东民变〔2019〕8号" and body[1]["kind_label"]
        assert set(body[0]) == {"id", "kind", "kind_label", "effective_on", "decision_number", "reason", "changes",
                                "recorded_at", "supersedes", "superseded_by"}

    def test_anonymous_never_sees_the_id_number_hash(self, world):
        record_event(world.admin, world.org_a, kind="leadership_change", effective_on="2019-05-01", reason="换届",
                     changes={"legal_rep_name": "张三", "legal_rep_id": "11010519491231002X"})

        public = api_as(None).get(url(world.org_a)).json()[1]["changes"]
        staff = api_as(world.county_a).get(url(world.org_a)).json()[1]["changes"]

        assert public == {"legal_rep_name": "张三"}
        assert "legal_rep_id_hash" in staff
        assert staff["legal_rep_id_hash"] not in api_as(None).get(url(world.org_a)).content.decode()

    def test_county_officer_cannot_list_another_countys_events(self, world):
        assert_error(api_as(world.county_a).get(url(world.org_b)), 404, "NOT-FOUND", None)

    def test_org_user_lists_only_its_own_events(self, world):
        assert api_as(world.user_a).get(url(world.org_a)).status_code == 200
        assert_error(api_as(world.user_a).get(url(world.org_b)), 404, "NOT-FOUND", None)


class TestRecord:
    def test_it_works(self, world):
        before = register_state()

        response = post(world.county_a, world.org_a, RENAME)

        assert response.status_code == 201, response.content
        assert response.json()["kind"] == "change" and response.json()["effective_on"] == "2019-04-01"
        world.org_a.refresh_from_db()
        assert world.org_a.name == "北京市东城区测试更名协会"
        event = world.org_a.events.get(kind="change")
        assert (event.actor, event.reason) == (world.county_a, "会员大会决议更名")
        assert grown(before, register_state()) == (0, 1, 1, 2)

    def test_a_deregistration_ends_the_organization(self, world):
        response = post(world.province, world.org_b, {"kind": "deregistration", "effective_on": "2021-02-03",
                                                       "reason": "自行解散"})

        assert response.status_code == 201, response.content
        world.org_b.refresh_from_db()
        assert (world.org_b.status, world.org_b.status_since.isoformat()) == ("deregistered", "2021-02-03")

    def test_a_correction_supersedes_an_event(self, world):
        wrong = record_event(world.admin, world.org_a, **RENAME)

        response = post(world.county_a, world.org_a, {**RENAME, "changes": {"name": "北京市东城区测试正名协会"},
                                                      "reason": "更正名称录入错误", "supersedes": wrong.pk})

        assert response.status_code == 201, response.content
        assert response.json()["supersedes"] == wrong.pk
        world.org_a.refresh_from_db()
        assert world.org_a.name == "北京市东城区测试正名协会"
        listed = api_as(None).get(url(world.org_a)).json()
        assert next(e for e in listed if e["id"] == wrong.pk)["superseded_by"] == response.json()["id"]

    def test_a_check_registered_by_a_higher_app_refuses_and_changes_nothing(self, world, monkeypatch):
        seen = []

        def no_renaming(org, kind, day, changes, base):
            seen.append((kind, str(day), changes, base["name"]))
            return [Refusal("TEST-NO-RENAME", "changes.name", "测试：不得更名", "test: no renaming")] if "name" in changes \
                else []

        monkeypatch.setattr(services, "event_checks", [])
        services.register_event_check(no_renaming)
        services.register_event_check(no_renaming)  # idempotent
        before = register_state()

        assert_error(post(world.county_a, world.org_a, RENAME), 400, "TEST-NO-RENAME", "changes.name")

        assert register_state() == before and services.event_checks == [no_renaming]
        assert seen == [("change", "2019-04-01", {"name": "北京市东城区测试更名协会"}, world.org_a.name)]

    def test_it_rejects_a_date_before_establishment(self, world):
        org, before = world.org_a, register_state()

        response = post(world.county_a, org, {**RENAME, "effective_on": "2010-01-01"})

        assert_error(response, 400, "REG-DATE-BEFORE-EST", "effective_on")
        assert_unchanged(org, before, org.name, "active")

    def test_it_rejects_a_date_after_deregistration(self, world):
        org = world.org_a
        record_event(world.admin, org, kind="deregistration", effective_on="2020-05-01", reason="自行解散")
        org.refresh_from_db()
        before = register_state()

        response = post(world.county_a, org, {**RENAME, "effective_on": "2021-01-01"})

        assert_error(response, 400, "REG-DATE-AFTER-END", "effective_on")
        assert_unchanged(org, before, org.name, "deregistered")

    def test_it_rejects_an_unknown_kind(self, world):
        org, before = world.org_a, register_state()

        assert_error(post(world.county_a, org, {**RENAME, "kind": "merger"}), 400, "EVENT-KIND", "kind")
        assert_unchanged(org, before, org.name, "active")

    def test_it_rejects_superseding_another_organizations_event(self, world):
        org, before = world.org_a, register_state()
        foreign = world.org_b.events.get()

        response = post(world.county_a, org, {**RENAME, "supersedes": foreign.pk})

        assert_error(response, 400, "DOES-NOT-EXIST", "supersedes")
        assert_unchanged(org, before, org.name, "active")

    def test_it_rejects_an_over_long_reason(self, world):
        org, before = world.org_a, register_state()

        assert_error(post(world.county_a, org, {**RENAME, "reason": "理" * 2001}), 400, "MAX-LENGTH", "reason")
        assert_unchanged(org, before, org.name, "active")

    @pytest.mark.parametrize("who, target", [("county_b", "org_a"), ("county_a", "org_b"),
                                             ("county_a", "org_city"), ("other_province", "org_a")])
    def test_an_officer_outside_the_jurisdiction_gets_404(self, world, who, target):
        org, before = getattr(world, target), register_state()

        assert_error(post(getattr(world, who), org, RENAME), 404, "NOT-FOUND", None)
        assert_unchanged(org, before, org.name, "active")

    def test_an_org_user_may_see_but_not_record_its_own_events(self, world):
        org, before = world.org_a, register_state()

        assert_error(post(world.user_a, org, RENAME), 403, "FORBIDDEN", None)
        assert_unchanged(org, before, org.name, "active")

    def test_an_org_user_gets_404_for_another_organization(self, world):
        org, before = world.org_b, register_state()

        assert_error(post(world.user_a, org, RENAME), 404, "NOT-FOUND", None)
        assert_unchanged(org, before, org.name, "active")

    def test_it_requires_authentication(self, world):
        org, before = world.org_a, register_state()

        assert_error(post(None, org, RENAME), 401, "AUTH-REQUIRED", None)
        assert_unchanged(org, before, org.name, "active")
