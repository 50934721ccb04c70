"""After the draw: findings (on-site needs two inspectors), rectification notices with deadlines, completion,
publication, and what the organization and the public see."""

import json
from datetime import timedelta

import pytest

from common.errors import RuleViolation
from conftest import api_as
from supervision.models import Finding, RectificationNotice
from supervision.spotchecks import services as spotchecks_services
from supervision.tests.rating_helpers import api_codes, problem_codes, state, today


@pytest.fixture
def drawn(world):
    """org_a and org_b are each drawn by their own county, with three inspectors on each roster."""
    out = {}
    for officer, authority, org in ((world.county_a, "110101", world.org_a), (world.county_b, "110102", world.org_b)):
        inspectors = [spotchecks_services.add_inspector(officer, division_code=authority, name=f"{authority}检查员{n}")
                      for n in range(3)]
        made = spotchecks_services.create_plan(officer, authority_code=authority, year=today().year, kind="periodic",
                                title=f"{authority} 年度抽查", rate="100")
        draw = spotchecks_services.run_draw(officer, made, seed="findings")
        target = draw.targets.get(organization=org)
        present = [row.inspector for row in target.inspectors.all()]
        out[org.pk] = {"draw": draw, "target": target, "present": present, "all": inspectors}
    return out


def test_an_on_site_check_with_fewer_than_two_inspectors_is_refused_and_changes_nothing(world, drawn):
    case = drawn[world.org_a.pk]
    before = state()
    with pytest.raises(RuleViolation) as refused:
        spotchecks_services.record_finding(world.county_a, case["target"], method="on_site", checked_on=today(),
                            conclusion="no_problem", summary="未发现问题", inspector_ids=[case["present"][0].pk])
    problem = refused.value.problems[0]
    assert (problem.code, problem.field) == ("SPOT-INSPECTORS", "inspectors")
    assert "SPOT_CHECK_MIN_INSPECTORS = 2" in problem.en and "2" in problem.zh
    assert state() == before
    response = api_as(world.county_a).post(f"/api/v1/spot-checks/targets/{case['target'].pk}/findings/", data=json.dumps(
        {"method": "on_site", "checked_on": today().isoformat(), "conclusion": "no_problem", "summary": "x",
         "inspectors": [case["present"][0].pk]}), content_type="application/json")
    assert response.status_code == 400 and api_codes(response) == ["SPOT-INSPECTORS"] and state() == before
    desk = spotchecks_services.record_finding(world.county_a, case["target"], method="desk", checked_on=today(),
                               conclusion="no_problem", summary="书面检查未发现问题",
                               inspector_ids=[case["present"][0].pk])
    assert desk.pk


def test_a_finding_names_only_assigned_inspectors_without_a_conflict(world, drawn):
    case = drawn[world.org_a.pk]
    stranger = next(i for i in case["all"] if i not in case["present"])
    before = state()
    with pytest.raises(RuleViolation) as not_assigned:
        spotchecks_services.record_finding(world.county_a, case["target"], method="on_site", checked_on=today(),
                            conclusion="no_problem", summary="x", inspector_ids=[p.pk for p in case["present"]]
                            + [stranger.pk])
    assert problem_codes(not_assigned.value) == ["SPOT-INSPECTOR-NOT-ASSIGNED"] and state() == before
    spotchecks_services.declare_conflict(world.county_a, case["present"][0], world.org_a, reason="检查前申报：配偶在该组织任职")
    before = state()
    with pytest.raises(RuleViolation) as conflicted:
        spotchecks_services.record_finding(world.county_a, case["target"], method="on_site", checked_on=today(),
                            conclusion="no_problem", summary="x", inspector_ids=[p.pk for p in case["present"]])
    assert problem_codes(conflicted.value) == ["SPOT-CONFLICT"] and state() == before


def test_rectification_has_a_deadline_and_its_completion_is_recorded_once(world, drawn):
    case = drawn[world.org_a.pk]
    finding = spotchecks_services.record_finding(world.county_a, case["target"], method="on_site", checked_on=today(),
                                  conclusion="rectify", summary="财务制度不健全",
                                  details="未建立票据管理台账", inspector_ids=[p.pk for p in case["present"]])
    notice = spotchecks_services.issue_rectification(world.county_a, finding, requirements="建立票据管理制度")
    assert notice.deadline == today() + timedelta(days=30)  # SPOT_CHECK_RECTIFICATION_DAYS
    before = state()
    with pytest.raises(RuleViolation) as early:
        spotchecks_services.issue_rectification(world.county_a, finding, requirements="x", deadline=today())
    assert problem_codes(early.value) == ["SPOT-DEADLINE"] and state() == before
    spotchecks_services.complete_rectification(world.county_a, notice, completed_on=today(), note="已建立台账并提交材料")
    with pytest.raises(RuleViolation) as twice:
        spotchecks_services.complete_rectification(world.county_a, notice, completed_on=today(), note="again")
    assert problem_codes(twice.value) == ["SPOT-RECTIFY-DONE"]
    clean = spotchecks_services.record_finding(world.county_b, drawn[world.org_b.pk]["target"], method="desk", checked_on=today(),
                                conclusion="no_problem", summary="未发现问题",
                                inspector_ids=[drawn[world.org_b.pk]["present"][0].pk])
    with pytest.raises(RuleViolation) as nothing:
        spotchecks_services.issue_rectification(world.county_b, clean, requirements="x")
    assert problem_codes(nothing.value) == ["SPOT-RECTIFY-NO-PROBLEM"]


