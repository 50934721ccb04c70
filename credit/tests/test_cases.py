"""Objections (异议) and credit repair (信用修复): cases with states, deadlines and clocks; an upheld objection
corrects the fact by a superseding fact; a repair request answers when it becomes possible."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import api_as, grown
from credit.models import CreditFact, ListEntry, ObjectionCase, RepairCase
from credit.sweep import refresh, sweep

from .helpers import assert_error, db_state, fact, warning

TODAY = timezone.localdate()


def listed(org, kind="court_dishonest_debtor", days_ago=20, **extra):
    """A fact known ``days_ago`` days ago, and the cache derived for today."""
    day = TODAY - timedelta(days=days_ago)
    made = fact(org, kind, day, day, **extra)
    refresh([org.pk])
    return made


def objections_url(org):
    return f"/api/v1/organizations/{org.code}/objections/"


def repairs_url(org):
    return f"/api/v1/organizations/{org.code}/repairs/"


class TestObjection:
    def test_the_organization_files_one_within_the_time_limit(self, world):
        court = listed(world.org_a)
        before = db_state()

        response = api_as(world.user_a).post(objections_url(world.org_a),
                                             {"fact_ref": court.ref, "statement": "该案件已执行完毕，法院已屏蔽失信信息"},
                                             format="json")

        assert response.status_code == 201, response.content
        case = ObjectionCase.objects.get()
        assert (case.state, case.fact_ref, case.counted_from) == ("submitted", court.ref, TODAY - timedelta(days=20))
        assert case.filing_deadline >= TODAY and case.accept_due > TODAY
        assert any("CREDIT_OBJECTION_FILING_DAYS = 30" in s for s in case.settings_cited)
        assert grown(before, db_state())[3] == 1

    def test_an_objection_after_the_deadline_is_refused_and_nothing_changes(self, world):
        court = listed(world.org_a, days_ago=60)
        before = db_state()

        response = api_as(world.user_a).post(objections_url(world.org_a), {"fact_ref": court.ref, "statement": "晚了"},
                                             format="json")

        problem = assert_error(response, 400, "CREDIT-OBJECTION-LATE", "fact_ref")
        assert str(TODAY - timedelta(days=60)) in problem["message_zh"]
        assert db_state() == before

    def test_upheld_the_fact_is_superseded_and_the_entry_ends_on_the_next_sweep(self, world):
        court = listed(world.org_a)
        case = ObjectionCase.objects.get(pk=api_as(world.user_a).post(
            objections_url(world.org_a), {"fact_ref": court.ref, "statement": "不是本组织"}, format="json").json()["id"])
        detail = f"/api/v1/credit/objections/{case.pk}/"
        assert api_as(world.county_a).post(detail, {"action": "accept"}, format="json").status_code == 200
        ListEntry.objects.all().delete()
        sweep(TODAY - timedelta(days=1))
        assert ListEntry.objects.get(organization=world.org_a).end_on is None

        response = api_as(world.county_a).post(detail, {"action": "decide", "upheld": True,
                                                        "reason": "经核实，被执行人为同名企业"}, format="json")

        assert response.status_code == 200, response.content
        case.refresh_from_db()
        correction = CreditFact.objects.get(kind="correction")
        assert (case.state, case.correction_id, correction.supersedes_ref) == ("upheld", correction.pk, court.ref)
        court.refresh_from_db()
        assert court.kind == "court_dishonest_debtor"  # never edited
        sweep(TODAY)
        entry = ListEntry.objects.get(organization=world.org_a)
        assert (entry.end_on, entry.exit_rule, entry.exit_facts) == (TODAY, "SER-X-CORRECTED", [correction.ref])
        assert "更正" in entry.explanation_zh
        public = api_as(None).get(f"/api/v1/organizations/{world.org_a.code}/credit/").json()
        assert public["serious"]["listed"] is False and public["outcomes"][0]["state"] == "upheld"
        assert public["information"]["other"][0]["corrected"] is True

    def test_rejected_changes_no_fact(self, world):
        court = listed(world.org_a)
        case = services_file(world, court)
        facts = CreditFact.objects.count()
        response = api_as(world.county_a).post(f"/api/v1/credit/objections/{case.pk}/",
                                               {"action": "decide", "upheld": False, "reason": "法院信息属实"},
                                               format="json")
        assert response.json()["state"] == "rejected" and CreditFact.objects.count() == facts
        assert ListEntry.objects.get(organization=world.org_a).end_on is None

    def test_evidence_is_attached_and_hashed(self, world):
        case = services_file(world, listed(world.org_a))
        response = api_as(world.user_a).post(f"/api/v1/credit/objections/{case.pk}/evidence/",
                                             {"file": SimpleUploadedFile("执行完毕证明.pdf", b"%PDF-1.4 proof")},
                                             format="multipart")
        assert response.status_code == 201, response.content
        assert response.json()["name"] == "执行完毕证明.pdf" and len(response.json()["sha256"]) == 64
        assert api_as(world.county_a).get(f"/api/v1/credit/objections/{case.pk}/").json()["evidence"][0]["size"] == 14

    def test_evidence_is_downloaded_by_the_organization_and_its_officers_only(self, world):
        case = services_file(world, listed(world.org_a))
        uploaded = api_as(world.user_a).post(f"/api/v1/credit/objections/{case.pk}/evidence/",
                                             {"file": SimpleUploadedFile("证明.pdf", b"%PDF-1.4 proof")},
                                             format="multipart").json()
        url = uploaded["download"]
        assert url == f"/api/v1/credit/evidence/{uploaded['id']}/"
        for user in (world.user_a, world.county_a, world.province):
            response = api_as(user).get(url)
            assert response.status_code == 200, response.content
            assert b"".join(response.streaming_content) == b"%PDF-1.4 proof"
            assert "attachment" in response["Content-Disposition"]
        for user in (world.county_b, world.user_b, world.other_province):
            assert_error(api_as(user).get(url), 404, "NOT-FOUND")
        assert api_as(None).get(url).status_code == 401
        page = Client()
        page.force_login(world.county_a)
        assert f"/credit/evidence/{uploaded['id']}/" in page.get(f"/credit/objections/{case.pk}/").content.decode()
        assert b"".join(page.get(f"/credit/evidence/{uploaded['id']}/").streaming_content) == b"%PDF-1.4 proof"
        page.force_login(world.county_b)
        assert page.get(f"/credit/evidence/{uploaded['id']}/").status_code == 404

    def test_only_officers_decide_and_other_counties_see_nothing(self, world):
        case = services_file(world, listed(world.org_a))
        before = db_state()
        detail = f"/api/v1/credit/objections/{case.pk}/"
        assert_error(api_as(world.user_a).post(detail, {"action": "decide", "upheld": True, "reason": "x"},
                                               format="json"), 403, "JURISDICTION")
        assert_error(api_as(world.county_b).get(detail), 404, "NOT-FOUND")
        assert_error(api_as(world.user_b).post(objections_url(world.org_a), {"fact_ref": "cf:1", "statement": "x"},
                                               format="json"), 404, "NOT-FOUND")
        assert api_as(None).get(detail).status_code == 401
        assert db_state() == before

    def test_an_unknown_fact_is_refused(self, world):
        listed(world.org_a)
        assert_error(api_as(world.user_a).post(objections_url(world.org_a), {"fact_ref": "cf:999999",
                                                                             "statement": "x"}, format="json"),
                     400, "CREDIT-OBJECTION-FACT", "fact_ref")


def services_file(world, made):
    from credit.services import file_objection

    return file_objection(world.user_a, world.org_a, made.ref, "不实")


class TestRepair:
    def test_too_early_the_answer_says_from_when(self, world):
        listed(world.org_a, days_ago=100)  # serious since 90 days ago: may apply after two clean years
        before = db_state()

        response = api_as(world.user_a).post(repairs_url(world.org_a), {"list_kind": "serious", "statement": "已整改"},
                                             format="json")

        problem = assert_error(response, 400, "CREDIT-REPAIR-TOO-EARLY", "list_kind")
        entry = ListEntry.objects.get(organization=world.org_a)
        assert str(entry.earliest_exit) in problem["message_zh"] and str(entry.earliest_exit) in problem["message_en"]
        assert problem["value"] == str(entry.earliest_exit)
        assert db_state() == before

    def test_nothing_to_rectify_the_answer_gives_the_automatic_removal_day(self, world):
        warning(world.org_a, TODAY - timedelta(days=30), TODAY - timedelta(days=30))
        refresh([world.org_a.pk])
        before = db_state()

        response = api_as(world.user_a).post(repairs_url(world.org_a), {"list_kind": "abnormal", "statement": "x"},
                                             format="json")

        problem = assert_error(response, 400, "CREDIT-REPAIR-NOT-NEEDED")
        assert str(ListEntry.objects.get(organization=world.org_a).earliest_exit) in problem["message_en"]
        assert db_state() == before

    def test_not_listed_is_refused(self, world):
        assert_error(api_as(world.user_a).post(repairs_url(world.org_a), {"list_kind": "abnormal", "statement": "x"},
                                               format="json"), 400, "CREDIT-REPAIR-NOT-LISTED")

    def test_verified_rectification_removes_the_abnormal_entry_today(self, world):
        listed(world.org_a, kind="party_org_missing")
        response = api_as(world.user_a).post(repairs_url(world.org_a), {"list_kind": "abnormal",
                                                                        "statement": "已成立党支部"}, format="json")
        assert response.status_code == 201, response.content
        case = RepairCase.objects.get()
        assert case.decision_due > TODAY

        decided = api_as(world.county_a).post(f"/api/v1/credit/repairs/{case.pk}/",
                                              {"action": "decide", "granted": True, "reason": "现场核查属实"},
                                              format="json")

        assert decided.status_code == 200, decided.content
        case.refresh_from_db()
        assert (case.state, case.verified_on, case.removal.kind) == ("granted", TODAY, "rectification_verified")
        assert case.removal_due > TODAY
        entry = ListEntry.objects.get(organization=world.org_a)
        assert (entry.end_on, entry.exit_rule, entry.exit_facts) == (TODAY, "ABN-X-RECTIFIED", [case.removal.ref])

    def test_after_two_clean_years_the_serious_entry_ends_on_verification(self, world):
        day = date(2024, 1, 1)
        fact(world.org_a, "court_dishonest_debtor", day, day)
        refresh([world.org_a.pk])
        case = api_as(world.user_a).post(repairs_url(world.org_a), {"list_kind": "serious", "statement": "已履行"},
                                         format="json").json()
        api_as(world.county_a).post(f"/api/v1/credit/repairs/{case['id']}/",
                                    {"action": "decide", "granted": True, "reason": "两年内无新的失信行为"}, format="json")
        entry = ListEntry.objects.get(organization=world.org_a)
        assert (entry.start_on, entry.end_on, entry.exit_rule) == (date(2024, 1, 2), TODAY, "SER-X-2Y")

    def test_a_revoked_organization_is_told_removal_follows_deregistration(self, world):
        from registry.services import record_event

        record_event(world.admin, world.org_a, kind="revocation", effective_on=TODAY - timedelta(days=30),
                     reason="成立后一年未开展活动", decision_number="东民撤字〔2026〕1号")
        refresh([world.org_a.pk])
        entry = ListEntry.objects.get(organization=world.org_a, list_kind="serious")
        assert (entry.rules, entry.start_on, entry.earliest_exit) == ("SER-7", TODAY - timedelta(days=29), None)
        assert "注销登记" in entry.exit_condition_zh
        before = db_state()

        response = api_as(world.county_a).post(repairs_url(world.org_a), {"list_kind": "serious", "statement": "x"},
                                                format="json")

        assert_error(response, 400, "CREDIT-REPAIR-AFTER-DEREGISTRATION")
        assert db_state() == before
        record_event(world.admin, world.org_a, kind="deregistration", effective_on=TODAY - timedelta(days=1),
                     reason="清算完毕")
        refresh([world.org_a.pk])
        entry = ListEntry.objects.get(organization=world.org_a, list_kind="serious")
        assert (entry.end_on, entry.exit_rule) == (TODAY - timedelta(days=1), "SER-X-DEREG")
