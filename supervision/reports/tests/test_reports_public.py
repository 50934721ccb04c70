"""What the public sees on an organization's page: inspection conclusions by year (or "report filed" in the
annual-report mode), overdue findings, penalties and the term in force — each as of the date asked for."""

from datetime import date, timedelta

from django.utils import timezone

from supervision.leadership import services as leadership_services
from supervision.penalties import services as penalties_services
from supervision.reports import services as reports_services
from supervision.tests.reports_helpers import figures, media_in_tmp, set_mode  # noqa: F401

LAST_YEAR = timezone.localdate().year - 1


def page(client, org, **params):
    client.cookies["django_language"] = "en"  # the site is Chinese first; English on request
    response = client.get(f"/org/{org.code}/", params)
    assert response.status_code == 200
    return response.content.decode()


def conclude(world, org, user, **review):
    report = reports_services.submit_report(user, org, {"year": LAST_YEAR, **figures()})
    if report.state == "awaiting_first_review":
        reports_services.record_review(world.county_a if org == world.org_a else world.county_b, report,
                               stage="first_review", outcome="passed")
    officer = world.county_a if org == world.org_a else world.county_b
    return reports_services.record_review(officer, report, stage="authority", outcome="concluded", **review)


def test_the_public_page_shows_the_inspection_conclusion_by_year(client, world):
    conclude(world, world.org_a, world.user_a, conclusion="basically_qualified", reasons="档案管理不规范")

    html = page(client, world.org_a)

    assert "Annual work reports and inspection" in html and "Basically qualified" in html
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(f"/org/{world.org_a.code}/").content.decode()
    assert "年度工作报告与年检" in chinese and "基本合格" in chinese
    assert str(LAST_YEAR) in html
    assert "档案管理不规范" not in html  # the reasons stay with the organization and the officers


def test_in_report_mode_the_public_sees_report_filed(client, world):
    set_mode("110102", "report")
    conclude(world, world.org_b, world.user_b)

    assert "Report filed (formal review completed)" in page(client, world.org_b)


def test_a_report_under_review_is_shown_as_such(client, world):
    reports_services.submit_report(world.user_a, world.org_a, {"year": LAST_YEAR, **figures()})

    assert "Submitted, under review" in page(client, world.org_a)


def test_penalties_and_the_term_in_force_are_public(client, world):
    penalties_services.record_penalty(world.county_a, world.org_a, {
        "penalty": "fine", "amount": "20000", "decision_number": "东民罚〔2023〕7号", "decided_on": "2023-07-01",
        "legal_basis": "《社会团体登记管理条例》第三十条", "facts": "超出章程规定的宗旨和业务范围进行活动"})
    leadership_services.file_term(world.county_a, world.org_a, {"filing": "initial", "started_on": "2021-01-01",
                                                     "legal_rep_name": world.org_a.legal_rep_name,
                                                     "board_members": ["甲理事", "乙理事"]})

    html = page(client, world.org_a)

    assert "东民罚〔2023〕7号" in html and "20000.00" in html
    assert "甲理事" in html and "2026-01-01" in html


def test_as_of_a_past_date_the_page_replays_what_was_known_then(client, world):
    penalties_services.record_penalty(world.county_a, world.org_a, {
        "penalty": "warning", "decision_number": "东民罚〔2023〕8号", "decided_on": "2023-07-01",
        "legal_basis": "条例", "facts": "事实"})
    conclude(world, world.org_a, world.user_a, conclusion="qualified")

    before_penalty = page(client, world.org_a, as_of="2023-06-30")
    yesterday = page(client, world.org_a, as_of=(timezone.localdate() - timedelta(days=1)).isoformat())

    assert "东民罚〔2023〕8号" not in before_penalty and "东民罚〔2023〕8号" in yesterday
    assert "Qualified" not in yesterday  # concluded today


def test_the_missing_finding_is_public(client, world):
    reports_services.sweep_overdue(as_of=date(LAST_YEAR + 1, 6, 1), jurisdiction="110101", year=LAST_YEAR)

    assert "Not submitted by the deadline" in page(client, world.org_a)