def test_the_organization_sees_its_findings_and_deadlines_and_nobody_elses(world, drawn, client):
    case = drawn[world.org_a.pk]
    finding = spotchecks_services.record_finding(world.county_a, case["target"], method="on_site", checked_on=today(),
                                  conclusion="rectify", summary="未按规定公开信息", details="内部：负责人态度消极",
                                  inspector_ids=[p.pk for p in case["present"]])
    notice = spotchecks_services.issue_rectification(world.county_a, finding, requirements="补充公开年度报告")
    api = api_as(world.user_a).get(f"/api/v1/spot-checks/targets/{case['target'].pk}/").json()
    assert api["findings"][0]["summary"] == "未按规定公开信息" and "details" not in api["findings"][0]
    assert api["findings"][0]["notices"][0]["deadline"] == notice.deadline.isoformat()
    other = drawn[world.org_b.pk]["target"]
    assert api_as(world.user_a).get(f"/api/v1/spot-checks/targets/{other.pk}/").status_code == 404
    assert api_as(world.county_b).get(f"/api/v1/spot-checks/targets/{case['target'].pk}/").status_code == 404
    client.force_login(world.user_a)
    page = client.get(f"/supervision/spot-checks/targets/{case['target'].pk}/").content.decode()
    assert "未按规定公开信息" in page and notice.deadline.isoformat() in page and "负责人态度消极" not in page
    own = client.get(f"/supervision/ratings/org/{world.org_a.code}/").content.decode()
    assert notice.deadline.isoformat() in own
    assert client.get(f"/supervision/spot-checks/targets/{other.pk}/").status_code == 404
    assert client.get(f"/supervision/spot-checks/targets/{case['target'].pk}/finding/").status_code == 403


def test_published_results_appear_on_the_public_pages_and_the_organization_page(world, drawn, client):
    case = drawn[world.org_a.pk]
    spotchecks_services.record_finding(world.county_a, case["target"], method="desk", checked_on=today(), conclusion="rectify",
                        summary="会费收支未单独核算", details="内部备注", inspector_ids=[case["present"][0].pk])
    assert "会费收支未单独核算" not in client.get(f"/org/{world.org_a.code}/").content.decode()  # not yet published
    before = state()
    response = api_as(world.county_b).post(f"/api/v1/spot-checks/draws/{case['draw'].pk}/publish/", data="{}",
                                           content_type="application/json")
    assert response.status_code == 404 and state() == before
    published = api_as(world.county_a).post(f"/api/v1/spot-checks/draws/{case['draw'].pk}/publish/", data="{}",
                                            content_type="application/json")
    assert published.status_code == 200
    assert Finding.objects.get(target=case["target"]).published_on == today()
    org_page = client.get(f"/org/{world.org_a.code}/").content.decode()
    assert "会费收支未单独核算" in org_page and "内部备注" not in org_page
    results = client.get("/supervision/public/spot-checks/").content.decode()
    assert world.org_a.name in results and "会费收支未单独核算" in results
    public = api_as(None).get(f"/api/v1/spot-checks/results/?organization={world.org_a.code}").json()["results"]
    assert [r["summary"] for r in public] == ["会费收支未单独核算"] and "details" not in public[0]
    again = api_as(world.county_a).post(f"/api/v1/spot-checks/draws/{case['draw'].pk}/publish/", data="{}",
                                        content_type="application/json")
    assert again.status_code == 409 and api_codes(again) == ["SPOT-PUBLISH-NONE"]


def test_the_findings_flow_through_the_api(world, drawn):
    case = drawn[world.org_a.pk]
    client = api_as(world.county_a)
    made = client.post(f"/api/v1/spot-checks/targets/{case['target'].pk}/findings/", data=json.dumps({
        "method": "on_site", "checked_on": today().isoformat(), "conclusion": "rectify", "summary": "账实不符",
        "inspectors": [p.pk for p in case["present"]]}), content_type="application/json")
    assert made.status_code == 201, made.content
    notice = client.post(f"/api/v1/spot-checks/findings/{made.json()['id']}/rectifications/",
                         data=json.dumps({"requirements": "限期盘点", "deadline": (today() + timedelta(days=20)).isoformat()}),
                         content_type="application/json")
    assert notice.status_code == 201 and notice.json()["deadline"] == (today() + timedelta(days=20)).isoformat()
    forbidden = api_as(world.user_a).post(f"/api/v1/spot-checks/rectifications/{notice.json()['id']}/complete/",
                                          data=json.dumps({"completed_on": today().isoformat(), "note": "已完成"}),
                                          content_type="application/json")
    assert forbidden.status_code == 403
    done = client.post(f"/api/v1/spot-checks/rectifications/{notice.json()['id']}/complete/",
                       data=json.dumps({"completed_on": today().isoformat(), "note": "已完成盘点"}),
                       content_type="application/json")
    assert done.status_code == 200 and RectificationNotice.objects.get().completed_on == today()
