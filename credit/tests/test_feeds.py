"""Credit reads supervision's and the registry's own tables as fact sources (credit.feeds): penalties, overdue
annual reports, overdue rectification notices, grades and inspection results; revocation and deregistration."""

from datetime import date, timedelta

from django.utils import timezone

from conftest import api_as
from credit import feeds
from credit.models import ListEntry
from credit.sweep import refresh, sweep
from supervision.models import ReportOverdue
from supervision.penalties import services as penalties_services
from supervision.reports import services as reports_services
from supervision.spotchecks import services as spotchecks_services

TODAY = timezone.localdate()


def penalty(world, org, kind, decided, amount=None, department="civil_affairs", supersedes=None, reason=""):
    data = {"penalty": kind, "decision_number": f"东民罚〔{decided.year}〕{decided.day}号", "decided_on": decided,
            "legal_basis": "《社会团体登记管理条例》第三十条", "facts": "未按规定办理变更登记", "department_kind": department,
            "department_name": "北京市东城区民政局" if department == "civil_affairs" else "北京市市场监督管理局"}
    if amount is not None:
        data["amount"] = amount
    if reason:
        data["correction_reason"] = reason
    if kind == "suspension":
        data.update(suspended_from=decided, suspended_to=decided + timedelta(days=90))
    return penalties_services.record_penalty(world.admin, org, data, supersedes=supersedes)


def rows(org):
    refresh([org.pk])
    return list(ListEntry.objects.filter(organization=org).order_by("list_kind", "start_on").values_list(
        "list_kind", "start_on", "end_on", "rules", "fact_refs"))


def test_penalties_give_abn5_ser4_ser3_and_ser5(world):
    warning = penalty(world, world.org_a, "warning", date(2024, 3, 1))
    big = penalty(world, world.org_b, "fine", date(2024, 3, 1), amount="60000")
    suspension = penalty(world, world.org_city, "suspension", date(2024, 3, 1))
    second = penalty(world, world.org_a, "fine", date(2025, 2, 1), amount="20000")

    assert rows(world.org_b) == [("serious", date(2024, 3, 2), None, "SER-4", [f"sp:{big.pk}"])]
    assert rows(world.org_city)[0][3] == "SER-3" and rows(world.org_city)[0][4] == [f"sp:{suspension.pk}"]
    entries = rows(world.org_a)
    assert ("serious", date(2025, 2, 2), None, "SER-5", [f"sp:{second.pk}", f"sp:{warning.pk}"]) in entries
    assert entries[0][:4] == ("abnormal", date(2024, 3, 2), date(2024, 9, 3), "ABN-5")


def test_another_departments_penalty_counts_from_when_it_was_recorded(world):
    penalty(world, world.org_a, "warning", date(2024, 3, 1), department="other")
    # known today: listed today, not backdated to the day after its decision
    assert rows(world.org_a) == [("abnormal", TODAY, None, "ABN-5", [ListEntry.objects.get().fact_refs[0]])]
    notice = api_as(world.user_a).get(f"/api/v1/organizations/{world.org_a.code}/credit/").json()["notices"]
    assert notice[0]["notice_on"] == str(TODAY)


def test_a_corrected_penalty_stops_counting_when_corrected(world):
    big = penalty(world, world.org_b, "fine", date(2024, 3, 1), amount="60000")
    penalty(world, world.org_b, "fine", date(2024, 3, 1), amount="6000", supersedes=big, reason="复议变更罚款金额")
    entries = rows(world.org_b)
    serious = [e for e in entries if e[0] == "serious"][0]
    assert (serious[1], serious[2]) == (date(2024, 3, 2), TODAY)
    exit_rule = ListEntry.objects.get(organization=world.org_b, list_kind="serious").exit_rule
    assert exit_rule == "SER-X-CORRECTED"


def test_overdue_annual_reports_give_abn1(world):
    reports_services.sweep_overdue(as_of=date(2025, 7, 1), year=2024)
    found = ReportOverdue.objects.filter(organization=world.org_a, year=2024).get()
    entries = rows(world.org_a)
    assert entries[0][:4] == ("abnormal", date(2025, 7, 1), None, "ABN-1")
    assert entries[0][4] == [f"ro:{found.pk}"]
    assert "2024 年度工作报告" in ListEntry.objects.get(organization=world.org_a).explanation_zh


def test_an_overdue_rectification_notice_gives_abn3(world):
    inspectors = [spotchecks_services.add_inspector(world.county_a, division_code="110101", name=f"检查员{n}") for n in range(2)]
    plan = spotchecks_services.create_plan(world.county_a, authority_code="110101", year=TODAY.year, kind="periodic",
                            title="年度抽查", rate="100")
    target = spotchecks_services.run_draw(world.county_a, plan, seed="credit").targets.get(organization=world.org_a)
    present = [row.inspector.pk for row in target.inspectors.all()] or [i.pk for i in inspectors]
    finding = spotchecks_services.record_finding(world.county_a, target, method="desk", checked_on=TODAY,
                                  conclusion="rectify", summary="财务制度不健全", inspector_ids=present[:1])
    notice = spotchecks_services.issue_rectification(world.county_a, finding, requirements="建立制度")
    assert rows(world.org_a) == []  # not overdue yet
    # The same notice as if issued 50 days ago with a deadline 20 days ago (its dates are plain fields).
    type(notice).objects.filter(pk=notice.pk).update(issued_on=TODAY - timedelta(days=50),
                                                     deadline=TODAY - timedelta(days=20))
    entries = rows(world.org_a)
    assert entries == [("abnormal", TODAY - timedelta(days=19), None, "ABN-3", [f"rn:{notice.pk}"])]


def test_grades_and_conclusions_are_information_for_the_evaluation(world):
    facts = {f.kind for f in feeds.load(feeds.Window.of([world.org_a.pk])).get(world.org_a.pk, [])}
    assert facts <= {"penalty", "rating", "inspection", "annual_report_missing"}
    assert {s.__name__ for s in feeds.SUPERVISION_SOURCES} == {
        "supervision_penalties", "supervision_overdue_reports", "supervision_rectification_notices",
        "supervision_grades", "supervision_inspections"}


def test_a_revocation_recorded_as_a_penalty_lists_ser7_once(world):
    revocation = penalty(world, world.org_a, "revocation", TODAY - timedelta(days=30))
    sweep(TODAY)
    entry = ListEntry.objects.get(organization=world.org_a)
    assert entry.rules == "SER-7" and entry.fact_refs[0].startswith("re:")
    assert f"sp:{revocation.pk}" not in entry.fact_refs
