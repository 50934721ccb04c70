"""Review of annual work reports: the business supervisor's first review (recorded by an officer), then the
registration authority, concluding in annual-inspection mode or completing a formal review in annual-report
mode (set per jurisdiction); returns, corrections, and the jurisdiction (404 outside it)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from conftest import PASSWORD, api_as, grown, make_user, org_row
from registry.services import register_organization
from supervision.models import AnnualReport, Conclusion, ReportReview, ReportState
from supervision.reports import services as reports_services
from supervision.tests.reports_helpers import assert_problem, figures, media_in_tmp, set_mode, state  # noqa: F401

LAST_YEAR = timezone.localdate().year - 1
SUPERVISOR = "北京市科学技术协会"


def org_user(report):
    return User.objects.get(organization_id_bound=report.organization_id)


def reviews_url(report) -> str:
    return f"/api/v1/annual-reports/{report.pk}/reviews/"


def review(user, report, **data):
    return api_as(user).post(reviews_url(report), data, format="json")


@pytest.fixture
def supervised(world):
    """A report of a county organization with a business supervisor, as submitted."""
    org = register_organization(world.admin, org_row("110101", 81, supervisor=SUPERVISOR))
    user = make_user("supervised-org", "organization", org=org)
    return reports_services.submit_report(user, org, {"year": LAST_YEAR, **figures()})


@pytest.fixture
def direct(world):
    """A report of a directly registered county organization (no business supervisor)."""
    org = register_organization(world.admin, org_row("110101", 82, supervisor=""))
    user = make_user("direct-org", "organization", org=org)
    return reports_services.submit_report(user, org, {"year": LAST_YEAR, **figures()})


class TestInspectionMode:
    def test_first_review_then_the_authority_concludes(self, world, supervised):
        before = state()

        first = review(world.county_a, supervised, review_stage="first_review", review_outcome="passed")
        supervised.refresh_from_db()
        assert first.status_code == 201, first.content
        assert supervised.state == ReportState.AWAITING_REVIEW
        assert ReportReview.objects.get(pk=first.json()["id"]).supervisor_name == SUPERVISOR

        final = review(world.county_a, supervised, review_stage="authority", review_outcome="concluded",
                       conclusion="basically_qualified", reasons="财务制度不健全")
        supervised.refresh_from_db()

        assert final.status_code == 201, final.content
        assert final.json()["review_mode"] == "inspection"
        assert "ANNUAL_REVIEW_MODE" in final.json()["mode_explanation"]
        assert supervised.state == ReportState.CONCLUDED
        assert supervised.conclusion == Conclusion.BASICALLY_QUALIFIED
        assert supervised.concluded_on == timezone.localdate() and supervised.review_mode == "inspection"
        assert (grown(before, state())[2], grown(before, state())[-1]) == (2, 2)

    def test_the_authority_cannot_skip_the_first_review(self, world, supervised):
        before = state()

        response = review(world.county_a, supervised, review_stage="authority", review_outcome="concluded",
                          conclusion="qualified")

        assert_problem(response, "REVIEW-FIRST-REVIEW-REQUIRED", "review_stage", 400)
        assert state() == before

    def test_a_conclusion_is_required_and_poor_ones_need_reasons(self, world, direct):
        before = state()

        missing = review(world.county_a, direct, review_stage="authority", review_outcome="concluded")
        no_reason = review(world.county_a, direct, review_stage="authority", review_outcome="concluded",
                           conclusion="unqualified")

        assert_problem(missing, "REVIEW-CONCLUSION-REQUIRED", "conclusion", 400)
        assert_problem(no_reason, "REVIEW-REASONS-REQUIRED", "reasons", 400)
        assert state() == before

    def test_a_review_dated_in_the_future_is_refused(self, world, direct):
        tomorrow = timezone.localdate() + timedelta(days=1)

        response = review(world.county_a, direct, review_stage="authority", review_outcome="concluded",
                          conclusion="qualified", reviewed_on=tomorrow.isoformat())

        assert_problem(response, "REVIEW-DATE-FUTURE", "reviewed_on", 400)

    def test_returned_for_correction_then_resubmitted_then_concluded(self, world, direct):
        returned = review(world.county_a, direct, review_stage="authority", review_outcome="returned",
                          reasons="净资产数据有误")
        direct.refresh_from_db()
        assert returned.status_code == 201 and direct.state == ReportState.RETURNED

        reports_services.resubmit_report(org_user(direct), direct, {**figures(), "correction_note": "更正净资产"})
        direct.refresh_from_db()
        assert direct.state == ReportState.AWAITING_REVIEW and direct.submissions.count() == 2

        concluded = review(world.county_a, direct, review_stage="authority", review_outcome="concluded",
                           conclusion="qualified")
        direct.refresh_from_db()
        assert concluded.status_code == 201
        assert direct.state == ReportState.CONCLUDED and direct.conclusion == Conclusion.QUALIFIED
        assert concluded.json()["submission"] == direct.submissions.order_by("-number").first().pk

    def test_a_concluded_report_can_no_longer_be_resubmitted(self, world, direct):
        review(world.county_a, direct, review_stage="authority", review_outcome="concluded", conclusion="qualified")
        user = org_user(direct)
        before = state()

        response = api_as(user).post(f"/api/v1/annual-reports/{direct.pk}/submissions/",
                                     {**figures(), "correction_note": "x"}, format="json")

        assert_problem(response, "REPORT-NOT-CORRECTABLE", "report", 400)
        assert state() == before

    def test_a_conclusion_is_corrected_by_a_superseding_review(self, world, direct):
        first = review(world.county_a, direct, review_stage="authority", review_outcome="concluded",
                       conclusion="qualified").json()
        again = review(world.county_a, direct, review_stage="authority", review_outcome="concluded",
                       conclusion="qualified")
        assert_problem(again, "REVIEW-STATE", "review_stage", 400)

        corrected = review(world.county_a, direct, review_stage="authority", review_outcome="concluded",
                           conclusion="basically_qualified", reasons="复核发现账目问题", supersedes=first["id"])
        direct.refresh_from_db()

        assert corrected.status_code == 201, corrected.content
        assert direct.conclusion == Conclusion.BASICALLY_QUALIFIED
        assert ReportReview.objects.get(pk=first["id"]).superseded_by.pk == corrected.json()["id"]
        listed = api_as(world.county_a).get(reviews_url(direct)).json()
        assert [r["superseded_by"] for r in listed] == [corrected.json()["id"], None]


class TestReportMode:
    def test_the_authority_completes_a_formal_review_without_conclusion(self, world, direct):
        set_mode("110000", "report")  # the city sets it; the county inherits

        refused = review(world.county_a, direct, review_stage="authority", review_outcome="concluded",
                         conclusion="qualified")
        done = review(world.county_a, direct, review_stage="authority", review_outcome="concluded")
        direct.refresh_from_db()

        assert_problem(refused, "REVIEW-NO-CONCLUSION-IN-REPORT-MODE", "conclusion", 400)
        assert done.status_code == 201, done.content
        assert done.json()["review_mode"] == "report" and "110000" in done.json()["mode_explanation"]
        assert direct.state == ReportState.CONCLUDED and direct.conclusion == "" and direct.review_mode == "report"

    def test_the_formal_review_is_due_within_the_working_days_setting(self, world, direct):
        set_mode("110101", "report")

        due, why = reports_services.review_due(direct)

        assert due is not None and (due - direct.last_submitted_on).days >= 10
        assert "ANNUAL_REPORT_REVIEW_WORKING_DAYS" in why

    def test_the_mode_of_one_county_does_not_change_another(self, world, direct):
        set_mode("110102", "report")

        response = review(world.county_a, direct, review_stage="authority", review_outcome="concluded")

        assert_problem(response, "REVIEW-CONCLUSION-REQUIRED", "conclusion", 400)


class TestWho:
    def test_an_officer_of_another_county_gets_404(self, world, direct):
        before = state()

        response = review(world.county_b, direct, review_stage="authority", review_outcome="concluded",
                          conclusion="qualified")

        assert_problem(response, "NOT-FOUND", None, 404)
        assert api_as(world.county_b).get(reviews_url(direct)).status_code == 404
        assert state() == before

    def test_the_city_officer_may_review_a_county_report(self, world, direct):
        response = review(world.province, direct, review_stage="authority", review_outcome="concluded",
                          conclusion="qualified")
        assert response.status_code == 201

    def test_the_organization_sees_its_reviews_but_cannot_record_one(self, world, direct):
        user = org_user(direct)
        review(world.county_a, direct, review_stage="authority", review_outcome="returned", reasons="补充材料")
        before = state()

        listed = api_as(user).get(reviews_url(direct))
        attempt = review(user, direct, review_stage="authority", review_outcome="concluded", conclusion="qualified")

        assert listed.status_code == 200 and listed.json()[0]["reasons"] == "补充材料"
        assert attempt.status_code == 403
        assert state() == before


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


class TestWeb:
    def test_the_officer_reviews_on_the_web(self, client, world, supervised):
        login(client, world.county_a)
        assert client.get("/supervision/reports/").status_code == 200
        assert supervised.organization.name in client.get("/supervision/reports/").content.decode()
        assert client.get(f"/supervision/reports/{supervised.pk}/review/").status_code == 200

        first = client.post(f"/supervision/reports/{supervised.pk}/review/", {
            "review_stage": "first_review", "review_outcome": "passed", "supervisor_name": SUPERVISOR})
        final = client.post(f"/supervision/reports/{supervised.pk}/review/", {
            "review_stage": "authority", "review_outcome": "concluded", "conclusion": "qualified"})
        supervised.refresh_from_db()

        assert first.status_code == 302 and final.status_code == 302
        assert supervised.state == ReportState.CONCLUDED and supervised.conclusion == "qualified"

    def test_a_refused_review_is_shown_with_its_rule_and_saves_nothing(self, client, world, supervised):
        login(client, world.county_a)
        before = state()

        response = client.post(f"/supervision/reports/{supervised.pk}/review/", {
            "review_stage": "authority", "review_outcome": "concluded", "conclusion": "qualified"})

        assert response.status_code == 400
        assert 'data-code="REVIEW-FIRST-REVIEW-REQUIRED"' in response.content.decode()
        assert state() == before

    def test_officers_of_another_county_and_organization_users_cannot_open_the_review_form(self, client, world,
                                                                                          supervised):
        login(client, world.county_b)
        assert client.get(f"/supervision/reports/{supervised.pk}/review/").status_code == 404
        client.logout()
        login(client, world.user_a)
        assert client.get(f"/supervision/reports/{supervised.pk}/review/").status_code == 403

    def test_the_organization_sees_the_outcome_on_its_report_page(self, client, world, direct):
        review(world.county_a, direct, review_stage="authority", review_outcome="concluded",
               conclusion="unqualified", reasons="未按章程召开会员大会")
        user = org_user(direct)
        login(client, user)

        page = client.get(f"/supervision/reports/{direct.pk}/").content.decode()

        assert "未按章程召开会员大会" in page
        assert AnnualReport.objects.get(pk=direct.pk).conclusion == "unqualified"
