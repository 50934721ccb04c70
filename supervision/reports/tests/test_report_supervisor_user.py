"""The business supervisor's own user (业务主管单位用户) records the first review (初审) of its organizations'
annual work reports, through the web and the API, and then the authority concludes. It sees only the
organizations whose current business supervisor is its unit, registered within its division (404 elsewhere,
never 403), and does nothing else: not the authority's review, not a report, not any staff or organization act.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.jurisdiction import is_staff_user, may_act_for_division
from accounts.models import Role, User
from audit.models import AuditEvent
from conftest import SUPERVISOR_A, api_as, make_user, org_row
from registry.models import Organization
from registry.services import record_event, register_organization
from supervision.models import AnnualReport, ReportReview, ReportState
from supervision.reports import services as reports_services
from supervision.tests.reports_helpers import assert_problem, figures, media_in_tmp, pdf_file, state  # noqa: F401

LAST_YEAR = timezone.localdate().year - 1
QUEUE_API = "/api/v1/annual-reports/first-review/"
QUEUE_WEB = "/supervision/reports/first-review/"


def reviews_url(report) -> str:
    return f"/api/v1/annual-reports/{report.pk}/reviews/"


def first_review_url(report) -> str:
    return f"/supervision/reports/{report.pk}/first-review/"


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def report_a(world):
    """org_a's report for last year (with an audit report), as its own user submitted it: awaiting 初审."""
    return reports_services.submit_report(world.user_a, world.org_a, {"year": LAST_YEAR, **figures()}, pdf_file())


@pytest.fixture
def elsewhere(world):
    """Reports the supervisor user must not reach: another unit in its county, and its unit's name in another
    county (西城区, outside its division)."""
    other_unit = register_organization(world.admin, org_row("110101", 91, supervisor="东城区体育局"))
    other_place = register_organization(world.admin, org_row("110102", 92, supervisor=SUPERVISOR_A))
    reports = {}
    for key, org in (("other_unit", other_unit), ("other_place", other_place)):
        user = make_user(f"org-{key}", Role.ORGANIZATION, org=org)
        reports[key] = reports_services.submit_report(user, org, {"year": LAST_YEAR, **figures()})
    return reports


class TestTheRole:
    def test_needs_its_division_and_its_unit(self, world):
        user = User(username="unit-without-anything", role=Role.SUPERVISOR)
        with pytest.raises(ValidationError) as raised:
            user.clean()
        assert {"division", "supervisor_unit"} <= set(raised.value.message_dict)
        User(username="unit", role=Role.SUPERVISOR, division_id="110101", supervisor_unit=SUPERVISOR_A).clean()

    def test_is_not_staff_and_sees_only_its_organizations(self, world, elsewhere):
        supervisor = world.supervisor
        assert supervisor.is_supervisor_user and not supervisor.is_officer and not supervisor.is_org_user
        assert not is_staff_user(supervisor)
        assert not may_act_for_division(supervisor, "110101")
        assert set(Organization.objects.visible_to(supervisor)) == {world.org_a}

    def test_follows_the_current_business_supervisor(self, world, report_a):
        client = api_as(world.supervisor)
        assert client.get(f"/api/v1/annual-reports/{report_a.pk}/").status_code == 200
        record_event(world.admin, world.org_a, kind="change", effective_on=date(2024, 1, 2), reason="变更业务主管单位",
                     changes={"supervisor": "东城区科学技术委员会"})
        assert client.get(f"/api/v1/annual-reports/{report_a.pk}/").status_code == 404
        assert not Organization.objects.visible_to(world.supervisor).exists()


