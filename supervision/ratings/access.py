"""Ratings and spot-check URLs in the role x jurisdiction x endpoint matrix (socorg/tests/test_access_matrix.py).

Policies (see expected_status() there): public, api-scoped, staff-scoped, api-staff-scoped, scoped,
api-scoped-private, scoped-act (applying and objecting: the organization and the officers over it, not its
business supervisor's users); object-less: open, staff, staff-or-own, public-page, staff-page, api-staff, api-list.
Plans, draws, the roster and conflicts belong to an authority: an object "of org_x" is the one owned by the
authority that registered org_x.
"""

from datetime import timedelta

from django.utils import timezone

URL_POLICIES = {
    # web: ratings
    "ratings:home": "staff-or-own",
    "ratings:organization": "scoped",
    "ratings:apply": "scoped-act",
    "ratings:application": "scoped",
    "ratings:score": "staff-scoped",
    "ratings:decide": "staff-scoped",
    "ratings:objection": "scoped-act",
    "ratings:confer": "staff-scoped",
    "ratings:answer": "staff-scoped",
    "ratings:grade_action": "staff-scoped",
    "ratings:sheets": "public-page",
    "ratings:sheet_new": "staff-page",
    "ratings:sheet": "public",
    "ratings:grade_share": "staff-page",
    # web: public
    "ratings:public_grades": "public-page",
    "ratings:public_publicity": "public-page",
    "ratings:public_results": "public-page",
    "ratings:public_draw": "public",
    # web: spot checks
    "ratings:plans": "staff-page",
    "ratings:plan_new": "staff-page",
    "ratings:plan": "staff-scoped",
    "ratings:draw": "staff-scoped",
    "ratings:draw_detail": "staff-scoped",
    "ratings:publish": "staff-scoped",
    "ratings:target": "scoped",
    "ratings:assign": "staff-scoped",
    "ratings:finding_new": "staff-scoped",
    "ratings:rectify": "staff-scoped",
    "ratings:complete": "staff-scoped",
    "ratings:inspectors": "staff-page",
    "ratings:inspector": "staff-scoped",
    # API
    "api-rating-eligibility": "api-scoped-private",
    "api-rating-applications": "api-list",
    "api-rating-application": "api-scoped-private",
    "api-rating-scores": "api-staff-scoped",
    "api-rating-decision": "api-scoped-private",
    "api-rating-objections": "api-scoped-private",
    "api-rating-confer": "api-staff-scoped",
    "api-rating-objection-answer": "api-scoped-private",
    "api-score-sheets": "open",
    "api-score-sheet": "public",
    "api-grades": "open",
    "api-grades-publicity": "open",
    "api-grade": "public",
    "api-grade-actions": "public",
    "api-grade-share": "api-staff",
    "api-spot-inspectors": "api-staff",
    "api-spot-inspector": "api-staff-scoped",
    "api-spot-inspector-conflicts": "api-staff-scoped",
    "api-spot-plans": "api-staff",
    "api-spot-plan": "api-staff-scoped",
    "api-spot-plan-draw": "api-staff-scoped",
    "api-spot-draw": "public",
    "api-spot-draw-candidates": "public",
    "api-spot-draw-verify": "public",
    "api-spot-draw-publish": "api-staff-scoped",
    "api-spot-target": "api-scoped-private",
    "api-spot-target-inspectors": "api-staff-scoped",
    "api-spot-target-findings": "api-scoped-private",
    "api-spot-finding-rectifications": "api-scoped-private",
    "api-spot-rectification-complete": "api-scoped-private",
    "api-spot-results": "open",
}

