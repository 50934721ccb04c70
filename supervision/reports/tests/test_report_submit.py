"""Submitting an annual work report: by the organization's own account only (API and web), every bad figure
named with its rule and field, and nothing changes on a refusal."""

import pytest
from django.utils import timezone

from conftest import PASSWORD, api_as, grown, make_user, org_row
from registry.services import register_organization
from supervision.models import AnnualReport, ReportState, ReportSubmission
from supervision.tests.reports_helpers import assert_problem, figures, media_in_tmp, pdf_file, state  # noqa: F401

URL = "/api/v1/annual-reports/"
LAST_YEAR = timezone.localdate().year - 1


def post(user, data, fmt="json"):
    return api_as(user).post(URL, data, format=fmt)


def body(org, **overrides):
    return {"organization": org.code, "year": LAST_YEAR, **figures(**overrides)}


class TestApiSubmit:
    def test_it_works(self, world):
        before = state()

        response = post(world.user_a, body(world.org_a))

        assert response.status_code == 201, response.content
        report = AnnualReport.objects.get(organization=world.org_a, year=LAST_YEAR)
        first_review = bool(world.org_a.supervisor)  # 初审 first when there is a business supervisor
        assert report.state == (ReportState.AWAITING_FIRST_REVIEW if first_review else ReportState.AWAITING_REVIEW)
        assert report.first_submitted_on == timezone.localdate()
        submission = report.submissions.get()
        assert submission.income_total == submission.income_donations * 2
        assert str(submission.net_assets) == "400000.00" and submission.party_organization is True
        assert response.json()["report_state"] == report.state
        assert response.json()["submissions"][0]["income_total"] == "100000.00"
        added = grown(before, state())
        assert (added[0], added[1], added[-1]) == (1, 1, 1)

    @pytest.mark.parametrize("supervisor,expected", [("", ReportState.AWAITING_REVIEW),
                                                     ("北京市科学技术协会", ReportState.AWAITING_FIRST_REVIEW)])
    def test_a_business_supervisor_reviews_first_and_a_direct_registration_goes_to_the_authority(
            self, world, supervisor, expected):
        org = register_organization(world.admin, org_row("110101", 71, supervisor=supervisor))
        user = make_user("direct", "organization", org=org)

        response = post(user, body(org))

        assert response.status_code == 201
        assert AnnualReport.objects.get(organization=org).state == expected

    def test_the_other_organizations_user_gets_404_and_nothing_changes(self, world):
        before = state()

        response = post(world.user_b, body(world.org_a))

        assert_problem(response, "NOT-FOUND", None, 404)
        assert state() == before

    def test_an_officer_cannot_submit_for_the_organization(self, world):
        before = state()

        response = post(world.county_a, body(world.org_a))

        assert_problem(response, "REPORT-OWN-ORGANIZATION", "organization", 403)
        assert state() == before

    def test_anonymous_gets_401(self, world):
        assert post(None, body(world.org_a)).status_code == 401

    def test_a_duplicate_year_is_refused(self, world):
        assert post(world.user_a, body(world.org_a)).status_code == 201
        before = state()

        response = post(world.user_a, body(world.org_a))

        assert_problem(response, "REPORT-YEAR-DUPLICATE", "year", 400)
        assert state() == before

    def test_a_year_before_founding_is_refused(self, world):
        before = state()

        response = post(world.user_a, {**body(world.org_a), "year": 2014})  # founded 2015-06-01

        problem = assert_problem(response, "REPORT-YEAR-BEFORE-FOUNDING", "year", 400)
        assert "2015" in problem["message_en"] and "2015" in problem["message_zh"]
        assert state() == before

    def test_a_year_that_has_not_ended_is_refused(self, world):
        response = post(world.user_a, {**body(world.org_a), "year": LAST_YEAR + 1})

        assert_problem(response, "REPORT-YEAR-NOT-ENDED", "year", 400)

    def test_negative_money_is_refused_naming_the_field(self, world):
        before = state()

        response = post(world.user_a, body(world.org_a, income_other="-5000.00", income_total="90000.00"))

        assert_problem(response, "MONEY-NEGATIVE", "income_other", 400)
        assert state() == before

    def test_totals_that_do_not_add_up_are_named_with_expected_and_given_values(self, world):
        before = state()

        response = post(world.user_a, body(world.org_a, income_total="99000.00", expense_total="80000.01",
                                           net_assets="300000.00"))

        income = assert_problem(response, "REPORT-INCOME-TOTAL", "income_total", 400)
        assert "100,000.00" in income["message_en"] and "99,000.00" in income["message_en"]
        assert income["value"] == "99000.00"
        expense = assert_problem(response, "REPORT-EXPENSE-TOTAL", "expense_total")
        assert "80,000.00" in expense["message_zh"] and "80,000.01" in expense["message_zh"]
        balance = assert_problem(response, "REPORT-BALANCE", "total_assets")
        assert "400,000.00" in balance["message_en"] and "500,000.00" in balance["message_en"]
        assert state() == before

    def test_every_missing_or_malformed_field_is_reported_at_once(self, world):
        data = body(world.org_a, employees="-1", volunteers="many", party_organization="maybe", activities="",
                    income_donations="1.005")
        del data["expense_total"]

        response = post(world.user_a, data)

        assert response.status_code == 400
        codes = {(e["code"], e["field"]) for e in response.json()["errors"]}
        assert {("COUNT-NEGATIVE", "employees"), ("COUNT-FORMAT", "volunteers"),
                ("BOOLEAN-FORMAT", "party_organization"), ("REQUIRED", "activities"),
                ("MONEY-DECIMALS", "income_donations"), ("REQUIRED", "expense_total")} <= codes

    def test_a_foundation_without_an_audit_report_is_refused(self, world):
        foundation = register_organization(world.admin, org_row("110000", 72, org_type="foundation",
                                                                registered_funds="8000000"))
        user = make_user("foundation-user", "organization", org=foundation)
        before = state()

        response = post(user, body(foundation))

        problem = assert_problem(response, "REPORT-AUDIT-REQUIRED", "audit_report", 400)
        assert "ANNUAL_REPORT_AUDIT_REQUIRED_TYPES" in problem["message_en"]
        assert state() == before

    def test_a_foundation_submits_with_its_audit_report_as_multipart(self, world):
        foundation = register_organization(world.admin, org_row("110000", 73, org_type="foundation",
                                                                registered_funds="8000000"))
        user = make_user("foundation-user", "organization", org=foundation)

        response = post(user, {**body(foundation), "audit_report": pdf_file("审计报告.pdf")}, fmt="multipart")

        assert response.status_code == 201, response.content
        submission = ReportSubmission.objects.get(report__organization=foundation)
        assert submission.audit_report_name == "审计报告.pdf" and len(submission.audit_report_sha256) == 64
        download = api_as(user).get(response.json()["submissions"][0]["audit_report"])
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
        assert api_as(world.user_b).get(response.json()["submissions"][0]["audit_report"]).status_code == 404

    def test_a_file_that_is_not_a_pdf_or_image_is_refused(self, world):
        response = post(world.user_a, {**body(world.org_a), "audit_report": pdf_file("x.pdf", b"MZ\x90\x00")},
                        fmt="multipart")

        assert_problem(response, "REPORT-FILE-TYPE", "audit_report", 400)

    def test_a_social_service_agency_reporting_branches_is_refused(self, world):
        agency = register_organization(world.admin, org_row("110101", 74, org_type="social_service_agency"))
        user = make_user("agency-user", "organization", org=agency)

        response = post(user, body(agency, branches=2))

        assert_problem(response, "REPORT-BRANCHES-SSA", "branches", 400)