class TestFirstReviewThroughTheApi:
    def test_the_supervisor_reviews_first_then_the_officer_concludes(self, world, report_a):
        client = api_as(world.supervisor)
        queue = client.get(QUEUE_API)
        assert queue.status_code == 200, queue.content
        assert [row["id"] for row in queue.json()["results"]] == [report_a.pk]
        assert client.get(f"/api/v1/annual-reports/{report_a.pk}/").status_code == 200
        assert client.get(f"/api/v1/annual-reports/{report_a.pk}/submissions/").status_code == 200
        download = client.get(f"/api/v1/annual-reports/{report_a.pk}/submissions/1/audit-report/")
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")

        first = client.post(reviews_url(report_a), {"review_stage": "first_review", "review_outcome": "passed",
                                                    "supervisor_name": "冒名单位"}, format="json")
        assert first.status_code == 201, first.content
        review = ReportReview.objects.get(pk=first.json()["id"])
        assert review.reviewer == world.supervisor and review.stage == "first_review"
        assert review.supervisor_name == SUPERVISOR_A  # the unit under its registered name, not what was typed
        event = AuditEvent.objects.filter(action="annual_report.review").latest("seq")
        assert event.actor == world.supervisor and event.object_id == str(review.pk)
        report_a.refresh_from_db()
        assert report_a.state == ReportState.AWAITING_REVIEW
        assert client.get(QUEUE_API).json()["results"] == []

        final = api_as(world.county_a).post(reviews_url(report_a), {
            "review_stage": "authority", "review_outcome": "concluded", "conclusion": "qualified"}, format="json")
        assert final.status_code == 201, final.content
        report_a.refresh_from_db()
        assert report_a.state == ReportState.CONCLUDED and report_a.conclusion == "qualified"
        assert AuditEvent.objects.filter(action="annual_report.review").latest("seq").actor == world.county_a

    def test_a_return_needs_reasons_and_goes_back_to_the_organization(self, world, report_a):
        client = api_as(world.supervisor)
        before = state()
        refused = client.post(reviews_url(report_a), {"review_stage": "first_review", "review_outcome": "returned"},
                              format="json")
        assert_problem(refused, "REVIEW-REASONS-REQUIRED", "reasons", 400)
        assert state() == before
        returned = client.post(reviews_url(report_a), {"review_stage": "first_review", "review_outcome": "returned",
                                                       "reasons": "活动情况填写不完整"}, format="json")
        assert returned.status_code == 201, returned.content
        report_a.refresh_from_db()
        assert report_a.state == ReportState.RETURNED

    def test_the_authority_stage_is_not_the_supervisors(self, world, report_a):
        client = api_as(world.supervisor)
        before = state()
        early = client.post(reviews_url(report_a), {"review_stage": "authority", "review_outcome": "concluded",
                                                    "conclusion": "qualified"}, format="json")
        assert_problem(early, "REVIEW-SUPERVISOR-FIRST-ONLY", "review_stage", 403)
        assert state() == before

        assert client.post(reviews_url(report_a), {"review_stage": "first_review", "review_outcome": "passed"},
                           format="json").status_code == 201
        before = state()
        late = client.post(reviews_url(report_a), {"review_stage": "authority", "review_outcome": "concluded",
                                                   "conclusion": "qualified"}, format="json")
        assert_problem(late, "REVIEW-SUPERVISOR-FIRST-ONLY", "review_stage", 403)
        assert state() == before
        report_a.refresh_from_db()
        assert report_a.state == ReportState.AWAITING_REVIEW

    def test_another_unit_or_jurisdiction_is_not_found(self, world, report_a, elsewhere):
        client = api_as(world.supervisor)
        assert [row["id"] for row in client.get(QUEUE_API).json()["results"]] == [report_a.pk]
        assert [row["id"] for row in client.get("/api/v1/annual-reports/").json()["results"]] == [report_a.pk]
        before = state()
        for report in elsewhere.values():
            assert client.get(f"/api/v1/annual-reports/{report.pk}/").status_code == 404
            assert client.get(f"/api/v1/annual-reports/{report.pk}/submissions/").status_code == 404
            response = client.post(reviews_url(report), {"review_stage": "first_review", "review_outcome": "passed"},
                                   format="json")
            assert response.status_code == 404, response.content
        assert state() == before
        assert all(AnnualReport.objects.get(pk=r.pk).state == ReportState.AWAITING_FIRST_REVIEW
                   for r in elsewhere.values())

    def test_the_service_refuses_outside_the_unit_even_when_called_directly(self, world, elsewhere):
        before = state()
        with pytest.raises(reports_services.RuleViolation) as raised:
            reports_services.record_review(world.supervisor, elsewhere["other_place"], stage="first_review", outcome="passed")
        assert raised.value.status == 404
        assert state() == before

    def test_the_queue_is_not_for_organizations(self, world):
        assert api_as(world.user_a).get(QUEUE_API).status_code == 403
        assert api_as(None).get(QUEUE_API).status_code in (401, 403)
        assert api_as(world.county_a).get(QUEUE_API).status_code == 200  # officers record paper first reviews


