"""The 双随机 draw: reproducible from its published seed, frozen candidates and roster; conflicts excluded;
verify_draw passes, and fails when a stored result is tampered with."""

import json

import pytest
from django.core.management import CommandError, call_command

from common.errors import RuleViolation
from conftest import api_as, org_row
from registry.models import Organization
from registry.services import record_event, register_organization
from supervision.models import Draw, DrawTarget, TargetInspector
from supervision.spotchecks import draw_algorithm
from supervision.spotchecks import services as spotchecks_services
from supervision.tests.rating_helpers import days_ago, problem_codes, state, today


def register_many(world, authority, count, start=100, **overrides):
    return [register_organization(world.admin, org_row(authority, start + n, **overrides)) for n in range(count)]


def roster(world, authority, count):
    return [spotchecks_services.add_inspector(world.admin, division_code=authority, name=f"检查员{n}", unit="执法大队")
            for n in range(count)]


def plan(actor, authority, rate="5", **extra):
    return spotchecks_services.create_plan(actor, authority_code=authority, year=today().year, kind=extra.pop("kind", "periodic"),
                            title="年度抽查", rate=rate, **extra)


@pytest.fixture
def dongcheng(world):
    """40 active organizations registered by 东城区 (org_a and 39 more), and 5 inspectors on its roster."""
    register_many(world, "110101", 39)
    return {"inspectors": roster(world, "110101", 5)}


def test_the_draw_is_reproducible_from_its_published_inputs_and_verify_draw_passes(world, dongcheng, capsys):
    draw = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10"), seed="2026-双色球-第001期")
    assert draw.candidates_count == 40 and draw.sizes == [["general", "10.00", 40, 4]]
    assert draw.algorithm_version == draw_algorithm.ALGORITHM_VERSION
    assert draw.algorithm_sha256 == draw_algorithm.algorithm_hash() and len(draw.candidates_sha256) == 64
    assert [row[0] for row in draw.candidates] == sorted(row[0] for row in draw.candidates)
    assert {row[0] for row in draw.candidates} == set(Organization.objects.filter(
        authority_id="110101").values_list("pk", flat=True))
    again = draw_algorithm.run(draw.seed, draw.candidates, {"general": 4}, draw.roster, draw.conflicts, 2)
    stored = [(t.stratum, t.organization_id) for t in draw.targets.order_by("position")]
    assert stored == again.targets and len(stored) == 4
    for target in draw.targets.all():
        drawn = list(target.inspectors.order_by("position").values_list("inspector_id", flat=True))
        assert drawn == again.inspectors[target.organization_id] and len(set(drawn)) == 2
    call_command("verify_draw", str(draw.pk))
    assert "the re-run gives the stored result" in capsys.readouterr().out
    assert spotchecks_services.verify(draw).ok


def test_the_same_seed_and_candidates_draw_the_same_organizations(world, dongcheng):
    first = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10", kind="ad_hoc"), seed="公开种子")
    second = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10", kind="ad_hoc"), seed="公开种子")
    other = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10", kind="ad_hoc"), seed="另一个种子")
    orgs = [list(d.targets.order_by("position").values_list("organization_id", flat=True))
            for d in (first, second, other)]
    assert orgs[0] == orgs[1] and orgs[0] != orgs[2]
    assert first.candidates_sha256 == second.candidates_sha256 and first.result_sha256 == second.result_sha256


def test_tampering_with_a_stored_target_makes_verify_draw_fail(world, dongcheng):
    draw = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10"), seed="seed-1")
    target = draw.targets.order_by("position").first()
    outsider = next(row[0] for row in draw.candidates
                    if not draw.targets.filter(organization_id=row[0]).exists())
    DrawTarget.objects.filter(pk=target.pk).update(organization_id=outsider)  # someone edits the result
    with pytest.raises(CommandError, match="does NOT give the stored result"):
        call_command("verify_draw", str(draw.pk))
    checks = {what: passed for what, passed, _ in spotchecks_services.verify(draw).checks}
    assert checks["targets"] is False and checks["candidate list SHA-256"] is True


