"""The overdue-report sweep: set-based, idempotent, listing missing reports from the day after the deadline and
late ones once they come in, within a jurisdiction, with the deadline setting of each authority."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from conftest import PASSWORD, api_as, make_user, org_row
from divisions.models import JurisdictionSetting
from registry.services import record_event, register_organization
from supervision.models import ReportOverdue
from supervision.reports import queries as reports_queries
from supervision.reports import services as reports_services
from supervision.tests.reports_helpers import figures, media_in_tmp, state  # noqa: F401

YEAR = timezone.localdate().year - 2  # every date of these tests is in the past
DEADLINE = date(YEAR + 1, 5, 31)


def listed(kind=None) -> set:
    rows = ReportOverdue.objects.filter(year=YEAR)
    if kind:
        rows = rows.filter(kind=kind)
    return {(r.organization_id, r.kind) for r in rows}


def submit_on(monkeypatch, user, org, day):
    monkeypatch.setattr(reports_services, "today", lambda: day)
    report = reports_services.submit_report(user, org, {"year": YEAR, **figures()})
    monkeypatch.undo()
    return report


def test_nothing_is_listed_on_the_deadline_day_and_the_missing_are_listed_the_day_after(world):
    audit_before = AuditEvent.objects.count()

    on_deadline = reports_services.sweep_overdue(as_of=DEADLINE, jurisdiction="110000", year=YEAR)
    assert (on_deadline.missing, on_deadline.late) == (0, 0)
    assert listed() == set() and AuditEvent.objects.count() == audit_before

    day_after = reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=1), jurisdiction="110000", year=YEAR)

    assert day_after.missing == 3
    assert listed() == {(world.org_a.pk, "missing"), (world.org_b.pk, "missing"), (world.org_city.pk, "missing")}
    fact = ReportOverdue.objects.get(organization=world.org_a)
    assert fact.deadline == DEADLINE and fact.detected_on == DEADLINE + timedelta(days=1)
    assert "ANNUAL_REPORT_DEADLINE_MMDD[social_group] = 05-31" in fact.explanation
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.order_by("-seq").first().action == "report.sweep"


def test_a_second_sweep_finds_nothing_new_and_writes_nothing(world):
    reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=1), year=YEAR)
    before = state()

    again = reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=30), year=YEAR)

    assert (again.missing, again.late) == (0, 0)
    assert state() == before


def test_in_time_late_and_missing_reports_are_told_apart(world, monkeypatch):
    submit_on(monkeypatch, world.user_a, world.org_a, DEADLINE)
    submit_on(monkeypatch, world.user_b, world.org_b, DEADLINE + timedelta(days=5))

    result = reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=10), jurisdiction="110000", year=YEAR)

    assert (result.missing, result.late) == (1, 1)
    assert listed() == {(world.org_b.pk, "late"), (world.org_city.pk, "missing")}
    late = ReportOverdue.objects.get(organization=world.org_b)
    assert late.submitted_on == DEADLINE + timedelta(days=5) and "REPORT-LATE" in late.explanation


def test_a_report_that_comes_in_after_it_was_listed_missing_is_also_listed_late(world, monkeypatch):
    reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=1), jurisdiction="110101", year=YEAR)
    submit_on(monkeypatch, world.user_a, world.org_a, DEADLINE + timedelta(days=20))

    reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=21), jurisdiction="110101", year=YEAR)

    assert listed() == {(world.org_a.pk, "missing"), (world.org_a.pk, "late")}
    overdue = reports_queries.overdue_list(world.county_a, YEAR)
    assert {(f.kind, f.still_missing) for f in overdue} == {("missing", False), ("late", False)}


def test_the_sweep_covers_only_its_jurisdiction(world):
    reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=1), jurisdiction="110101", year=YEAR)

    assert listed() == {(world.org_a.pk, "missing")}


def test_organizations_founded_after_the_report_year_or_ended_before_the_deadline_owe_nothing(world):
    young = register_organization(world.admin, org_row("110101", 91, founded_on=f"{YEAR + 1}-01-02"))
    record_event(world.admin, world.org_b, kind="deregistration", effective_on=DEADLINE - timedelta(days=30),
                 reason="自行解散")
    record_event(world.admin, world.org_city, kind="deregistration", effective_on=DEADLINE + timedelta(days=30),
                 reason="自行解散")

    reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=60), jurisdiction="110000", year=YEAR)

    assert young.pk not in {pk for pk, _ in listed()}
    assert listed() == {(world.org_a.pk, "missing"), (world.org_city.pk, "missing")}


def test_a_local_deadline_applies_to_its_jurisdiction_and_is_named(world):
    JurisdictionSetting.objects.create(division_id="110101", key="ANNUAL_REPORT_DEADLINE_MMDD",
                                       effective_from=date(2000, 1, 1), value={"social_group": "06-30", "social_service_agency": "06-30",
                                              "foundation": "03-31"})

    reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=1), jurisdiction="110000", year=YEAR)
    assert listed() == {(world.org_b.pk, "missing"), (world.org_city.pk, "missing")}

    reports_services.sweep_overdue(as_of=date(YEAR + 1, 7, 1), jurisdiction="110000", year=YEAR)
    fact = ReportOverdue.objects.get(organization=world.org_a)
    assert fact.deadline == date(YEAR + 1, 6, 30) and "110101" in fact.explanation


def test_foundations_are_listed_from_1_april(world):
    foundation = register_organization(world.admin, org_row("110000", 92, org_type="foundation",
                                                            registered_funds="8000000"))

    reports_services.sweep_overdue(as_of=date(YEAR + 1, 4, 1), jurisdiction="110000", year=YEAR)

    assert listed() == {(foundation.pk, "missing")}


def test_the_command_sweeps_idempotently(world):
    out = StringIO()
    args = ["report_sweep", "--as-of", (DEADLINE + timedelta(days=1)).isoformat(), "--jurisdiction", "110000",
            "--year", str(YEAR)]

    call_command(*args, stdout=out)
    call_command(*args, stdout=out)

    text = out.getvalue()
    assert "3 未报 / missing" in text and "0 未报 / missing" in text
    assert len(listed()) == 3


class TestOverdueList:
    URL = "/api/v1/annual-reports/overdue/"

    def test_officers_see_the_findings_of_their_jurisdiction(self, world):
        reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=1), year=YEAR)

        def codes(user):
            response = api_as(user).get(self.URL, {"year": YEAR})
            assert response.status_code == 200
            return {row["organization"] for row in response.json()["results"]}

        assert codes(world.county_a) == {world.org_a.code}
        assert codes(world.province) == {world.org_a.code, world.org_b.code, world.org_city.code}
        assert codes(world.other_province) == {world.org_hebei.code}
        row = api_as(world.county_a).get(self.URL, {"year": YEAR}).json()["results"][0]
        assert row["finding"] == "missing" and row["still_missing"] is True and row["deadline"] == str(DEADLINE)

    def test_organization_users_and_anonymous_readers_may_not_list_them(self, world):
        assert api_as(world.user_a).get(self.URL).status_code == 403
        assert api_as(None).get(self.URL).status_code == 401

    def test_the_staff_page_lists_the_jurisdiction_only(self, client, world):
        reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=1), year=YEAR)
        assert client.login(username=world.county_a.username, password=PASSWORD)

        html = client.get("/supervision/reports/overdue/", {"year": YEAR}).content.decode()

        assert world.org_a.code in html and world.org_b.code not in html


def test_types_that_do_not_report_are_never_listed(world):
    filed = register_organization(world.admin, org_row("110101", 93, org_type="community_org", uscc="",
                                                       street="东华门街道", community="菊儿社区"))
    make_user("filed-user", "organization", org=filed)

    reports_services.sweep_overdue(as_of=DEADLINE + timedelta(days=1), jurisdiction="110101", year=YEAR)

    assert listed() == {(world.org_a.pk, "missing")}


def test_celery_beat_runs_the_sweep_daily_before_the_credit_sweep(world):
    from supervision.tasks import BEAT_SCHEDULE, install_beat_schedule, report_sweep

    class App:
        class conf:
            beat_schedule = {"other": {}}

    install_beat_schedule(App)
    entry = App.conf.beat_schedule["supervision-report-sweep"]
    assert entry["task"] == "supervision.report_sweep" and "other" in App.conf.beat_schedule
    assert entry == BEAT_SCHEDULE["supervision-report-sweep"]
    from socorg.celery import app

    project = app.conf.beat_schedule
    assert max(project["supervision-report-sweep"]["schedule"].hour) < min(project["credit-daily-sweep"]["schedule"].hour)
    result = report_sweep.apply(kwargs={"as_of": (DEADLINE + timedelta(days=1)).isoformat()}).get()
    assert result["missing"] == ReportOverdue.objects.filter(kind="missing").count() > 0