class TestApiRead:
    def test_each_user_lists_only_its_scope(self, world):
        post(world.user_a, body(world.org_a))
        post(world.user_b, body(world.org_b))

        def orgs(user):
            return {row["organization"] for row in api_as(user).get(URL).json()["results"]}

        assert orgs(world.user_a) == {world.org_a.code}
        assert orgs(world.county_a) == {world.org_a.code}
        assert orgs(world.province) == {world.org_a.code, world.org_b.code}
        assert orgs(world.other_province) == set()
        assert api_as(None).get(URL).status_code == 401

    def test_an_officer_of_another_county_gets_404(self, world):
        report_id = post(world.user_a, body(world.org_a)).json()["id"]

        assert api_as(world.county_a).get(f"{URL}{report_id}/").status_code == 200
        assert_problem(api_as(world.county_b).get(f"{URL}{report_id}/"), "NOT-FOUND", None, 404)
        assert api_as(world.user_b).get(f"{URL}{report_id}/").status_code == 404

    def test_the_detail_names_the_deadline_and_its_setting(self, world):
        report_id = post(world.user_a, body(world.org_a)).json()["id"]

        detail = api_as(world.user_a).get(f"{URL}{report_id}/").json()

        assert detail["deadline"] == f"{LAST_YEAR + 1}-05-31"
        assert "ANNUAL_REPORT_DEADLINE_MMDD[social_group]" in detail["deadline_explanation"]