def test_tampering_with_the_frozen_candidate_list_or_an_inspector_makes_verify_draw_fail(world, dongcheng):
    draw = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10"), seed="seed-2")
    Draw.objects.filter(pk=draw.pk).update(candidates=draw.candidates[1:])
    draw.refresh_from_db()
    assert {w: p for w, p, _ in spotchecks_services.verify(draw).checks}["candidate list SHA-256"] is False
    with pytest.raises(CommandError):
        call_command("verify_draw", str(draw.pk))
    other = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10", kind="ad_hoc"), seed="seed-3")
    row = TargetInspector.objects.filter(target__draw=other).first()
    unused = next(i for i in dongcheng["inspectors"]
                  if not TargetInspector.objects.filter(target=row.target, inspector=i).exists())
    TargetInspector.objects.filter(pk=row.pk).update(inspector=unused)
    assert {w: p for w, p, _ in spotchecks_services.verify(other).checks}["drawn inspectors"] is False


def test_the_sample_is_the_rate_rounded_up_and_types_at_their_own_rate_are_drawn_apart(world):
    register_many(world, "110101", 19)
    register_many(world, "110101", 5, start=300, org_type="social_service_agency")
    roster(world, "110101", 3)
    draw = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "3",
                                              type_rates={"social_service_agency": "100"}), seed="s")
    assert draw.sizes == [["type:social_service_agency", "100.00", 5, 5], ["general", "3.00", 20, 1]]
    kinds = list(draw.targets.values_list("stratum", "organization__org_type"))
    assert sorted(kinds).count(("type:social_service_agency", "social_service_agency")) == 5 and len(kinds) == 6


def test_only_the_planning_authoritys_own_active_registrations_are_candidates(world, dongcheng):
    roster(world, "110000", 2)
    province = spotchecks_services.run_draw(world.province, plan(world.province, "110000", "5"), seed="x")
    assert [row[0] for row in province.candidates] == [world.org_city.pk]
    ended = register_many(world, "110101", 1, start=500)[0]
    record_event(world.admin, ended, kind="deregistration", effective_on=days_ago(3), reason="解散")
    county = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "5"), seed="y")
    assert ended.pk not in {row[0] for row in county.candidates} and county.candidates_count == 40


def test_organizations_drawn_in_the_last_months_can_be_left_out(world, dongcheng):
    first = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10"), seed="a")
    drawn = set(first.targets.values_list("organization_id", flat=True))
    second = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10", exclude_months=12), seed="b")
    assert second.candidates_count == 36 and second.excluded_count == 4
    assert not drawn & {row[0] for row in second.candidates}
    assert second.excluded_since == spotchecks_services.rules.excluded_since(today(), 12)


def test_inspectors_with_a_declared_conflict_are_never_drawn_for_that_organization(world, dongcheng):
    inspectors = dongcheng["inspectors"]
    conflicted = inspectors[0]
    for org in Organization.objects.filter(authority_id="110101"):
        spotchecks_services.declare_conflict(world.county_a, conflicted, org, reason="曾任该组织理事")
    draw = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "100", kind="ad_hoc"), seed="c")
    assert draw.targets.count() == 40 and len(draw.conflicts) == 40
    assert not TargetInspector.objects.filter(target__draw=draw, inspector=conflicted).exists()
    assert spotchecks_services.verify(draw).ok


def test_a_roster_too_small_after_conflicts_refuses_the_draw_and_changes_nothing(world):
    inspectors = roster(world, "110101", 2)
    spotchecks_services.declare_conflict(world.county_a, inspectors[1], world.org_a, reason="亲属在该组织任职")
    made = plan(world.county_a, "110101", "100", kind="ad_hoc")
    before = state()
    with pytest.raises(RuleViolation) as refused:
        spotchecks_services.run_draw(world.county_a, made, seed="d")
    assert problem_codes(refused.value) == ["SPOT-ROSTER"] and world.org_a.name in refused.value.problems[0].zh
    assert state() == before