class TestFirstReviewOnTheWeb:
    def test_the_supervisor_reviews_first_then_the_officer_concludes(self, world, report_a):
        client = web(world.supervisor)
        home = client.get("/")
        nav = home.content.decode()
        nav = nav[nav.index('<nav class="site-nav"'):nav.index("</nav>")]
        assert f'href="{QUEUE_WEB}"' in nav and "/supervision/reports/mine/" not in nav
        assert client.get("/supervision/").url == QUEUE_WEB
        assert client.get("/staff/").url == QUEUE_WEB  # where a login lands

        queue = client.get(QUEUE_WEB)
        assert queue.status_code == 200 and world.org_a.code in queue.content.decode()
        detail = client.get(f"/supervision/reports/{report_a.pk}/")
        assert detail.status_code == 200 and first_review_url(report_a) in detail.content.decode()
        assert client.get(f"/supervision/reports/{report_a.pk}/submissions/1/audit-report/").status_code == 200
        assert client.get(first_review_url(report_a)).status_code == 200

        before = state()
        refused = client.post(first_review_url(report_a), {"review_outcome": "returned"})
        assert refused.status_code == 400 and "REVIEW-REASONS-REQUIRED" in refused.content.decode()
        assert state() == before

        done = client.post(first_review_url(report_a), {"review_outcome": "passed"})
        assert done.status_code == 302 and done.url == f"/supervision/reports/{report_a.pk}/"
        review = ReportReview.objects.get(report=report_a)
        assert review.reviewer == world.supervisor and review.supervisor_name == SUPERVISOR_A
        assert AuditEvent.objects.filter(action="annual_report.review").latest("seq").actor == world.supervisor
        assert world.org_a.code not in client.get(QUEUE_WEB).content.decode()

        officer = web(world.county_a)
        final = officer.post(f"/supervision/reports/{report_a.pk}/review/", {
            "review_stage": "authority", "review_outcome": "concluded", "conclusion": "basically_qualified",
            "reasons": "档案管理不规范"})
        assert final.status_code == 302, final.content.decode()[:2000]
        report_a.refresh_from_db()
        assert report_a.state == ReportState.CONCLUDED and report_a.conclusion == "basically_qualified"

    def test_another_unit_or_jurisdiction_is_not_found(self, world, elsewhere):
        client = web(world.supervisor)
        before = state()
        for report in elsewhere.values():
            assert client.get(f"/supervision/reports/{report.pk}/").status_code == 404
            assert client.get(first_review_url(report)).status_code == 404
            assert client.post(first_review_url(report), {"review_outcome": "passed"}).status_code == 404
        assert state() == before
        queue = client.get(f"{QUEUE_WEB}?show=all").content.decode()
        assert all(r.organization.code not in queue for r in elsewhere.values())

    def test_the_authority_review_form_is_not_the_supervisors(self, world, report_a):
        client = web(world.supervisor)
        before = state()
        assert client.get(f"/supervision/reports/{report_a.pk}/review/").status_code == 403
        response = client.post(f"/supervision/reports/{report_a.pk}/review/", {
            "review_stage": "authority", "review_outcome": "concluded", "conclusion": "qualified"})
        assert response.status_code == 403
        assert state() == before

    def test_the_first_review_form_is_the_supervisors_only(self, world, report_a):
        for user in (world.county_a, world.user_a, world.admin):
            assert web(user).get(first_review_url(report_a)).status_code == 403
            assert web(user).get(QUEUE_WEB).status_code == 403


class TestNothingElse:
    def test_cannot_file_or_correct_a_report(self, world, report_a):
        before = state()
        api = api_as(world.supervisor)
        body = {"organization": world.org_a.code, "year": LAST_YEAR - 1, **figures()}
        assert_problem(api.post("/api/v1/annual-reports/", body, format="json"), "REPORT-OWN-ORGANIZATION",
                       "organization", 403)
        resubmit = api.post(f"/api/v1/annual-reports/{report_a.pk}/submissions/",
                            {**figures(), "correction_note": "改"}, format="json")
        assert_problem(resubmit, "REPORT-OWN-ORGANIZATION", "organization", 403)
        client = web(world.supervisor)
        assert client.get("/supervision/reports/file/").status_code == 403
        assert client.post("/supervision/reports/file/", {"year": LAST_YEAR - 1, **figures()}).status_code == 403
        assert client.get("/supervision/reports/mine/").url == QUEUE_WEB
        assert state() == before

    def test_cannot_act_as_the_organization_or_as_staff(self, world, report_a):
        before = (state(), Organization.objects.count())
        api = api_as(world.supervisor)
        client = web(world.supervisor)
        code = world.org_a.code
        # the organization's own side: credit objections, repairs, notices, rating applications
        assert api.post(f"/api/v1/organizations/{code}/objections/",
                        {"fact_ref": "x", "statement": "异议"}, format="json").status_code == 403
        assert api.post(f"/api/v1/organizations/{code}/repairs/",
                        {"list_kind": "abnormal", "statement": "修复"}, format="json").status_code == 403
        for path in (f"/credit/org/{code}/notifications/", f"/credit/org/{code}/objections/new/",
                     f"/credit/org/{code}/repairs/new/", f"/supervision/ratings/org/{code}/apply/"):
            assert client.get(path).status_code == 403, path
        assert api.post("/api/v1/ratings/applications/", {"organization": code}, format="json").status_code == 403
        # staff acts: penalties, registry events, registration
        penalty = api.post("/api/v1/penalties/", {
            "organization": code, "penalty": "warning", "decision_number": "京东民罚〔2024〕1号",
            "decided_on": "2024-01-02", "legal_basis": "条例", "facts": "事实"}, format="json")
        assert penalty.status_code == 403
        event = api.post(f"/api/v1/organizations/{code}/events/", {
            "kind": "change", "effective_on": "2024-01-02", "reason": "r", "changes": {"domicile": "某处"}},
            format="json")
        assert event.status_code == 403
        assert client.get("/staff/organizations/new/").status_code == 403
        assert client.get(f"/supervision/organizations/{code}/penalties/new/").status_code == 403
        assert (state(), Organization.objects.count()) == before