class TestResubmit:
    def test_a_correction_before_review_supersedes_the_first_submission(self, world):
        report_id = post(world.user_a, body(world.org_a)).json()["id"]
        before = state()

        response = api_as(world.user_a).post(f"{URL}{report_id}/submissions/", {
            **figures(employees=6), "correction_note": "更正从业人员数"}, format="json")

        assert response.status_code == 201, response.content
        report = AnnualReport.objects.get(pk=report_id)
        first, second = report.submissions.order_by("number")
        assert second.supersedes == first and second.employees == 6 and first.employees == 5
        assert (grown(before, state())[1], grown(before, state())[-1]) == (1, 1)

    def test_a_correction_needs_a_note_and_valid_totals(self, world):
        report_id = post(world.user_a, body(world.org_a)).json()["id"]
        before = state()

        response = api_as(world.user_a).post(f"{URL}{report_id}/submissions/", figures(income_total="1"),
                                             format="json")

        assert_problem(response, "REQUIRED", "correction_note", 400)
        assert_problem(response, "REPORT-INCOME-TOTAL", "income_total")
        assert state() == before

    def test_another_organizations_user_cannot_correct_it(self, world):
        report_id = post(world.user_a, body(world.org_a)).json()["id"]
        before = state()

        response = api_as(world.user_b).post(f"{URL}{report_id}/submissions/", {
            **figures(), "correction_note": "x"}, format="json")

        assert response.status_code == 404
        assert state() == before


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def web_data(**overrides):
    data = {key: str(value) for key, value in figures().items()}
    data.update(year=str(LAST_YEAR), party_organization="true", **overrides)
    return data


class TestWeb:
    def test_the_organization_user_fills_in_and_submits_on_the_web(self, client, world):
        login(client, world.user_a)
        assert client.get("/supervision/reports/mine/").status_code == 200
        assert client.get(f"/supervision/reports/file/?year={LAST_YEAR}").status_code == 200
        before = state()

        response = client.post("/supervision/reports/file/", web_data())

        report = AnnualReport.objects.get(organization=world.org_a, year=LAST_YEAR)
        assert response.status_code == 302 and response["Location"] == f"/supervision/reports/{report.pk}/"
        assert (grown(before, state())[0], grown(before, state())[-1]) == (1, 1)
        page = client.get(response["Location"]).content.decode()
        assert "100000.00" in page

    def test_a_refusal_is_shown_next_to_its_field_and_nothing_is_saved(self, client, world):
        login(client, world.user_a)
        before = state()

        response = client.post("/supervision/reports/file/", web_data(total_assets="1.00"))

        assert response.status_code == 400
        html = response.content.decode()
        assert 'data-code="REPORT-BALANCE"' in html and 'id="field-total_assets"' in html
        assert state() == before

    def test_an_officer_may_not_open_the_report_form(self, client, world):
        login(client, world.county_a)
        assert client.get("/supervision/reports/file/").status_code == 403
        assert client.get("/supervision/reports/mine/").status_code == 302

    def test_the_other_organizations_user_gets_404_for_the_report_page(self, client, world):
        report_id = post(world.user_a, body(world.org_a)).json()["id"]
        login(client, world.user_b)

        assert client.get(f"/supervision/reports/{report_id}/").status_code == 404

    def test_a_correction_on_the_web_is_a_new_submission(self, client, world):
        post(world.user_a, body(world.org_a))
        login(client, world.user_a)
        form = client.get(f"/supervision/reports/file/?year={LAST_YEAR}").content.decode()
        assert "100000.00" in form  # prefilled from the current submission

        response = client.post("/supervision/reports/file/", web_data(volunteers="31", correction_note="志愿者人数"))

        assert response.status_code == 302
        assert AnnualReport.objects.get(organization=world.org_a).submissions.count() == 2


@pytest.mark.parametrize("lang,text", [("en", "Annual work report"), ("zh-hans", "年度工作报告")])
def test_the_report_page_speaks_both_languages(client, world, lang, text):
    report_id = post(world.user_a, body(world.org_a)).json()["id"]
    login(client, world.user_a)
    client.cookies["django_language"] = lang

    assert text in client.get(f"/supervision/reports/{report_id}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