KWARGS = {
    "ratings:organization": ("code", "code"), "ratings:apply": ("code", "code"),
    "api-rating-eligibility": ("code", "code"),
    "ratings:application": ("pk", "application"), "ratings:score": ("pk", "application"),
    "ratings:decide": ("pk", "application"), "ratings:objection": ("pk", "application"),
    "ratings:confer": ("pk", "application"), "api-rating-application": ("pk", "application"),
    "api-rating-scores": ("pk", "application"), "api-rating-decision": ("pk", "application"),
    "api-rating-objections": ("pk", "application"), "api-rating-confer": ("pk", "application"),
    "ratings:answer": ("pk", "objection"), "api-rating-objection-answer": ("pk", "objection"),
    "ratings:grade_action": ("pk", "grade"), "api-grade": ("pk", "grade"), "api-grade-actions": ("pk", "grade"),
    "ratings:sheet": ("pk", "sheet"), "api-score-sheet": ("pk", "sheet"),
    "ratings:plan": ("pk", "plan"), "ratings:draw": ("pk", "plan"), "api-spot-plan": ("pk", "plan"),
    "api-spot-plan-draw": ("pk", "plan"),
    "ratings:draw_detail": ("pk", "draw"), "ratings:publish": ("pk", "draw"), "ratings:public_draw": ("pk", "draw"),
    "api-spot-draw": ("pk", "draw"), "api-spot-draw-candidates": ("pk", "draw"), "api-spot-draw-verify": ("pk", "draw"),
    "api-spot-draw-publish": ("pk", "draw"),
    "ratings:target": ("pk", "target"), "ratings:assign": ("pk", "target"), "ratings:finding_new": ("pk", "target"),
    "api-spot-target": ("pk", "target"), "api-spot-target-inspectors": ("pk", "target"),
    "api-spot-target-findings": ("pk", "target"),
    "ratings:rectify": ("pk", "finding"), "api-spot-finding-rectifications": ("pk", "finding"),
    "ratings:complete": ("pk", "notice"), "api-spot-rectification-complete": ("pk", "notice"),
    "ratings:inspector": ("pk", "inspector"), "api-spot-inspector": ("pk", "inspector"),
    "api-spot-inspector-conflicts": ("pk", "inspector"),
}


def url_kwargs(world, name, org_key):
    if name not in KWARGS:
        return None
    key, what = KWARGS[name]
    objects = _objects(world, org_key)
    return {key: objects[what]}


def _objects(world, org_key) -> dict:
    """One of each ratings and spot-check object for world.<org_key>, made once per test (memoized on world).
    Written directly: this is test scaffolding for reads, not a supervision act."""
    cache = world.__dict__.setdefault("_ratings_objects", {})
    if org_key in cache:
        return cache[org_key]
    from supervision.models import (
        CommitteeDecision,
        DrawTarget,
        Finding,
        Grade,
        Inspector,
        RatingApplication,
        RatingObjection,
        RectificationNotice,
        SpotCheckPlan,
    )
    from supervision.ratings import services as services_ratings
    from supervision.spotchecks import services as services_spotchecks

    org = getattr(world, org_key)
    today = timezone.localdate()
    version = services_ratings.sheet_version_for(org.org_type, org.authority_id, today)
    app = RatingApplication.objects.create(organization=org, applied_on=today - timedelta(days=30),
                                           sheet_version=version, state="publicity")
    CommitteeDecision.objects.create(application=app, decided_on=today - timedelta(days=3), total_points=850,
                                     band_grade="4A", grade="4A", publicity_from=today - timedelta(days=3),
                                     publicity_until=today + timedelta(days=3))
    objection = RatingObjection.objects.create(application=app, filed_on=today - timedelta(days=1), text="异议",
                                               reply_due=today + timedelta(days=14))
    grade = Grade.objects.create(organization=org, grade="3A", conferred_on=today - timedelta(days=400),
                                 valid_until=today + timedelta(days=1400), basis="matrix")
    inspectors = [Inspector.objects.create(name=f"检查员{n}", division_id=org.authority_id) for n in (1, 2)]
    plan = SpotCheckPlan.objects.create(authority_id=org.authority_id, year=today.year, kind="ad_hoc",
                                        title=f"抽查 {org.authority_id}", rate=100,
                                        strata=[{"name": "general", "rate": "100", "source": "plan"}])
    draw = services_spotchecks.run_draw(world.admin, plan, seed="matrix")
    target = DrawTarget.objects.get(draw=draw, organization=org)
    finding = Finding.objects.create(target=target, method="desk", checked_on=today, conclusion="rectify",
                                     summary="发现问题", published_on=today)
    finding.inspectors.set(inspectors)
    notice = RectificationNotice.objects.create(finding=finding, issued_on=today, deadline=today + timedelta(days=30),
                                                requirements="整改")
    cache[org_key] = {"code": org.code, "application": app.pk, "objection": objection.pk, "grade": grade.pk,
                      "sheet": version.pk, "plan": plan.pk, "draw": draw.pk, "target": target.pk,
                      "finding": finding.pk, "notice": notice.pk, "inspector": inspectors[0].pk}
    return cache[org_key]
