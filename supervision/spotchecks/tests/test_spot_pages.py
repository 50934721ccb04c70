"""The spot-check web pages: roster and conflicts, plans, the draw, findings, rectification, publication."""

from django.test import Client

from conftest import org_row
from registry.services import register_organization
from supervision.models import (
    ConflictDeclaration,
    Draw,
    Finding,
    Inspector,
    RectificationNotice,
    SpotCheckPlan,
    TargetInspector,
)
from supervision.tests.rating_helpers import state, today


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_runs_a_spot_check_end_to_end_on_the_web(world):
    for n in range(9):
        register_organization(world.admin, org_row("110101", 200 + n))
    client = signed_in(world.county_a)
    for name in ("张三", "李四", "王五"):
        assert client.post("/supervision/spot-checks/inspectors/", {"division": "110101", "name": name,
                                                                    "unit": "执法大队"}).status_code == 302
    zhang = Inspector.objects.get(name="张三")
    declared = client.post(f"/supervision/spot-checks/inspectors/{zhang.pk}/",
                           {"organization": world.org_a.code, "reason": "曾任该会理事"})
    assert declared.status_code == 302 and ConflictDeclaration.objects.filter(inspector=zhang).count() == 1
    outside = client.post(f"/supervision/spot-checks/inspectors/{zhang.pk}/",
                          {"organization": world.org_b.code, "reason": "x"})
    assert outside.status_code == 404

    before = state()
    low = client.post("/supervision/spot-checks/plans/new/", {"authority": "110101", "year": today().year,
                                                              "kind": "periodic", "title": "东城区年度抽查", "rate": "2"})
    assert low.status_code == 400 and "SPOT-RATE" in low.content.decode() and state() == before
    made = client.post("/supervision/spot-checks/plans/new/", {"authority": "110101", "year": today().year,
                                                               "kind": "ad_hoc", "title": "东城区专项抽查", "rate": "100",
                                                               "exclude_months": "0"})
    assert made.status_code == 302
    plan = SpotCheckPlan.objects.get(title="东城区专项抽查")
    assert "10" in client.get(f"/supervision/spot-checks/plans/{plan.pk}/").content.decode()
    drawn = client.post(f"/supervision/spot-checks/plans/{plan.pk}/draw/", {"seed": "东城-2026-01"})
    draw = Draw.objects.get(plan=plan)
    assert drawn.status_code == 302 and drawn["Location"] == f"/supervision/spot-checks/draws/{draw.pk}/"
    assert draw.targets.count() == 10
    assert not TargetInspector.objects.filter(target__draw=draw, target__organization=world.org_a,
                                              inspector=zhang).exists()
    verified = client.get(f"/supervision/spot-checks/draws/{draw.pk}/?verify=1").content.decode()
    assert "✓ targets" in verified and "✗" not in verified

    target = draw.targets.get(organization=world.org_a)
    assigned = client.post(f"/supervision/spot-checks/targets/{target.pk}/assign/",
                           {"inspector": str(zhang.pk), "reason": "补充人员"})
    assert assigned.status_code == 400 and "SPOT-CONFLICT" in assigned.content.decode()
    present = [str(row.inspector_id) for row in target.inspectors.all()]
    one = client.post(f"/supervision/spot-checks/targets/{target.pk}/finding/", {
        "method": "on_site", "checked_on": today().isoformat(), "conclusion": "rectify", "summary": "未按时换届",
        "inspectors": present[:1]})
    assert one.status_code == 400 and "SPOT-INSPECTORS" in one.content.decode() and not Finding.objects.exists()
    recorded = client.post(f"/supervision/spot-checks/targets/{target.pk}/finding/", {
        "method": "on_site", "checked_on": today().isoformat(), "conclusion": "rectify", "summary": "未按时换届",
        "inspectors": present})
    assert recorded.status_code == 302
    finding = Finding.objects.get()
    assert client.post(f"/supervision/spot-checks/findings/{finding.pk}/rectify/",
                       {"requirements": "三个月内完成换届"}).status_code == 302
    notice = RectificationNotice.objects.get()
    assert client.post(f"/supervision/spot-checks/rectifications/{notice.pk}/complete/",
                       {"completed_on": today().isoformat(), "note": "已完成换届"}).status_code == 302
    assert client.post(f"/supervision/spot-checks/draws/{draw.pk}/publish/", {}).status_code == 302
    assert Finding.objects.get().published_on == today()
    public = Client().get(f"/supervision/public/draws/{draw.pk}/").content.decode()
    assert "未按时换届" in public and "东城-2026-01" in public
    staff_pages = ["/supervision/ratings/", "/supervision/spot-checks/", "/supervision/spot-checks/inspectors/",
                   f"/supervision/spot-checks/targets/{target.pk}/", f"/supervision/ratings/org/{world.org_a.code}/"]
    for path in staff_pages:
        assert client.get(path).status_code == 200, path


def test_other_jurisdictions_and_organization_users_cannot_reach_the_officer_pages(world):
    client = signed_in(world.county_b)
    inspector = Inspector.objects.create(name="赵六", division_id="110101")
    assert client.get(f"/supervision/spot-checks/inspectors/{inspector.pk}/").status_code == 404
    before = state()
    refused = client.post("/supervision/spot-checks/plans/new/", {"authority": "110101", "year": today().year,
                                                                  "kind": "periodic", "title": "越权", "rate": "5"})
    assert refused.status_code == 403 and state() == before
    assert signed_in(world.user_a).get("/supervision/spot-checks/").status_code == 403
    assert Client().get("/supervision/spot-checks/")["Location"].startswith("/accounts/login/")
