"""The public lists (/api/v1/lists/…), the check (/api/v1/public/check/) and replay of past dates (?as_of=)."""

from datetime import date

from conftest import api_as
from credit.models import IllegalOrganization
from credit.services import publish_illegal_batch
from credit.sweep import sweep

from .helpers import assert_error, db_state, fact, warning


def setup_lists(world):
    warning(world.org_a, "2024-01-05")  # abnormal 2024-01-06 (the day after) → 2024-07-07 (ABN-X-6M)
    fact(world.org_b, "court_dishonest_debtor", "2024-03-01", issuing_authority="北京市西城区人民法院")  # serious 03-02
    fact(world.org_hebei, "party_org_missing", "2024-02-01")  # abnormal 2024-02-02
    sweep(date(2026, 11, 1))


class TestLists:
    def test_the_abnormal_list_on_a_past_date_says_why_since_when_and_until_what(self, world):
        setup_lists(world)

        response = api_as(None).get("/api/v1/lists/abnormal/", {"as_of": "2024-03-01"})

        assert response.status_code == 200
        body = response.json()
        assert body["as_of"] == "2024-03-01" and body["swept_through"] == "2026-11-01"
        rows = {r["organization"]["code"]: r for r in body["results"]}
        assert set(rows) == {world.org_a.code, world.org_hebei.code}
        row = rows[world.org_a.code]
        assert (row["listed_on"], row["rules"], row["earliest_exit"]) == ("2024-01-06", ["ABN-5"], "2024-07-07")
        assert row["grounds"][0]["facts"][0]["summary_zh"].startswith("警告")
        assert "2024-07-07" in row["exit_condition_zh"] and row["deciding_authority"] == "北京市东城区民政局"
        assert any("CREDIT_ABN_AUTO_REMOVAL_MONTHS" in s for s in row["settings"])

    def test_replaying_a_later_date_shows_the_removal(self, world):
        setup_lists(world)
        codes = [r["organization"]["code"] for r in
                 api_as(None).get("/api/v1/lists/abnormal/", {"as_of": "2024-08-01"}).json()["results"]]
        assert codes == [world.org_hebei.code]

    def test_the_serious_list_and_the_division_filter(self, world):
        setup_lists(world)
        serious = {r["organization"]["code"]: r for r in api_as(None).get("/api/v1/lists/serious/").json()["results"]}
        assert serious[world.org_b.code]["rules"] == ["SER-6"]
        assert serious[world.org_b.code]["earliest_exit"] == "2026-03-03"
        # Two full years on the abnormal list (2024-02-02 …): moved to the serious list on 2026-02-03.
        escalated = serious[world.org_hebei.code]
        assert (escalated["rules"], escalated["listed_on"]) == (["SER-1"], "2026-02-03")
        hebei = api_as(None).get("/api/v1/lists/serious/", {"division": "130000"}).json()["results"]
        assert [r["organization"]["code"] for r in hebei] == [world.org_hebei.code]
        before = api_as(None).get("/api/v1/lists/abnormal/", {"division": "130000", "as_of": "2026-02-02"}).json()
        assert [r["organization"]["code"] for r in before["results"]] == [world.org_hebei.code]

    def test_bad_parameters_are_refused(self, world):
        assert_error(api_as(None).get("/api/v1/lists/abnormal/", {"as_of": "2999-01-01"}), 400, "AS-OF-FUTURE",
                     "as_of")
        assert_error(api_as(None).get("/api/v1/lists/abnormal/", {"division": "11"}), 400, "INVALID", "division")

    def test_the_profile_replays_a_past_date(self, world):
        setup_lists(world)
        url = f"/api/v1/organizations/{world.org_a.code}/credit/"
        then = api_as(None).get(url, {"as_of": "2024-02-01"}).json()
        now = api_as(None).get(url).json()
        assert then["abnormal"]["listed"] is True and then["abnormal"]["listed_on"] == "2024-01-06"
        assert now["abnormal"]["listed"] is False and now["history"][0]["exit_rule"] == "ABN-X-6M"
        assert then["evaluation"]["grade"] != now["evaluation"]["grade"]
        assert {f["key"] for f in then["evaluation"]["factors"]} >= {"base", "penalty", "abnormal"}
        assert then["notices"] == []  # prior notices are for the organization itself, not the public
        assert then["information"]["basic"][0]["kind"] == "establishment"

    def test_signed_in_users_see_only_their_jurisdiction(self, world):
        url = f"/api/v1/organizations/{world.org_b.code}/credit/"
        assert_error(api_as(world.county_a).get(url), 404, "NOT-FOUND")
        assert api_as(world.county_b).get(url).status_code == 200


class TestCheck:
    def test_by_code_registered_status_listed_why_and_since_when(self, world):
        setup_lists(world)

        body = api_as(None).get("/api/v1/public/check/", {"q": world.org_b.code}).json()

        assert body["registered"] is True
        match = body["matches"][0]
        assert (match["name"], match["status"]) == (world.org_b.name, "active")
        assert match["serious"]["listed"] is True and match["serious"]["listed_on"] == "2024-03-02"
        assert "SER-6" in match["serious"]["why_zh"] and match["abnormal"]["listed"] is False
        assert "严重违法失信名单" in match["answer_zh"] and "serious" in match["answer_en"]

    def test_by_name_and_as_of(self, world):
        setup_lists(world)
        body = api_as(None).get("/api/v1/public/check/", {"q": world.org_a.name, "as_of": "2024-02-01"}).json()
        assert body["matches"][0]["abnormal"]["listed"] is True

    def test_an_unknown_name_is_not_registered_and_may_be_a_suspected_illegal_one(self, world):
        publish_illegal_batch(world.national, {"authority": "100000", "title": "第一批涉嫌非法社会组织名单",
                                               "published_on": "2026-01-10",
                                               "organizations": [{"name": "中国书画艺术研究院", "aliases": ["中国书画院"]}]})
        body = api_as(None).get("/api/v1/public/check/", {"q": "中国书画艺术研究院"}).json()
        assert body["registered"] is False and body["suspected_illegal"][0]["batch"] == "第一批涉嫌非法社会组织名单"

    def test_bulk_check_takes_up_to_a_thousand(self, world):
        setup_lists(world)
        queries = [world.org_a.code, world.org_b.name, "不存在的协会"] + [f"查询{i}" for i in range(997)]
        before = db_state()

        response = api_as(None).post("/api/v1/public/check/", {"queries": queries, "as_of": "2024-03-20"},
                                     format="json")

        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == 1000
        a, b, missing = body["results"][:3]
        assert a["matches"][0]["abnormal"]["listed"] is True and b["matches"][0]["serious"]["listed"] is True
        assert missing["registered"] is False
        assert db_state() == before

    def test_bulk_check_above_a_thousand_is_refused(self, world):
        before = db_state()
        response = api_as(None).post("/api/v1/public/check/", {"queries": ["x"] * 1001}, format="json")
        problem = assert_error(response, 400, "CREDIT-CHECK-TOO-MANY", "queries")
        assert "1001" in problem["message_zh"] and "1000" in problem["message_en"]
        assert db_state() == before

    def test_an_empty_bulk_check_is_refused(self, world):
        assert_error(api_as(None).post("/api/v1/public/check/", {"queries": []}, format="json"), 400, "EMPTY", "queries")
        assert IllegalOrganization.objects.count() == 0