def test_assigning_a_conflicted_inspector_by_hand_is_refused(world, dongcheng):
    draw = spotchecks_services.run_draw(world.county_a, plan(world.county_a, "110101", "10"), seed="e")
    target = draw.targets.first()
    free = [i for i in dongcheng["inspectors"] if not target.inspectors.filter(inspector=i).exists()]
    spotchecks_services.declare_conflict(world.county_a, free[0], target.organization, reason="近三年为其提供审计服务")
    before = state()
    with pytest.raises(RuleViolation) as refused:
        spotchecks_services.assign_inspector(world.county_a, target, free[0], reason="替换")
    assert problem_codes(refused.value) == ["SPOT-CONFLICT"] and state() == before
    response = api_as(world.county_a).post(f"/api/v1/spot-checks/targets/{target.pk}/inspectors/",
                                           data=json.dumps({"inspector": free[0].pk, "reason": "替换"}),
                                           content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "SPOT-CONFLICT"
    assert state() == before
    row = spotchecks_services.assign_inspector(world.county_a, target, free[1], reason="原检查人员回避")
    assert row.how == "manual" and spotchecks_services.verify(draw).ok  # manual assignments are outside the draw


def test_a_draw_is_final_and_published_for_anyone_to_check(world, dongcheng):
    made = plan(world.county_a, "110101", "10")
    drawn = api_as(world.county_a).post(f"/api/v1/spot-checks/plans/{made.pk}/draw/",
                                        data=json.dumps({"seed": "公开抽取-001"}), content_type="application/json")
    assert drawn.status_code == 201, drawn.content
    draw_id = drawn.json()["id"]
    before = state()
    again = api_as(world.county_a).post(f"/api/v1/spot-checks/plans/{made.pk}/draw/", data="{}",
                                        content_type="application/json")
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "SPOT-DRAW-ONCE" and state() == before
    public = api_as(None).get(f"/api/v1/spot-checks/draws/{draw_id}/").json()
    assert public["seed"] == "公开抽取-001" and public["algorithm_version"] == "socorg-draw/1"
    assert len(public["targets"]) == 4 and "inspectors" not in public["targets"][0]
    candidates = api_as(None).get(f"/api/v1/spot-checks/draws/{draw_id}/candidates/").json()
    assert len(candidates["candidates"]) == 40 and candidates["sha256"] == public["candidates_sha256"]
    verified = api_as(None).get(f"/api/v1/spot-checks/draws/{draw_id}/verify/").json()
    assert verified["ok"] is True
    page = api_as(None).get(f"/supervision/public/draws/{draw_id}/").content.decode()
    assert "公开抽取-001" in page and public["targets"][0]["organization"]["name"] in page


def test_a_higher_app_can_add_a_stratum_sampled_at_its_own_rate(world, monkeypatch):
    """How charity will register "recognized charities at 100 %" without supervision importing it."""
    from datetime import date

    from django.db.models import Q

    from divisions.models import JurisdictionSetting

    monkeypatch.setattr(spotchecks_services, "spot_check_strata", [])
    JurisdictionSetting.objects.create(division_id="100000", key="TEST_CHARITY_RATE", value=100,
                                       effective_from=date(2000, 1, 1))
    spotchecks_services.register_stratum(spotchecks_services.ExtraStratum("charity", lambda day: Q(name__contains="慈善"), "TEST_CHARITY_RATE"))
    charities = [
        register_organization(world.admin, org_row("110101", 700 + n, name=f"东城区第{n}慈善协会")) for n in range(3)]
    register_many(world, "110101", 16, start=720)
    roster(world, "110101", 2)
    made = plan(world.county_a, "110101", "5")
    assert made.strata[0]["name"] == "charity" and "TEST_CHARITY_RATE = 100" in made.strata[0]["source"]
    draw = spotchecks_services.run_draw(world.county_a, made, seed="charity")
    assert draw.sizes == [["charity", "100.00", 3, 3], ["general", "5.00", 17, 1]]
    drawn = set(draw.targets.filter(stratum="charity").values_list("organization_id", flat=True))
    assert drawn == {c.pk for c in charities} and spotchecks_services.verify(draw).ok
