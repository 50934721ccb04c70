"""Charity recognition and the public-fundraising qualification through the HTTP API: eligibility from the
register explained rule by rule, applications, the 20-day clock with extensions, decisions naming their rule,
announcements, certificates, revocation with the five-year bar."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from charity.models import Announcement, CharityApplication, Grant
from common.clock import acting_on
from conftest import api_as
from credit.models import Holiday
from divisions.models import JurisdictionSetting

from .helpers import apply_api, codes, decide_api, governance, qualify, recognize, state, submit_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(world):
    """org_a and org_b reported 2023-2025 with spending within the standards."""
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    submit_reports(world.user_b, world.org_b, (2023, 2024, 2025))
    return world


def eligibility(user, org, kind="recognition"):
    response = api_as(user).get(reverse("api-charity-eligibility", kwargs={"code": org.code}), {"kind": kind})
    assert response.status_code == 200, response.content
    return response.json()


def test_eligibility_is_explained_rule_by_rule_from_the_register(reported):
    world = reported
    data = eligibility(world.user_a, world.org_a)
    assert data["eligible"] is True
    assert {"CH-ACTIVE", "CH-FORM", "CH-PENALTY", "CH-SPENDING", "CREDIT-ELIG-LISTED"} <= set(data["checked"])
    qualification = eligibility(world.user_a, world.org_a, "qualification")
    assert qualification["eligible"] is False
    assert [r["rule"] for r in qualification["refusals"]] == ["CH-RECOGNIZED"]
    assert qualification["refusals"][0]["zh"] and qualification["refusals"][0]["en"]


def test_missing_annual_report_and_low_spending_are_refused_naming_the_rule(world):
    data = eligibility(world.county_a, world.org_a)
    assert [r["rule"] for r in data["refusals"]] == ["CH-SPENDING"]
    assert "2025" in data["refusals"][0]["zh"]
    # 2025 spending 20,000 against net assets 400,000 (8% = 32,000) and income 100,000 (50% = 50,000)
    submit_reports(world.user_a, world.org_a, (2024, 2025), {2025: {
        "expense_programmes": "20000.00", "expense_total": "40000.00"}})
    data = eligibility(world.county_a, world.org_a)
    refusal = data["refusals"][0]
    assert refusal["rule"] == "CH-SPENDING" and "O-0" in refusal["zh"] and "20,000.00" in refusal["en"]
    assert any("CHARITY_SPENDING_TABLE" in s for s in refusal["settings"])
    before = state()
    response = apply_api(world.user_a, world.org_a)
    assert response.status_code == 400 and "CH-SPENDING" in codes(response)
    assert state() == before


def test_management_costs_above_the_ceiling_but_under_200000_are_exempt(world):
    submit_reports(world.user_a, world.org_a, (2024, 2025), {2025: {
        "expense_programmes": "60000.00", "expense_administration": "150000.00", "expense_total": "215000.00",
        "income_other": "120000.00", "income_total": "215000.00"}})
    assert eligibility(world.county_a, world.org_a)["eligible"] is True


def test_a_penalty_within_two_years_refuses_recognition_and_the_setting_is_named(reported):
    from supervision.models import Penalty

    world = reported
    Penalty.objects.create(organization=world.org_a, kind="warning", decision_number="东民罚〔2025〕1号",
                           decided_on=date(2025, 3, 1), legal_basis="条例", facts="违规", department_kind="civil_affairs",
                           department_name="东城区民政局")
    data = eligibility(world.user_a, world.org_a)
    refusal = next(r for r in data["refusals"] if r["rule"] == "CH-PENALTY")
    assert "2025-03-01" in refusal["zh"] and "CHARITY_RECOGNITION_PENALTY_YEARS = 2" in refusal["settings"][0]
    JurisdictionSetting.objects.create(division_id="110000", key="CHARITY_RECOGNITION_PENALTY_YEARS", value=1,
                                       effective_from=date(2020, 1, 1))
    assert eligibility(world.user_a, world.org_a)["eligible"] is True


def test_an_organization_on_the_abnormal_list_is_refused_through_the_credit_check(reported):
    from credit.services import record_fact

    world = reported
    record_fact(world.county_a, world.org_a, {"kind": "other_abnormal", "occurred_on": "2026-09-01", "known_on": "2026-09-01",
                                              "legal_basis": "《社会组织信用信息管理办法》第八条", "description": "测试"})
    data = eligibility(world.user_a, world.org_a)
    assert "CREDIT-ELIG-LISTED" in [r["rule"] for r in data["refusals"]]
    response = apply_api(world.user_a, world.org_a)
    assert response.status_code == 400 and "CREDIT-ELIG-LISTED" in codes(response)


def test_a_community_organization_may_not_be_recognized():
    from charity.eligibility import charity_form

    class Org:
        org_type = "community_org"

        def get_org_type_display(self):
            return "社区社会组织"

    assert charity_form(Org(), date(2026, 1, 1)).code == "CH-FORM"


def test_apply_decide_announce_and_certificate(reported):
    world = reported
    before = state()
    response = apply_api(world.user_a, world.org_a)
    assert response.status_code == 201, response.content
    app = response.json()
    assert app["state"] == "submitted" and app["eligibility"]["eligible"] is True
    applied = date.fromisoformat(app["applied_on"])
    due = date.fromisoformat(app["decision_due"])
    assert (due - applied).days >= 20 and due.weekday() < 5
    assert any("CHARITY_RECOGNITION_DECISION_DAYS = 20" in s for s in app["settings_used"])
    assert state()[0] == before[0] + 1 and state()[-1] > before[-1]
    # one application at a time
    again = apply_api(world.user_a, world.org_a)
    assert again.status_code == 400 and "CH-OPEN" in codes(again)
    # the organization cannot decide; an officer of another county does not see it
    assert decide_api(world.user_a, app["id"], outcome="grant").status_code == 403
    assert decide_api(world.county_b, app["id"], outcome="grant").status_code == 404
    decided = decide_api(world.county_a, app["id"], outcome="grant")
    assert decided.status_code == 200 and decided.json()["state"] == "granted"
    number = decided.json()["certificate_number"]
    assert number.startswith(world.org_a.code + "-R")
    listed = api_as(None).get(reverse("api-charity-grants"), {"kind": "recognition"}).json()
    assert [g["certificate_number"] for g in listed] == [number]
    news = api_as(None).get(reverse("api-charity-announcements")).json()
    assert news[0]["kind"] == "recognized" and world.org_a.name in news[0]["text_zh"] and number in news[0]["text_en"]
    grant = Grant.objects.get(certificate_number=number)
    pdf = api_as(None).get(reverse("charity:certificate", kwargs={"pk": grant.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = pdf.content
    assert body.startswith(b"%PDF")
    assert len(body) < 2_000_000  # the CJK font is embedded as a subset, not the whole 19 MB collection
    # the public organization page shows the charity section
    page = api_as(None).get(reverse("portal:organization", kwargs={"code": world.org_a.code})).content.decode()
    assert number in page


def test_the_certificate_embeds_a_subset_of_the_named_cjk_font(reported):
    import re

    from charity.certificates import CJK_FONT, certificate_document

    grant = recognize(reported)
    document = certificate_document(grant)
    document.write_pdf()
    fonts = list(document.fonts.values())
    assert CJK_FONT == "Noto Sans CJK SC" and {f.family for f in fonts} == {CJK_FONT}
    assert all(re.match(rb"/[A-Z]{6}\+", f.name) for f in fonts)  # subset fonts carry a six-letter tag


def test_refusal_names_its_rule_in_both_languages(reported):
    world = reported
    app = apply_api(world.user_a, world.org_a).json()
    missing = decide_api(world.county_a, app["id"], outcome="refuse", reason="宗旨不符")
    assert missing.status_code == 400 and codes(missing) == {"CH-REFUSE-RULE"}
    no_reason = decide_api(world.county_a, app["id"], outcome="refuse", rule="CH-PURPOSE")
    assert no_reason.status_code == 400 and codes(no_reason) == {"REQUIRED"}
    refused = decide_api(world.county_a, app["id"], outcome="refuse", rule="CH-PURPOSE", reason="章程宗旨为会员服务",
                         reason_en="the charter's purpose is serving members")
    assert refused.status_code == 200
    data = refused.json()
    assert data["state"] == "refused" and data["decision_rule"] == "CH-PURPOSE"
    assert data["decision_reason_zh"].startswith("宗旨不以开展慈善活动为目的") and "serving members" in data["decision_reason_en"]
    assert decide_api(world.county_a, app["id"], outcome="grant").status_code == 409
    assert not Announcement.objects.exists()


def test_extensions_move_the_due_date_at_most_sixty_days(reported):
    world = reported
    app = apply_api(world.user_a, world.org_a).json()
    url = reverse("api-charity-application-extend", kwargs={"pk": app["id"]})
    officer = api_as(world.county_a)
    assert api_as(world.user_a).post(url, {"days": 30, "approval_ref": "民函", "reason": "x"},
                                     format="json").status_code == 403
    blank = officer.post(url, {"days": 30, "approval_ref": "", "reason": "需要实地核查"}, format="json")
    assert blank.status_code == 400 and codes(blank) == {"REQUIRED"}
    first = officer.post(url, {"days": 40, "approval_ref": "民政部民函〔2026〕12号", "reason": "需要实地核查"},
                         format="json")
    assert first.status_code == 200
    due = date.fromisoformat(first.json()["decision_due"])
    assert due == date.fromisoformat(app["decision_due"]) + timedelta(days=40)
    before = state()
    too_long = officer.post(url, {"days": 21, "approval_ref": "民政部民函〔2026〕13号", "reason": "再次延长"},
                            format="json")
    assert too_long.status_code == 400 and codes(too_long) == {"CH-EXTEND-MAX"}
    assert state() == before
    assert officer.post(url, {"days": 20, "approval_ref": "民政部民函〔2026〕13号", "reason": "再次延长"},
                        format="json").status_code == 200


def test_the_clock_counts_working_days_where_a_jurisdiction_sets_it(reported):
    from charity.services import decision_clock

    world = reported
    Holiday.objects.create(date=date(2026, 10, 5), is_workday=False, name="国庆节")
    assert decision_clock(world.org_a, "recognition", date(2026, 9, 30))[0] == date(2026, 10, 20)
    JurisdictionSetting.objects.create(division_id="110101", key="CHARITY_DECISION_DAY_COUNT", value="working",
                                       effective_from=date(2020, 1, 1))
    due, used = decision_clock(world.org_a, "recognition", date(2026, 9, 30))
    assert due == date(2026, 10, 29)  # 20 working days, 5 October off
    assert any("110101" in s for s in used)


def test_overdue_decisions_are_listed_for_the_officer(reported):
    world = reported
    with acting_on(date(2026, 10, 1)):
        app = apply_api(world.user_a, world.org_a).json()
    overdue = api_as(world.county_a).get(reverse("api-charity-overdue")).json()
    assert [a["id"] for a in overdue["applications"]] == [app["id"]] and overdue["applications"][0]["overdue"]
    assert api_as(world.county_b).get(reverse("api-charity-overdue")).json()["applications"] == []
    assert api_as(world.user_a).get(reverse("api-charity-overdue")).status_code == 403


def test_qualification_needs_recognition_a_year_and_the_governance_checklist(reported):
    world = reported
    recognize(world)
    before = state()
    incomplete = governance(**{"GOV-2F": {"met": False, "evidence": ""}, "GOV-4": {"met": True, "evidence": ""}})
    del incomplete["GOV-5"]
    response = apply_api(world.user_a, world.org_a, "qualification", governance=incomplete)
    assert response.status_code == 400
    fields = {(e["code"], e["field"]) for e in response.json()["errors"]}
    assert ("GOV-2F", "governance.GOV-2F") in fields and ("GOV-4", "governance.GOV-4.evidence") in fields
    assert ("GOV-5", "governance.GOV-5") in fields
    assert state() == before
    response = apply_api(world.user_a, world.org_a, "qualification", governance=governance())
    assert response.status_code == 201, response.content
    assert {row["id"] for row in response.json()["governance"]} >= {"GOV-1", "GOV-2A", "GOV-5"}
    assert "GOV-3P" not in {row["id"] for row in response.json()["governance"]}  # a county-level organization


def test_a_provincial_organization_needs_three_supervisors():
    from charity.rules import check_governance

    checklist = governance("provincial")
    checklist["GOV-3P"]["supervisors"] = 2
    _cleaned, problems = check_governance(checklist, "provincial", 3)
    assert [(p.code, p.field) for p in problems] == [("GOV-3P", "governance.GOV-3P.supervisors")]
    assert not check_governance(governance("provincial"), "provincial", 3)[1]


def test_registered_less_than_a_year_may_not_apply_for_the_qualification(world):
    from charity.eligibility import registered_one_year

    org = world.org_a
    org.founded_on = date(2026, 3, 1)
    refusal = registered_one_year(org, date(2026, 12, 1))
    assert refusal.code == "CH-YEARS" and "2027-03-01" in refusal.zh
    assert registered_one_year(org, date(2027, 3, 1)) is None


def test_revoking_the_qualification_bars_reapplying_for_five_years(reported):
    world = reported
    grant = qualify(world)
    url = reverse("api-charity-grant-revoke", kwargs={"pk": grant.pk})
    recognition = Grant.objects.get(organization=world.org_a, kind="recognition")
    first = api_as(world.county_a).post(reverse("api-charity-grant-revoke", kwargs={"pk": recognition.pk}),
                                        {"reason": "x", "legal_basis": "慈善法", "decision_number": "1"}, format="json")
    assert first.status_code == 409 and codes(first) == {"CH-REVOKE-QUALIFICATION-FIRST"}
    assert api_as(world.county_b).post(url, {"reason": "x", "legal_basis": "y", "decision_number": "z"},
                                       format="json").status_code == 404
    response = api_as(world.county_a).post(url, {"reason": "违规公开募捐", "legal_basis": "《慈善法》第一百一十一条",
                                                 "decision_number": "东民罚〔2026〕9号"}, format="json")
    assert response.status_code == 200, response.content
    revoked_on = date.fromisoformat(response.json()["revoked_on"])
    assert response.json()["bar_until"] == revoked_on.replace(year=revoked_on.year + 5).isoformat()
    assert Announcement.objects.filter(kind="qualification_revoked").exists()
    data = eligibility(world.user_a, world.org_a, "qualification")
    bar = next(r for r in data["refusals"] if r["rule"] == "CH-BAR")
    assert response.json()["bar_until"] in bar["zh"] and "CHARITY_QUALIFICATION_REAPPLY_BAR_YEARS" in bar["settings"][0]
    again = apply_api(world.user_a, world.org_a, "qualification", governance=governance())
    assert again.status_code == 400 and "CH-BAR" in codes(again)
    # the public list shows it revoked
    listed = api_as(None).get(reverse("api-charity-grants"), {"kind": "qualification"}).json()
    assert listed[0]["revoked_on"] == revoked_on.isoformat()
    assert api_as(None).get(reverse("api-charity-grants"), {"kind": "qualification", "in_force": "1"}).json() == []


def test_the_business_supervisor_reads_but_does_not_apply(reported):
    world = reported
    assert eligibility(world.supervisor, world.org_a)["eligible"] is True
    response = apply_api(world.supervisor, world.org_a)
    assert response.status_code == 403
    assert not CharityApplication.objects.exists()
    assert apply_api(world.user_b, world.org_a).status_code == 404
